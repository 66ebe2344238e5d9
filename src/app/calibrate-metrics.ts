import { deviceShare } from '../scenario/sections/wallets.js';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { apportion } from '../model/cards.js';
import type { RunResult } from '../model/results.js';
import { shardKey, shardScenario } from '../model/shard.js';
import { histogramQuantile, T_ATTEMPTS, T_FIELDS, T_PEAK_TPS, T_VALUE_APPROVED } from '../model/stats.js';
import { BEARERS, FRAUD_ROWS, F_FIELDS, F_LOSS } from '../model/fraud-book.js';
import { W_FIELDS, W_TOKENS_ACTIVE } from '../model/results.js';
import { TABLES, type TableDef } from '../output/datapackage-tables.js';
import { runFigures } from '../output/summary.js';
import { readTable, type ColumnKind } from '../report/csv-read.js';
import { formatScenarioError, type ScenarioError } from '../scenario/errors.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { CalibrationScope, CalibrationTarget, Scenario } from '../scenario/types.js';
import { CELL_APPROVED, CELL_APPROVED_VALUE, CELL_ATTEMPTS, CELL_FIELDS, CHANNELS, inScope, type StreamCounts } from './calibrate-stream.js';

/**
 * The simulated value of each calibration target (docs/calibration.md), from what a run keeps:
 * its streamed calibration counts, its tables (throughput, declines and wallet by bucket or
 * day, the latency histograms, the fee comparison), and, for `<table>.<column>` metrics, the CSV
 * tables of its run directory read back row by row. NaN means no purchase (or row) in scope.
 */

const US_PER_DAY = 86_400_000_000;
/** The run-directory tables a column metric may read: one row per bucket, day or cycle (not per purchase or posting). */
const COLUMN_TABLES = TABLES.filter((t) => t.dirs.includes('run') && t.primaryKey !== undefined && !t.name.startsWith('calibration'));

/** What the metrics are computed from. */
export interface CalibrationInputs {
  readonly result: RunResult;
  readonly counts: StreamCounts;
  /** The directory holding the run's CSV tables (for column metrics). */
  readonly dir: string;
}

/** Every problem of the column metrics of a scenario: unknown tables, columns or `where` keys (located at the metric). */
export function columnTargetErrors(sc: Scenario): ScenarioError[] {
  const errors: ScenarioError[] = [];
  for (const t of sc.calibration ?? []) {
    if (t.metric !== 'column') continue;
    const problem = columnProblem(t);
    if (problem !== undefined) errors.push({ file: t.at.file, line: t.at.line, column: t.at.column, path: t.at.path, code: 'unknown_name', message: problem });
  }
  return errors;
}

/** The same as one line each (`file:line:column: path: message`). */
export function columnTargetMessages(sc: Scenario): string[] {
  return columnTargetErrors(sc).map(formatScenarioError);
}

function columnProblem(t: CalibrationTarget): string | undefined {
  const def = COLUMN_TABLES.find((d) => d.name === t.table);
  const names = COLUMN_TABLES.map((d) => d.name);
  if (def === undefined) return `unknown table '${t.table}' in ${t.name}${didYouMean(t.table!, names) || `; the tables are ${names.join(', ')}`}`;
  const numeric = def.columns.filter((c) => def.fields[c]!.type === 'integer' || def.fields[c]!.type === 'number');
  if (!numeric.includes(t.column!)) {
    const list = `; its number columns are ${numeric.join(', ')}`;
    return def.columns.includes(t.column!) ? `column '${t.column}' of ${def.name} is not a number${list}` : `unknown column '${t.column}' in ${def.name}${didYouMean(t.column!, numeric) || list}`;
  }
  for (const key of Object.keys(t.scope.where ?? {})) {
    if (!def.columns.includes(key)) return `unknown column '${key}' in scope.where of ${def.name}${didYouMean(key, def.columns)}`;
  }
  return undefined;
}

