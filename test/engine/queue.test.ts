import { describe, expect, it } from 'vitest';
import { SimError } from '../../src/engine/errors.js';
import { EventQueue, isPriority } from '../../src/engine/queue.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Stream } from '../../src/engine/rng.js';

interface Ev {
  time: number;
  priority: number;
  seq: number;
  kind: number;
  target: number;
  data: number;
}

/** The order the heap must follow: (time, priority, push order). */
const before = (a: Ev, b: Ev): number => a.time - b.time || a.priority - b.priority || a.seq - b.seq;

/** A plain reference: an array kept sorted by (time, priority, seq). */
class Reference {
  private readonly items: Ev[] = [];
  private seq = 0;
  push(time: number, priority: number, kind: number, target: number, data: number): void {
    const e = { time, priority, seq: this.seq++, kind, target, data };
    // Insert after every element that is not after e (stable insertion).
    let i = this.items.length;
    while (i > 0 && before(this.items[i - 1]!, e) > 0) i--;
    this.items.splice(i, 0, e);
  }
  pop(): Ev {
    const e = this.items.shift();
    if (e === undefined) throw new Error('reference empty');
    return e;
  }
  get size(): number {
    return this.items.length;
  }
}

const popped = (q: EventQueue): [number, number, number, number] => {
  q.pop();
  return [q.poppedTime, q.poppedKind, q.poppedTarget, q.poppedData];
};

