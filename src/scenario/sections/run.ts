/**
 * The run section: `name`, `description`, `seed`, `shards`, the calendar (`start`), `duration`,
 * `bucket`, `warmup` and `currency`, then the command-line overrides of seed and duration.
 */

import type { Path, ResolveContext } from '../context.js';
import { describeValue } from '../errors.js';
import { formatDuration } from '../duration.js';
import { DEFAULTS } from '../defaults.js';
import type { Reporter } from '../report.js';
import { CURRENCY_EXPONENTS, NAME_PATTERN, START_PATTERN, UTC_OFFSET_PATTERN, duration, integer, type JsonSchema } from '../schema-blocks.js';

/** Command-line overrides of the file: `--seed`, `--duration` (µs) and `--set path=value` (scenario/overrides.ts). */
export interface ScenarioOverrides {
  readonly seed?: number;
  readonly durationUs?: number;
  /** `path=value` changes of the document, applied in order before validation. */
  readonly set?: readonly string[];
}

/** The top-level keys of the run, in schema order. */
export const RUN_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  name: { type: 'string', pattern: NAME_PATTERN, description: 'Short name of the scenario ([a-z0-9_-]+). Required.' },
  description: { type: 'string', description: 'Free text describing the scenario.', default: DEFAULTS.description },
  seed: integer('Seed of every random stream of the run (the CLI --seed overrides it).', 0, DEFAULTS.seed, Number.MAX_SAFE_INTEGER),
  shards: integer(
    'Independent shards (regions) the network is split into: each has its share of the cards and terminals, its own issuer and acquirer hosts and its slice of the switch (servers split among shards), and random streams of its own. Shards run in parallel on worker threads (--workers); the merged outputs do not depend on the number of workers.',
    1,
    DEFAULTS.shards,
    1024,
  ),
  start: {
    type: 'string',
    pattern: START_PATTERN,
    description: 'Calendar time of t = 0, ISO 8601 with offset; sets the weekday and local hour of the run.',
    default: DEFAULTS.start,
  },
  duration: duration('Length of the simulated run, such as 30d. Required; the CLI option --duration can shorten it.'),
  bucket: duration('Width of the statistics buckets; must divide the duration and be at least the terminal timeout.', DEFAULTS.bucket),
  warmup: duration('Purchases starting before this time are left out of the statistics; shorter than the duration.', DEFAULTS.warmup),
  currency: {
    enum: Object.keys(CURRENCY_EXPONENTS),
    description: 'ISO 4217 currency of every amount in the file.',
    default: DEFAULTS.currency,
  },
};

/** Calendar fields of `start`: weekday (0 = Monday), µs since local midnight, UTC offset in µs. */
export interface Calendar {
  readonly weekday: number;
  readonly localUs: number;
  readonly offsetUs: number;
}

/** The run section as resolved; a field is undefined when it is in error. */
export interface RunPart {
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly seed: number | undefined;
  readonly shards: number | undefined;
  readonly start: string | undefined;
  readonly calendar: Calendar | undefined;
  /** The duration written in the file (faults are checked against it). */
  readonly fileDurationUs: number | undefined;
  readonly bucketUs: number | undefined;
  readonly warmupUs: number | undefined;
}

/** A UTC offset `+HH:MM`, `-HH:MM` or `Z` in µs (no range check). */
export function offsetUs(offset: string): number {
  if (offset === 'Z') return 0;
  const minutes = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6));
  return (offset.startsWith('-') ? -minutes : minutes) * 60_000_000;
}

/** A UTC offset in µs, between -12:00 and +14:00 (the offsets in use); undefined when wrong (reported). */
export function utcOffsetAt(ctx: ResolveContext, path: Path): number | undefined {
  const text = ctx.string(path);
  if (text === undefined || !new RegExp(UTC_OFFSET_PATTERN).test(text)) return undefined;
  const us = offsetUs(text);
  if (Number(text.slice(4, 6)) > 59 || us < -12 * 3_600_000_000 || us > 14 * 3_600_000_000) {
    ctx.report.add(path, 'out_of_range', `UTC offsets lie between -12:00 and +14:00 (minutes below 60); got '${text}'`);
    return undefined;
  }
  return us;
}

