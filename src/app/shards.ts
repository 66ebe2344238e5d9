import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CompareAccumulator, type CompareSnapshot } from '../economics/compare.js';
import { SettlementBook, type BookSnapshot } from '../economics/settlement.js';
import { bookOptions, cycleBase } from '../model/clearing.js';
import { mergeShards } from '../model/merge.js';
import type { MoneyResult, RunResult } from '../model/network.js';
import { FILES, MONEY_FILES } from '../output/records.js';
import { defaultWorkers, runJobs, type PoolOptions } from '../parallel/pool.js';
import type { Scenario } from '../scenario/types.js';
import { mergeStreamCounts } from './calibrate-stream.js';
import { runShardJob, type ShardEnvelope, type ShardPayload } from './shard-job.js';
import type { SimulateOptions, Tick, Written } from './types.js';
import { appWorkerModule } from './worker-module.js';

/**
 * Runs the shards of a run on the workers and merges them in shard order: the tables, the books
 * and the part files (joined into transactions.csv and ledger.csv, whose names go to `written`).
 */
export async function simulateShards(sc: Scenario, seed: number, o: SimulateOptions, ledger: boolean, written: Written[]): Promise<RunResult> {
  const jobs: ShardEnvelope[] = Array.from({ length: sc.shards }, (_, index) => ({
    kind: 'shard',
    job: {
      scenario: sc,
      seed,
      index,
      count: sc.shards,
      ...(o.dir !== undefined ? { partsDir: o.dir } : {}),
      transactions: o.transactions === true,
      ledger,
      ...(o.feeModels !== undefined ? { feeModels: o.feeModels } : {}),
    },
  }));
  const payloads = await (o.submit ?? runJobs)<ShardEnvelope, ShardPayload>(jobs, {
    workers: o.workers ?? defaultWorkers(),
    workerModule: appWorkerModule(),
    runHere: (e, progress) => runShardJob(e.job, progress),
    ...(o.onTick !== undefined ? shardProgress(sc, o.onTick) : {}),
  });
  const money = sc.money !== undefined ? mergeMoney(sc, payloads, o) : undefined;
  const dir = o.dir;
  if (o.transactions === true && dir !== undefined) written.push(joinParts(dir, FILES.transactions, payloads.map((p) => p.parts.transactions!)));
  if (ledger && dir !== undefined) written.push(joinParts(dir, MONEY_FILES.ledger, payloads.map((p) => p.parts.ledger!)));
  const streamed = payloads.flatMap((p) => (p.calibration !== undefined ? [p.calibration] : []));
  if (o.calibration !== undefined && streamed.length > 0) o.calibration.counts = mergeStreamCounts(streamed);
  return mergeShards(sc, seed, payloads.map((p) => p.tables), money);
}

/**
 * Progress of a sharded run from its shards' reports: the mean of the shards' simulated times
 * and the counts of all shards summed (events, purchases, approved, decided). A shard not
 * started yet counts as at 0; a finished one as at the end, with its final counts. All shards
 * cover the same period, so the mean reaches the end when the last shard finishes.
 */
function shardProgress(sc: Scenario, tick: Tick): Pick<PoolOptions<ShardEnvelope, ShardPayload>, 'onProgress' | 'onResult'> {
  const nowUs = new Float64Array(sc.shards);
  const counts = Array.from({ length: 4 }, () => new Float64Array(sc.shards));
  const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);
  const report = (k: number, t: number, ...n: number[]): void => {
    nowUs[k] = t;
    counts.forEach((c, i) => (c[k] = n[i] ?? c[k]!));
    tick(sum(nowUs) / sc.shards, sum(counts[0]!), sum(counts[1]!), sum(counts[2]!), sum(counts[3]!));
  };
  return { onProgress: report, onResult: (k, p) => report(k, sc.durationUs, p.tables.events, p.tables.transactions) };
}

/** Rebuilds the run's books and fee comparison from the shards' snapshots (in shard order). */
function mergeMoney(sc: Scenario, payloads: readonly ShardPayload[], o: SimulateOptions): MoneyResult | undefined {
  const spec = sc.money;
  const m0 = payloads[0]!.money;
  if (spec === undefined || m0 === undefined) return undefined;
  const opts = bookOptions(sc, spec);
  const books = m0.books.map((_, k) => SettlementBook.fromSnapshots(opts, payloads.map((p) => p.money!.books[k] as BookSnapshot)));
  for (const b of books) b.verify();
  const models = o.feeModels ?? [spec.feeModel];
  const compare = CompareAccumulator.fromSnapshots(
    models.map((m) => ({ name: m.name, avoidedCostOfCashPpm: m.avoidedCostOfCashPpm })),
    payloads.map((p) => p.money!.compare as CompareSnapshot),
  );
  return {
    books,
    compare,
    feeModelNames: m0.feeModelNames,
    cleared: payloads.reduce((a, p) => a + p.money!.cleared, 0),
    chargebacks: payloads.reduce((a, p) => a + p.money!.chargebacks, 0),
    cycleBase: cycleBase(sc, spec),
  };
}

/** Joins part files (each with its header) into one file with a single header, then deletes them. */
function joinParts(dir: string, name: string, parts: readonly Written[]): Written {
  const fd = openSync(join(dir, name), 'wx');
  let rows = 0;
  try {
    parts.forEach((p, i) => {
      const text = readFileSync(join(dir, p.file));
      const start = i === 0 ? 0 : text.indexOf(0x0a) + 1;
      writeSync(fd, text, start, text.length - start);
      rows += p.rows;
      rmSync(join(dir, p.file));
    });
  } finally {
    closeSync(fd);
  }
  return { file: name, rows };
}
