/**
 * How a job's failure travels: a worker turns the error into one line that starts with the exit
 * code the run would have had locally (`[exit 2] ...` for bad input or a file-system problem,
 * `[exit 70] ...` for a defect); the coordinator fails the run with that code, the job's id and
 * the line.
 */

/** Error names that mean bad input or a file-system problem (exit 2) when a job throws them. */
const INPUT_ERRORS = new Set(['InputError', 'CliError', 'OutputWriteError', 'OutputExistsError', 'OutputRefusedError']);

/** A job that failed for good: the run stops with its id and its error. */
export class ClusterJobError extends Error {
  override readonly name = 'ClusterJobError';
  constructor(
    readonly jobId: string,
    reason: string,
    readonly exitCode: number,
  ) {
    super(`cluster job ${jobId} failed: ${reason.replace(/^\[exit \d+\] /, '')}; the other jobs go on, and the same command with --resume re-submits only what is missing`);
  }
}

/**
 * The one line a worker records for a failed job. `e` may come from a worker thread, where only
 * its message (a stack whose first line is `Name: message`) and its code survive.
 */
export function failureLine(e: unknown): string {
  const err = e as Error & { code?: unknown; syscall?: unknown };
  const first = (err.message ?? String(e)).split('\n')[0]!;
  const named = /^(\w*Error): (.*)$/.exec(first);
  const name = named?.[1] ?? err.name;
  const text = named !== null ? named[2]! : first;
  const fs = typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code);
  const exit = INPUT_ERRORS.has(name) || fs ? 2 : 70;
  const code = typeof err.code === 'string' && !fs && !text.startsWith(err.code) ? `${err.code}: ` : '';
  return `[exit ${exit}] ${code}${text}`;
}

/** The exit code a failure line carries (70 if it carries none). */
export function exitCodeOf(reason: string): number {
  const m = /^\[exit (\d+)\]/.exec(reason);
  return m !== null ? Number(m[1]) : 70;
}
