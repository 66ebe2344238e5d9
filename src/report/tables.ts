/**
 * The run directory's tables as the report needs them, each read in one streamed pass and
 * aggregated as it goes. A table that is absent is undefined; a damaged one is a ReportInputError
 * naming its file and line.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readTable, streamRecords, ReportInputError, type ColumnKind, type TypedRow } from './csv-read.js';
import { readSweep, type SweepTable } from './sweep-table.js';
import type { MetricStats, OutcomeCounts } from '../output/summary.js';

/** transactions.csv above this size is not read for channel shares (the page says so). */
export const TRANSACTIONS_MAX_BYTES = 256 * 2 ** 20;

/** Buckets merged so that the host heatmap has at most this many columns. */
const HEATMAP_COLUMNS = 240;

/**
 * Local wall time of an ISO 8601 time with offset, as milliseconds of a UTC clock showing it
 * (2018-12-20T18:00:00.000+03:00 -> Date.UTC(2018, 11, 20, 18)): the charts use UTC scales, so
 * they show the scenario's local time whatever the time zone of the machine.
 */
export function localMs(iso: string, where: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?)?/.exec(iso);
  if (m === null) throw new ReportInputError(`${where}: expected a time such as 2018-12-20T18:00:00.000+03:00, got '${iso}'`);
  const n = (s: string | undefined): number => (s === undefined ? 0 : Number(s));
  return Date.UTC(n(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), n((m[7] ?? '').padEnd(3, '0')));
}

export interface ThroughputRow extends OutcomeCounts {
  readonly t: number;
  readonly approvalRate: number;
  readonly meanTps: number;
  readonly peakTps: number;
  readonly latencyMeanMs: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly tokenPurchases: number;
  readonly tokensActive: number;
  readonly valueApproved: number;
  readonly currency: string;
}

const THROUGHPUT: Record<string, ColumnKind> = {
  start: 'text', attempts: 'number', approved: 'number', declined: 'number', timed_out: 'number', stand_in: 'number', reversals: 'number',
  approval_rate: 'number', mean_tps: 'number', peak_tps: 'number', latency_mean_ms: 'number', latency_p50_ms: 'number', latency_p95_ms: 'number',
  latency_p99_ms: 'number', token_purchases: 'number', tokens_active: 'number', value_approved: 'number', currency: 'text',
};

function whereOf(path: string, r: TypedRow): string {
  return `${path}:${r.line}`;
}

export function readThroughput(path: string): ThroughputRow[] {
  const out: ThroughputRow[] = [];
  readTable(path, THROUGHPUT, (r) => {
    out.push({
      t: localMs(r.text('start'), whereOf(path, r)),
      attempts: r.num('attempts'), approved: r.num('approved'), declined: r.num('declined'), timedOut: r.num('timed_out'), standIn: r.num('stand_in'),
      reversals: r.num('reversals'), approvalRate: r.num('approval_rate'), meanTps: r.num('mean_tps'), peakTps: r.num('peak_tps'),
      latencyMeanMs: r.num('latency_mean_ms'), p50: r.num('latency_p50_ms'), p95: r.num('latency_p95_ms'), p99: r.num('latency_p99_ms'),
      tokenPurchases: r.num('token_purchases'), tokensActive: r.num('tokens_active'), valueApproved: r.num('value_approved'), currency: r.text('currency'),
    });
  });
  return out;
}

/** Declines summed over the run per response code. */
export interface DeclineTotal {
  readonly code: string;
  readonly meaning: string;
  readonly count: number;
}