/**
 * Calendar fields of `start`: weekday (0 = Monday), µs since local midnight and the UTC offset in
 * µs, or a reason.
 */
function parseStart(text: string): Calendar | string {
  const m = new RegExp(START_PATTERN).exec(text);
  if (!m) return `expected an ISO 8601 date-time with offset; got '${text}'`;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = Number(m[6] ?? '0');
  const fractionUs = Number((m[7] ?? '').padEnd(6, '0'));
  const offset = m[8] ?? 'Z';
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined) return 'unreadable date';
  if (month < 1 || month > 12) return `month ${month} does not exist in '${text}'`;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (day < 1 || date.getUTCDate() !== day) return `day ${day} does not exist in month ${month} of ${year} in '${text}'`;
  if (hour > 23 || minute > 59 || second > 59) return `time of day out of range in '${text}'`;
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) return `offset out of range in '${text}'`;
  return {
    weekday: (date.getUTCDay() + 6) % 7,
    localUs: ((hour * 60 + minute) * 60 + second) * 1_000_000 + fractionUs,
    offsetUs: offsetUs(offset),
  };
}

/** Reads the run section; sets the context's currency (and exponent) for the sections after it. */
export function resolveRun(ctx: ResolveContext): RunPart {
  const name = ctx.string(['name']);
  const description = ctx.string(['description'], DEFAULTS.description);
  const seed = ctx.integer(['seed'], DEFAULTS.seed);
  const shards = ctx.integer(['shards'], DEFAULTS.shards);

  const start = ctx.string(['start'], DEFAULTS.start);
  let calendar: Calendar | undefined;
  if (start !== undefined) {
    const parsed = parseStart(start);
    if (typeof parsed === 'string') ctx.report.add(['start'], 'invalid_format', parsed);
    else calendar = parsed;
  }

  const fileDurationUs = ctx.duration(['duration'], undefined, 'positive');
  const bucketUs = ctx.duration(['bucket'], DEFAULTS.bucket, 'positive');
  const warmupUs = ctx.duration(['warmup'], DEFAULTS.warmup, 'non-negative');
  if (fileDurationUs !== undefined && warmupUs !== undefined && warmupUs >= fileDurationUs) {
    ctx.report.add(['warmup'], 'out_of_range', `warmup ${formatDuration(warmupUs)} must be shorter than the duration ${formatDuration(fileDurationUs)}`);
  }

  ctx.currency = ctx.string(['currency'], DEFAULTS.currency);
  ctx.exponent = ctx.currency === undefined ? undefined : CURRENCY_EXPONENTS[ctx.currency];
  return { name, description, seed, shards, start, calendar, fileDurationUs, bucketUs, warmupUs };
}

/**
 * Applies `--seed` and `--duration` (errors `invalid_override`, without a place in the file).
 * @returns the seed and duration of the run (undefined when in error).
 */
export function applyOverrides(report: Reporter, overrides: ScenarioOverrides, run: RunPart): { seed: number | undefined; durationUs: number | undefined } {
  let seed = run.seed;
  if (overrides.seed !== undefined) {
    if (Number.isSafeInteger(overrides.seed) && overrides.seed >= 0) seed = overrides.seed;
    else report.override('--seed', `the seed must be a whole number >= 0; got ${describeValue(overrides.seed)}`);
  }
  let durationUs = run.fileDurationUs;
  if (overrides.durationUs !== undefined) {
    const d = overrides.durationUs;
    if (!Number.isSafeInteger(d) || d <= 0) {
      report.override('--duration', `the duration must be a positive whole number of microseconds; got ${describeValue(d)}`);
    } else {
      durationUs = d;
      if (run.bucketUs !== undefined && d % run.bucketUs !== 0) {
        report.override('--duration', `${formatDuration(d)} is not a whole number of buckets (bucket ${formatDuration(run.bucketUs)})`);
      }
      if (run.warmupUs !== undefined && run.warmupUs >= d) {
        report.override('--duration', `${formatDuration(d)} is not longer than the warmup ${formatDuration(run.warmupUs)}`);
      }
    }
  }
  return { seed, durationUs };
}