describe('EventQueue', () => {
  it('pops in (time, priority, seq) order against a sorted reference over random pushes and pops', () => {
    const s = new Stream('test/queue/random', 7);
    for (const [timeRange, priorities] of [
      [10, 3], // many ties in time and priority
      [1_000_000, 1], // few ties
      [50, EventQueue.MAX_PRIORITY + 1], // the full priority range
    ] as const) {
      const q = new EventQueue(16);
      const ref = new Reference();
      let now = 0;
      let id = 0;
      let sizeMismatches = 0;
      const got: number[][] = [];
      const want: number[][] = [];
      for (let step = 0; step < 20_000; step++) {
        // Push with probability 0.55 so the queue size drifts up and down through growth.
        if (ref.size === 0 || s.uniform() < 0.55) {
          // Times are at or after the last popped time, as in a simulation, but also any time
          // (the heap does not require monotone times, so exercise both).
          const time = s.uniform() < 0.8 ? now + s.int(timeRange) : s.int(timeRange * 4);
          const priority = s.int(priorities);
          const target = s.int(1000) - 500;
          q.push(time, priority, id & 0xff, target, id);
          ref.push(time, priority, id & 0xff, target, id);
          id++;
        } else {
          const e = ref.pop();
          got.push(popped(q));
          want.push([e.time, e.kind, e.target, e.data]);
          now = e.time;
        }
        if (q.size !== ref.size) sizeMismatches++;
      }
      // Drain.
      while (ref.size > 0) {
        const e = ref.pop();
        got.push(popped(q));
        want.push([e.time, e.kind, e.target, e.data]);
      }
      expect(sizeMismatches).toBe(0);
      expect(got).toEqual(want);
      expect(q.size).toBe(0);
      expect(q.pushed).toBe(id);
    }
  });

  it('is FIFO among events with equal time and priority', () => {
    const q = new EventQueue(16);
    const s = new Stream('test/queue/fifo', 1);
    // Interleave pushes at two times so equal keys are not pushed consecutively.
    const order: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t = s.uniform() < 0.5 ? 100 : 200;
      q.push(t, 1, 0, 0, i);
      if (t === 100) order.push(i);
    }
    const at100: number[] = [];
    while (q.size > 0) {
      q.pop();
      if (q.poppedTime === 100) at100.push(q.poppedData);
    }
    expect(at100).toEqual(order);
  });

  it('orders by priority before sequence at equal time, and by time before priority', () => {
    const q = new EventQueue();
    q.push(5, 2, 0, 0, 1); // seq 0, priority 2
    q.push(5, 0, 0, 0, 2); // seq 1, priority 0: runs first despite being pushed later
    q.push(5, 1, 0, 0, 3);
    q.push(5, 0, 0, 0, 4);
    q.push(4, EventQueue.MAX_PRIORITY, 0, 0, 5); // earlier time beats any priority
    q.push(6, 0, 0, 0, 6);
    const out: number[] = [];
    while (q.size > 0) out.push(popped(q)[3]);
    expect(out).toEqual([5, 2, 4, 3, 1, 6]);
  });

  it('keeps priority above sequence even after many pushes (sequence never overflows into priority)', () => {
    const q = new EventQueue(16);
    // A low-priority event pushed first, then 100,000 NORMAL events at the same time: the
    // priority-0 event pushed last must still come first, and the priority-2 first one last.
    q.push(10, 2, 0, 0, -1);
    for (let i = 0; i < 100_000; i++) q.push(10, 1, 0, 0, i);
    q.push(10, 0, 0, 0, -2);
    const out: number[] = [];
    while (q.size > 0) out.push(popped(q)[3]);
    expect(out).toEqual([-2, ...Array.from({ length: 100_000 }, (_, i) => i), -1]);
  });

  it('grows past its initial capacity without losing or reordering events', () => {
    const q = new EventQueue(16); // the minimum capacity
    const n = 16 * 64 + 3; // six doublings
    // Descending times so every push sifts to the root.
    for (let i = 0; i < n; i++) q.push(n - i, 0, i % 7, -i | 0, i);
    expect(q.size).toBe(n);
    expect(q.peekTime()).toBe(1);
    for (let t = 1; t <= n; t++) {
      const i = n - t;
      expect(popped(q)).toEqual([t, i % 7, -i | 0, i]);
    }
    expect(q.size).toBe(0);
  });

  it('keeps full 32-bit payloads and fractional-free large times', () => {
    const q = new EventQueue();
    const big = 30 * 86_400 * 1_000_000; // a 30-day run in µs
    q.push(big + 1, 0, 2147483647, -2147483648, 123456789);
    q.push(big, 0, 1, 2, 3);
    expect(popped(q)).toEqual([big, 1, 2, 3]);
    expect(popped(q)).toEqual([big + 1, 2147483647, -2147483648, 123456789]);
  });

  it('throws a SimError on pop from an empty queue, also after draining, and peekTime is Infinity', () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Infinity);
    expect(() => q.pop()).toThrow(SimError);
    q.push(1, 0, 0, 0, 0);
    q.pop();
    expect(q.peekTime()).toBe(Infinity);
    let err: unknown;
    try {
      q.pop();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimError);
    expect((err as SimError).code).toBe('EMPTY_QUEUE');
    expect(q.size).toBe(0);
  });

  it('scheduling refuses a priority outside 0..MAX_PRIORITY or not an integer, and schedules nothing then', () => {
    const sim = new Simulation();
    const kind = sim.on('x', () => undefined);
    for (const p of [EventQueue.MAX_PRIORITY + 1, 1000, -1, 0.5, NaN, Infinity]) {
      for (const schedule of [() => sim.at(1, kind, 0, 0, p), () => sim.after(1, kind, 0, 0, p)]) {
        let err: unknown;
        try {
          schedule();
        } catch (e) {
          err = e;
        }
        expect(err, `priority ${p}`).toBeInstanceOf(SimError);
        expect((err as SimError).code).toBe('BAD_PRIORITY');
      }
      expect(isPriority(p)).toBe(false);
    }
    expect(sim.pending).toBe(0);
    // The bounds themselves are taken, and the higher one runs last at equal time.
    const order: number[] = [];
    const k7 = sim.on('seven', () => order.push(7));
    const k8 = sim.on('eight', () => order.push(8));
    sim.at(1, k7, 0, 0, EventQueue.MAX_PRIORITY);
    sim.at(1, k8, 0, 0, 0);
    sim.run();
    expect(order).toEqual([8, 7]);
  });
});
