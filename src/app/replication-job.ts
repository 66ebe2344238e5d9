import type { JobResult } from '../parallel/pool.js';
import type { Scenario } from '../scenario/types.js';
import { headline, type Headline } from './headline.js';
import { executeRun } from './run.js';

/**
 * One replication of a run (a whole run with its own seed, written into its own directory). The
 * resolved scenario travels whole, its seed already the replication's.
 */
export interface ReplicationJob {
  readonly scenario: Scenario;
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
  /** The value of each calibration target in this replication (scenarios with targets). */
  readonly calibration?: number[];
}

/** Runs one replication: the whole run (its shards one after another, here), into its directory. */
export async function runReplicationJob(job: ReplicationJob): Promise<JobResult<ReplicationOut>> {
  const { result, manifest, calibration } = await executeRun({
    scenario: job.scenario,
    seed: job.seed,
    outDir: job.outDir,
    force: false,
    transactions: job.transactions,
    ledger: job.ledger,
    parquet: job.parquet ?? [],
    workers: 1,
  });
  return { result: { headline: headline(result), events: manifest.events, transactions: manifest.transactions, ...(calibration !== undefined ? { calibration: calibration.values } : {}) } };
}
