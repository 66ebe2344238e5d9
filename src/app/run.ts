import type { RunResult } from '../model/network.js';
import { draftManifest, type Manifest } from '../output/manifest.js';
import { writeParquetTables } from '../output/parquet.js';
import { writeAcceptance } from '../output/acceptance-csv.js';
import { writeAtm } from '../output/atm-csv.js';
import { writeChoice, writePlatforms } from '../output/platforms-csv.js';
import { writeFraud } from '../output/fraud-csv.js';
import { writeMarkets } from '../output/markets-csv.js';
import { writeAggregates, writeMoney } from '../output/records.js';
import { withDataPackage } from '../output/datapackage.js';
import { runSummary, writeSummary, type RunSummary } from '../output/summary.js';
import type { Scenario } from '../scenario/types.js';
import type { CalibrationRow } from '../output/calibration.js';
import { calibrationValues, checkCalibrationTargets, writeCalibrationTables } from './calibrate.js';
import type { StreamCounts } from './calibrate-stream.js';
import { runNetworkWithFiles } from './network-run.js';
import { stageReport } from './report.js';
import { simulateShards } from './shards.js';
import { writeStaged } from './staging.js';
import type { OutputRequest, SimulateOptions, StreamedFiles, Tick, Written } from './types.js';

/** One run into its run directory (the workers run the shards of a sharded scenario). */
export interface RunRequest extends OutputRequest, StreamedFiles {
  readonly scenario: Scenario;
  readonly seed: number;
  /**
   * Progress: simulated µs and events so far. A sharded run reports the mean simulated time of
   * its shards and the events of all shards.
   */
  readonly onTick?: Tick;
}

export interface RunOutcome {
  readonly result: RunResult;
  readonly manifest: Manifest;
  /** summary.json's content (what `sim run --json` prints). */
  readonly summary: RunSummary;
  /** The calibration targets measured (scenarios with targets): each target's value, and calibration.csv's rows. */
  readonly calibration?: { readonly values: number[]; readonly rows: CalibrationRow[] };
}

/**
 * `sim run`: runs a resolved scenario and writes its run directory: the CSV tables,
 * datapackage.json (their Table Schemas), summary.json (the headline figures) and manifest.json. A scenario with `shards: K > 1` runs its shards on worker threads and merges
 * them; the files do not depend on the number of workers.
 */
export async function executeRun(req: RunRequest): Promise<RunOutcome> {
  const sc = req.scenario;
  const ledger = req.ledger === true;
  checkCalibrationTargets(sc);
  const { value, manifest } = await writeStaged(req.outDir, req.force, async (dir) => {
    const written: Written[] = [];
    const streamed: { counts?: StreamCounts } = {};
    const r = await simulate(sc, req.seed, {
      calibration: streamed,
      dir,
      written,
      transactions: req.transactions,
      ledger,
      ...(req.workers !== undefined ? { workers: req.workers } : {}),
      ...(req.onTick !== undefined ? { onTick: req.onTick } : {}),
      ...(req.submit !== undefined ? { submit: req.submit } : {}),
    });
    const parquet = req.parquet ?? [];
    const options = {
      durationUs: sc.durationUs,
      transactions: req.transactions,
      ledger: ledger && sc.money !== undefined,
      ...(parquet.length > 0 ? { parquet } : {}),
      ...(req.report === true ? { report: true } : {}),
    };
    const draft = draftManifest(sc, req.seed, options, runCounts(r));
    const summary = runSummary(r, draft);
    const csv = [...writeAggregates(r, dir), ...writeMoney(r, dir), ...writePlatforms(r, dir), ...writeChoice(r, dir), ...writeAcceptance(r, dir), ...writeAtm(r, dir), ...writeFraud(r, dir), ...writeMarkets(r, dir), ...written];
    const calibration = calibrate(sc, r, streamed.counts, dir);
    if (calibration !== undefined) csv.push(...calibration.written);
    // The report reads the CSV tables, so it is drawn before any of them become Parquet.
    const report = req.report === true ? [await stageReport(dir, draft)] : [];
    const tables = await writeParquetTables(dir, csv, parquet);
    const files = [...withDataPackage(dir, sc.name, 'run', tables), writeSummary(dir, summary), ...report];
    return { value: { result: r, summary, ...(calibration !== undefined ? { calibration: { values: calibration.values, rows: calibration.rows } } : {}) }, manifest: draft, files };
  });
  return { ...value, manifest };
}

/** The run's calibration: its values and calibration.csv with calibration-nrmse.csv written (undefined without targets). */
function calibrate(sc: Scenario, r: RunResult, counts: StreamCounts | undefined, dir: string): { values: number[]; rows: CalibrationRow[]; written: Written[] } | undefined {
  if (sc.calibration === undefined) return undefined;
  const values = calibrationValues(sc, r, counts, dir);
  return { values, ...writeCalibrationTables(dir, sc, [values]) };
}

/** The counts of a run that its manifest records. */
export function runCounts(r: RunResult): Pick<Manifest, 'cards' | 'terminals' | 'merchants' | 'events' | 'transactions'> {
  return { cards: r.cards, terminals: r.terminals, merchants: r.merchants, events: r.events, transactions: r.transactions };
}

/**
 * Simulates a resolved scenario and returns its result: in this thread for one shard, on the
 * workers (merged in shard order) for several. The per-purchase files are streamed into `dir`.
 */
export async function simulate(sc: Scenario, seed: number, o: SimulateOptions = {}): Promise<RunResult> {
  const written = o.written ?? [];
  const ledger = o.ledger === true && sc.money !== undefined;
  if (sc.shards > 1) return simulateShards(sc, seed, o, ledger, written);
  const run = runNetworkWithFiles(
    sc,
    { seed, onTick: o.onTick, ...(o.feeModels !== undefined ? { feeModels: o.feeModels } : {}) },
    { dir: o.dir, transactions: o.transactions === true, ledger },
  );
  if (run.transactions !== undefined) written.push(run.transactions);
  if (run.ledger !== undefined) written.push(run.ledger);
  if (o.calibration !== undefined && run.calibration !== undefined) o.calibration.counts = run.calibration;
  return run.result;
}
