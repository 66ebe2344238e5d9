import { dayNumber, isoDate, parseDate, weekdayOf } from '../scenario/dates.js';
import type { CalendarSpec, Scenario } from '../scenario/types.js';

export { dayNumber, isoDate, parseDate, weekdayOf };

/**
 * Market calendars: public holidays, named days with demand factors, and business days.
 * Dates are day numbers (days since 1970-01-01 of the local calendar date), computed with
 * Date.UTC on explicit fields (no clock is read). Built-in rules (docs/calendar.md):
 * - RU: public holidays 1-8 Jan, 23 Feb, 8 Mar, 1 May, 9 May, 12 Jun, 4 Nov; one of them other than
 *   the January ones that falls on a weekend moves to the next working day (sources §12.1). Named
 *   days (sources §12.2): 28 Dec x1.2, 29 Dec x1.3, 30 Dec x1.6, 31 Dec x1.3, 1 Jan x0.4, 2-3 Jan x0.7,
 *   4-8 Jan x0.85, other public holidays x0.85.
 * - CN: Spring Festival, 7 days from Lunar New Year's Eve (eve x0.8, days 1-3 x0.5, days 4-6 x0.7),
 *   1 Jan, 1-3 May, National Day Golden Week 1-7 Oct (x0.9), and 11.11, Singles' Day, on which
 *   card-not-present purchases are x8 (sources §12.1, §12.2, §11.2).
 * Business days are Monday to Friday, less holidays, plus the scenario's working days.
 */

/** A day of the calendar with a demand factor. */
export interface NamedDay {
  readonly day: number;
  readonly name: string;
  /** Factor on the count of every category's purchases. */
  readonly demand: number;
  /** Extra factor on card-not-present categories (1 = none). */
  readonly cardNotPresent: number;
  /** Extra factors on named categories. */
  readonly categories: readonly { readonly name: string; readonly factor: number }[];
  readonly holiday: boolean;
}

/** Lunar New Year's Day (Spring Festival) by Gregorian year (K: the published Chinese calendar). */
const LUNAR_NEW_YEAR: Readonly<Record<number, string>> = {
  2015: '02-19', 2016: '02-08', 2017: '01-28', 2018: '02-16', 2019: '02-05', 2020: '01-25', 2021: '02-12',
  2022: '02-01', 2023: '01-22', 2024: '02-10', 2025: '01-29', 2026: '02-17', 2027: '02-06', 2028: '01-26',
  2029: '02-13', 2030: '02-03',
};

/** The first and last years with built-in dates. */
export const CALENDAR_YEARS = { first: 2015, last: 2030 } as const;

const named = (day: number, name: string, demand: number, holiday: boolean, cardNotPresent = 1): NamedDay => ({
  day, name, demand, cardNotPresent, categories: [], holiday,
});

function russia(year: number): NamedDay[] {
  const d = (m: number, dd: number): number => dayNumber(year, m, dd);
  // Dec 28-31: the run-up to New Year (not holidays); Jan 1-8: the New Year holidays with
  // Orthodox Christmas on Jan 7. The demand factors, day by day.
  const runUp = [1.2, 1.3, 1.6, 1.3];
  const runUpName = (k: number): string => (k === 2 ? 'pre-New Year peak' : k === 3 ? "New Year's Eve" : 'pre-New Year');
  const out: NamedDay[] = runUp.map((f, k) => named(d(12, 28 + k), runUpName(k), f, false));
  const holidays = [0.4, 0.7, 0.7, 0.85, 0.85, 0.85, 0.85, 0.85];
  const holidayName = (k: number): string => (k === 0 ? "New Year's Day" : k === 6 ? 'Orthodox Christmas' : 'New Year holidays');
  holidays.forEach((f, k) => out.push(named(d(1, 1 + k), holidayName(k), f, true)));
  const others: [number, number, string][] = [
    [2, 23, 'Defender of the Fatherland Day'], [3, 8, "International Women's Day"], [5, 1, 'Spring and Labour Day'],
    [5, 9, 'Victory Day'], [6, 12, 'Russia Day'], [11, 4, 'Unity Day'],
  ];
  for (const [m, dd, name] of others) {
    const day = d(m, dd);
    out.push(named(day, name, 0.85, true));
    // A holiday on a weekend gives the next working day off.
    const wd = weekdayOf(day);
    if (wd >= 5) out.push(named(day + (7 - wd), `${name} (moved)`, 0.85, true));
  }
  return out;
}

function china(year: number): NamedDay[] {
  const d = (m: number, dd: number): number => dayNumber(year, m, dd);
  const out: NamedDay[] = [named(d(1, 1), "New Year's Day", 0.9, true)];
  const lny = LUNAR_NEW_YEAR[year];
  if (lny !== undefined) {
    const first = parseDate(`${year}-${lny}`);
    const factors = [0.8, 0.5, 0.5, 0.5, 0.7, 0.7, 0.7];
    factors.forEach((f, k) => out.push(named(first - 1 + k, k === 0 ? "Lunar New Year's Eve" : 'Spring Festival', f, true)));
  }
  for (let k = 1; k <= 3; k++) out.push(named(d(5, k), 'May Day', 1, true));
  for (let k = 1; k <= 7; k++) out.push(named(d(10, k), 'National Day Golden Week', 0.9, true));
  out.push(named(d(11, 11), "Singles' Day (11.11)", 1, false, 8));
  return out;
}

