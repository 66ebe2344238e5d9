import type { JobResult } from '../parallel/pool.js';
import { runRegimeJob, type RegimeEnvelope } from './compare-regimes-job.js';
import { runReplicationJob, type ReplicationEnvelope } from './replication-job.js';
import { runShardJob, type ShardEnvelope } from './shard-job.js';
import { runSweepJob, type SweepEnvelope } from './sweep-job.js';
import type { Tick } from './types.js';

/** Every kind of job the application layer sends to the worker pool. */
export type AppJob = ShardEnvelope | ReplicationEnvelope | SweepEnvelope | RegimeEnvelope;

/** Runs a job of any kind: what the worker entry (./worker.ts) serves. */
export async function runAppJob(e: AppJob, progress?: Tick): Promise<JobResult<unknown>> {
  switch (e.kind) {
    case 'shard':
      return runShardJob(e.job, progress);
    case 'replication':
      return runReplicationJob(e.job);
    case 'sweep':
      return runSweepJob(e.job);
    case 'regime':
      return runRegimeJob(e.job);
    default: {
      const never: never = e;
      throw new Error(`unknown job kind: ${JSON.stringify(never)}`);
    }
  }
}
