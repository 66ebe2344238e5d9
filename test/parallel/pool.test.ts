/** The worker pool is generic: any worker module, opaque jobs, results in job order. */
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runJobs, type JobRunner } from '../../src/parallel/pool.js';

interface Job {
  readonly n: number;
  readonly fail?: boolean;
}
interface Out {
  readonly n: number;
  readonly square: number;
  readonly thread: number;
}

const workerModule = fileURLToPath(new URL('./fixtures/square-worker.mjs', import.meta.url));
const runHere: JobRunner<Job, Out> = (job, progress) => {
  if (job.fail === true) throw new Error(`job ${job.n} asked to fail`);
  progress?.(job.n * 10, job.n);
  return { result: { n: job.n, square: job.n * job.n, thread: threadId } };
};
const jobs: Job[] = Array.from({ length: 7 }, (_, i) => ({ n: i + 1 }));

describe('runJobs', () => {
  it('returns the results in job order with 1, 2 and 4 workers, on worker threads when there are several', async () => {
    for (const workers of [1, 2, 4]) {
      const out = await runJobs(jobs, { workers, workerModule, runHere });
      expect(out.map((o) => o.square), `${workers} workers`).toEqual([1, 4, 9, 16, 25, 36, 49]);
      const threads = new Set(out.map((o) => o.thread));
      if (workers === 1) expect([...threads]).toEqual([threadId]);
      else {
        expect(threads.has(threadId)).toBe(false);
        expect(threads.size).toBeLessThanOrEqual(workers);
      }
    }
  });

  it('reports each job\'s progress and result under its index', async () => {
    for (const workers of [1, 3]) {
      const seen: [number, number, number][] = [];
      const done: [number, number][] = [];
      await runJobs(jobs, { workers, workerModule, runHere, onProgress: (k, t, e) => seen.push([k, t, e]), onResult: (k, r) => done.push([k, r.square]) });
      seen.sort((a, b) => a[0] - b[0]);
      expect(seen, `${workers} workers`).toEqual(jobs.map((j, k) => [k, j.n * 10, j.n]));
      done.sort((a, b) => a[0] - b[0]);
      expect(done, `${workers} workers`).toEqual(jobs.map((j, k) => [k, j.n * j.n]));
    }
  });

  it('fails with the failing job\'s error, here and on a worker', async () => {
    const bad = [...jobs.slice(0, 3), { n: 9, fail: true }];
    await expect(runJobs(bad, { workers: 1, workerModule, runHere })).rejects.toThrow(/job 9 asked to fail/);
    await expect(runJobs(bad, { workers: 2, workerModule, runHere })).rejects.toThrow(/job 3 failed in a worker: Error: job 9 asked to fail/);
  });
});
