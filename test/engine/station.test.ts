import { describe, expect, it } from 'vitest';
import { Stream } from '../../src/engine/rng.js';
import { FcfsStation } from '../../src/engine/station.js';

/** One call on the station, in non-decreasing time. */
type Op =
  | { readonly type: 'arrive'; readonly t: number; readonly service: number }
  | { readonly type: 'check'; readonly t: number }
  | { readonly type: 'withdraw'; readonly t: number; readonly k: number; readonly until: number };

/** What the station reports, per arrival and per check. */
interface Trace {
  start: number[];
  wait: number[];
  done: number[];
  queueAtArrival: number[];
  /** Per check: the queue-length integral since the previous check, and the queue length. */
  area: number[];
  queueAtCheck: number[];
}

function runStation(servers: number, ops: readonly Op[]): Trace {
  const st = new FcfsStation(servers);
  const tr: Trace = { start: [], wait: [], done: [], queueAtArrival: [], area: [], queueAtCheck: [] };
  for (const op of ops) {
    if (op.type === 'arrive') {
      tr.done.push(st.admit(op.t, op.service));
      tr.start.push(st.lastStart);
      tr.wait.push(st.lastWait);
      tr.queueAtArrival.push(st.lastQueueLength);
    } else if (op.type === 'check') {
      tr.area.push(st.takeArea(op.t));
      tr.queueAtCheck.push(st.queueLength(op.t));
    } else {
      st.withdraw(op.k, op.until);
    }
  }
  return tr;
}

/**
 * Brute-force reference: an event-by-event simulation of a c-server FCFS queue with explicit
 * departure events, a busy-server count and a FIFO waiting line. At equal times departures
 * come first (a server freed at t serves a job arriving at t without wait), and a departure
 * immediately starts the head of the line.
 *
 * A withdrawal of k servers until U is modelled as k placeholder jobs joining the line at the
 * time of the call: each one, when it gets a server (FCFS, behind the jobs already there),
 * holds it until max(start, U), so the server finishes what it has and then idles until U.
 * Placeholders are not counted as waiting jobs.
 */
function reference(servers: number, ops: readonly Op[]): Trace {
  const tr: Trace = { start: [], wait: [], done: [], queueAtArrival: [], area: [], queueAtCheck: [] };
  const departures: number[] = []; // unsorted; the minimum is found by a scan
  // The line: job ids (>= 0) or placeholders (-1 - index into `untils`).
  const line: number[] = [];
  let lineHead = 0;
  const untils: number[] = [];
  let busy = 0;
  let realWaiting = 0;
  let lastT = 0;
  let area = 0;
  const services: number[] = [];
  const arrivals: number[] = [];

  const integrateTo = (t: number): void => {
    area += realWaiting * (t - lastT);
    lastT = t;
  };
  /** Gives a free server to item `id` at time t. */
  const startService = (id: number, t: number): void => {
    busy++;
    if (id >= 0) {
      tr.start[id] = t;
      tr.wait[id] = t - arrivals[id]!;
      tr.done[id] = t + services[id]!;
      departures.push(t + services[id]!);
    } else {
      departures.push(Math.max(t, untils[-1 - id]!));
    }
  };
  const processDeparturesUpTo = (t: number): void => {
    for (;;) {
      let m = -1;
      for (let i = 0; i < departures.length; i++) if (m < 0 || departures[i]! < departures[m]!) m = i;
      if (m < 0 || departures[m]! > t) return;
      const d = departures[m]!;
      departures.splice(m, 1);
      integrateTo(d);
      busy--;
      if (lineHead < line.length) {
        const id = line[lineHead++]!;
        if (id >= 0) realWaiting--;
        startService(id, d);
      }
    }
  };
  const join = (id: number, t: number): void => {
    if (busy < servers) startService(id, t);
    else {
      line.push(id);
      if (id >= 0) realWaiting++;
    }
  };

  for (const op of ops) {
    processDeparturesUpTo(op.t);
    integrateTo(op.t);
    if (op.type === 'arrive') {
      const id = arrivals.length;
      arrivals.push(op.t);
      services.push(op.service);
      tr.start.push(NaN);
      tr.wait.push(NaN);
      tr.done.push(NaN);
      join(id, op.t);
      tr.queueAtArrival.push(realWaiting);
    } else if (op.type === 'check') {
      tr.area.push(area);
      area = 0;
      tr.queueAtCheck.push(realWaiting);
    } else {
      for (let i = 0; i < Math.min(op.k, servers); i++) {
        untils.push(op.until);
        join(-untils.length, op.t);
      }
    }
  }
  // Start times of jobs still in line at the end: finish the reference off.
  processDeparturesUpTo(Infinity);
  return tr;
}

