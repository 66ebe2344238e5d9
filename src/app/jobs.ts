import type { JobResult } from '../parallel/pool.js';
import type { RegimeEnvelope } from './compare-regimes-job.js';
import type { ReplicationEnvelope } from './replication-job.js';
import { runShardJob, type ShardEnvelope } from './shard-job.js';
import type { SweepEnvelope } from './sweep-job.js';
import type { Tick } from './types.js';

/** Every kind of job the application layer sends to the worker pool. */
export type AppJob = ShardEnvelope | ReplicationEnvelope | SweepEnvelope | RegimeEnvelope;

/**
 * Runs a job of any kind: what the worker entry (./worker.ts) serves. A shard's code is loaded
 * with the worker; the other kinds' modules when their first job comes, so that a worker of
 * `sim run` does not load the replication, sweep and regime code (about 60 ms of its start).
 */
export async function runAppJob(e: AppJob, progress?: Tick): Promise<JobResult<unknown>> {
  switch (e.kind) {
    case 'shard':
      return runShardJob(e.job, progress);
    case 'replication':
      return (await import('./replication-job.js')).runReplicationJob(e.job);
    case 'sweep':
      return (await import('./sweep-job.js')).runSweepJob(e.job);
    case 'regime':
      return (await import('./compare-regimes-job.js')).runRegimeJob(e.job);
    default: {
      const never: never = e;
      throw new Error(`unknown job kind: ${JSON.stringify(never)}`);
    }
  }
}
