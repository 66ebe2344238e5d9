import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CompareAccumulator, type CompareSnapshot } from './economics/compare.js';
import { SettlementBook, type BookSnapshot } from './economics/settlement.js';
import { bookOptions, cycleBase } from './model/clearing.js';
import { mergeShards } from './model/merge.js';
import { Network, type MoneyResult, type RunResult } from './model/network.js';
import { MANIFEST, makeManifest, writeManifest, type Manifest } from './output/manifest.js';
import { FILES, LedgerWriter, MONEY_FILES, TransactionWriter, writeAggregates, writeMoney } from './output/records.js';
import { StagedDir, digestFile } from './output/run-dir.js';
import { defaultWorkers, runJobs } from './parallel/pool.js';
import type { ShardJob, ShardPayload } from './parallel/shard-job.js';
import type { Scenario } from './scenario/types.js';
import type { FeeModel } from './economics/index.js';

export interface RunRequest {
  readonly scenario: Scenario;
  readonly seed: number;
  /** The run directory; written in a temporary sibling and moved into place when complete. */
  readonly outDir: string;
  readonly force: boolean;
  /** Also write transactions.csv, one row per purchase. */
  readonly transactions: boolean;
  /** Also write ledger.csv, every posting (scenarios with fees only). */
  readonly ledger?: boolean;
  /** Worker threads for the shards of a sharded scenario (default: the number of cores). */
  readonly workers?: number;
  /** Progress: simulated µs and events so far (unsharded runs). */
  readonly onTick?: (nowUs: number, events: number) => void;
}

export interface RunOutcome {
  readonly result: RunResult;
  readonly manifest: Manifest;
}

/**
 * Runs a resolved scenario and writes its run directory: the CSV tables and manifest.json.
 * The application layer between the CLI and the model; it reads the wall clock only to report
 * how long the run took (never inside the simulation). A scenario with `shards: K > 1` runs its
 * shards on worker threads and merges them; the files do not depend on the number of workers.
 */
export async function executeRun(req: RunRequest): Promise<RunOutcome> {
  const sc = req.scenario;
  const staged = new StagedDir(req.outDir, req.force);
  try {
    const t0 = performance.now();
    const written: { file: string; rows: number }[] = [];
    const result = await simulate(sc, req.seed, {
      dir: staged.temp,
      written,
      transactions: req.transactions,
      ledger: req.ledger === true,
      ...(req.workers !== undefined ? { workers: req.workers } : {}),
      ...(req.onTick !== undefined ? { onTick: req.onTick } : {}),
    });
    const tables = [...writeAggregates(result, staged.temp), ...writeMoney(result, staged.temp)];
    const files = [...tables, ...written].map((w) => digestFile(staged.temp, w.file, w.rows));
    const manifest = makeManifest(
      sc,
      req.seed,
      { durationUs: sc.durationUs, transactions: req.transactions, ledger: req.ledger === true && sc.money !== undefined },
      {
        cards: result.cards,
        terminals: result.terminals,
        merchants: result.merchants,
        events: result.events,
        transactions: result.transactions,
        wallSeconds: Math.round((performance.now() - t0) / 10) / 100,
      },
      files,
    );
    writeManifest(staged.temp, manifest);
    staged.commit();
    return { result, manifest };
  } catch (e) {
    staged.abandon();
    throw e;
  }
}

export interface SimulateOptions {
  /** Where transactions.csv and ledger.csv go (when asked for); their names are added to `written`. */
  readonly dir?: string;
  readonly written?: { file: string; rows: number }[];
  readonly transactions?: boolean;
  readonly ledger?: boolean;
  readonly workers?: number;
  readonly onTick?: (nowUs: number, events: number) => void;
  /** Fee models pricing the purchases side by side (`sim compare`); default: the scenario's. */
  readonly feeModels?: readonly FeeModel[];
}

/**
 * Simulates a resolved scenario and returns its result: in this thread for one shard, on the
 * workers (merged in shard order) for several. The per-purchase files are streamed into `dir`.
 */
