import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runReplicationJob, runShardJob, type ReplicationJob, type ReplicationOut, type ShardJob, type ShardPayload } from './shard-job.js';

/** Default number of workers: the machine's cores. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * The compiled worker script. Under the test runner this module is TypeScript source, and a worker
 * thread cannot load TypeScript, so it runs the compiled copy in dist/ (built by `npm install` and
 * by `npm test`).
 */
function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const js = join(here, 'worker.js');
  if (existsSync(js)) return js;
  const dist = join(here, '..', '..', 'dist', 'src', 'parallel', 'worker.js');
  if (existsSync(dist)) return dist;
  throw new Error(`worker script not found (${js}); run npm run build`);
}

/**
 * Runs shard jobs on up to `workers` worker threads and returns their payloads in job order. With
 * one worker (or one job) the jobs run here, one after another: the same code, no threads. The
 * results do not depend on the number of workers: each job is a function of its inputs alone.
 */
export async function runJobs(
  jobs: readonly ShardJob[],
  workers: number,
  onProgress?: (job: number, nowUs: number, events: number) => void,
): Promise<ShardPayload[]> {
  if (Math.min(workers, jobs.length) <= 1) return jobs.map((j, i) => runShardJob(j, onProgress && ((t, e) => onProgress(i, t, e))).payload);
  return onWorkers<ShardJob, ShardPayload>('shard', jobs, workers, onProgress);
}

/** Runs replication jobs on up to `workers` threads (here, one after another, with one worker). */
export async function runReplicationJobs(jobs: readonly ReplicationJob[], workers: number): Promise<ReplicationOut[]> {
  if (Math.min(workers, jobs.length) <= 1) {
    const out: ReplicationOut[] = [];
    for (const j of jobs) out.push(await runReplicationJob(j));
    return out;
  }
  return onWorkers<ReplicationJob, ReplicationOut>('replication', jobs, workers);
}

async function onWorkers<J, R>(
  kind: 'shard' | 'replication',
  jobs: readonly J[],
  workers: number,
  onProgress?: (job: number, nowUs: number, events: number) => void,
): Promise<R[]> {
  const n = Math.min(workers, jobs.length);
  const results: R[] = new Array<R>(jobs.length);
  const script = workerScript();
  let next = 0;
  const threads: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: n }, () => {
        const w = new Worker(script);
        threads.push(w);
        return new Promise<void>((resolve, reject) => {
          const feed = (): void => {
            if (next >= jobs.length) {
              resolve();
              return;
            }
            const id = next++;
            w.postMessage({ id, kind, job: jobs[id] });
          };
          w.on('message', (m: { id: number; payload?: R; error?: string; progress?: number; events?: number }) => {
            if (m.progress !== undefined) {
              onProgress?.(m.id, m.progress, m.events ?? 0);
              return;
            }
            if (m.error !== undefined) {
              reject(new Error(`${kind} ${m.id} failed in a worker: ${m.error}`));
              return;
            }
            results[m.id] = m.payload!;
            feed();
          });
          w.on('error', reject);
          feed();
        });
      }),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return results;
}
