/**
 * `sim worker --cluster redis://...`: takes jobs from the queue and runs each on a thread of
 * its own (so this thread stays free to renew the job's lock while a simulation runs), K at a
 * time. A job writes into a fresh attempt directory in the shared work directory; when it is
 * done the directory is renamed to the job's, then the job returns only the digest of its
 * payload. A retried job (after a failure, or after its worker died and the job stalled)
 * therefore writes the same bytes again and replaces, never mixes with, an earlier attempt.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { serialize } from 'node:v8';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { AppJob } from '../app/jobs.js';
import { InputError } from '../app/errors.js';
import { appWorkerModule } from '../app/worker-module.js';
import { estimateMemory } from '../model/memory.js';
import { shardKey, shardScenario } from '../model/shard.js';
import { ThreadPool } from '../parallel/threads.js';
import { packageVersion } from '../version.js';
import { checkRedis, connectionOptions, DEFAULT_CONNECT_TIMEOUT_MS, queueName, type ClusterUrl } from './connection.js';
import { failureLine } from './errors.js';
import { PAYLOAD_FILE, decodeJob, digestOf, intoDir, type ClusterJobData, type ClusterJobResult } from './job-files.js';

/** How long a job's lock lasts without renewal, and how often workers look for stalled jobs, by default. */
export const DEFAULT_STALL_INTERVAL_MS = 30_000;
/** Progress is sent to Redis at most this often per job. */
const PROGRESS_EVERY_MS = 500;

export interface ClusterWorkerOptions {
  readonly cluster: ClusterUrl;
  /** Jobs at once (threads). */
  readonly concurrency: number;
  /** A job whose worker stops renewing its lock for this long is given to another worker. */
  readonly stallIntervalMs?: number;
  readonly connectTimeoutMs?: number;
  /** Memory this worker may use for its jobs together (a job that cannot fit fails). */
  readonly memoryBytes: number;
  /** One line per job started, done or failed. */
  readonly log: (line: string) => void;
}

/** Runs the worker until the process is stopped; resolves only if the worker closes. */
export async function runClusterWorker(o: ClusterWorkerOptions): Promise<void> {
  const timeout = o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  await checkRedis(o.cluster, timeout);
  const pool = new ThreadPool(appWorkerModule(), o.concurrency);
  const stall = o.stallIntervalMs ?? DEFAULT_STALL_INTERVAL_MS;
  const me = `${hostname()}:${process.pid}`;
  let attempt = 0;
  const worker = new Worker<ClusterJobData, ClusterJobResult>(queueName(), (job) => processJob(job, pool, o, me, attempt++), {
    connection: connectionOptions(o.cluster, timeout),
    concurrency: o.concurrency,
    lockDuration: stall,
    stalledInterval: stall,
    maxStalledCount: 2,
  });
  worker.on('error', (e) => o.log(`redis: ${e.message.split('\n')[0]!}`));
  o.log(`worker ${me}: ${o.concurrency} at a time from ${queueName()} at ${o.cluster.shown} (stall interval ${stall} ms)`);
  await new Promise<void>((resolve) => worker.on('closed', () => resolve()));
  await pool.close();
}

async function processJob(job: Job<ClusterJobData, ClusterJobResult>, pool: ThreadPool, o: ClusterWorkerOptions, me: string, n: number): Promise<ClusterJobResult> {
  const d = job.data;
  const id = job.id!;
  if (d.version !== packageVersion()) throw new UnrecoverableError(`[exit 2] job of quartet ${d.version} taken by a worker of ${packageVersion()}`);
  const jobDir = join(d.workDir, id);
  const attemptDir = `${jobDir}.attempt-${me.replace(/[^\w.-]/g, '_')}-${n}`;
  o.log(`job ${id} started (attempt ${job.attemptsMade + 1})`);
  const t0 = performance.now();
  try {
    const e = decodeJob(d.envelope);
    checkFits(e, o.memoryBytes / o.concurrency);
    rmSync(attemptDir, { recursive: true, force: true });
    mkdirSync(attemptDir, { recursive: true });
    let last = 0;
    const result = await pool.run<unknown>(intoDir(e, attemptDir), (...tick) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      job.updateProgress(tick).catch(() => undefined);
    });
    const bytes = serialize(result);
    writeFileSync(join(attemptDir, PAYLOAD_FILE), bytes);
    settle(attemptDir, jobDir);
    o.log(`job ${id} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return { digest: digestOf(bytes), bytes: bytes.length, worker: me };
  } catch (err) {
    rmSync(attemptDir, { recursive: true, force: true });
    const line = failureLine(err);
    o.log(`job ${id} failed: ${line}`);
    throw new Error(line);
  }
}

/** Puts a finished attempt in the job's place; an earlier attempt's (the same bytes) is replaced. */
function settle(attemptDir: string, jobDir: string): void {
  const old = `${attemptDir}.replaced`;
  try {
    renameSync(jobDir, old);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  renameSync(attemptDir, jobDir);
  rmSync(old, { recursive: true, force: true });
}

/** Refuses a job whose estimated memory (one shard at a time) exceeds this worker's share. */
function checkFits(e: AppJob, availableBytes: number): void {
  const sc = e.job.scenario;
  const shard = e.kind === 'shard' ? shardKey(e.job.seed, e.job.index, e.job.count) : shardKey(e.job.seed, 0, sc.shards);
  const m = estimateMemory(shardScenario(sc, shard), availableBytes);
  if (!m.fits) {
    const gb = (b: number): string => `${(b / 2 ** 30).toFixed(2)} GB`;
    throw new InputError('TOO_BIG', `this job needs about ${gb(m.totalBytes)} but the worker has ${gb(availableBytes)} per job; give the worker more memory, a lower --concurrency, or the scenario more shards`);
  }
}
