/**
 * A broken invariant inside the simulation: a programmer error or a state that must never
 * happen (a negative delay, an event scheduled in the past). Thrown at once, never collected.
 */
export class SimError extends Error {
  override readonly name = 'SimError';
  constructor(
    readonly code: string,
    message: string,
    /** Simulated time at which the invariant broke, in microseconds. */
    readonly timeUs?: number,
  ) {
    super(timeUs === undefined ? message : `${message} (at t=${timeUs} us)`);
  }
}
