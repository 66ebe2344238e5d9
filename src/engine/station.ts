/**
 * A multi-server first-come-first-served station with an unlimited queue, computed by the
 * Kiefer-Wolfowitz recursion instead of start/finish events: when jobs are admitted in arrival
 * order, a job starts at max(arrival, earliest time a server is free) and that server is then
 * busy until start + service. This is exact for FCFS, and it means a station costs no events of
 * its own: the caller learns the completion time at admission and schedules what follows.
 *
 * Hot path: server free times sit in a typed-array min-heap (O(log c) per job); the start times
 * of jobs still waiting sit in a ring buffer (FCFS start times never decrease), which gives the
 * exact queue length at each arrival and the time integral of the queue length.
 *
 * The heap holds only the servers that have ever been busy at once (`used`, a high-water mark);
 * the others are idle since time 0. A server free at or before an arrival serves it at once, so
 * its exact free time no longer matters: a job goes to a never-used server while the heap's
 * minimum is still in the future and `used < servers`, else it replaces the minimum, as the full
 * heap would. Start and completion times are the same as with every server in the heap; a
 * lightly loaded host (the switch's 80 servers at a few purchases a second) sifts through a
 * heap of a few entries instead of 80.
 */
export class FcfsStation {
  /** Free time of each used server, as a min-heap of its first `used` entries. */
  private free: Float64Array;
  private servers: number;
  /** Servers that have been busy (heap entries); the other `servers - used` are free since 0. */
  private used = 0;
  /** Start times of admitted jobs that have not started yet, oldest first. */
  private ring: Float64Array;
  private head = 0;
  private count = 0;
  private lastT = 0;

  /** Integral of the queue length over time since the last `takeArea`, in job·µs. */
  private area = 0;

  // Results of the last `admit`, read by the caller (no allocation per job).
  /** Start of service of the last admitted job. */
  lastStart = 0;
  /** Waiting time (start - arrival) of the last admitted job. */
  lastWait = 0;
  /** Number of jobs waiting (not in service) just after the last admission, itself included if it waits. */
  lastQueueLength = 0;

  constructor(servers: number) {
    if (!(servers >= 1) || !Number.isInteger(servers)) throw new RangeError(`servers must be a positive integer, got ${servers}`);
    this.servers = servers;
    this.free = new Float64Array(servers);
    this.ring = new Float64Array(64);
  }

  get serverCount(): number {
    return this.servers;
  }

  /**
   * Admits a job arriving at `now` (non-decreasing across calls) that needs `service` µs.
   * Returns its completion time; `lastStart`, `lastWait` and `lastQueueLength` describe it.
   */
  admit(now: number, service: number): number {
    this.advance(now);
    const free = this.free;
    const used = this.used;
    let start: number;
    let done: number;
    if (used === this.servers) {
      // Every server in the heap (a loaded host): the plain recursion.
      const earliest = free[0]!;
      start = earliest > now ? earliest : now;
      done = start + service;
      this.replaceTop(done);
    } else {
      // A server is free: a used one that is (it takes the job at once), else one not used before.
      start = now;
      done = now + service;
      if (used > 0 && free[0]! <= now) this.replaceTop(done);
      else this.push(done);
    }
    this.lastStart = start;
    this.lastWait = start - now;
    if (start > now) {
      this.pushRing(start);
    }
    this.lastQueueLength = this.count;
    return done;
  }

  /** Number of jobs waiting at `now` (after `advance(now)`). */
  queueLength(now: number): number {
    this.advance(now);
    return this.count;
  }

  /**
   * Integrates the queue length up to `now` and returns the integral since the previous call
   * (job·µs), resetting it: the caller divides by the interval length for the mean queue length.
   */
  takeArea(now: number): number {
    this.advance(now);
    const a = this.area;
    this.area = 0;
    return a;
  }

  /**
   * Takes `k` servers out of service from `now` until `until`: each finishes the job it has
   * and then stays idle until `until`. Jobs already admitted keep their places. The servers
   * taken are those that would be free soonest, as a drained pool would lose them.
   */
  withdraw(k: number, until: number): void {
    // The servers never used enter the heap as free since 0, so all of them can be taken.
    while (this.used < this.servers) this.push(0);
    const n = Math.min(k, this.servers);
    const taken: number[] = [];
    for (let i = 0; i < n; i++) {
      taken.push(this.free[0]!);
      this.replaceTop(Infinity);
    }
    // The withdrawn servers are now at the bottom (Infinity); re-insert them as busy until `until`.
    for (let i = 0; i < n; i++) {
      const t = taken[i]!;
      this.replaceMax(t > until ? t : until);
    }
  }

  private advance(now: number): void {
    // Jobs whose start time has come leave the queue; integrate the queue length piecewise.
    const ring = this.ring;
    const mask = ring.length - 1;
    let t = this.lastT;
    let c = this.count;
    let a = this.area;
    while (c > 0) {
      const s = ring[this.head]!;
      if (s > now) break;
      a += c * (s - t);
      t = s;
      c--;
      this.head = (this.head + 1) & mask;
    }
    if (now > t) {
      a += c * (now - t);
      t = now;
    }
    this.count = c;
    this.area = a;
    this.lastT = t;
  }

  private pushRing(start: number): void {
    if (this.count === this.ring.length) {
      const bigger = new Float64Array(this.ring.length * 2);
      for (let i = 0; i < this.count; i++) bigger[i] = this.ring[(this.head + i) & (this.ring.length - 1)]!;
      this.ring = bigger;
      this.head = 0;
    }
    this.ring[(this.head + this.count) & (this.ring.length - 1)] = start;
    this.count++;
  }

  /** Adds a used server, free at `v`, to the heap. */
  private push(v: number): void {
    this.siftUp(this.used++, v);
  }

  /** Puts `v` at heap position i or above, moving larger parents down. */
  private siftUp(start: number, v: number): void {
    const h = this.free;
    let i = start;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]! <= v) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = v;
  }

  /** Replaces the heap's minimum with `v` and restores the heap. */
  private replaceTop(v: number): void {
    const h = this.free;
    const n = this.used;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && h[r]! < h[c]!) c = r;
      if (v <= h[c]!) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = v;
  }

  /** Replaces one maximum (an Infinity placeholder) with `v` and restores the heap. */
  private replaceMax(v: number): void {
    // The last placeholder (withdraw fills the heap first, so every entry is a server's).
    const i = this.free.lastIndexOf(Infinity);
    if (i < 0) throw new Error('station heap has no withdrawn server to restore');
    this.siftUp(i, v);
  }
}
