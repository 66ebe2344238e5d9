import { describe, expect, it } from 'vitest';
import { createFeeBreakdown, FeePricer, resolveFeeModel, SettlementBook, type FeeModel, type PurchaseInput } from '../../src/economics/index.js';
import { dayDemand, isoDate, MarketCalendar, parseDate, weekdayOf } from '../../src/model/calendar.js';
import { bookOptions } from '../../src/model/clearing.js';
import { loadScenario } from '../../src/scenario/index.js';
import type { CalendarSpec } from '../../src/scenario/types.js';
import { scenarioFile } from '../scenario/_fixtures.js';

const spec = (market: CalendarSpec['market'], more: Partial<CalendarSpec> = {}): CalendarSpec => ({
  market, namedDays: true, holidays: [], workingDays: [], days: [], ...more,
});
const cal = (s: CalendarSpec): MarketCalendar => new MarketCalendar(s, parseDate('2017-01-01'), parseDate('2020-12-31'));
const d = parseDate;

describe('dates', () => {
  it('parses real dates only and knows the weekday', () => {
    expect(isoDate(d('2018-12-30'))).toBe('2018-12-30');
    expect(d('2019-02-30')).toBeNaN();
    expect(d('2018-12-20T00:00:00+03:00')).toBe(d('2018-12-20'));
    expect(weekdayOf(d('2018-12-20'))).toBe(3); // Thursday
    expect(weekdayOf(d('2019-01-06'))).toBe(6); // Sunday
  });
});

describe('market calendars', () => {
  it('Russia: the New Year holidays and named days of sources §12, other holidays, one moved off a weekend', () => {
    const ru = cal(spec('RU'));
    expect(ru.named(d('2018-12-30'))).toMatchObject({ demand: 1.6, holiday: false });
    expect([28, 29, 31].map((k) => ru.named(d(`2018-12-${k}`))?.demand)).toEqual([1.2, 1.3, 1.3]);
    expect(ru.named(d('2019-01-01'))).toMatchObject({ demand: 0.4, holiday: true });
    expect(['02', '03', '04', '07', '08'].map((k) => ru.named(d(`2019-01-${k}`))?.demand)).toEqual([0.7, 0.7, 0.85, 0.85, 0.85]);
    for (let k = 1; k <= 8; k++) expect(ru.isBusinessDay(d(`2019-01-0${k}`)), `2019-01-0${k}`).toBe(false);
    expect(ru.isBusinessDay(d('2019-01-09'))).toBe(true);
    expect(ru.named(d('2019-01-09'))).toBeUndefined();
    // 23 Feb 2019 was a Saturday: the Monday after is off.
    expect(ru.isBusinessDay(d('2019-02-25'))).toBe(false);
    expect(ru.named(d('2019-06-12'))).toMatchObject({ demand: 0.85, holiday: true });
    expect(ru.isBusinessDay(d('2018-12-29'))).toBe(false); // a Saturday
  });

  it('China: Spring Festival from the eve, Golden Week, and 11.11 with card-not-present x8', () => {
    const cn = cal(spec('CN'));
    // Lunar New Year 2018: 16 Feb.
    expect(['15', '16', '17', '18', '19', '20', '21'].map((k) => cn.named(d(`2018-02-${k}`))?.demand)).toEqual([0.8, 0.5, 0.5, 0.5, 0.7, 0.7, 0.7]);
    expect(cn.isBusinessDay(d('2018-02-15'))).toBe(false);
    expect(cn.isBusinessDay(d('2018-02-22'))).toBe(true);
    for (let k = 1; k <= 7; k++) expect(cn.isBusinessDay(d(`2019-10-0${k}`))).toBe(false);
    expect(cn.named(d('2019-10-03'))?.demand).toBe(0.9);
    expect(cn.named(d('2019-11-11'))).toMatchObject({ demand: 1, cardNotPresent: 8, holiday: false });
  });

  it("the scenario's days replace the market's, and its holidays and working days set business days", () => {
    const c = cal(spec('RU', {
      days: [{ date: '2018-12-30', name: 'override', demand: 2, cardNotPresent: 1, categories: [], holiday: false }],
      holidays: ['2018-12-31'],
      workingDays: ['2018-12-29'],
    }));
    expect(c.named(d('2018-12-30'))?.demand).toBe(2);
    expect(c.isBusinessDay(d('2018-12-31'))).toBe(false);
    expect(c.isBusinessDay(d('2018-12-29'))).toBe(true);
    // Without named days the market's holidays stay.
    const plain = cal(spec('RU', { namedDays: false }));
    expect(plain.named(d('2018-12-30'))).toBeUndefined();
    expect(plain.isBusinessDay(d('2019-01-03'))).toBe(false);
  });

  it('T + N business days skips weekends and holidays', () => {
    const ru = cal(spec('RU'));
    expect(isoDate(ru.addBusinessDays(d('2018-12-27'), 1))).toBe('2018-12-28');
    expect(isoDate(ru.addBusinessDays(d('2018-12-28'), 1))).toBe('2018-12-31'); // Fri -> Mon
    expect(isoDate(ru.addBusinessDays(d('2018-12-31'), 1))).toBe('2019-01-09'); // over the New Year holidays
    expect(isoDate(ru.addBusinessDays(d('2018-12-29'), 2))).toBe('2019-01-09');
    expect(ru.addBusinessDays(d('2018-12-29'), 0)).toBe(d('2018-12-29'));
  });

  it("a day's demand factor is the share-weighted mean of its categories' factors, and its mix is reweighted", () => {
    const cn = cal(spec('CN'));
    const cats = [{ name: 'shops', share: 0.9, cardNotPresent: false }, { name: 'online', share: 0.1, cardNotPresent: true }];
    const dd = dayDemand(cn, d('2019-11-10'), 3, cats);
    expect([...dd.factor]).toEqual([1, 0.9 + 0.8, 1].map((x, i) => (i === 1 ? x : 1)));
    expect(dd.catCum[0]).toBeNull();
    expect(dd.catCum[1]![0]).toBeCloseTo(0.9 / 1.7, 12);
    expect(dd.catCum[1]![1]).toBe(Infinity);
  });
});

