import { SimError } from './errors.js';

/**
 * The pending-event set: a binary min-heap on parallel typed arrays, ordered by
 * (time, priority, sequence). Each event is four integers: time, kind, target and data; the
 * sequence number is assigned on push, so events at the same time and priority leave in the
 * order they were scheduled (FIFO, SimPy's rule). Priority and sequence share one float key
 * (priority * 2^44 + seq), exact below 2^53, so a comparison is two float compares.
 *
 * Hot path: sifting moves a hole instead of swapping, and the arrays grow by doubling. No
 * allocation per event.
 */
export class EventQueue {
  private time: Float64Array;
  private key: Float64Array;
  private kind: Int32Array;
  private target: Int32Array;
  private data: Int32Array;
  private n = 0;
  private seq = 0;

  /**
   * Priorities are integers 0..MAX_PRIORITY; lower runs first at equal time. The key
   * priority * SEQ_SPAN + seq must stay an exact float (below 2^53): with SEQ_SPAN = 2^44 (1.7e13
   * events per run, far above any run) that leaves 2^9 priorities; 255 keeps one bit spare.
   * `push` throws on any other priority.
   */
  static readonly MAX_PRIORITY = 255;
  private static readonly SEQ_SPAN = 2 ** 44;
  /** Bytes of one event in the columns: time and key (8 each), kind, target and data (4 each). */
  static readonly BYTES_PER_EVENT = 8 + 8 + 4 + 4 + 4;

  constructor(initialCapacity = 1024) {
    const c = Math.max(16, initialCapacity);
    this.time = new Float64Array(c);
    this.key = new Float64Array(c);
    this.kind = new Int32Array(c);
    this.target = new Int32Array(c);
    this.data = new Int32Array(c);
  }

  get size(): number {
    return this.n;
  }

  /** Number of events ever pushed (the next sequence number). */
  get pushed(): number {
    return this.seq;
  }

  /**
   * Adds an event. The priority must be an integer in 0..MAX_PRIORITY: `Simulation.at` and
   * `after` check it (throwing BAD_PRIORITY) before they push; `isPriority` is the test. (Not
   * checked here: a branch in push keeps V8 from inlining it into the model's scheduling calls,
   * measured at about 3 % of a tandem run.)
   */
  push(time: number, priority: number, kind: number, target: number, data: number): void {
    if (this.n === this.time.length) this.grow();
    const key = priority * EventQueue.SEQ_SPAN + this.seq++;
    // Sift up: move parents down into the hole until the new event's place is found.
    let i = this.n++;
    const t = this.time;
    const k = this.key;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = t[p]!;
      if (pt < time || (pt === time && k[p]! < key)) break;
      t[i] = pt;
      k[i] = k[p]!;
      this.kind[i] = this.kind[p]!;
      this.target[i] = this.target[p]!;
      this.data[i] = this.data[p]!;
      i = p;
    }
    t[i] = time;
    k[i] = key;
    this.kind[i] = kind;
    this.target[i] = target;
    this.data[i] = data;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.time[0]!;
  }

  // The popped event is left in these fields, to avoid allocating a record per event.
  poppedTime = 0;
  poppedKind = 0;
  poppedTarget = 0;
  poppedData = 0;

  /** Removes the earliest event into the `popped*` fields. The queue must not be empty. */
  pop(): void {
    if (this.n === 0) throw new SimError('EMPTY_QUEUE', 'pop from an empty event queue');
    const t = this.time;
    const k = this.key;
    const kd = this.kind;
    const tg = this.target;
    const dt = this.data;
    this.poppedTime = t[0]!;
    this.poppedKind = kd[0]!;
    this.poppedTarget = tg[0]!;
    this.poppedData = dt[0]!;
    const last = --this.n;
    if (last === 0) return;
    const lt = t[last]!;
    const lk = k[last]!;
    // Sift the last element down from the root.
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      let ct = t[c]!;
      let ck = k[c]!;
      const r = c + 1;
      if (r < last) {
        const rt = t[r]!;
        const rk = k[r]!;
        if (rt < ct || (rt === ct && rk < ck)) {
          c = r;
          ct = rt;
          ck = rk;
        }
      }
      if (lt < ct || (lt === ct && lk < ck)) break;
      t[i] = ct;
      k[i] = ck;
      kd[i] = kd[c]!;
      tg[i] = tg[c]!;
      dt[i] = dt[c]!;
      i = c;
    }
    t[i] = lt;
    k[i] = lk;
    kd[i] = kd[last]!;
    tg[i] = tg[last]!;
    dt[i] = dt[last]!;
  }

  /** Doubles every column, keeping its contents. */
  private grow(): void {
    const c = this.time.length * 2;
    this.time = grown(new Float64Array(c), this.time);
    this.key = grown(new Float64Array(c), this.key);
    this.kind = grown(new Int32Array(c), this.kind);
    this.target = grown(new Int32Array(c), this.target);
    this.data = grown(new Int32Array(c), this.data);
  }
}

/** `into`, its start filled with `from`. */
function grown<T extends Float64Array | Int32Array>(into: T, from: T): T {
  into.set(from);
  return into;
}

/** Whether `p` is a valid event priority: an integer in 0..EventQueue.MAX_PRIORITY. */
export function isPriority(p: number): boolean {
  // `>>> 0` changes negatives, fractions, NaN and infinities.
  return p >>> 0 === p && p <= EventQueue.MAX_PRIORITY;
}
