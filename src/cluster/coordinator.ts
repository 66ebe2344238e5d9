/**
 * The coordinator's side of the cluster: a `SubmitJobs` that puts the application layer's jobs
 * (shards, replications, sweep points) on a BullMQ queue instead of this machine's threads,
 * waits for the workers (`sim worker`), and gives the results back in job order, so the run
 * merges them exactly as it merges a local run's and writes the same bytes.
 *
 * Each job has a deterministic id (job-files.ts): submitting it again while it waits or runs
 * adds nothing. Workers leave each result in the shared work directory (a hidden sibling of
 * the output directory); only its digest travels through Redis. The results are moved into the
 * run's staging directory only when every job is done, so a run that fails (or is stopped)
 * leaves them for `--resume`, which re-submits only the jobs whose results are missing.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, QueueEvents } from 'bullmq';
import type { AppJob } from '../app/jobs.js';
import type { PoolOptions, SubmitJobs } from '../parallel/pool.js';
import { packageVersion } from '../version.js';
import { checkRedis, connectionOptions, DEFAULT_CONNECT_TIMEOUT_MS, queueName, type ClusterUrl } from './connection.js';
import { ClusterJobError, exitCodeOf } from './errors.js';
import { clusterJobId, encodeJob, placeOutputs, readResult, workDirOf, type ClusterJobData, type ClusterJobResult } from './job-files.js';

/** Attempts of a job before it fails the run, and the pause between two. */
export const JOB_ATTEMPTS = 3;
const RETRY_DELAY_MS = 500;

export interface ClusterRunOptions {
  readonly cluster: ClusterUrl;
  /** The output directory of the command (its work directory is a hidden sibling). */
  readonly target: string;
  /** Keep the results of jobs already done (`--resume`) instead of running everything again. */
  readonly resume: boolean;
  readonly connectTimeoutMs?: number;
  /** How often the coordinator looks at the states of the jobs it waits for. */
  readonly pollMs?: number;
}

/** The submitter of a command run with `--cluster`: jobs go to the queue of `o.cluster`. */
export function clusterSubmitter(o: ClusterRunOptions): SubmitJobs {
  return async <J, R>(jobs: readonly J[], p: PoolOptions<J, R>): Promise<R[]> =>
    (await submitToCluster(jobs as unknown as readonly AppJob[], p as unknown as PoolOptions<AppJob, unknown>, o)) as R[];
}

interface Batch {
  readonly queue: Queue<ClusterJobData, ClusterJobResult>;
  readonly jobs: readonly AppJob[];
  readonly ids: readonly string[];
  readonly workDir: string;
  readonly results: unknown[];
  readonly pending: Set<number>;
  readonly hooks: PoolOptions<AppJob, unknown>;
}

async function submitToCluster(jobs: readonly AppJob[], hooks: PoolOptions<AppJob, unknown>, o: ClusterRunOptions): Promise<unknown[]> {
  const timeout = o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  await checkRedis(o.cluster, timeout);
  const connection = connectionOptions(o.cluster, timeout);
  const queue = new Queue<ClusterJobData, ClusterJobResult>(queueName(), { connection });
  const events = new QueueEvents(queueName(), { connection });
  try {
    await events.waitUntilReady();
    const version = packageVersion();
    const workDir = workDirOf(o.target);
    mkdirSync(workDir, { recursive: true });
    const ids = jobs.map((e, k) => clusterJobId(e, k, o.target, version));
    const b: Batch = { queue, jobs, ids, workDir, results: new Array<unknown>(jobs.length), pending: new Set(), hooks };
    const index = new Map(ids.map((id, k) => [id, k]));
    events.on('progress', ({ jobId, data }) => {
      const k = index.get(jobId);
      if (k !== undefined && b.pending.has(k) && Array.isArray(data)) hooks.onProgress?.(k, ...(data as [number, number, ...number[]]));
    });
    for (let k = 0; k < jobs.length; k++) {
      const done = await enqueue(b, k, o.resume, version);
      if (done === undefined) b.pending.add(k);
      else finish(b, k, done);
    }
    await waitForAll(b, o.pollMs ?? 200);
    jobs.forEach((e, k) => placeOutputs(e, b.results[k], join(workDir, ids[k]!)));
    rmSync(workDir, { recursive: true, force: true });
    return b.results;
  } finally {
    await events.close();
    await queue.close();
  }
}

function finish(b: Batch, k: number, result: unknown): void {
  b.results[k] = result;
  b.pending.delete(k);
  b.hooks.onResult?.(k, result);
}

/**
 * Puts job k on the queue, unless it is there already: one waiting or running is left alone
 * (its result is waited for), one done is kept with `resume` if its result is whole. Returns
 * the result of a job already done, else undefined.
 */
async function enqueue(b: Batch, k: number, resume: boolean, version: string): Promise<unknown> {
  const id = b.ids[k]!;
  const e = b.jobs[k]!;
  const jobDir = join(b.workDir, id);
  const old = await b.queue.getJob(id);
  if (old !== undefined) {
    const state = await old.getState();
    if (state === 'completed' && resume) {
      const r = readResult(e, jobDir, old.returnvalue);
      if (r !== undefined) return r;
    }
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return undefined;
    await old.remove();
  }
  rmSync(jobDir, { recursive: true, force: true });
  await b.queue.add(e.kind, { envelope: encodeJob(e), workDir: b.workDir, version }, {
    jobId: id,
    attempts: JOB_ATTEMPTS,
    backoff: { type: 'fixed', delay: RETRY_DELAY_MS },
    removeOnComplete: false,
    removeOnFail: false,
  });
  return undefined;
}

/** Waits until every pending job is done, taking each result as it comes; the first job that fails for good fails the run. */
async function waitForAll(b: Batch, pollMs: number): Promise<void> {
  while (b.pending.size > 0) {
    await sleep(pollMs);
    const ks = [...b.pending];
    const states = await Promise.all(ks.map((k) => b.queue.getJobState(b.ids[k]!)));
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i]!;
      const id = b.ids[k]!;
      const state = states[i];
      if (state === 'completed') {
        const job = await b.queue.getJob(id);
        const r = readResult(b.jobs[k]!, join(b.workDir, id), job?.returnvalue);
        if (r === undefined) throw new ClusterJobError(id, `its result in ${b.workDir} is missing or does not match the digest its worker reported (is the directory shared by every worker?)`, 70);
        finish(b, k, r);
      } else if (state === 'failed') {
        const job = await b.queue.getJob(id);
        const reason = job?.failedReason ?? 'no reason recorded';
        throw new ClusterJobError(id, `${reason} (after ${job?.attemptsMade ?? JOB_ATTEMPTS} attempts)`, exitCodeOf(reason));
      } else if (state === 'unknown') {
        throw new ClusterJobError(id, 'it was removed from the queue while the run waited for it', 70);
      }
    }
  }
}
