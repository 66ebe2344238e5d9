import type { JobResult } from '../parallel/pool.js';
import { loadScenario, type ScenarioOverrides } from '../scenario/index.js';
import { headline, type Headline } from './headline.js';
import { executeRun } from './run.js';

/** One replication of a run (a whole run with its own seed, written into its own directory). */
export interface ReplicationJob {
  readonly scenarioPath: string;
  readonly overrides: ScenarioOverrides;
  readonly seed: number;
  readonly outDir: string;
  readonly transactions: boolean;
  readonly ledger: boolean;
  readonly parquet?: readonly string[];
}

/** A replication job as the pool carries it: tagged with its kind for the worker's dispatch. */
export interface ReplicationEnvelope {
  readonly kind: 'replication';
  readonly job: ReplicationJob;
}

/** What a replication sends back. */
export interface ReplicationOut {
  readonly headline: Headline;
  readonly events: number;
  readonly transactions: number;
}

/** Runs one replication: the whole run (its shards one after another, here), into its directory. */
export async function runReplicationJob(job: ReplicationJob): Promise<JobResult<ReplicationOut>> {
  const { scenario, errors } = loadScenario(job.scenarioPath, job.overrides);
  if (scenario === undefined) throw new Error(`seed ${job.seed}: scenario failed to load: ${errors[0]?.message ?? 'unknown'}`);
  const { result, manifest } = await executeRun({
    scenario,
    seed: job.seed,
    outDir: job.outDir,
    force: false,
    transactions: job.transactions,
    ledger: job.ledger,
    parquet: job.parquet ?? [],
    workers: 1,
  });
  return { result: { headline: headline(result), events: manifest.events, transactions: manifest.transactions } };
}
