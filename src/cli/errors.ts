/**
 * Exit codes: 0 ok, 1 a mismatch (`sim verify` found a file that differs), 2 bad input (a
 * scenario, option or directory the user gave, or a file-system problem such as a full disk), 70
 * an internal error (a defect: EX_SOFTWARE of sysexits.h), 130 and 143 interrupted by SIGINT and
 * SIGTERM (128 + the signal's number, as a shell reports a process the signal killed).
 */
export const EXIT_OK = 0;
export const EXIT_MISMATCH = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 70;
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

/** The exit codes as the help text lists them. */
export const EXIT_CODES_HELP = `Exit codes:
  ${EXIT_OK}   ok
  ${EXIT_MISMATCH}   a mismatch: sim verify found a file that differs from the recorded run
  ${EXIT_BAD_INPUT}   bad input: a scenario, an option, an output directory or a file-system problem (a full disk...)
  ${EXIT_INTERNAL}  an internal error (a defect in quartet; please report it)
  ${EXIT_SIGINT} interrupted (SIGINT, Ctrl-C): nothing written
  ${EXIT_SIGTERM} stopped (SIGTERM): nothing written`;

/** An error the CLI reports as one line (no stack) with its exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What each file-system error the user can cause or fix means, in plain words. */
const FILE_SYSTEM_CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'it already exists',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  ENAMETOOLONG: 'the name is too long for the file system',
  ENOENT: 'no such file or directory',
  EBUSY: 'it is busy (in use, or a mount point)',
  EMFILE: 'too many open files',
  EIO: 'an input/output error of the device',
};

/**
 * The one line (without "error:") for a file-system error the user can act on: its path, its
 * cause and its code, or undefined for an error that is not one. `written` says whether it
 * stopped the writing of a run directory (which is then not written, nothing partial left).
 */
export function fileSystemProblem(e: unknown, written = false): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.code !== 'string') return undefined;
  const cause = FILE_SYSTEM_CAUSES[err.code];
  if (cause === undefined || (!written && err.syscall === undefined)) return undefined;
  const path = err.path ?? (err as { dest?: string }).dest ?? '(no path)';
  return `${path}: ${cause} (${err.code})${written ? '; the run was not written and nothing partial is left' : ''}`;
}