/** A run's calendar: named days by day number and the business-day rule. */
export class MarketCalendar {
  private readonly days = new Map<number, NamedDay>();
  private readonly holidays = new Set<number>();
  private readonly working = new Set<number>();

  /** Built-in holidays (and named days, unless `namedDays` is off) of `spec.market` for the years of days from..to, then the scenario's days over them. */
  constructor(spec: CalendarSpec, fromDay: number, toDay: number) {
    const y0 = Number(isoDate(fromDay).slice(0, 4));
    const y1 = Number(isoDate(toDay).slice(0, 4));
    for (let y = y0; y <= y1; y++) {
      const list = spec.market === 'RU' ? russia(y) : spec.market === 'CN' ? china(y) : [];
      for (const n of list) {
        // Two built-in entries on one day (a moved holiday on a named day): the first names it.
        if (spec.namedDays && !this.days.has(n.day)) this.days.set(n.day, n);
        if (n.holiday) this.holidays.add(n.day);
      }
    }
    // The scenario's days replace the built-in ones on their dates.
    for (const s of spec.days) {
      const n: NamedDay = { day: parseDate(s.date), name: s.name, demand: s.demand, cardNotPresent: s.cardNotPresent, categories: s.categories, holiday: s.holiday };
      this.days.set(n.day, n);
      if (n.holiday) this.holidays.add(n.day);
      else this.holidays.delete(n.day);
    }
    for (const h of spec.holidays) this.holidays.add(parseDate(h));
    for (const w of spec.workingDays) {
      this.working.add(parseDate(w));
      this.holidays.delete(parseDate(w));
    }
  }

  /** The named day on `day`, if any. */
  named(day: number): NamedDay | undefined {
    return this.days.get(day);
  }

  /** Whether interbank settlement and merchant payouts can happen on `day`. */
  isBusinessDay(day: number): boolean {
    if (this.working.has(day)) return true;
    return weekdayOf(day) < 5 && !this.holidays.has(day);
  }

  /** The n-th business day after `day` (n >= 1); `day` itself when n = 0. */
  addBusinessDays(day: number, n: number): number {
    let d = day;
    for (let k = 0; k < n; k++) {
      d++;
      while (!this.isBusinessDay(d)) d++;
    }
    return d;
  }
}

/** A run's demand by local day: the count factor of each day and, where categories differ, its category table. */
export interface DayDemand {
  /** Factor on the purchase rate of local day d (1 = an ordinary day). */
  readonly factor: Float64Array;
  /** Cumulative category shares of local day d (last = Infinity), or null where the day keeps the scenario's. */
  readonly catCum: (Float64Array | null)[];
}

/**
 * The demand factors of each local day of a run: a day's rate factor is the share-weighted mean
 * of its categories' factors (the day's factor, times the card-not-present and category factors),
 * and its category mix is reweighted by them.
 */
export function dayDemand(
  cal: MarketCalendar | undefined,
  startDay: number,
  days: number,
  categories: readonly { readonly name: string; readonly share: number; readonly cardNotPresent: boolean }[],
): DayDemand {
  const factor = new Float64Array(days).fill(1);
  const catCum: (Float64Array | null)[] = new Array<Float64Array | null>(days).fill(null);
  if (cal === undefined) return { factor, catCum };
  const total = categories.reduce((a, c) => a + c.share, 0);
  for (let d = 0; d < days; d++) {
    const n = cal.named(startDay + d);
    if (n === undefined) continue;
    const f = categories.map((c) => n.demand * (c.cardNotPresent ? n.cardNotPresent : 1) * (n.categories.find((k) => k.name === c.name)?.factor ?? 1));
    const weighted = categories.map((c, i) => c.share * f[i]!);
    const sum = weighted.reduce((a, b) => a + b, 0);
    factor[d] = sum / total;
    if (f.some((x) => x !== f[0])) {
      const cum = new Float64Array(categories.length);
      let acc = 0;
      weighted.forEach((w, i) => (cum[i] = acc += w / sum));
      cum[categories.length - 1] = Infinity;
      catCum[d] = cum;
    }
  }
  return { factor, catCum };
}

/** The calendar of a scenario over its run and the year after it (settlements, chargebacks), with the day number of local day 0; undefined without a `calendar` section. */
export function runCalendar(sc: Scenario): { readonly cal: MarketCalendar; readonly startDay: number } | undefined {
  if (sc.calendar === undefined) return undefined;
  const startDay = parseDate(sc.start);
  const days = Math.ceil((sc.durationUs + sc.startLocalUs) / 86_400_000_000);
  return { cal: new MarketCalendar(sc.calendar, startDay - 1, startDay + days + 400), startDay };
}
