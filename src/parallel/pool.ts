import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runShardJob, type ShardJob, type ShardPayload } from './shard-job.js';

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
export async function runJobs(jobs: readonly ShardJob[], workers: number): Promise<ShardPayload[]> {
  const n = Math.min(workers, jobs.length);
  if (n <= 1) return jobs.map((j) => runShardJob(j).payload);
  const results: ShardPayload[] = new Array<ShardPayload>(jobs.length);
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
            w.postMessage({ id, job: jobs[id] });
          };
          w.on('message', (m: { id: number; payload?: ShardPayload; error?: string }) => {
            if (m.error !== undefined) {
              reject(new Error(`shard ${m.id} failed in a worker: ${m.error}`));
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
