/**
 * Durations in scenario files: a number with a unit, or several in decreasing order of unit
 * ("30d", "1h", "15m", "10s", "250ms", "3.2ms", "100us", "12d18h", "20d12h30m"), converted to
 * integer microseconds of simulated time, rounded to the nearest microsecond.
 */

/** Microseconds per unit, largest unit first. `µs` is accepted as a synonym of `us`. */
export const DURATION_UNITS_US: Readonly<Record<string, number>> = {
  d: 86_400_000_000,
  h: 3_600_000_000,
  m: 60_000_000,
  s: 1_000_000,
  ms: 1_000,
  us: 1,
  µs: 1,
};

/** Rank of each unit: a compound duration must use strictly increasing ranks (d before h, ...). */
const UNIT_RANK: Readonly<Record<string, number>> = { d: 0, h: 1, m: 2, s: 3, ms: 4, us: 5, µs: 5 };

/**
 * The lexical shape of a duration, as a JSON Schema `pattern` (ECMA-262). A leading minus sign is
 * accepted by the shape so that a negative value gets a message about its range (a fault starting
 * before the run) rather than about its spelling.
 */
export const DURATION_PATTERN = '^-?(?:[0-9]+(?:\\.[0-9]+)?(?:d|h|ms|us|µs|m|s))+$';

const DURATION_RE = new RegExp(DURATION_PATTERN);
const COMPONENT_RE = /([0-9]+(?:\.[0-9]+)?)(ms|us|µs|d|h|m|s)/gy;

/** The result of parsing a duration: microseconds, or the reason it is not a duration. */
export type DurationParse = { readonly ok: true; readonly us: number } | { readonly ok: false; readonly reason: string };

/**
 * Parses a duration string into integer microseconds (may be negative if written with a minus sign).
 * @returns `{ok: true, us}` or `{ok: false, reason}`; never throws.
 */
export function parseDurationDetailed(text: string): DurationParse {
  if (!DURATION_RE.test(text)) {
    return { ok: false, reason: `expected a duration with a unit, such as '30d', '1h', '15m', '250ms' or '12d18h'; got '${text}'` };
  }
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  COMPONENT_RE.lastIndex = 0;
  let total = 0;
  let lastRank = -1;
  let match: RegExpExecArray | null;
  while ((match = COMPONENT_RE.exec(body)) !== null) {
    const unit = match[2] ?? '';
    const rank = UNIT_RANK[unit] ?? 0;
    if (rank <= lastRank) {
      return { ok: false, reason: `units of a compound duration must go from largest to smallest, each at most once (d, h, m, s, ms, us); got '${text}'` };
    }
    lastRank = rank;
    total += Number(match[1]) * (DURATION_UNITS_US[unit] ?? 0);
  }
  const us = Math.round(total);
  if (!Number.isSafeInteger(us)) return { ok: false, reason: `duration '${text}' is too long` };
  return { ok: true, us: negative && us !== 0 ? -us : us };
}

/** Parses a duration string into integer microseconds, or `undefined` if it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const result = parseDurationDetailed(text);
  return result.ok ? result.us : undefined;
}

/**
 * Formats integer microseconds in the scenario notation, largest units first: 1_101_600_000_000 ->
 * "12d18h", 3_200 -> "3.2ms", 1_250_000 -> "1s250ms", 0 -> "0s". `parseDuration` reads it back exactly.
 */
export function formatDuration(us: number): string {
  if (us === 0) return '0s';
  if (us < 0) return `-${formatDuration(-us)}`;
  let rest = Math.round(us);
  let out = '';
  for (const [unit, size] of [['d', 86_400_000_000], ['h', 3_600_000_000], ['m', 60_000_000], ['s', 1_000_000]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  if (rest > 0) out += rest >= 1000 ? `${rest / 1000}ms` : `${rest}us`;
  return out;
}
