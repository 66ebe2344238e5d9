/**
 * Exit codes: 0 ok, 1 a mismatch (`sim verify` found a file that differs), 2 bad input (a
 * scenario, option or directory the user gave), 70 an internal error (a defect: EX_SOFTWARE of
 * sysexits.h).
 */
export const EXIT_OK = 0;
export const EXIT_MISMATCH = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 70;

/** The exit codes as the help text lists them. */
export const EXIT_CODES_HELP = `Exit codes:
  ${EXIT_OK}   ok
  ${EXIT_MISMATCH}   a mismatch: sim verify found a file that differs from the recorded run
  ${EXIT_BAD_INPUT}   bad input: a scenario, an option or a directory
  ${EXIT_INTERNAL}  an internal error (a defect in quartet; please report it)`;

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
