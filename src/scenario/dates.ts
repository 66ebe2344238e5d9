/** Calendar dates as day numbers: days since 1970-01-01 of a local date (Date.UTC on explicit fields; no clock is read). */

const MS_PER_DAY = 86_400_000;

/** Day number of a calendar date. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Day number of 'YYYY-MM-DD' (or of the date part of an ISO timestamp); NaN if it is no real date. */
export function parseDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (m === null) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const n = dayNumber(y, mo, d);
  return isoDate(n) === `${m[1]}-${m[2]}-${m[3]}` ? n : NaN;
}

/** 'YYYY-MM-DD' of a day number. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day of week of a day number, 0 = Monday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}
