/**
 * A run's tables read by name: the throughput, host and wallet tables of a `RunResult` are flat
 * typed arrays indexed by field offsets; these readers give them as row objects (one per bucket,
 * host or day) or as named columns (one Float64Array per field). Times and amounts stay integers
 * with their unit in the name: `startUs`, `latencyP99Us`, `valueApprovedMinor`.
 */
import { W_ATTEMPTS, W_FAILURES, W_FIELDS, W_PROVISIONED, W_STEP_UPS, W_TOKENS_ACTIVE, W_TOKEN_PURCHASES, type HostInfo, type RunResult } from '../model/network.js';
import {
  N_ARRIVALS, N_BUSY_US, N_COMPLETIONS, N_DOWN_REJECTS, N_FIELDS, N_MAX_QUEUE, N_QUEUE_AREA, N_SERVER_US, N_STAND_IN, N_TIMEOUTS,
  N_WAITED, N_WAIT_SUM_US, SUMMED, T_FIELDS, T_LAT_P50, T_LAT_P95, T_LAT_P99,
  T_PEAK_TPS, T_TOKENS_ACTIVE, T_TOKEN_PURCHASES, T_VALUE_APPROVED,
} from '../model/stats.js';

/** The fields of a throughput bucket, by their offset in `RunResult.throughput`. */
export const THROUGHPUT_FIELDS = {
  // attempts, approved, declined, timedOut, standIn, reversals, latencySumUs: the summed columns.
  ...SUMMED,
  peakTps: T_PEAK_TPS,
  latencyP50Us: T_LAT_P50,
  latencyP95Us: T_LAT_P95,
  latencyP99Us: T_LAT_P99,
  tokenPurchases: T_TOKEN_PURCHASES,
  tokensActive: T_TOKENS_ACTIVE,
  valueApprovedMinor: T_VALUE_APPROVED,
} as const;

/** The fields of a host in a bucket, by their offset in `RunResult.nodes`. */
export const NODE_FIELDS = {
  arrivals: N_ARRIVALS,
  completions: N_COMPLETIONS,
  busyUs: N_BUSY_US,
  queueAreaUs: N_QUEUE_AREA,
  maxQueue: N_MAX_QUEUE,
  waitSumUs: N_WAIT_SUM_US,
  waited: N_WAITED,
  timeouts: N_TIMEOUTS,
  standIn: N_STAND_IN,
  downRejects: N_DOWN_REJECTS,
  serverUs: N_SERVER_US,
} as const;

/** The fields of a local day of the wallet, by their offset in `RunResult.wallet`. */
export const WALLET_FIELDS = {
  provisioningAttempts: W_ATTEMPTS,
  stepUps: W_STEP_UPS,
  failures: W_FAILURES,
  provisioned: W_PROVISIONED,
  tokensActive: W_TOKENS_ACTIVE,
  tokenPurchases: W_TOKEN_PURCHASES,
} as const;

/** One reported bucket (after the warm-up): purchases by the bucket they started in. */
export type ThroughputRow = { readonly bucket: number; readonly startUs: number } & { readonly [K in keyof typeof THROUGHPUT_FIELDS]: number };
/** One host in one reported bucket. */
export type NodeRow = { readonly bucket: number; readonly startUs: number; readonly host: string; readonly role: HostInfo['role']; readonly servers: number } & {
  readonly [K in keyof typeof NODE_FIELDS]: number;
};
/** One local day of the wallet (provisioning and token use). */
export type WalletRow = { readonly day: number } & { readonly [K in keyof typeof WALLET_FIELDS]: number };
/** Terminal outcomes of one response code in one reported bucket (codes other than '00' with a count). */
export interface DeclineRow {
  readonly bucket: number;
  readonly startUs: number;
  readonly code: string;
  readonly count: number;
}

/** Named columns of a table: one Float64Array per numeric field, rows in table order. */
export type Columns<F extends string> = { readonly [K in F]: Float64Array };

