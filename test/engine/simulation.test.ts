import { describe, expect, it } from 'vitest';
import { SimError } from '../../src/engine/errors.js';
import { Stream } from '../../src/engine/rng.js';
import { Priority, Simulation } from '../../src/engine/simulation.js';

/** Captures the thrown error of `f` (or undefined). */
const thrown = (f: () => void): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('Simulation', () => {
  it('runs events in (time, priority, seq) order whatever the scheduling order', () => {
    const sim = new Simulation(16);
    const log: [number, number, number][] = [];
    const k = sim.on('log', (target, data) => log.push([sim.now, target, data]));
    const s = new Stream('test/simulation/ties', 3);
    const evs: { t: number; p: number; id: number }[] = [];
    for (let id = 0; id < 3000; id++) {
      const t = s.int(20) * 1000;
      const p = s.int(3);
      evs.push({ t, p, id });
      sim.at(t, k, p, id, p);
    }
    sim.run();
    // Expected: stable sort by (time, priority); the id is the scheduling order (seq).
    const want = [...evs].sort((a, b) => a.t - b.t || a.p - b.p || a.id - b.id).map((e) => [e.t, e.p, e.id]);
    expect(log).toEqual(want);
    expect(sim.processed).toBe(3000);
    expect(sim.pending).toBe(0);
  });

  it('gives named priorities their order at equal time, and an URGENT event scheduled at now runs before pending NORMAL ones', () => {
    const sim = new Simulation();
    const log: string[] = [];
    let kUrgentChild = -1;
    const kNormal = sim.on('normal', (_t, d) => {
      log.push(`N${d}`);
      // The first NORMAL event schedules an URGENT one at the same time: it must run before
      // the NORMAL events already pending at that time (priority beats sequence).
      if (d === 1) sim.at(sim.now, kUrgentChild, 0, 0, Priority.URGENT);
    });
    kUrgentChild = sim.on('urgent-child', () => log.push('U*'));
    const kLate = sim.on('late', () => log.push('L'));
    const kUrgent = sim.on('urgent', () => log.push('U'));
    sim.at(10, kLate, 0, 0, Priority.LATE);
    sim.at(10, kNormal, 0, 1); // default priority is NORMAL
    sim.at(10, kNormal, 0, 2, Priority.NORMAL);
    sim.at(10, kUrgent, 0, 0, Priority.URGENT);
    sim.at(9, kLate, 0, 0, Priority.LATE); // earlier time beats priority
    sim.run();
    expect(log).toEqual(['L', 'U', 'N1', 'U*', 'N2', 'L']);
  });

  it('passes target and data to the handler and sets now to the event time', () => {
    const sim = new Simulation();
    const seen: number[][] = [];
    const k = sim.on('x', (target, data) => seen.push([sim.now, target, data]));
    sim.after(250, k, 7, -3);
    sim.at(100, k, 2147483647, -2147483648);
    sim.run();
    expect(seen).toEqual([
      [100, 2147483647, -2147483648],
      [250, 7, -3],
    ]);
    expect(sim.kindName(k)).toBe('x');
    expect(sim.kindName(99)).toBe('#99');
  });

  it('schedules `after` relative to the current time inside a handler', () => {
    const sim = new Simulation();
    const times: number[] = [];
    const k: number = sim.on('chain', (_t, n) => {
      times.push(sim.now);
      if (n > 0) sim.after(n, k, 0, n - 1);
    });
    sim.at(1000, k, 0, 4);
    sim.run();
    expect(times).toEqual([1000, 1004, 1007, 1009, 1010]);
  });

  it('throws SimError for `at` in the past and for negative or NaN delays, leaving the queue untouched', () => {
    const sim = new Simulation();
    const k = sim.on('noop', () => {});
    sim.at(500, k, 0, 0);
    sim.run(); // now = 500
    expect(sim.now).toBe(500);
    const e1 = thrown(() => sim.at(499, k, 0, 0));
    expect(e1).toBeInstanceOf(SimError);
    expect((e1 as SimError).code).toBe('PAST_EVENT');
    expect((e1 as SimError).timeUs).toBe(500);
    expect((e1 as Error).message).toContain('noop');
    const e2 = thrown(() => sim.after(-1, k, 0, 0));
    expect(e2).toBeInstanceOf(SimError);
    expect((e2 as SimError).code).toBe('NEGATIVE_DELAY');
    expect(thrown(() => sim.after(NaN, k, 0, 0))).toBeInstanceOf(SimError);
    expect(thrown(() => sim.at(NaN, k, 0, 0))).toBeInstanceOf(SimError);
    expect(sim.pending).toBe(0);
    // At now and with zero delay are allowed.
    sim.at(500, k, 0, 0);
    sim.after(0, k, 0, 0);
    expect(sim.pending).toBe(2);
  });

  it('throws from inside a handler that schedules into the past', () => {
    const sim = new Simulation();
    let calls = 0;
    // Only the first call schedules into the past, so a kernel that wrongly accepted it
    // fails this test instead of looping for ever.
    const k: number = sim.on('bad', () => {
      if (calls++ === 0) sim.at(sim.now - 1, k, 0, 0);
    });
    sim.at(10, k, 0, 0);
    expect(thrown(() => sim.run())).toBeInstanceOf(SimError);
    expect(calls).toBe(1);
  });

  it('run(until) processes events at or before until, stops, sets now to until, and can continue', () => {
    const sim = new Simulation();
    const ran: number[] = [];
    const k = sim.on('x', () => ran.push(sim.now));
    for (const t of [5, 10, 10, 11, 30]) sim.at(t, k, 0, 0);
    sim.run(10);
    expect(ran).toEqual([5, 10, 10]); // an event exactly at `until` runs
    expect(sim.now).toBe(10);
    expect(sim.pending).toBe(2);
    expect(sim.peek()).toBe(11);
    sim.run(20);
    expect(ran).toEqual([5, 10, 10, 11]);
    expect(sim.now).toBe(20); // advanced to until although the last event was at 11
    // Scheduling before the new now is in the past.
    expect(thrown(() => sim.at(15, k, 0, 0))).toBeInstanceOf(SimError);
    sim.run(25); // nothing to do: still moves the clock
    expect(sim.now).toBe(25);
    sim.run(); // to exhaustion: now is the last event's time
    expect(ran).toEqual([5, 10, 10, 11, 30]);
    expect(sim.now).toBe(30);
    expect(sim.peek()).toBe(Infinity);
    expect(sim.processed).toBe(5);
    // An until before now never moves the clock back.
    sim.run(3);
    expect(sim.now).toBe(30);
  });

  it('run(until) does not run events scheduled by handlers after until', () => {
    const sim = new Simulation();
    const ran: number[] = [];
    const k: number = sim.on('tick', () => {
      ran.push(sim.now);
      sim.after(7, k, 0, 0);
    });
    sim.at(0, k, 0, 0);
    sim.run(20);
    expect(ran).toEqual([0, 7, 14]);
    expect(sim.now).toBe(20);
    expect(sim.peek()).toBe(21);
  });

  it('calls onTick every tickEvery events with the simulation, across run calls', () => {
    const sim = new Simulation();
    const k = sim.on('x', () => {});
    for (let t = 1; t <= 37; t++) sim.at(t, k, 0, 0);
    const ticks: [number, number][] = [];
    const onTick = (s: Simulation): void => {
      expect(s).toBe(sim);
      ticks.push([s.processed, s.now]);
    };
    sim.run(10, onTick, 8);
    expect(ticks).toEqual([[8, 8]]);
    sim.run(Infinity, onTick, 8);
    // processed counts on across calls: ticks at 16, 24, 32 (event times equal counts here).
    expect(ticks).toEqual([
      [8, 8],
      [16, 16],
      [24, 24],
      [32, 32],
    ]);
  });

  it('ticks every 65,536 events by default', () => {
    const sim = new Simulation();
    let left = 200_000;
    const k: number = sim.on('x', () => {
      if (--left > 0) sim.after(1, k, 0, 0);
    });
    sim.at(0, k, 0, 0);
    const ticks: number[] = [];
    sim.run(Infinity, (s) => ticks.push(s.processed));
    expect(ticks).toEqual([65_536, 131_072, 196_608]);
    expect(sim.processed).toBe(200_000);
  });

  it('dispatchWith sends the kinds below its count to the dispatcher, in event order, and later kinds to their handlers', () => {
    const sim = new Simulation();
    const seen: string[] = [];
    const a = sim.on('a', () => seen.push('handler a'));
    const b = sim.on('b', () => seen.push('handler b'));
    sim.dispatchWith((kind, target, data) => seen.push(`dispatch ${sim.kindName(kind)} ${target} ${data} @${sim.now}`), 2);
    const c = sim.on('c', (target, data) => seen.push(`handler c ${target} ${data} @${sim.now}`));
    sim.at(30, c, 7, 8);
    sim.at(20, b, 3, 4);
    sim.at(10, a, 1, 2);
    sim.run();
    sim.fire(a, 5, 6);
    sim.fire(c, 9, 9);
    expect(seen).toEqual(['dispatch a 1 2 @10', 'dispatch b 3 4 @20', 'handler c 7 8 @30', 'dispatch a 5 6 @30', 'handler c 9 9 @30']);
    expect(sim.processed).toBe(3);
  });
});