export function readDeclines(path: string): DeclineTotal[] {
  const totals = new Map<string, DeclineTotal>();
  readTable(path, { response_code: 'text', meaning: 'text', count: 'number' }, (r) => {
    const code = r.text('response_code');
    const prev = totals.get(code);
    totals.set(code, { code, meaning: r.text('meaning'), count: (prev?.count ?? 0) + r.num('count') });
  });
  return [...totals.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Per host: mean utilization per (merged) time column, and the arrival-weighted mean wait. */
export interface HostData {
  readonly cells: { readonly host: string; readonly t: number; readonly utilization: number }[];
  readonly hosts: { readonly host: string; readonly role: string; readonly meanWaitMs: number; readonly utilization: number; readonly arrivals: number }[];
  /** Buckets merged into one heatmap column (1 when there are few buckets). */
  readonly merged: number;
}

export function readNodes(path: string, buckets: number): HostData {
  const merged = Math.max(1, Math.ceil(buckets / HEATMAP_COLUMNS));
  const cells = new Map<string, { host: string; t: number; sum: number; n: number }>();
  const hosts = new Map<string, { host: string; role: string; waitSum: number; arrivals: number; utilSum: number; n: number }>();
  readTable(path, { bucket: 'number', start: 'text', host: 'text', role: 'text', arrivals: 'number', utilization: 'number', mean_wait_ms: 'number' }, (r) => {
    const host = r.text('host');
    const column = Math.floor(r.num('bucket') / merged);
    const key = `${column}\u0000${host}`;
    let c = cells.get(key);
    if (c === undefined) cells.set(key, (c = { host, t: localMs(r.text('start'), whereOf(path, r)), sum: 0, n: 0 }));
    c.sum += r.num('utilization');
    c.n++;
    let h = hosts.get(host);
    if (h === undefined) hosts.set(host, (h = { host, role: r.text('role'), waitSum: 0, arrivals: 0, utilSum: 0, n: 0 }));
    h.waitSum += r.num('mean_wait_ms') * r.num('arrivals');
    h.arrivals += r.num('arrivals');
    h.utilSum += r.num('utilization');
    h.n++;
  });
  return {
    cells: [...cells.values()].map((c) => ({ host: c.host, t: c.t, utilization: c.sum / c.n })),
    hosts: [...hosts.values()].map((h) => ({ host: h.host, role: h.role, meanWaitMs: h.arrivals > 0 ? h.waitSum / h.arrivals : 0, utilization: h.utilSum / h.n, arrivals: h.arrivals })),
    merged,
  };
}

export interface WalletRow {
  readonly t: number;
  readonly provisioned: number;
  readonly failures: number;
  readonly stepUps: number;
  readonly tokensActive: number;
  readonly tokenPurchases: number;
}

export function readWallet(path: string): WalletRow[] {
  const out: WalletRow[] = [];
  readTable(path, { date: 'text', provisioned: 'number', failures: 'number', step_ups: 'number', tokens_active: 'number', token_purchases: 'number' }, (r) => {
    out.push({
      t: localMs(r.text('date'), whereOf(path, r)), provisioned: r.num('provisioned'), failures: r.num('failures'), stepUps: r.num('step_ups'),
      tokensActive: r.num('tokens_active'), tokenPurchases: r.num('token_purchases'),
    });
  });
  return out;
}

/** Purchases per channel from transactions.csv, or why they were not counted. */
export type ChannelShares =
  | { readonly kind: 'counted'; readonly channels: { readonly channel: string; readonly purchases: number; readonly approved: number }[] }
  | { readonly kind: 'skipped'; readonly bytes: number };

export function readChannels(path: string, maxBytes: number = TRANSACTIONS_MAX_BYTES): ChannelShares {
  const bytes = statSync(path).size;
  if (bytes > maxBytes) return { kind: 'skipped', bytes };
  const counts = new Map<string, { channel: string; purchases: number; approved: number }>();
  readTable(path, { channel: 'text', outcome: 'text' }, (r) => {
    const channel = r.text('channel');
    let c = counts.get(channel);
    if (c === undefined) counts.set(channel, (c = { channel, purchases: 0, approved: 0 }));
    c.purchases++;
    if (r.text('outcome') === 'approved') c.approved++;
  });
  return { kind: 'counted', channels: [...counts.values()].sort((a, b) => b.purchases - a.purchases || (a.channel < b.channel ? -1 : 1)) };
}

/** Fees summed over the run per currency, paying participant type and fee type. */
export interface FeeTotal {
  readonly currency: string;
  readonly participantType: string;
  readonly feeType: string;
  readonly fee: number;
}

export function readFees(path: string): FeeTotal[] {
  return sumBy(path, ['currency', 'participant_type', 'fee_type'], 'fee').map(([[currency, participantType, feeType], fee]) => ({ currency: currency!, participantType: participantType!, feeType: feeType!, fee }));
}

/** Net positions per cycle, currency and participant type (the participants of a type summed). */
export interface SettlementTotal {
  readonly cycleDate: string;
  readonly currency: string;
  readonly participantType: string;
  readonly net: number;
}

export function readSettlement(path: string): SettlementTotal[] {
  return sumBy(path, ['cycle_date', 'currency', 'participant_type'], 'net_position').map(([[cycleDate, currency, participantType], net]) => ({ cycleDate: cycleDate!, currency: currency!, participantType: participantType!, net }));
}

/** Sums the number column `value` of a CSV by the text columns `keys`: groups in first-seen order, sums rounded to 2 places. */
function sumBy(path: string, keys: readonly string[], value: string): [string[], number][] {
  const columns: Record<string, ColumnKind> = { [value]: 'number' };
  for (const k of keys) columns[k] = 'text';
  const groups = new Map<string, [string[], number]>();
  readTable(path, columns, (r) => {
    const ks = keys.map((k) => r.text(k));
    const id = ks.join('\u0000');
    const g = groups.get(id);
    if (g === undefined) groups.set(id, [ks, r.num(value)]);
    else g[1] += r.num(value);
  });
  return [...groups.values()].map(([ks, sum]) => [ks, round2(sum)]);
}

export interface CompareRow {
  readonly model: string;
  readonly metric: string;
  readonly participantType: string;
  readonly channel: string;
  readonly value: number | null;
}

export function readCompare(path: string): CompareRow[] {
  const out: CompareRow[] = [];
  readTable(path, { model: 'text', metric: 'text', participant_type: 'text', channel: 'text', value: 'text' }, (r) => {
    const v = r.text('value');
    out.push({ model: r.text('model'), metric: r.text('metric'), participantType: r.text('participant_type'), channel: r.text('channel'), value: v === '' ? null : r.num('value') });
  });
  return out;
}

/** A row of replications.csv. */
export type ReplicationRow = MetricStats;

export function readReplications(path: string): ReplicationRow[] {
  const out: ReplicationRow[] = [];
  readTable(path, { metric: 'text', replications: 'number', mean: 'number', sd: 'number', ci95_low: 'number', ci95_high: 'number' }, (r) => {
    out.push({ metric: r.text('metric'), n: r.num('replications'), mean: r.num('mean'), sd: r.num('sd'), low: r.num('ci95_low'), high: r.num('ci95_high') });
  });
  return out;
}

export interface ReplicationValue {
  readonly seed: number;
  readonly metric: string;
  readonly value: number;
}

export function readReplicationValues(path: string): ReplicationValue[] {
  const out: ReplicationValue[] = [];
  readTable(path, { seed: 'number', metric: 'text', value: 'number' }, (r) => out.push({ seed: r.num('seed'), metric: r.text('metric'), value: r.num('value') }));
  return out;
}

/** A table shown as it is (calibration.csv): its header and at most `maxRows` rows. */
export interface PlainTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly total: number;
}

export function readPlain(path: string, maxRows: number): PlainTable {
  let header: string[] | undefined;
  const rows: string[][] = [];
  let total = 0;
  streamRecords(path, (cells, line) => {
    if (header === undefined) {
      header = cells;
      return;
    }
    if (cells.length !== header.length) throw new ReportInputError(`${path}:${line}: expected ${header.length} fields as in the header, found ${cells.length}`);
    total++;
    if (rows.length < maxRows) rows.push(cells);
  });
  if (header === undefined) throw new ReportInputError(`${path}:1: the file is empty; expected a header row`);
  return { header, rows, total };
}

/** Everything the report shows, each table present when its file is. */
export interface RunTables {
  readonly throughput?: ThroughputRow[];
  readonly declines?: DeclineTotal[];
  readonly nodes?: HostData;
  readonly wallet?: WalletRow[];
  readonly channels?: ChannelShares;
  readonly fees?: FeeTotal[];
  readonly settlement?: SettlementTotal[];
  readonly compare?: CompareRow[];
  readonly replications?: ReplicationRow[];
  readonly replicationValues?: ReplicationValue[];
  readonly calibration?: PlainTable;
  readonly sweep?: SweepTable;
}

/** Reads every table of `dir` that the report knows and that is there. */
export function readRunTables(dir: string): RunTables {
  const file = (name: string): string | undefined => {
    const p = join(dir, name);
    return existsSync(p) && statSync(p).isFile() ? p : undefined;
  };
  const read = <T>(name: string, f: (p: string) => T): T | undefined => {
    const p = file(name);
    return p === undefined ? undefined : f(p);
  };
  const throughput = read('throughput.csv', readThroughput);
  return {
    ...opt('throughput', throughput),
    ...opt('declines', read('declines.csv', readDeclines)),
    ...opt('nodes', read('nodes.csv', (p) => readNodes(p, throughput?.length ?? 0))),
    ...opt('wallet', read('wallet.csv', readWallet)),
    ...opt('channels', read('transactions.csv', (p) => readChannels(p))),
    ...opt('fees', read('fees.csv', readFees)),
    ...opt('settlement', read('settlement.csv', readSettlement)),
    ...opt('compare', read('compare.csv', readCompare)),
    ...opt('replications', read('replications.csv', readReplications)),
    ...opt('replicationValues', read('replication-values.csv', readReplicationValues)),
    ...opt('calibration', read('calibration.csv', (p) => readPlain(p, 200))),
    ...opt('sweep', read('sweep.csv', readSweep)),
  };
}

function opt<K extends string, T>(key: K, v: T | undefined): { [k in K]?: T } {
  return (v === undefined ? {} : { [key]: v }) as { [k in K]?: T };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