/** Random operations: Poisson-ish arrivals with ties, exponential services with zeros, checks, withdrawals. */
function randomOps(
  s: Stream,
  o: { jobs: number; meanGap: number; meanService: number; servers: number; withdrawRate?: number },
): Op[] {
  const ops: Op[] = [];
  let t = 0;
  for (let j = 0; j < o.jobs; j++) {
    const gap = s.uniform() < 0.15 ? 0 : Math.round(s.exponential(o.meanGap));
    // A check somewhere in the gap (possibly at either end).
    if (s.uniform() < 0.2) ops.push({ type: 'check', t: t + s.int(gap + 1) });
    if ((o.withdrawRate ?? 0) > 0 && s.uniform() < o.withdrawRate!) {
      const at = Math.max(t, (ops[ops.length - 1]?.t ?? 0)) + s.int(gap + 1);
      ops.push({ type: 'withdraw', t: at, k: 1 + s.int(o.servers + 1), until: at + Math.round(s.exponential(o.meanService * 5)) });
    }
    t += gap;
    // Keep op times non-decreasing (a check or withdrawal may sit at the end of the gap).
    t = Math.max(t, ops[ops.length - 1]?.t ?? 0);
    const service = s.uniform() < 0.1 ? 0 : Math.round(s.exponential(o.meanService));
    ops.push({ type: 'arrive', t, service });
  }
  ops.push({ type: 'check', t: t + o.meanService * 50 });
  ops.push({ type: 'check', t: t + o.meanService * 5000 });
  return ops;
}

function expectSameTrace(got: Trace, want: Trace): void {
  expect(got.start).toEqual(want.start);
  expect(got.wait).toEqual(want.wait);
  expect(got.done).toEqual(want.done);
  expect(got.queueAtArrival).toEqual(want.queueAtArrival);
  expect(got.queueAtCheck).toEqual(want.queueAtCheck);
  expect(got.area).toEqual(want.area);
}

describe('FcfsStation against a brute-force event-by-event FCFS queue', () => {
  // (servers, utilization): light, heavy, and overloaded (the line grows into the thousands,
  // exercising the ring buffer's growth and wrap-around).
  const cases: [number, number][] = [
    [1, 0.5],
    [1, 0.95],
    [2, 0.8],
    [3, 1.3],
    [4, 0.9],
    [8, 0.7],
    [5, 2.0],
  ];
  it.each(cases)('%i servers at utilization %d: identical starts, waits, queue lengths and area', (c, rho) => {
    const s = new Stream(`test/station/${c}/${rho}`, 11);
    const meanService = 1000;
    const ops = randomOps(s, { jobs: 6000, meanGap: meanService / (c * rho), meanService, servers: c });
    const got = runStation(c, ops);
    const want = reference(c, ops);
    expectSameTrace(got, want);
    // Sanity of the scenario itself: some jobs waited, and some did not.
    expect(want.wait.some((w) => w > 0)).toBe(true);
    expect(want.wait.some((w) => w === 0)).toBe(true);
    if (rho > 1) expect(Math.max(...want.queueAtArrival)).toBeGreaterThan(64);
  });

  it('total area equals the sum of waits once every job has started', () => {
    // Each waiting job contributes exactly its wait to the queue-length integral.
    const c = 3;
    const s = new Stream('test/station/area-sum', 1);
    const ops = randomOps(s, { jobs: 5000, meanGap: 400, meanService: 1000, servers: c });
    const got = runStation(c, ops);
    const totalArea = got.area.reduce((a, b) => a + b, 0);
    const totalWait = got.wait.reduce((a, b) => a + b, 0);
    expect(totalWait).toBeGreaterThan(0);
    expect(totalArea).toBe(totalWait);
  });

  it.each([
    [1, 0.8],
    [3, 0.9],
    [6, 1.2],
  ])('with random withdrawals, %i servers at utilization %d, matches the reference', (c, rho) => {
    const s = new Stream(`test/station/withdraw/${c}/${rho}`, 5);
    const meanService = 1000;
    const ops = randomOps(s, { jobs: 4000, meanGap: meanService / (c * rho), meanService, servers: c, withdrawRate: 0.01 });
    expect(ops.some((o) => o.type === 'withdraw')).toBe(true);
    expectSameTrace(runStation(c, ops), reference(c, ops));
  });

  it.each([
    [40, false],
    [80, true],
  ])('%i servers, light load then a burst (withdrawals: %s): the heap of used servers matches the reference', (c, withdrawals) => {
    // A host far below capacity uses a few of its servers for a long time (the heap holds only
    // those), then a burst makes every server busy and some jobs wait.
    const s = new Stream(`test/station/light-burst/${c}`, 3);
    const meanService = 1000;
    const light = randomOps(s, { jobs: 3000, meanGap: meanService / (c * 0.03), meanService, servers: c, withdrawRate: withdrawals ? 0.002 : 0 });
    const end = light[light.length - 1]!.t;
    const burst = randomOps(s, { jobs: 3000, meanGap: meanService / (c * 1.5), meanService, servers: c }).map((o) =>
      o.type === 'withdraw' ? { ...o, t: o.t + end, until: o.until + end } : { ...o, t: o.t + end },
    );
    const ops = [...light.slice(0, -2), ...burst];
    const want = reference(c, ops);
    expectSameTrace(runStation(c, ops), want);
    if (withdrawals) expect(light.some((o) => o.type === 'withdraw')).toBe(true);
    else expect(want.wait.slice(0, 2990).every((w) => w === 0)).toBe(true);
    expect(Math.max(...want.queueAtArrival)).toBeGreaterThan(c);
  });

  it('rejects a non-positive or fractional server count', () => {
    expect(() => new FcfsStation(0)).toThrow(RangeError);
    expect(() => new FcfsStation(1.5)).toThrow(RangeError);
    expect(() => new FcfsStation(NaN)).toThrow(RangeError);
    expect(new FcfsStation(3).serverCount).toBe(3);
  });
});

