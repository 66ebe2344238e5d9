/**
 * How the `sim` command runs (bin/sim.ts): the program in a worker thread (./cli-thread.ts) and,
 * here in the main thread, the handling of SIGINT and SIGTERM. A simulation keeps its thread
 * busy for seconds or minutes without returning to the event loop, where signals are delivered;
 * this thread is always free. On a signal it stops the program's thread (and with it the pool's
 * workers), removes the temporary directory of the run being written, undoes a commit that had
 * begun, releases the lock, prints "interrupted; nothing written to X" and exits 130 (SIGINT)
 * or 143 (SIGTERM), as a shell reports a process killed by the signal.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { cleanUpInterrupted, type StagingPhase } from '../output/run-dir.js';
import { EXIT_INTERNAL, EXIT_SIGINT, EXIT_SIGTERM } from './errors.js';

const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: EXIT_SIGINT, SIGTERM: EXIT_SIGTERM };

/** Runs the `sim` program with `argv` in a worker thread; returns its exit code (or the signal's). */
export function launch(argv: readonly string[]): Promise<number> {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./cli-thread.js', import.meta.url), {
    workerData: {
      argv,
      phases: port2,
      stdoutIsTty: process.stdout.isTTY === true,
      stderrIsTty: process.stderr.isTTY === true,
      ...(process.stderr.columns !== undefined ? { columns: process.stderr.columns } : {}),
    },
    transferList: [port2],
  });
  return new Promise<number>((resolve) => {
    let exitCode: number | undefined;
    let interrupted = false;
    const finish = (code: number): void => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      port1.close();
      resolve(code);
    };
    const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
      if (interrupted) return;
      interrupted = true;
      void worker.terminate().then(() => {
        process.stderr.write(interrupt(port1));
        finish(SIGNAL_EXIT[signal]);
      });
    };
    const onSigint = (): void => onSignal('SIGINT');
    const onSigterm = (): void => onSignal('SIGTERM');
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    worker.on('message', (m: { exitCode: number }) => {
      if (!interrupted) exitCode = m.exitCode;
    });
    worker.on('error', (e) => {
      process.stderr.write(`internal error: ${e.stack ?? String(e)}\n`);
      exitCode = EXIT_INTERNAL;
    });
    worker.on('exit', (code) => {
      if (!interrupted) finish(exitCode ?? (code === 0 ? 0 : EXIT_INTERNAL));
    });
  });
}

/**
 * After the program's thread was stopped by a signal: cleans up every run directory it was
 * writing (from the phases it reported on `port`), innermost first, and returns the line to print.
 */
function interrupt(port: MessagePort): string {
  const phases = new Map<string, StagingPhase>();
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    const { target, phase } = m.message as { target: string; phase: StagingPhase };
    phases.set(target, phase);
  }
  const open = [...phases].filter((e): e is [string, 'locked' | 'committing'] => e[1] === 'locked' || e[1] === 'committing');
  // A stopped progress bar: show the cursor again and end its line.
  const tty = process.stderr.isTTY === true ? '\x1B[?25h\n' : '';
  for (const [target, phase] of open.reverse()) {
    try {
      cleanUpInterrupted(target, phase);
    } catch (e) {
      return `${tty}interrupted; could not clean up beside ${target}: ${(e as Error).message}\n`;
    }
  }
  const [first] = phases;
  if (first === undefined) return `${tty}interrupted; nothing written\n`;
  if (first[1] === 'committed') return `${tty}interrupted after ${first[0]} was written\n`;
  return `${tty}interrupted; nothing written to ${first[0]}\n`;
}