export async function simulate(sc: Scenario, seed: number, o: SimulateOptions = {}): Promise<RunResult> {
  const written = o.written ?? [];
  const ledger = o.ledger === true && sc.money !== undefined;
  if (sc.shards > 1) return runSharded(sc, seed, o, ledger, written);
  const tx = o.transactions === true && o.dir !== undefined ? new TransactionWriter(sc, o.dir) : undefined;
  const lw = ledger && o.dir !== undefined ? new LedgerWriter(sc, o.dir) : undefined;
  const net = new Network(sc, {
    seed,
    onTransaction: tx?.write,
    onTick: o.onTick,
    onPosting: lw?.write,
    ...(o.feeModels !== undefined ? { feeModels: o.feeModels } : {}),
  });
  const book = net.clearing?.books[0];
  if (lw !== undefined && book !== undefined) lw.attach(book.ledger);
  const result = net.run();
  if (tx !== undefined) written.push(tx.close());
  if (lw !== undefined) written.push(lw.close());
  return result;
}

/** Runs the shards of a run on workers and merges them; part files are joined in shard order. */
async function runSharded(sc: Scenario, seed: number, o: SimulateOptions, ledger: boolean, written: { file: string; rows: number }[]): Promise<RunResult> {
  const jobs: ShardJob[] = Array.from({ length: sc.shards }, (_, index) => ({
    scenarioPath: sc.path,
    overrides: { seed, durationUs: sc.durationUs },
    seed,
    index,
    count: sc.shards,
    ...(o.dir !== undefined ? { partsDir: o.dir } : {}),
    transactions: o.transactions === true,
    ledger,
    ...(o.feeModels !== undefined ? { feeModels: o.feeModels } : {}),
  }));
  // Progress: the slowest shard's simulated time (all shards cover the same period).
  const nowUs = new Float64Array(sc.shards);
  const events = new Float64Array(sc.shards);
  const tick = o.onTick;
  const payloads = await runJobs(
    jobs,
    o.workers ?? defaultWorkers(),
    tick === undefined
      ? undefined
      : (k, t, e) => {
          nowUs[k] = t;
          events[k] = e;
          let total = 0;
          for (const x of events) total += x;
          // Shards run one after another on one worker: count finished ones as done.
          tick(nowUs.reduce((a, x) => a + x, 0) / sc.shards, total);
        },
  );
  let money: MoneyResult | undefined;
  const m0 = payloads[0]!.money;
  if (sc.money !== undefined && m0 !== undefined) {
    const opts = bookOptions(sc, sc.money);
    const books = m0.books.map((_, k) => SettlementBook.fromSnapshots(opts, payloads.map((p) => p.money!.books[k] as BookSnapshot)));
    for (const b of books) b.verify();
    const models = o.feeModels ?? [sc.money.feeModel];
    const compare = CompareAccumulator.fromSnapshots(
      models.map((m) => ({ name: m.name, avoidedCostOfCashPpm: m.avoidedCostOfCashPpm })),
      payloads.map((p) => p.money!.compare as CompareSnapshot),
    );
    money = {
      books,
      compare,
      feeModelNames: m0.feeModelNames,
      cleared: payloads.reduce((a, p) => a + p.money!.cleared, 0),
      chargebacks: payloads.reduce((a, p) => a + p.money!.chargebacks, 0),
      cycleBase: cycleBase(sc, sc.money),
    };
  }
  const dir = o.dir;
  if (o.transactions === true && dir !== undefined) written.push(joinParts(dir, FILES.transactions, payloads.map((p) => p.parts.transactions!)));
  if (ledger && dir !== undefined) written.push(joinParts(dir, MONEY_FILES.ledger, payloads.map((p) => p.parts.ledger!)));
  return mergeShards(sc, seed, payloads.map((p: ShardPayload) => p.tables), money);
}

/** Joins part files (each with its header) into one file with a single header, then deletes them. */
function joinParts(dir: string, name: string, parts: readonly { file: string; rows: number }[]): { file: string; rows: number } {
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

export { MANIFEST };
