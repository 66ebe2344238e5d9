/**
 * Statistics kept during a run: fixed-size typed arrays indexed by time bucket (and host or
 * response code). Nothing here grows with the number of purchases.
 */

const SUB_BITS = 10;
const SUB = 1 << SUB_BITS;
/** Bins of the log-linear histogram: exact below 2048 µs, then 1024 bins per power of two up to 2^31 µs. */
export const HISTOGRAM_BINS = SUB + 21 * SUB;

/** Histogram bin of a latency in µs: relative error below 1/1024 (HDR-histogram layout). */
export function binOf(us: number): number {
  if (us < 2 * SUB) return us < 0 ? 0 : us;
  if (us >= 2147483647) return HISTOGRAM_BINS - 1;
  const e = 31 - Math.clz32(us) - SUB_BITS;
  return SUB + e * SUB + ((us >>> e) - SUB);
}

/** Lowest value (µs) that falls in bin b. */
export function binLow(b: number): number {
  if (b < 2 * SUB) return b;
  const e = Math.floor((b - SUB) / SUB);
  const m = (b - SUB) % SUB;
  return (m + SUB) * 2 ** e;
}

/** Width of bin b in µs. */
export function binWidth(b: number): number {
  if (b < 2 * SUB) return 1;
  return 2 ** Math.floor((b - SUB) / SUB);
}

/**
 * The q-quantile (0 < q <= 1) of a histogram holding `n` values, as the midpoint of the bin that
 * holds the value of rank ceil(q n). Returns 0 when empty.
 */
export function histogramQuantile(h: Uint32Array, n: number, q: number): number {
  if (n === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let b = 0; b < h.length; b++) {
    seen += h[b]!;
    if (seen >= rank) return binLow(b) + (binWidth(b) - 1) / 2;
  }
  return binLow(h.length - 1);
}

/** Per-bucket counters of purchases, by the bucket in which each purchase started. */
export const T_ATTEMPTS = 0;
export const T_APPROVED = 1;
export const T_DECLINED = 2;
export const T_TIMED_OUT = 3;
export const T_STAND_IN = 4;
export const T_REVERSALS = 5;
export const T_PEAK_TPS = 6;
export const T_LAT_P50 = 7;
export const T_LAT_P95 = 8;
export const T_LAT_P99 = 9;
export const T_LAT_SUM = 10;
export const T_TOKEN_PURCHASES = 11;
export const T_TOKENS_ACTIVE = 12;
export const T_VALUE_APPROVED = 13;
export const T_FIELDS = 14;

/** Per-bucket, per-host counters. */
export const N_ARRIVALS = 0;
export const N_COMPLETIONS = 1;
export const N_BUSY_US = 2;
export const N_QUEUE_AREA = 3;
export const N_MAX_QUEUE = 4;
export const N_WAIT_SUM_US = 5;
export const N_WAITED = 6;
export const N_TIMEOUTS = 7;
export const N_STAND_IN = 8;
export const N_DOWN_REJECTS = 9;
/** Server time in effect in the bucket (servers in service x time, capacity faults taken out), in server·µs. */
export const N_SERVER_US = 10;
export const N_FIELDS = 11;

/** The throughput columns a run's totals sum over its reported buckets, by the name of the total. */
export const SUMMED = {
  attempts: T_ATTEMPTS,
  approved: T_APPROVED,
  declined: T_DECLINED,
  timedOut: T_TIMED_OUT,
  standIn: T_STAND_IN,
  reversals: T_REVERSALS,
  latencySumUs: T_LAT_SUM,
} as const;

/** Totals of the reported buckets of a run's throughput table (after the warm-up): the sums of the `SUMMED` columns and the peak TPS. */
export type Totals = Record<keyof typeof SUMMED | 'peakTps', number>;

/** Sums the throughput table over buckets [first, buckets); the peak is the largest bucket peak. */
export function totals(throughput: Float64Array, first: number, buckets: number): Totals {
  let peakTps = 0;
  for (let b = first; b < buckets; b++) if (throughput[b * T_FIELDS + T_PEAK_TPS]! > peakTps) peakTps = throughput[b * T_FIELDS + T_PEAK_TPS]!;
  const t = { peakTps } as Totals;
  for (const name of Object.keys(SUMMED) as (keyof typeof SUMMED)[]) {
    let sum = 0;
    for (let b = first; b < buckets; b++) sum += throughput[b * T_FIELDS + SUMMED[name]]!;
    t[name] = sum;
  }
  return t;
}