describe('business-day settlement', () => {
  it("russia.yaml (calendar RU): no interbank settlement or merchant payout falls on a weekend or holiday", () => {
    const { scenario, errors } = loadScenario(scenarioFile('russia.yaml'));
    expect(errors).toEqual([]);
    const sc = scenario!;
    expect(sc.calendar?.market).toBe('RU');
    const ru = cal(sc.calendar!);
    const opts = bookOptions(sc, sc.money!);
    const book = new SettlementBook(opts);
    const pricer = new FeePricer(resolveFeeModel('ru-2019').model as FeeModel);
    const p: PurchaseInput = { amountMinor: 100_000, product: 0, mcc: 5411, channelClass: 0, crossBorder: false };
    const b = createFeeBreakdown();
    pricer.price(p, b);
    // One purchase cleared in each of the 30 daily cycles (cycle = local day: russia.yaml's base is 0).
    for (let day = 0; day < 30; day++) book.clear(day, day, 0, 0, p, b);
    const start = d(sc.start);
    const rows = [...book.settlementRows()];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const settles = start + r.settlement_day;
      expect(ru.isBusinessDay(settles), `${r.participant_type} of cycle ${isoDate(start + r.cycle)} settles ${isoDate(settles)}`).toBe(true);
      expect(settles).toBeGreaterThan(start + r.cycle);
    }
    // The cycles of 31 Dec to 8 Jan all settle on 9 Jan.
    const jan9 = d('2019-01-09') - start;
    for (const r of rows.filter((x) => x.cycle >= d('2018-12-31') - start && x.cycle <= d('2019-01-08') - start)) expect(r.settlement_day).toBe(jan9);
  });
});
