import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Network, type RunResult } from './model/network.js';
import { MANIFEST, writeManifest, type Manifest } from './output/manifest.js';
import { LedgerWriter, TransactionWriter, writeAggregates, writeMoney } from './output/records.js';
import { StagedDir, digestFile } from './output/run-dir.js';
import { Clock } from './output/time-format.js';
import type { Scenario } from './scenario/types.js';
import { packageVersion } from './version.js';

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
  /** Progress: simulated µs and events so far. */
  readonly onTick?: (nowUs: number, events: number) => void;
}

export interface RunOutcome {
  readonly result: RunResult;
  readonly manifest: Manifest;
}

/**
 * Runs a resolved scenario and writes its run directory: the CSV tables and manifest.json.
 * The application layer between the CLI and the model; it reads the wall clock only to report
 * how long the run took (never inside the simulation).
 */
export function executeRun(req: RunRequest): RunOutcome {
  const sc = req.scenario;
  const staged = new StagedDir(req.outDir, req.force);
  try {
    const t0 = performance.now();
    const tx = req.transactions ? new TransactionWriter(sc, staged.temp) : undefined;
    const lw = req.ledger === true && sc.money !== undefined ? new LedgerWriter(sc, staged.temp) : undefined;
    const net = new Network(sc, { seed: req.seed, onTransaction: tx?.write, onTick: req.onTick, onPosting: lw?.write });
    const book = net.clearing?.books[0];
    if (lw !== undefined && book !== undefined) lw.attach(book.ledger);
    const result = net.run();
    const written = writeAggregates(result, staged.temp);
    written.push(...writeMoney(result, staged.temp));
    if (tx !== undefined) written.push(tx.close());
    if (lw !== undefined) written.push(lw.close());
    const files = written.map((w) => digestFile(staged.temp, w.file, w.rows));
    const clock = new Clock(sc.start);
    const manifest: Manifest = {
      tool: 'quartet',
      version: packageVersion(),
      scenario: { name: sc.name, path: relative(process.cwd(), sc.path) || sc.path, absolutePath: sc.path, sha256: sc.sha256 },
      seed: req.seed,
      options: { durationUs: sc.durationUs, transactions: req.transactions, ledger: lw !== undefined },
      simulated: { start: clock.iso(0), end: clock.iso(sc.durationUs), durationUs: sc.durationUs },
      cards: result.cards,
      terminals: result.terminals,
      merchants: result.merchants,
      events: result.events,
      transactions: result.transactions,
      wallSeconds: Math.round((performance.now() - t0) / 10) / 100,
      files,
    };
    writeManifest(staged.temp, manifest);
    staged.commit();
    return { result, manifest };
  } catch (e) {
    staged.abandon();
    throw e;
  }
}

export { MANIFEST };