/** The simulated value of target `index` of the scenario. */
export function simulatedValue(t: CalibrationTarget, index: number, inp: CalibrationInputs): number {
  const r = inp.result;
  const s = t.scope;
  switch (t.metric) {
    case 'approval_rate':
      return ratio(cellSum(inp.counts, r, s, CELL_APPROVED), cellSum(inp.counts, r, s, CELL_ATTEMPTS));
    case 'average_ticket':
      return ratio(cellSum(inp.counts, r, s, CELL_APPROVED_VALUE), cellSum(inp.counts, r, s, CELL_APPROVED)) / 10 ** r.scenario.currencyExponent;
    case 'channel_share':
      return ratio(cellSum(inp.counts, r, s, CELL_ATTEMPTS), cellSum(inp.counts, r, { ...s, channel: undefined }, CELL_ATTEMPTS));
    case 'purchases_per_active_card_per_day':
      return ratio(cellSum(inp.counts, r, s, CELL_ATTEMPTS), inp.counts.activeCards[index]! * scopeDays(r, s));
    case 'decline_share':
      return declineShare(r, s);
    case 'wallet_adoption':
      return ratio(r.wallet[s.day! * W_FIELDS + W_TOKENS_ACTIVE] ?? NaN, walletPool(r.scenario, r.seed));
    case 'latency_p50_ms':
    case 'latency_p95_ms':
    case 'latency_p99_ms':
      return latency(inp.counts.histograms[index]!, t.metric === 'latency_p50_ms' ? 0.5 : t.metric === 'latency_p95_ms' ? 0.95 : 0.99);
    case 'peak_to_average_tps':
      return peakToAverage(r, s);
    case 'chargeback_share':
      return r.money === undefined ? NaN : ratio(r.money.chargebacks, r.money.cleared);
    case 'merchant_cost_per_100':
      return runFigures(r).compare?.models[0]?.channels.find((c) => c.channel === (s.channel ?? 'all'))?.merchantCostPer100 ?? NaN;
    case 'column':
      return columnValue(t, r, inp.dir);
    case 'fraud_share_of_value':
      return fraudShareOfValue(r, s);
  }
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : NaN);

/** Value of the approved fraud attempts (fraud.csv's loss) / value of every approved purchase, over the scope's days. */
function fraudShareOfValue(r: RunResult, s: CalibrationScope): number {
  const f = r.fraud;
  if (f === undefined) return NaN;
  const inDays = (d: number): boolean => s.days === undefined || (d >= s.days[0] && d <= s.days[1]);
  let loss = 0;
  const per = FRAUD_ROWS * BEARERS.length * F_FIELDS;
  for (let at = 0; at < f.length; at += F_FIELDS) if (inDays(Math.floor(at / per))) loss += f[at + F_LOSS]!;
  let value = 0;
  for (const b of buckets(r, s)) value += r.throughput[b * T_FIELDS + T_VALUE_APPROVED]!;
  return ratio(loss, value);
}

/** The local day of bucket b (by its start). */
const bucketDay = (r: RunResult, b: number): number => Math.floor((b * r.bucketUs + r.scenario.startLocalUs) / US_PER_DAY);

/** The reported buckets (after the warm-up) whose day is in the scope's days. */
function buckets(r: RunResult, s: CalibrationScope): number[] {
  const out: number[] = [];
  for (let b = r.firstBucket; b < r.buckets; b++) {
    const d = bucketDay(r, b);
    if (s.days === undefined || (d >= s.days[0] && d <= s.days[1])) out.push(b);
  }
  return out;
}

/** Days the scope covers: its days inside the reported part of the run, as a (possibly fractional) count. */
function scopeDays(r: RunResult, s: CalibrationScope): number {
  return (buckets(r, s).length * r.bucketUs) / US_PER_DAY;
}

/** A field of the streamed cells summed over the scope. */
function cellSum(c: StreamCounts, r: RunResult, s: CalibrationScope, field: number): number {
  const issuers = r.scenario.issuers.length;
  let sum = 0;
  for (let d = 0; d < c.days; d++) {
    for (let ch = 0; ch < CHANNELS.length; ch++) {
      for (let i = 0; i < issuers; i++) if (inScope(s, d, ch, i)) sum += c.cells[((d * CHANNELS.length + ch) * issuers + i) * CELL_FIELDS + field]!;
    }
  }
  return sum;
}