function rowOf<F extends Record<string, number>>(fields: F, table: Float64Array, base: number): { [K in keyof F]: number } {
  const row = {} as { [K in keyof F]: number };
  for (const k of Object.keys(fields) as (keyof F)[]) row[k] = table[base + fields[k]!]!;
  return row;
}

/** Columns `bucket` and `startUs` of the reported buckets `bs`, then one per field, read at row `rows[i]` of a table of `stride` fields. */
function columnsOf<F extends Record<string, number>>(r: RunResult, fields: F, table: Float64Array, stride: number, bs: readonly number[], rows: readonly number[]): Columns<'bucket' | 'startUs' | Extract<keyof F, string>> {
  const out: Record<string, Float64Array> = { bucket: Float64Array.from(bs), startUs: Float64Array.from(bs, (b) => b * r.bucketUs) };
  for (const [k, offset] of Object.entries(fields)) out[k] = Float64Array.from(rows, (row) => table[row * stride + offset]!);
  return out as Columns<'bucket' | 'startUs' | Extract<keyof F, string>>;
}

/** The reported buckets of a run, `firstBucket` to the last. */
function reportedBuckets(r: RunResult): number[] {
  return Array.from({ length: r.buckets - r.firstBucket }, (_, i) => r.firstBucket + i);
}

/** The throughput table as rows, one per reported bucket (the rows of throughput.csv, unformatted). */
export function throughputRows(r: RunResult): ThroughputRow[] {
  return reportedBuckets(r).map((b) => ({ bucket: b, startUs: b * r.bucketUs, ...rowOf(THROUGHPUT_FIELDS, r.throughput, b * T_FIELDS) }));
}

/** The throughput table as named columns (`bucket`, `startUs` and every field of `ThroughputRow`). */
export function throughputColumns(r: RunResult): Columns<'bucket' | 'startUs' | keyof typeof THROUGHPUT_FIELDS> {
  const bs = reportedBuckets(r);
  return columnsOf(r, THROUGHPUT_FIELDS, r.throughput, T_FIELDS, bs, bs);
}

/** The host table as rows: every host (acquirers, the switch, issuers) in every reported bucket. */
export function nodeRows(r: RunResult): NodeRow[] {
  const nh = r.hosts.length;
  return reportedBuckets(r).flatMap((b) =>
    r.hosts.map((h, k) => ({ bucket: b, startUs: b * r.bucketUs, host: h.name, role: h.role, servers: h.servers, ...rowOf(NODE_FIELDS, r.nodes, (b * nh + k) * N_FIELDS) })),
  );
}

/** The host table of one host (by name) as named columns, one value per reported bucket. */
export function nodeColumns(r: RunResult, host: string): Columns<'bucket' | 'startUs' | keyof typeof NODE_FIELDS> {
  const k = r.hosts.findIndex((h) => h.name === host);
  if (k < 0) throw new RangeError(`no host '${host}'; the hosts are ${r.hosts.map((h) => `'${h.name}'`).join(', ')}`);
  const bs = reportedBuckets(r);
  const nh = r.hosts.length;
  return columnsOf(r, NODE_FIELDS, r.nodes, N_FIELDS, bs, bs.map((b) => b * nh + k));
}

/** Declines and timeouts by response code, one row per reported bucket and code with a count. */
export function declineRows(r: RunResult): DeclineRow[] {
  const nc = r.codes.length;
  const order = r.codes.map((code, i) => ({ code, i })).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return reportedBuckets(r).flatMap((b) =>
    order.filter(({ code, i }) => code !== '00' && r.declines[b * nc + i]! > 0).map(({ code, i }) => ({ bucket: b, startUs: b * r.bucketUs, code, count: r.declines[b * nc + i]! })),
  );
}

/** The wallet table as rows, one per local day of the run (empty without a wallet). */
export function walletRows(r: RunResult): WalletRow[] {
  if (!r.scenario.wallet.enabled) return [];
  return Array.from({ length: r.days }, (_, d) => ({ day: d, ...rowOf(WALLET_FIELDS, r.wallet, d * W_FIELDS) }));
}