describe('FcfsStation.withdraw (hand-computed cases)', () => {
  it('leaves only the remaining servers until `until`, then all serve again', () => {
    const st = new FcfsStation(3);
    st.withdraw(2, 1000); // at t = 0, all idle: two servers idle until 1000
    expect(st.admit(0, 100)).toBe(100); // the one server left
    expect(st.admit(0, 100)).toBe(200);
    expect(st.lastStart).toBe(100);
    expect(st.admit(0, 100)).toBe(300);
    expect(st.lastWait).toBe(200);
    expect(st.lastQueueLength).toBe(2); // the jobs starting at 100 and 200 wait
    expect(st.admit(250, 2000)).toBe(2300); // starts at 300
    expect(st.lastWait).toBe(50);
    // The remaining server is busy until 2300: the next job waits for a withdrawn one at 1000.
    expect(st.admit(260, 10)).toBe(1010);
    expect(st.lastStart).toBe(1000);
    expect(st.admit(270, 10)).toBe(1010); // the second withdrawn server, also back at 1000
    expect(st.admit(280, 10)).toBe(1020);
  });

  it('takes the servers that free soonest; each finishes its job before idling', () => {
    const st = new FcfsStation(2);
    st.admit(0, 500); // server A busy until 500
    st.admit(0, 100); // server B busy until 100
    st.withdraw(1, 300); // at t = 50: B (free at 100, the soonest) idles from 100 until 300
    expect(st.admit(60, 10)).toBe(310);
    expect(st.lastStart).toBe(300);
    expect(st.admit(60, 10)).toBe(320);
    // A is free at 500, B at 320: the next job goes to B.
    expect(st.admit(60, 1000)).toBe(1320);
    expect(st.admit(60, 1)).toBe(501); // then A
    expect(st.lastWait).toBe(440);
  });

  it('keeps a server busy past `until` when its work ends later', () => {
    const st = new FcfsStation(1);
    st.admit(0, 1000);
    st.withdraw(1, 500);
    expect(st.admit(20, 5)).toBe(1005); // not 505: the server finishes its job first
    expect(st.lastWait).toBe(980);
  });

  it('withdrawing more servers than exist takes them all', () => {
    const st = new FcfsStation(2);
    st.withdraw(5, 700);
    expect(st.admit(0, 10)).toBe(710);
    expect(st.admit(0, 10)).toBe(710);
    expect(st.admit(0, 10)).toBe(720);
  });

  it('keeps admitted waiting jobs in place: a withdrawn server first serves the jobs already assigned to it', () => {
    const st = new FcfsStation(1);
    st.admit(0, 100); // 0..100
    st.admit(0, 100); // waits, 100..200
    expect(st.queueLength(0)).toBe(1);
    st.withdraw(1, 150); // the server finishes both (free at 200 > 150)
    expect(st.admit(10, 1)).toBe(201);
    // Queue area: job 2 waits 0..100, job 3 waits 10..200.
    expect(st.takeArea(1000)).toBe(100 + 190);
  });
});

describe('FcfsStation queue length and area (hand-computed)', () => {
  it('integrates the number of waiting jobs between takeArea calls', () => {
    const st = new FcfsStation(1);
    st.admit(0, 10); // in service 0..10
    st.admit(2, 10); // waits 2..10
    st.admit(4, 10); // waits 4..20
    expect(st.lastQueueLength).toBe(2);
    expect(st.queueLength(5)).toBe(2);
    // Area up to 6: 1 job over [2,4), 2 jobs over [4,6) -> 2 + 4.
    expect(st.takeArea(6)).toBe(6);
    // Then 2 jobs over [6,10), 1 over [10,20): 8 + 10.
    expect(st.queueLength(10)).toBe(1); // the job starting exactly at 10 no longer waits
    expect(st.takeArea(25)).toBe(18);
    expect(st.queueLength(25)).toBe(0);
    expect(st.takeArea(30)).toBe(0);
  });

  it('a job finding a server free exactly at its arrival does not wait', () => {
    const st = new FcfsStation(1);
    expect(st.admit(0, 100)).toBe(100);
    expect(st.admit(100, 5)).toBe(105);
    expect(st.lastWait).toBe(0);
    expect(st.lastQueueLength).toBe(0);
    // Zero service: the server is free at once for the next job at the same time.
    expect(st.admit(200, 0)).toBe(200);
    expect(st.admit(200, 7)).toBe(207);
    expect(st.lastWait).toBe(0);
  });
});
