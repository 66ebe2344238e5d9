import type { RunResult } from '../model/network.js';
import type { ShardTables } from '../model/merge.js';
import { shardKey, shardScenario } from '../model/shard.js';
import type { Scenario } from '../scenario/types.js';
import { bookSnapshotBuffers } from '../economics/settlement.js';
import { compareSnapshotBuffers } from '../economics/compare.js';
import type { FeeModel } from '../economics/index.js';
import type { JobResult } from '../parallel/pool.js';
import { runNetworkWithFiles } from './network-run.js';
import type { StreamCounts } from './calibrate-stream.js';
import type { Tick, Written } from './types.js';

/**
 * One shard of one run, as sent to a worker: plain data only. The resolved scenario travels
 * whole (structured-clone data), so a scenario parsed from text or changed by overrides runs on
 * the workers exactly as it runs in this thread, with no file to read again.
 */
export interface ShardJob {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly index: number;
  readonly count: number;
  /** Directory for this shard's part files (transactions, ledger), or undefined for none. */
  readonly partsDir?: string;
  readonly transactions: boolean;
  readonly ledger: boolean;
  /** Fee models pricing side by side (plain data, cloned to the worker); default the scenario's. */
  readonly feeModels?: readonly FeeModel[];
}

/** A shard job as the pool carries it: tagged with its kind for the worker's dispatch. */
export interface ShardEnvelope {
  readonly kind: 'shard';
  readonly job: ShardJob;
}

/** What a shard sends back: its tables, its books as snapshots and the names of its part files. */
export interface ShardPayload {
  readonly tables: ShardTables;
  readonly money?: {
    readonly books: readonly unknown[];
    readonly compare: unknown;
    readonly feeModelNames: readonly string[];
    readonly cleared: number;
    readonly chargebacks: number;
  };
  readonly parts: { readonly transactions?: Written; readonly ledger?: Written };
  /** The shard's calibration counts (scenarios with calibration targets). */
  readonly calibration?: StreamCounts;
}

export function partName(kind: 'transactions' | 'ledger', index: number): string {
  return `.${kind}.part-${String(index).padStart(4, '0')}.csv`;
}

/**
 * Runs one shard: cuts the job's scenario to the shard and runs it. Part files are written with
 * their own header, which the merge drops for every part but the first.
 */
export function runShardJob(job: ShardJob, onTick?: Tick): JobResult<ShardPayload> {
  const shard = shardKey(job.seed, job.index, job.count);
  const sc = shardScenario(job.scenario, shard);
  const { result, calibration, ...parts } = runNetworkWithFiles(
    sc,
    { seed: job.seed, shard, onTick, ...(job.feeModels !== undefined ? { feeModels: job.feeModels } : {}) },
    {
      dir: job.partsDir,
      transactions: job.transactions,
      ledger: job.ledger,
      names: { transactions: partName('transactions', job.index), ledger: partName('ledger', job.index) },
    },
  );
  const packed = packShard(result, parts);
  return calibration === undefined ? packed : { ...packed, result: { ...packed.result, calibration } };
}

/** The shard's result as plain data, with the buffers of its tables and books to transfer. */
function packShard(r: RunResult, parts: ShardPayload['parts']): JobResult<ShardPayload> {
  const { scenario: _s, clearing: _c, money, ...tables } = r;
  void _s;
  void _c;
  const transfer: ArrayBuffer[] = [];
  const h = tables.bucketHistograms;
  for (const a of [tables.throughput, tables.nodes, tables.declines, tables.wallet, tables.latencyHistogram, tables.secondCounts, h?.offsets, h?.bins, h?.counts]) {
    if (a !== undefined) transfer.push(a.buffer as ArrayBuffer);
  }
  let moneyOut: ShardPayload['money'];
  if (money !== undefined) {
    const books = money.books.map((b) => b.snapshot());
    const compare = money.compare.snapshot();
    for (const b of books) transfer.push(...bookSnapshotBuffers(b));
    transfer.push(...compareSnapshotBuffers(compare));
    moneyOut = { books, compare, feeModelNames: money.feeModelNames, cleared: money.cleared, chargebacks: money.chargebacks };
  }
  return { result: { tables, ...(moneyOut !== undefined ? { money: moneyOut } : {}), parts }, transfer };
}
