import { join } from 'node:path';
import { CsvFile, fixed } from '../output/csv.js';
import { scenarioRef, type ManifestDraft } from '../output/manifest.js';
import { packageVersion } from '../version.js';
import { defaultWorkers, runJobs } from '../parallel/pool.js';
import type { Scenario } from '../scenario/types.js';
import { summarize, type Headline, type Summary } from './headline.js';
import { runReplicationJob, type ReplicationEnvelope, type ReplicationOut } from './replication-job.js';
import { writeStaged } from './staging.js';
import type { Written } from './types.js';
import { appWorkerModule } from './worker-module.js';

export interface ReplicationsRequest {
  readonly scenario: Scenario;
  readonly firstSeed: number;
  readonly replications: number;
  readonly outDir: string;
  readonly force: boolean;
  readonly transactions: boolean;
  readonly ledger: boolean;
  readonly workers?: number;
  /** Progress: called as each replication finishes, with how many have (in the order they finish). */
  readonly onDone?: (done: number, total: number) => void;
}

export interface ReplicationsOutcome {
  readonly summaries: Summary[];
  readonly values: Headline[];
  readonly seeds: number[];
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
  const { value } = await writeStaged(req.outDir, req.force, async (dir) => {
    const seeds = Array.from({ length: req.replications }, (_, i) => req.firstSeed + i);
    const jobs: ReplicationEnvelope[] = seeds.map((seed) => ({
      kind: 'replication',
      job: { scenarioPath: sc.path, overrides: { seed, durationUs: sc.durationUs }, seed, outDir: join(dir, `seed-${seed}`), transactions: req.transactions, ledger: req.ledger },
    }));
    let done = 0;
    const outs = await runJobs<ReplicationEnvelope, ReplicationOut>(jobs, {
      workers: req.workers ?? defaultWorkers(),
      workerModule: appWorkerModule(),
      runHere: (e) => runReplicationJob(e.job),
      onResult: () => req.onDone?.(++done, jobs.length),
    });
    const values = outs.map((o) => o.headline);
    const summaries = summarize(values);
    return { value: { summaries, values, seeds }, manifest: replicationsDraft(req, outs), files: writeSummaries(dir, seeds, values, summaries) };
  });
  return value;
}

/** replications.csv and replication-values.csv, in the order the manifest lists them. */
function writeSummaries(dir: string, seeds: readonly number[], values: readonly Headline[], summaries: readonly Summary[]): Written[] {
  const vcsv = new CsvFile(join(dir, 'replication-values.csv'), ['seed', 'metric', 'value']);
  values.forEach((v, i) => {
    for (const [k, x] of Object.entries(v)) vcsv.row([seeds[i]!, k, fixed(x, 6)]);
  });
  vcsv.close();
  const scsv = new CsvFile(join(dir, 'replications.csv'), ['metric', 'replications', 'mean', 'sd', 'ci95_low', 'ci95_high']);
  for (const s of summaries) scsv.row([s.metric, s.n, fixed(s.mean, 6), fixed(s.sd, 6), fixed(s.low, 6), fixed(s.high, 6)]);
  scsv.close();
  return [
    { file: 'replications.csv', rows: scsv.rows },
    { file: 'replication-values.csv', rows: vcsv.rows },
  ];
}

/** The manifest of a replications directory: the seeds' runs have their own, in seed-<s>/. */
function replicationsDraft(req: ReplicationsRequest, outs: readonly ReplicationOut[]): ManifestDraft {
  const sc = req.scenario;
  return {
    tool: 'quartet',
    version: packageVersion(),
    scenario: scenarioRef(sc),
    seed: req.firstSeed,
    options: { durationUs: sc.durationUs, transactions: req.transactions, ledger: req.ledger, replications: req.replications },
    simulated: { start: '', end: '', durationUs: sc.durationUs },
    cards: sc.cards.count,
    terminals: sc.merchants.terminals,
    merchants: 0,
    events: outs.reduce((a, o) => a + o.events, 0),
    transactions: outs.reduce((a, o) => a + o.transactions, 0),
  };
}
