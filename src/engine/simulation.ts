import { SimError } from './errors.js';
import { EventQueue, isPriority } from './queue.js';
import type { SimTime } from './time.js';

/**
 * A handler receives the event's target and data (two integers chosen by the model, typically an
 * entity index and a record slot) and runs at `sim.now`.
 */
export type Handler = (target: number, data: number) => void;

/**
 * One function that runs every event kind (`kind` as `on` numbered it), in place of the handler
 * table: a model with a fixed set of kinds switches on the kind, so the engine's call is
 * monomorphic and each handler is a direct call V8 can inline (see `dispatchWith`).
 */
export type Dispatcher = (kind: number, target: number, data: number) => void;

/** Named priorities: at the same time, URGENT events run before NORMAL ones, LATE ones last. */
export const Priority = {
  URGENT: 0,
  NORMAL: 1,
  LATE: 2,
} as const;

/**
 * The discrete-event kernel. It knows time, an ordered set of pending events and a table of
 * handlers by event kind; it has never heard of a card. Events are ordered by
 * (time, priority, sequence): a total order, so a run is a function of its inputs alone.
 *
 * Lifecycle: register handlers with `on`, schedule the first events, then `run` until a time;
 * `run` may be called again to continue.
 */
export class Simulation {
  /** Current simulated time, integer microseconds. */
  now: SimTime = 0;
  /** Events processed so far. */
  processed = 0;
  private readonly queue: EventQueue;
  private readonly handlers: Handler[] = [];
  private readonly names: string[] = [];
  private dispatcher: Dispatcher | undefined;
  /** Kinds below this number go to the dispatcher, the others to their handlers. */
  private dispatched = 0;

  constructor(initialCapacity = 1024) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Registers the handler of a new event kind and returns the kind's number. */
  on(name: string, handler: Handler): number {
    this.handlers.push(handler);
    this.names.push(name);
    return this.handlers.length - 1;
  }

  /**
   * Runs the events of kinds 0..kinds-1 through `d` instead of their handlers (they are still
   * registered with `on`, for their numbers and names; kinds registered later keep their
   * handlers). The table's call site sees every handler and so calls each indirectly; one
   * dispatcher is one call target (measured: see docs/architecture.md).
   */
  dispatchWith(d: Dispatcher, kinds: number): void {
    this.dispatcher = d;
    this.dispatched = kinds;
  }

  /** Name of an event kind, for messages. */
  kindName(kind: number): string {
    return this.names[kind] ?? `#${kind}`;
  }

  /**
   * Schedules an event at absolute time `time` (integer µs, not before now).
   * @throws SimError PAST_EVENT before now; BAD_PRIORITY unless priority is an integer in 0..EventQueue.MAX_PRIORITY
   */
  at(time: SimTime, kind: number, target: number, data: number, priority: number = Priority.NORMAL): void {
    // One guard, errors out of line: keeps `at` small enough to inline into the model's hot path.
    if (!(time >= this.now) || !isPriority(priority)) this.refuse(time, kind, priority);
    this.queue.push(time, priority, kind, target, data);
  }

  /** The error of an event `at` refuses (cold path). */
  private refuse(time: number, kind: number, priority: number): never {
    if (!isPriority(priority)) {
      throw new SimError('BAD_PRIORITY', `event '${this.kindName(kind)}' has priority ${priority}, not an integer in 0..${EventQueue.MAX_PRIORITY}`, this.now);
    }
    throw new SimError('PAST_EVENT', `event '${this.kindName(kind)}' scheduled at ${time}, before now`, this.now);
  }

  /**
   * Runs the handler of `kind` at once, at `now`, as if its event had just been popped (it is not
   * counted in `processed`). For a zero-delay hop that need not pass through the queue.
   */
  fire(kind: number, target: number, data: number): void {
    if (kind < this.dispatched) this.dispatcher!(kind, target, data);
    else this.handlers[kind]!(target, data);
  }

  /** Schedules an event `delay` µs from now. */
  after(delay: SimTime, kind: number, target: number, data: number, priority: number = Priority.NORMAL): void {
    if (!(delay >= 0)) {
      throw new SimError('NEGATIVE_DELAY', `event '${this.kindName(kind)}' scheduled with delay ${delay}`, this.now);
    }
    if (!isPriority(priority)) this.refuse(this.now + delay, kind, priority);
    this.queue.push(this.now + delay, priority, kind, target, data);
  }

  /** Number of pending events. */
  get pending(): number {
    return this.queue.size;
  }

  /** Time of the next pending event, Infinity if none. */
  peek(): SimTime {
    return this.queue.peekTime();
  }

  /**
   * Processes events in order while the next one is at or before `until`, then sets `now` to
   * `until` (if finite). `onTick` is called every `tickEvery` events (a power of two) so a
   * caller can show progress; the kernel itself never reads a clock.
   */
  run(until: SimTime = Infinity, onTick?: (sim: Simulation) => void, tickEvery = 1 << 16): void {
    const q = this.queue;
    const handlers = this.handlers;
    const mask = tickEvery - 1;
    const dispatch = this.dispatcher;
    if (dispatch !== undefined) {
      // The same loop with one call target for the dispatched kinds, kept separate from the plain
      // loop below: one loop for both (dispatcher defaulting to a no-op, n = 0) measured 3-7 %
      // more CPU on tandem (`npm run bench -- --against`, 9 interleaved runs).
      const n = this.dispatched;
      while (q.size > 0 && q.peekTime() <= until) {
        q.pop();
        this.now = q.poppedTime;
        const kind = q.poppedKind;
        if (kind < n) dispatch(kind, q.poppedTarget, q.poppedData);
        else handlers[kind]!(q.poppedTarget, q.poppedData);
        if ((++this.processed & mask) === 0 && onTick !== undefined) onTick(this);
      }
      if (until !== Infinity && until > this.now) this.now = until;
      return;
    }
    while (q.size > 0 && q.peekTime() <= until) {
      q.pop();
      this.now = q.poppedTime;
      handlers[q.poppedKind]!(q.poppedTarget, q.poppedData);
      if ((++this.processed & mask) === 0 && onTick !== undefined) onTick(this);
    }
    if (until !== Infinity && until > this.now) this.now = until;
  }
}
