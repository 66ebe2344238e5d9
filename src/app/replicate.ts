import { join } from 'node:path';
import { CsvFile, fixed } from '../output/csv.js';
import { scenarioRef, withOverrides, type ManifestDraft } from '../output/manifest.js';
import { REPLICATIONS_COLUMNS, REPLICATIONS_FILE, REPLICATION_VALUES_COLUMNS, REPLICATION_VALUES_FILE } from '../output/datapackage-tables.js';
import { withDataPackage } from '../output/datapackage.js';
import { replicationsSummary, writeSummary, type ReplicationsSummary } from '../output/summary.js';
import { packageVersion } from '../version.js';
import { defaultWorkers, runJobs } from '../parallel/pool.js';
import type { Scenario } from '../scenario/types.js';
import type { CalibrationRow } from '../output/calibration.js';
import { checkCalibrationTargets, writeCalibrationTables } from './calibrate.js';
import { summarize, type Headline, type Summary } from './headline.js';
import { stageReport } from './report.js';
import { runReplicationJob, type ReplicationEnvelope, type ReplicationOut } from './replication-job.js';
import { writeStaged } from './staging.js';
import type { OutputRequest, SeedsRequest, StreamedFiles, Written } from './types.js';
import { appWorkerModule } from './worker-module.js';

/** R seeds of a scenario, each into seed-<s>/ with the files `StreamedFiles` asks for; report.html beside replications.csv. */
export interface ReplicationsRequest extends OutputRequest, SeedsRequest, StreamedFiles {
  readonly scenario: Scenario;
  /** Progress: called as each replication finishes, with how many have (in the order they finish). */
  readonly onDone?: (done: number, total: number) => void;
}

export interface ReplicationsOutcome {
  /** summary.json's content (what `sim run --replications R --json` prints). */
  readonly summary: ReplicationsSummary;
  readonly summaries: Summary[];
  readonly values: Headline[];
  readonly seeds: number[];
  /** calibration.csv's rows over the replications (scenarios with calibration targets). */
  readonly calibration?: CalibrationRow[];
}

/**
 * `sim run --replications R`: runs seeds s, s+1, ..., s+R-1 on the workers, each into its own run
 * directory `seed-<s>/`, and writes beside them replications.csv (per metric: n, mean, sd and the
 * 95 % t interval over the replications) and replication-values.csv (every replication's value of
 * every metric, from which the summary is computed). Each replication is a function of its seed,
 * so the files do not depend on the number of workers.
 */
export async function executeReplications(req: ReplicationsRequest): Promise<ReplicationsOutcome> {
  const sc = req.scenario;
  checkCalibrationTargets(sc);
  const { value } = await writeStaged(req.outDir, req.force, async (dir) => {
    const seeds = Array.from({ length: req.replications }, (_, i) => req.firstSeed + i);
    const jobs: ReplicationEnvelope[] = seeds.map((seed) => ({
      kind: 'replication',
      job: { scenario: { ...sc, seed }, seed, outDir: join(dir, `seed-${seed}`), transactions: req.transactions, ledger: req.ledger === true, parquet: req.parquet ?? [] },
    }));
    let done = 0;
    const outs = await (req.submit ?? runJobs)<ReplicationEnvelope, ReplicationOut>(jobs, {
      workers: req.workers ?? defaultWorkers(),
      workerModule: appWorkerModule(),
      runHere: (e) => runReplicationJob(e.job),
      onResult: () => req.onDone?.(++done, jobs.length),
    });
    const values = outs.map((o) => o.headline);
    const summaries = summarize(values);
    const draft = replicationsDraft(req, outs);
    const summary = replicationsSummary(sc, draft, seeds, summaries);
    const cal = sc.calibration !== undefined ? writeCalibrationTables(dir, sc, outs.map((o) => o.calibration ?? [])) : undefined;
    const tables = [...writeSummaries(dir, seeds, values, summaries), ...(cal?.written ?? [])];
    const files = [...withDataPackage(dir, sc.name, 'replications', tables), writeSummary(dir, summary)];
    if (req.report === true) files.push(await stageReport(dir, draft));
    return { value: { summary, summaries, values, seeds, ...(cal !== undefined ? { calibration: cal.rows } : {}) }, manifest: draft, files };
  });
  return value;
}

/** replications.csv and replication-values.csv, in the order the manifest lists them. */
function writeSummaries(dir: string, seeds: readonly number[], values: readonly Headline[], summaries: readonly Summary[]): Written[] {
  const vcsv = new CsvFile(join(dir, REPLICATION_VALUES_FILE), REPLICATION_VALUES_COLUMNS);
  values.forEach((v, i) => {
    for (const [k, x] of Object.entries(v)) vcsv.row([seeds[i]!, k, fixed(x, 6)]);
  });
  vcsv.close();
  const scsv = new CsvFile(join(dir, REPLICATIONS_FILE), REPLICATIONS_COLUMNS);
  for (const s of summaries) scsv.row([s.metric, s.n, fixed(s.mean, 6), fixed(s.sd, 6), fixed(s.low, 6), fixed(s.high, 6)]);
  scsv.close();
  return [
    { file: REPLICATIONS_FILE, rows: scsv.rows },
    { file: REPLICATION_VALUES_FILE, rows: vcsv.rows },
  ];
}

/** The manifest of a replications directory: the seeds' runs have their own, in seed-<s>/. */
function replicationsDraft(req: ReplicationsRequest, outs: readonly ReplicationOut[]): ManifestDraft {
  const sc = req.scenario;
  return multiRunDraft(sc, req.firstSeed, withOverrides(sc, { durationUs: sc.durationUs, transactions: req.transactions, ledger: req.ledger, replications: req.replications, ...(req.report === true ? { report: true } : {}) }), outs);
}

/**
 * The manifest of a directory of several runs of one scenario (replications, a sweep): the
 * scenario's own counts, the first seed, and the events and purchases of all the runs summed.
 */
export function multiRunDraft(sc: Scenario, firstSeed: number, options: ManifestDraft['options'], outs: readonly { readonly events: number; readonly transactions: number }[]): ManifestDraft {
  return {
    tool: 'quartet',
    version: packageVersion(),
    scenario: scenarioRef(sc),
    seed: firstSeed,
    options,
    simulated: { start: '', end: '', durationUs: sc.durationUs },
    cards: sc.cards.count,
    terminals: sc.merchants.terminals,
    merchants: 0,
    events: outs.reduce((a, o) => a + o.events, 0),
    transactions: outs.reduce((a, o) => a + o.transactions, 0),
  };
}
