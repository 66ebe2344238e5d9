import { Worker } from 'node:worker_threads';
import type { JobProgress, WorkerMessage } from './pool.js';

interface Pending {
  readonly id: number;
  readonly job: unknown;
  readonly progress?: JobProgress;
  readonly resolve: (r: unknown) => void;
  readonly reject: (e: Error) => void;
}

/**
 * A fixed set of worker threads that stay up and take jobs one at a time each, as they come
 * (unlike `runJobs`, which is given all its jobs at once). A job always runs on a thread, never
 * in the caller's thread, so the caller's event loop stays free while a simulation runs (a
 * cluster worker renews its job locks there). A thread that dies is replaced; its job fails.
 */
export class ThreadPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private next = 0;
  private closed = false;

  constructor(
    private readonly workerModule: string | URL,
    readonly size: number,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  /** Runs `job` on a free thread (waiting for one); resolves with its result. */
  run<R>(job: unknown, progress?: JobProgress): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the thread pool is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.next++, job, ...(progress !== undefined ? { progress } : {}), resolve: resolve as (r: unknown) => void, reject });
      this.pump();
    });
  }

  /** Stops every thread; jobs still running or waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the thread pool was closed'));
    const all = [...this.idle, ...this.busy.keys()];
    for (const p of this.busy.values()) p.reject(new Error('the thread pool was closed'));
    this.busy.clear();
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const p = this.queue.shift()!;
      this.busy.set(w, p);
      w.postMessage({ id: p.id, job: p.job });
    }
  }

  private spawn(): Worker {
    const w = new Worker(this.workerModule);
    w.on('message', (m: WorkerMessage) => this.receive(w, m));
    const lost = (e: Error): void => {
      const p = this.busy.get(w);
      this.busy.delete(w);
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
      p?.reject(e);
      if (!this.closed) {
        this.idle.push(this.spawn());
        this.pump();
      }
    };
    w.on('error', lost);
    w.on('exit', (code) => {
      if (!this.closed && (this.busy.has(w) || this.idle.includes(w))) lost(new Error(`a worker thread exited with code ${code}`));
    });
    return w;
  }

  private receive(w: Worker, m: WorkerMessage): void {
    const p = this.busy.get(w);
    if (p === undefined || p.id !== m.id) return;
    if (m.progress !== undefined) {
      p.progress?.(m.progress, m.events ?? 0, ...(m.counts ?? []));
      return;
    }
    this.busy.delete(w);
    this.idle.push(w);
    if (m.error !== undefined) {
      const { code, path, syscall } = m;
      p.reject(Object.assign(new Error(m.error), code !== undefined ? { code, path, syscall } : {}));
    } else p.resolve(m.payload);
    this.pump();
  }
}
