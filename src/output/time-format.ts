/**
 * Calendar times for outputs: simulated µs since the scenario's start, shown as local ISO 8601
 * in the offset the scenario's `start` was written in (e.g. 2018-12-20T18:00:00.000+03:00).
 */
export class Clock {
  private readonly epochMs: number;
  private readonly offsetMin: number;
  private readonly suffix: string;

  constructor(startIso: string) {
    const m = /([+-])(\d{2}):?(\d{2})$|Z$/.exec(startIso);
    let off = 0;
    if (m !== null && m[1] !== undefined) off = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
    this.offsetMin = off;
    this.epochMs = Date.parse(startIso);
    const sign = off < 0 ? '-' : '+';
    const a = Math.abs(off);
    this.suffix = off === 0 && startIso.endsWith('Z') ? 'Z' : `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
  }

  /** Local ISO 8601 time of simulated time `us`, to the millisecond. */
  iso(us: number): string {
    const d = new Date(this.epochMs + Math.floor(us / 1000) + this.offsetMin * 60_000);
    return d.toISOString().slice(0, 23) + this.suffix;
  }

  /** Local calendar date (YYYY-MM-DD) of local day number `day` (day 0 holds t = 0). */
  date(day: number): string {
    const d = new Date(this.epochMs + this.offsetMin * 60_000 + day * 86_400_000);
    return d.toISOString().slice(0, 10);
  }
}