/** Purchases ending with the code over all that were not approved (declined or timed out), in the scope's days. */
function declineShare(r: RunResult, s: CalibrationScope): number {
  const k = r.codes.length;
  const at = r.codes.indexOf(s.code!);
  const approved = r.codes.indexOf('00');
  let code = 0;
  let all = 0;
  for (const b of buckets(r, s)) {
    for (let c = 0; c < k; c++) if (c !== approved) all += r.declines[b * k + c]!;
    if (at >= 0) code += r.declines[b * k + at]!;
  }
  return ratio(code, all);
}

/** The wallet's eligible pool as the network builds it, shard by shard (docs/calibration.md). */
export function walletPool(sc: Scenario, seed: number): number {
  let pool = 0;
  for (let k = 0; k < sc.shards; k++) {
    const part = shardScenario(sc, shardKey(seed, k, sc.shards));
    const counts = apportion(part.cards.count, part.issuers.map((i) => i.share));
    let active = 0;
    part.issuers.forEach((iss, i) => {
      if (iss.wallet) active += Math.round(counts[i]! * part.cards.activeShare);
    });
    pool += Math.round(part.wallet.eligibleShare * deviceShare(part.wallet, part.phones) * active);
  }
  return pool;
}

function latency(h: Uint32Array, q: number): number {
  let n = 0;
  for (const x of h) n += x;
  return n === 0 ? NaN : histogramQuantile(h, n, q) / 1000;
}

/** The busiest second over the mean rate of the scope's buckets. */
function peakToAverage(r: RunResult, s: CalibrationScope): number {
  let peak = 0;
  let attempts = 0;
  const bs = buckets(r, s);
  for (const b of bs) {
    peak = Math.max(peak, r.throughput[b * T_FIELDS + T_PEAK_TPS]!);
    attempts += r.throughput[b * T_FIELDS + T_ATTEMPTS]!;
  }
  return ratio(peak, attempts / ((bs.length * r.bucketUs) / 1e6));
}

/** A column metric: the rows of the table in scope (days, where) combined by the aggregate. */
function columnValue(t: CalibrationTarget, r: RunResult, dir: string): number {
  const def = COLUMN_TABLES.find((d) => d.name === t.table)!;
  const path = join(dir, def.file);
  if (!existsSync(path)) return NaN;
  const where = Object.entries(t.scope.where ?? {});
  const kinds: Record<string, ColumnKind> = { [t.column!]: 'number' };
  for (const [k] of where) kinds[k] = 'text';
  const dayOf = rowDay(def, r);
  if (dayOf !== undefined) kinds[dayOf.column] = 'number';
  const xs: number[] = [];
  readTable(path, kinds, (row) => {
    if (where.some(([k, v]) => row.text(k) !== v)) return;
    const days = t.scope.days;
    if (days !== undefined && dayOf !== undefined) {
      const d = dayOf.day(row.num(dayOf.column));
      if (d < days[0] || d > days[1]) return;
    }
    xs.push(row.num(t.column!));
  });
  return aggregate(t.aggregate!, xs);
}

/** How a table's row maps to a local day: its `day` or `cycle` column, or its bucket's start. */
function rowDay(def: TableDef, r: RunResult): { column: string; day: (x: number) => number } | undefined {
  if (def.columns.includes('day')) return { column: 'day', day: (x) => x };
  if (def.columns.includes('cycle')) return { column: 'cycle', day: (x) => x };
  if (def.columns.includes('bucket')) return { column: 'bucket', day: (x) => bucketDay(r, x) };
  return undefined;
}

export function aggregate(kind: NonNullable<CalibrationTarget['aggregate']>, xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  switch (kind) {
    case 'sum':
      return xs.reduce((a, b) => a + b, 0);
    case 'mean':
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'min':
      return xs.reduce((a, b) => Math.min(a, b));
    case 'max':
      return xs.reduce((a, b) => Math.max(a, b));
    case 'last':
      return xs.at(-1)!;
  }
}
