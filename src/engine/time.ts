/**
 * Simulated time is an integer number of microseconds since the start of the run (`SimTime`).
 * A JavaScript number holds integers exactly up to 2^53 µs, about 285 years, so a 30-day run
 * (2.6e12 µs) is far inside the exact range. Microseconds rather than milliseconds because the
 * reference queueing networks have service times of a few milliseconds, whose waits must be
 * resolved well below a millisecond to match Erlang C.
 */
export type SimTime = number;

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;
export const US_PER_MIN = 60 * US_PER_S;
export const US_PER_HOUR = 60 * US_PER_MIN;
export const US_PER_DAY = 24 * US_PER_HOUR;

/** Milliseconds (possibly fractional) to integer microseconds, rounded to nearest. */
export function msToUs(ms: number): SimTime {
  return Math.round(ms * US_PER_MS);
}

/** Integer microseconds to milliseconds (a float, for reporting). */
export function usToMs(us: SimTime): number {
  return us / US_PER_MS;
}

/** Formats a simulated time as `D+d hh:mm:ss` for logs and progress lines. */
export function formatSimTime(us: SimTime): string {
  const totalS = Math.floor(us / US_PER_S);
  const d = Math.floor(totalS / 86_400);
  const h = Math.floor((totalS % 86_400) / 3_600);
  const m = Math.floor((totalS % 3_600) / 60);
  const s = totalS % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `D+${d} ${pad(h)}:${pad(m)}:${pad(s)}`;
}
