/**
 * The worker-thread side of `launch` (./launch.ts): runs the `sim` program here, so the main
 * thread stays free to handle SIGINT and SIGTERM even while a simulation keeps this thread busy.
 * Each step of every staged run directory is told to the main thread (synchronously, on a port
 * it reads after stopping this thread), so it can clean up whatever an interrupt leaves.
 */
import { workerData, parentPort, type MessagePort } from 'node:worker_threads';
import { setStagingHooks } from '../output/run-dir.js';
import { main } from './main.js';

interface CliThreadData {
  readonly argv: readonly string[];
  readonly phases: MessagePort;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly columns?: number;
}

const data = workerData as CliThreadData;
// A worker's stdout and stderr are pipes to the main thread's: give them the terminal's flags,
// so colours and the progress bar follow the real terminal.
Object.assign(process.stdout, { isTTY: data.stdoutIsTty });
Object.assign(process.stderr, { isTTY: data.stderrIsTty, ...(data.columns !== undefined ? { columns: data.columns } : {}) });
setStagingHooks({ phase: (target, phase) => data.phases.postMessage({ target, phase }) });
const exitCode = await main(data.argv);
parentPort!.postMessage({ exitCode });
