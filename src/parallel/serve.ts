import { parentPort } from 'node:worker_threads';
import type { JobRunner } from './pool.js';

/**
 * The worker side of the pool: runs the jobs the pool sends, one at a time, with `run`, and
 * sends back each result (moving its transfer buffers), its progress and any error. A worker
 * module calls this once.
 */
export function serveJobs<J, R>(run: JobRunner<J, R>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveJobs: not in a worker thread');
  port.on('message', (msg: { id: number; job: J }) => {
    void (async () => {
      try {
        const { result, transfer } = await run(msg.job, (nowUs, events, ...counts) => port.postMessage({ id: msg.id, progress: nowUs, events, counts }));
        port.postMessage({ id: msg.id, payload: result }, transfer ?? []);
      } catch (e) {
        const { code, path, syscall } = e as NodeJS.ErrnoException;
        port.postMessage({ id: msg.id, error: (e as Error).stack ?? String(e), ...(typeof code === 'string' ? { code, path, syscall } : {}) });
      }
    })();
  });
}
