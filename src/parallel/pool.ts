import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Default number of workers: the machine's cores. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** What a job gives back: its result, and the buffers inside it to move (not copy) to the caller. */
export interface JobResult<R> {
  readonly result: R;
  readonly transfer?: readonly ArrayBuffer[];
}

/** A job's progress: its simulated µs, its events and any further counts it reports, forwarded as they are. */
export type JobProgress = (nowUs: number, events: number, ...counts: number[]) => void;

/** Runs one job; `progress`, when given, reports the job's progress. */
export type JobRunner<J, R> = (job: J, progress?: JobProgress) => JobResult<R> | Promise<JobResult<R>>;

export interface PoolOptions<J, R> {
  /** At most this many worker threads; with one (or one job) the jobs run here, without threads. */
  readonly workers: number;
  /** The worker module (path or file URL) that serves these jobs with `serveJobs` (./serve.js). */
  readonly workerModule: string | URL;
  /** Runs a job in this thread: the function the worker module serves. */
  readonly runHere: JobRunner<J, R>;
  readonly onProgress?: (job: number, nowUs: number, events: number, ...counts: number[]) => void;
  /** Called with each job's result as it arrives (in the order jobs finish). */
  readonly onResult?: (job: number, result: R) => void;
}

/** A message from a worker thread served by `serveJobs` (./serve.js): a job's progress, its result or its error. */
export interface WorkerMessage<R = unknown> {
  readonly id: number;
  readonly payload?: R;
  readonly error?: string;
  readonly progress?: number;
  readonly events?: number;
  readonly counts?: readonly number[];
  /** A file-system error's code, path and call (ENOSPC writing a file, say), kept so the caller can report it as such. */
  readonly code?: string;
  readonly path?: string;
  readonly syscall?: string;
}

/**
 * Where a caller's jobs run: `runJobs` (this machine's threads) or anything with its contract,
 * such as a cluster queue: the same jobs and options in, the results in job order out, progress
 * and results reported through the same callbacks.
 */
export type SubmitJobs = <J, R>(jobs: readonly J[], o: PoolOptions<J, R>) => Promise<R[]>;

/**
 * Runs jobs on up to `workers` worker threads and returns their results in job order. The pool
 * knows nothing of what a job is: jobs and results are plain data (structured-cloned), and the
 * worker module decides how to run them. With one worker (or one job) the jobs run here, one
 * after another, through `runHere`: the same code, no threads. The results do not depend on the
 * number of workers as long as each job is a function of its inputs alone.
 */
export async function runJobs<J, R>(jobs: readonly J[], o: PoolOptions<J, R>): Promise<R[]> {
  if (Math.min(o.workers, jobs.length) <= 1) {
    const out: R[] = [];
    const progress = o.onProgress;
    for (let i = 0; i < jobs.length; i++) {
      const { result } = await o.runHere(jobs[i]!, progress && ((t, e, ...n) => progress(i, t, e, ...n)));
      o.onResult?.(i, result);
      out.push(result);
    }
    return out;
  }
  return onWorkers(jobs, o);
}

async function onWorkers<J, R>(jobs: readonly J[], o: PoolOptions<J, R>): Promise<R[]> {
  const results: R[] = new Array<R>(jobs.length);
  let next = 0;
  const threads: Worker[] = [];
  const serve = (w: Worker): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const feed = (): void => {
        if (next >= jobs.length) {
          resolve();
          return;
        }
        const id = next++;
        w.postMessage({ id, job: jobs[id] });
      };
      w.on('message', (m: WorkerMessage<R>) => {
        if (m.progress !== undefined) {
          o.onProgress?.(m.id, m.progress, m.events ?? 0, ...(m.counts ?? []));
          return;
        }
        if (m.error !== undefined) {
          const { code, path, syscall } = m;
          reject(Object.assign(new Error(`job ${m.id} failed in a worker: ${m.error}`), code !== undefined ? { code, path, syscall } : {}));
          return;
        }
        results[m.id] = m.payload!;
        o.onResult?.(m.id, m.payload!);
        feed();
      });
      w.on('error', reject);
      feed();
    });
  try {
    await Promise.all(
      Array.from({ length: Math.min(o.workers, jobs.length) }, () => {
        const w = new Worker(o.workerModule);
        threads.push(w);
        return serve(w);
      }),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return results;
}
