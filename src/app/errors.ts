/**
 * A problem with what the caller asked for, found by the application layer (not a defect): the
 * CLI prints its message as one line and exits with its bad-input code.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
