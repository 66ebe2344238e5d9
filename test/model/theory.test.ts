/**
 * Queueing theory through the real model: runNetwork on plain networks whose answers are known
 * (Erlang C, Jackson networks, Little's law against the per-purchase records), plus conservation of purchases and determinism.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runNetwork, type RunResult } from '../../src/model/network.js';
import {
  N_ARRIVALS,
  N_BUSY_US,
  N_DOWN_REJECTS,
  N_FIELDS,
  N_QUEUE_AREA,
  N_STAND_IN,
  N_WAITED,
  N_WAIT_SUM_US,
  T_APPROVED,
  T_ATTEMPTS,
  T_DECLINED,
  T_FIELDS,
  T_LAT_SUM,
  T_REVERSALS,
  T_STAND_IN,
  T_TIMED_OUT,
} from '../../src/model/stats.js';
import type { FaultSpec, Scenario } from '../../src/scenario/types.js';
import { benchTandem, exponential, fixed, plainNetwork } from '../helpers/scenarios.js';

// ------------------------------------------------------------------ theory helpers

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda / mu (a < c). */
function erlangC(c: number, a: number): number {
  // Terms a^k / k! by recurrence, so no factorial overflows.
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  // term is now a^c / c!
  const top = (term * c) / (c - a);
  return top / (sum + top);
}

/** Mean wait in queue of M/M/c (same unit as meanService). */
function mmcWait(c: number, lambdaPerUnit: number, meanService: number): number {
  const a = lambdaPerUnit * meanService;
  return erlangC(c, a) / (c / meanService - lambdaPerUnit);
}

/** ln Gamma(x), Lanczos approximation (g = 7, n = 9), x > 0. */
function lnGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let s = g[0]!;
  for (let i = 1; i < 9; i++) s += g[i]! / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Regularized incomplete beta I_x(a, b) by the continued fraction (Numerical Recipes, betacf). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    f *= d * c;
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return (front * f) / a;
}

/** CDF of Student's t with nu degrees of freedom. */
function studentTCdf(t: number, nu: number): number {
  const tail = 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (p > 0.5), by bisection on the CDF. */
function studentTQuantile(p: number, nu: number): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, nu) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Batch-means confidence interval: the batches are treated as i.i.d. normal means. */
function batchMeansCI(batches: readonly number[], level: number): { mean: number; half: number; lo: number; hi: number } {
  const k = batches.length;
  const mean = batches.reduce((a, b) => a + b, 0) / k;
  const s2 = batches.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1);
  const t = studentTQuantile(1 - (1 - level) / 2, k - 1);
  const half = t * Math.sqrt(s2 / k);
  return { mean, half, lo: mean - half, hi: mean + half };
}

// ------------------------------------------------------------------ result accessors

const node = (r: RunResult, b: number, h: number, f: number): number => r.nodes[(b * r.hosts.length + h) * N_FIELDS + f]!;
const tp = (r: RunResult, b: number, f: number): number => r.throughput[b * T_FIELDS + f]!;
const resolved = (r: RunResult, b: number): number => tp(r, b, T_APPROVED) + tp(r, b, T_DECLINED) + tp(r, b, T_TIMED_OUT);
/** Buckets 1 .. buckets-1 (bucket 0 is the warm-up). */
const afterWarmup = (r: RunResult): number[] => Array.from({ length: r.buckets - 1 }, (_, i) => i + 1);

/** Per-bucket mean wait of host h in µs (the batches). */
const waitBatches = (r: RunResult, h: number): number[] =>
  afterWarmup(r).map((b) => node(r, b, h, N_WAIT_SUM_US) / node(r, b, h, N_ARRIVALS));

const sumOver = (r: RunResult, buckets: readonly number[], h: number, f: number): number =>
  buckets.reduce((a, b) => a + node(r, b, h, f), 0);

const allBuckets = (r: RunResult): number[] => Array.from({ length: r.buckets }, (_, i) => i);

// ------------------------------------------------------------------ tests of the helpers

describe('theory helpers (checked against hand and table values)', () => {
  it('erlangC matches closed forms and the waits of docs/sources.md §B.2', () => {
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12); // M/M/1: P(wait) = rho
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12); // (1/2 * 2) / (1 + 1 + 1)
    // c = 4, a = 3: a^4/4! * 4/(4-3) = 13.5; sum_{k<4} a^k/k! = 13 -> 13.5 / 26.5.
    expect(erlangC(4, 3)).toBeCloseTo(13.5 / 26.5, 12);
    // docs/sources.md §B.2: 2.3857 ms, 0.6314 ms, 7.0898 ms at lambda = 1/ms.
    expect(mmcWait(4, 1, 3.2)).toBeCloseTo(2.3857, 4);
    expect(mmcWait(8, 1, 5.6)).toBeCloseTo(0.6314, 4);
    expect(mmcWait(4, 1, 3.6)).toBeCloseTo(7.0898, 4);
  });

  it('studentTQuantile matches the t table (two-sided 99 %: the 0.995 quantile)', () => {
    // Standard t-table values of t_{0.995, nu}.
    const table: [number, number][] = [
      [1, 63.657],
      [5, 4.032],
      [10, 3.169],
      [20, 2.845],
      [30, 2.75],
      [60, 2.66],
      [120, 2.617],
    ];
    for (const [nu, t] of table) expect(studentTQuantile(0.995, nu)).toBeCloseTo(t, 2);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228, 3);
    expect(studentTQuantile(0.995, 1e6)).toBeCloseTo(2.5758, 3); // the normal limit
  });
});

// ------------------------------------------------------------------ M/M/c

/**
 * One station queues (the issuer); the acquirer and switch have many servers and zero service,
 * links are zero: so the issuer sees the Poisson arrivals themselves and is M/M/c.
 */
function mmcNetwork(c: number, ratePerSecond: number, meanServiceMs: number, durationS: number, bucketS: number, seed: number): Scenario {
  return plainNetwork({
    ratePerSecond,
    durationS,
    bucketS,
    acquirer: [64, fixed(0)],
    switch: [64, fixed(0)],
    issuer: [c, exponential(meanServiceMs)],
    seed,
  });
}

// (servers, rate /s, mean service ms, duration s, bucket s): utilizations 0.75 and 0.8.
const MMC_CASES: [number, number, number, number, number][] = [
  [4, 750, 4, 1600, 50],
  [2, 500, 3.2, 1600, 50],
];

describe('M/M/c host through the model', () => {
  const runs = new Map<number, RunResult>();
  beforeAll(() => {
    MMC_CASES.forEach(([c, rate, ms, dur, bucket], i) => runs.set(i, runNetwork(mmcNetwork(c, rate, ms, dur, bucket, 1), { seed: 1 })));
  });

  it.each(MMC_CASES.map((x, i) => [i, ...x] as const))(
    'case %i: %i servers, %i/s, %d ms: mean wait in the 99-percent batch-means CI of Erlang C, P(wait) within 0.01',
    (i, c, rate, ms) => {
      const r = runs.get(i)!;
      const iss = 2;
      expect(r.hosts[iss]!.role).toBe('issuer');
      expect(r.hosts[iss]!.servers).toBe(c);
      const lambdaPerUs = rate / 1e6;
      const wTheory = mmcWait(c, lambdaPerUs, ms * 1000);
      const pTheory = erlangC(c, lambdaPerUs * ms * 1000);
      const ci = batchMeansCI(waitBatches(r, iss), 0.99);
      expect(wTheory, `theory ${wTheory} µs, CI [${ci.lo}, ${ci.hi}]`).toBeGreaterThanOrEqual(ci.lo);
      expect(wTheory, `theory ${wTheory} µs, CI [${ci.lo}, ${ci.hi}]`).toBeLessThanOrEqual(ci.hi);
      // The interval is tight enough to mean something: half-width under 6 % of the value.
      expect(ci.half / wTheory).toBeLessThan(0.06);
      const b = afterWarmup(r);
      const pWait = sumOver(r, b, iss, N_WAITED) / sumOver(r, b, iss, N_ARRIVALS);
      expect(Math.abs(pWait - pTheory), `P(wait) ${pWait} vs Erlang C ${pTheory}`).toBeLessThan(0.01);
      // Utilization: busy time / (bucket * servers), batch means, contains rho.
      const rho = (lambdaPerUs * ms * 1000) / c;
      const util = batchMeansCI(
        b.map((k) => node(r, k, iss, N_BUSY_US) / (r.bucketUs * c)),
        0.99,
      );
      expect(rho).toBeGreaterThanOrEqual(util.lo);
      expect(rho).toBeLessThanOrEqual(util.hi);
      // The other two stations never queue.
      for (const h of [0, 1]) {
        expect(sumOver(r, allBuckets(r), h, N_WAIT_SUM_US)).toBe(0);
        expect(sumOver(r, allBuckets(r), h, N_WAITED)).toBe(0);
      }
      // Every purchase was approved, and arrivals match the rate (Poisson: SE = sqrt(n)).
      const attempts = allBuckets(r).reduce((a, k) => a + tp(r, k, T_ATTEMPTS), 0);
      const expected = rate * (r.buckets * r.bucketUs) / 1e6;
      expect(Math.abs(attempts - expected)).toBeLessThan(5 * Math.sqrt(expected));
    },
  );
});

/**
 * Little's law from independent data: the issuer's time-integrated queue length, as the station
 * reports it per bucket (N_QUEUE_AREA, from its ring of service starts), against the same integral
 * rebuilt from the per-purchase records alone. Every other part of the path is deterministic (fixed
 * services at hosts that never queue, fixed links, fixed issuer service), so a purchase's wait at
 * the issuer is its recorded latency minus a constant, and it waits from a known arrival time
 * (start + the fixed upstream time): each record contributes the part of [arrival, arrival + wait)
 * that falls in each bucket. A station that lost, double-counted or mistimed waiting jobs differs.
 */
describe("Little's law: the issuer's queue-length integral against the per-purchase records", () => {
  const ACQ_MS = 1;
  const SW_MS = 1;
  const ISS_MS = 3.2;
  const ACQ_SW_MS = 2;
  const SW_ISS_MS = 3;
  const ISS_SW_MS = 4;
  const sc = plainNetwork({
    ratePerSecond: 1000,
    durationS: 200,
    bucketS: 10,
    acquirer: [64, fixed(ACQ_MS)],
    switch: [64, fixed(SW_MS)],
    issuer: [4, fixed(ISS_MS)],
    links: { acquirerSwitch: fixed(ACQ_SW_MS), switchIssuer: fixed(SW_ISS_MS), issuerSwitch: fixed(ISS_SW_MS) },
    seed: 11,
  });
  const ISSUER_HOST = 2;
  const upstreamUs = (ACQ_MS + ACQ_SW_MS + SW_MS + SW_ISS_MS) * 1000;
  const fixedUs = upstreamUs + (ISS_MS + ISS_SW_MS) * 1000;
  const starts: number[] = [];
  const latencies: number[] = [];
  let r: RunResult;
  beforeAll(() => {
    r = runNetwork(sc, {
      seed: 11,
      onTransaction: (t) => {
        starts.push(t.startUs);
        latencies.push(t.latencyUs);
      },
    });
  });

  it('the area in every bucket equals the waits of the records falling in it (M/D/4 at utilization 0.8)', () => {
    const B = r.bucketUs;
    const end = sc.durationUs;
    const fromRecords = new Float64Array(r.buckets);
    let waited = 0;
    for (let i = 0; i < starts.length; i++) {
      const wait = latencies[i]! - fixedUs;
      expect(wait).toBeGreaterThanOrEqual(0);
      if (wait === 0) continue;
      waited++;
      const a = starts[i]! + upstreamUs;
      const z = Math.min(a + wait, end);
      for (let k = Math.floor(a / B); k * B < z; k++) fromRecords[k]! += Math.min(z, (k + 1) * B) - Math.max(a, k * B);
    }
    // The queue is real: most purchases wait at utilization 0.8 with 4 servers.
    expect(waited / starts.length).toBeGreaterThan(0.3);
    expect(r.hosts[ISSUER_HOST]!.role).toBe('issuer');
    for (let k = 0; k < r.buckets; k++) {
      const station = node(r, k, ISSUER_HOST, N_QUEUE_AREA);
      expect(station, `bucket ${k}`).toBeGreaterThan(0);
      expect(Math.abs(station - fromRecords[k]!), `bucket ${k}: station ${station}, records ${fromRecords[k]}`).toBeLessThanOrEqual(1e-6 * station);
    }
  });

  it('the mean queue length over the run agrees with L = lambda W from the records', () => {
    const T = sc.durationUs;
    let area = 0;
    for (let k = 0; k < r.buckets; k++) area += node(r, k, ISSUER_HOST, N_QUEUE_AREA);
    const waitSum = latencies.reduce((s, l) => s + (l - fixedUs), 0);
    // Waits that run past the end are cut off in the area: at most a few purchases' worth.
    expect(Math.abs(area / T - waitSum / T)).toBeLessThan(0.001 * (waitSum / T));
  });
});

// ------------------------------------------------------------------ the reference tandem (docs/sources.md §B.2)

describe('reference tandem network of docs/sources.md §B.2 (Jackson network of three M/M/c stations)', () => {
  let r: RunResult;
  beforeAll(() => {
    // 2,000 s simulated: 2 M purchases, 199 batches of 10 s after the first.
    r = runNetwork(benchTandem(2000, 1), { seed: 1 });
  });

  it.each([
    ['acquirer', 0, 4, 3.2],
    ['switch', 1, 8, 5.6],
    ['issuer', 2, 4, 3.6],
  ] as const)('%s mean wait lies in its 99-percent batch-means CI around Erlang C', (role, h, c, ms) => {
    expect(r.hosts[h]!.role).toBe(role);
    const theory = mmcWait(c, 1000 / 1e6, ms * 1000);
    const ci = batchMeansCI(waitBatches(r, h), 0.99);
    expect(theory, `${role}: theory ${theory} µs, CI [${ci.lo}, ${ci.hi}]`).toBeGreaterThanOrEqual(ci.lo);
    expect(theory, `${role}: theory ${theory} µs, CI [${ci.lo}, ${ci.hi}]`).toBeLessThanOrEqual(ci.hi);
    expect(ci.half / theory).toBeLessThan(0.05);
  });

  it('mean end-to-end latency lies in its 99 % batch-means CI around 42.507 ms', () => {
    // Sum of waits (Erlang C) + services 3.2 + 5.6 + 3.6 ms + links 5 + 5 + 10 ms.
    const theory = [mmcWait(4, 1, 3.2), mmcWait(8, 1, 5.6), mmcWait(4, 1, 3.6)].reduce((a, b) => a + b, 0) + 12.4 + 20;
    expect(theory).toBeCloseTo(42.507, 3);
    const batches = afterWarmup(r).map((b) => tp(r, b, T_LAT_SUM) / resolved(r, b) / 1000);
    const ci = batchMeansCI(batches, 0.99);
    expect(theory, `CI [${ci.lo}, ${ci.hi}] ms`).toBeGreaterThanOrEqual(ci.lo);
    expect(theory, `CI [${ci.lo}, ${ci.hi}] ms`).toBeLessThanOrEqual(ci.hi);
    expect(ci.half).toBeLessThan(0.5);
    // Every purchase approved.
    for (const b of allBuckets(r)) expect(tp(r, b, T_APPROVED)).toBe(tp(r, b, T_ATTEMPTS));
  });
});

// ------------------------------------------------------------------ conservation and faults

const S = 1_000_000;

/**
 * A network with every kind of fault, one after another with quiet periods between them.
 * Rate 400/s, 600 s, 30 s buckets. Acquirer timeout 5 s, below the switch's 10 s timer on the
 * issuer, so purchases stuck at a hung issuer time out at the acquirer (and are reversed).
 */
const FAULTS: FaultSpec[] = [
  // 60-120 s: issuer hung: requests taken, never answered.
  { kind: 'host_down', host: { role: 'issuer', index: 0 }, hung: true, fromUs: 60 * S, toUs: 120 * S },
  // 180-240 s: issuer refused: the switch stands in at once.
  { kind: 'host_down', host: { role: 'issuer', index: 0 }, hung: false, fromUs: 180 * S, toUs: 240 * S },
  // 300-360 s: issuer down to 1 server: utilization 1.2, a backlog of seconds builds up.
  { kind: 'capacity', host: { role: 'issuer', index: 0 }, servers: 1, fromUs: 300 * S, toUs: 360 * S },
  // 420-450 s: 7 s more on the switch -> issuer link: past the acquirer's 5 s timer.
  { kind: 'latency', link: 'switchIssuer', party: -1, addUs: 7 * S, fromUs: 420 * S, toUs: 450 * S },
  // 480-495 s: acquirer refused (declined at once); 510-520 s: switch hung (acquirer times out).
  { kind: 'host_down', host: { role: 'acquirer', index: 0 }, hung: false, fromUs: 480 * S, toUs: 495 * S },
  { kind: 'host_down', host: { role: 'switch', index: 0 }, hung: true, fromUs: 510 * S, toUs: 520 * S },
  // 540-550 s: acquirer hung: the terminal's own 30 s timer ends the purchase.
  { kind: 'host_down', host: { role: 'acquirer', index: 0 }, hung: true, fromUs: 540 * S, toUs: 550 * S },
];

function faultNetwork(seed = 1, ratePerSecond = 400): Scenario {
  const sc = plainNetwork({
    ratePerSecond,
    durationS: 600,
    bucketS: 30,
    acquirer: [4, exponential(2)],
    switch: [4, exponential(2)],
    issuer: [4, exponential(3)],
    links: { acquirerSwitch: fixed(1), switchIssuer: fixed(1), issuerSwitch: fixed(1), switchAcquirer: fixed(1) },
    faults: FAULTS,
    seed,
  });
  return {
    ...sc,
    acquirers: sc.acquirers.map((a) => ({ ...a, timeoutUs: 5 * S })),
    switch: {
      ...sc.switch,
      issuerTimeoutUs: 10 * S,
      standIn: { enabled: true, maxAmountMinor: 1_000_000, maxCountPerDay: 200, maxAmountPerDayMinor: 100_000_000 },
    },
  };
}

/** Per-purchase outcomes of a run, from the transaction sink, as columns. */
interface Outcomes {
  start: Float64Array;
  outcome: Uint8Array;
  standIn: Uint8Array;
  latency: Float64Array;
  code: string[];
  n: number;
}

function runWithOutcomes(sc: Scenario, seed: number): { r: RunResult; o: Outcomes } {
  const cap = 1 << 19;
  const o: Outcomes = {
    start: new Float64Array(cap),
    outcome: new Uint8Array(cap),
    standIn: new Uint8Array(cap),
    latency: new Float64Array(cap),
    code: [],
    n: 0,
  };
  const r = runNetwork(sc, {
    seed,
    onTransaction: (t) => {
      const i = o.n++;
      o.start[i] = t.startUs;
      o.outcome[i] = t.outcome;
      o.standIn[i] = t.standIn ? 1 : 0;
      o.latency[i] = t.latencyUs;
      o.code.push(t.code);
    },
  });
  return { r, o };
}

/** Indices of the purchases that started in [fromS, toS) seconds. */
function startedIn(o: Outcomes, fromS: number, toS: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < o.n; i++) if (o.start[i]! >= fromS * S && o.start[i]! < toS * S) out.push(i);
  return out;
}

const OUT_APPROVED = 0;
const OUT_DECLINED = 1;
const OUT_TIMED_OUT = 2;

describe('conservation of purchases', () => {
  it.each([
    ['M/M/c', () => mmcNetwork(3, 500, 5, 120, 10, 3)],
    ['tandem', () => benchTandem(60, 2)],
    ['tiny buckets', () => ({ ...benchTandem(20, 4), bucketUs: 100_000 })],
  ])('attempts = approved + declined + timed_out in every bucket: %s', (_name, make) => {
    const r = runNetwork(make(), { seed: 5 });
    const bad = allBuckets(r).filter((b) => tp(r, b, T_ATTEMPTS) !== resolved(r, b));
    expect(bad).toEqual([]);
    const total = allBuckets(r).reduce((a, b) => a + tp(r, b, T_ATTEMPTS), 0);
    expect(total).toBe(r.transactions);
    expect(total).toBeGreaterThan(0);
    // No faults, unlimited funds, no random declines: everything approved.
    expect(allBuckets(r).reduce((a, b) => a + tp(r, b, T_APPROVED), 0)).toBe(total);
  });

  it('attempts = approved + declined + timed_out when a step overruns both the acquirer and the terminal deadlines', () => {
    // The switch waits 40 s on a hung issuer, longer than the terminal's 30 s: the hop to the
    // switch's timer arms both the acquirer's (5 s) and the terminal's timer. Each purchase
    // must still end exactly once.
    const base = faultNetwork(1, 100);
    const sc: Scenario = {
      ...base,
      durationUs: 200 * S,
      faults: [{ kind: 'host_down', host: { role: 'issuer', index: 0 }, hung: true, fromUs: 50 * S, toUs: 100 * S }],
      switch: { ...base.switch, issuerTimeoutUs: 40 * S },
    };
    const { r, o } = runWithOutcomes(sc, 2);
    const bad = allBuckets(r).filter((b) => tp(r, b, T_ATTEMPTS) !== resolved(r, b));
    expect(bad).toEqual([]);
    expect(o.n).toBe(r.transactions);
    const hung = startedIn(o, 50.1, 99.9);
    expect(hung.length).toBeGreaterThan(0);
    for (const i of hung) expect(o.outcome[i]).toBe(OUT_TIMED_OUT);
    // One reversal per timed-out purchase, not two.
    for (const b of [2]) expect(tp(r, b, T_REVERSALS)).toBe(tp(r, b, T_TIMED_OUT));
  });

  describe('with faults: hung and refused hosts, a capacity cut, added latency; stand-in enabled', () => {
    let r: RunResult;
    let o: Outcomes;
    beforeAll(() => {
      ({ r, o } = runWithOutcomes(faultNetwork(), 1));
    });

    /** Outcome counts of the purchases started in [fromS, toS). */
    const counts = (fromS: number, toS: number): { n: number; approved: number; declined: number; timedOut: number; standIn: number } => {
      const idx = startedIn(o, fromS, toS);
      return {
        n: idx.length,
        approved: idx.filter((i) => o.outcome[i] === OUT_APPROVED).length,
        declined: idx.filter((i) => o.outcome[i] === OUT_DECLINED).length,
        timedOut: idx.filter((i) => o.outcome[i] === OUT_TIMED_OUT).length,
        standIn: idx.filter((i) => o.standIn[i] === 1).length,
      };
    };

    it('attempts = approved + declined + timed_out in every bucket; every purchase reported once', () => {
      const bad = allBuckets(r).filter((b) => tp(r, b, T_ATTEMPTS) !== resolved(r, b));
      expect(bad).toEqual([]);
      expect(allBuckets(r).reduce((a, b) => a + tp(r, b, T_ATTEMPTS), 0)).toBe(r.transactions);
      expect(o.n).toBe(r.transactions);
      // Per bucket, the sink's outcomes agree with the table.
      for (const b of allBuckets(r)) {
        const c = counts(b * 30, (b + 1) * 30);
        expect([c.n, c.approved, c.declined, c.timedOut, c.standIn]).toEqual([
          tp(r, b, T_ATTEMPTS),
          tp(r, b, T_APPROVED),
          tp(r, b, T_DECLINED),
          tp(r, b, T_TIMED_OUT),
          tp(r, b, T_STAND_IN),
        ]);
        expect(tp(r, b, T_REVERSALS)).toBeLessThanOrEqual(tp(r, b, T_ATTEMPTS));
      }
      // The run as a whole produced each kind of fault outcome.
      const total = (f: number): number => allBuckets(r).reduce((a, b) => a + tp(r, b, f), 0);
      expect(total(T_STAND_IN)).toBeGreaterThan(0);
      expect(total(T_REVERSALS)).toBeGreaterThan(0);
      expect(total(T_TIMED_OUT)).toBeGreaterThan(0);
      expect(total(T_DECLINED)).toBeGreaterThan(0);
    });

    it('quiet periods (away from every fault) approve everything without stand-in', () => {
      for (const [from, to] of [
        [0, 59],
        [121, 179],
        [241, 299],
        [370, 419],
        [451, 479],
        [551, 600],
      ] as const) {
        const c = counts(from, to);
        expect(c.n).toBeGreaterThan(0);
        expect([c.approved, c.standIn]).toEqual([c.n, 0]);
      }
    });

    it('a hung issuer: every purchase times out at the acquirer (5 s) and is reversed; the switch still stands in later', () => {
      const c = counts(60.1, 119.9);
      expect(c.n).toBeGreaterThan(0);
      expect(c.timedOut).toBe(c.n);
      for (const i of startedIn(o, 60.1, 119.9)) {
        expect(o.code[i]).toBe('68');
        // Acquirer timer: 5 s after the acquirer's completion, a few ms after the start.
        expect(o.latency[i]!).toBeGreaterThanOrEqual(5 * S);
        expect(o.latency[i]!).toBeLessThan(5.2 * S);
      }
      // Buckets 2 and 3 (60-120 s) lie inside the outage: every purchase reversed.
      for (const b of [2, 3]) {
        expect(tp(r, b, T_TIMED_OUT)).toBeGreaterThan(0);
        expect(tp(r, b, T_REVERSALS)).toBe(tp(r, b, T_TIMED_OUT));
      }
      let rejects = 0;
      let standIns = 0;
      for (let b = 2; b < 5; b++) {
        rejects += node(r, b, 2, N_DOWN_REJECTS);
        standIns += node(r, b, 2, N_STAND_IN);
      }
      expect(rejects).toBeGreaterThan(0);
      expect(standIns).toBeGreaterThan(0);
    });

    it('a refused issuer: the switch stands in and approves at once', () => {
      const c = counts(180.1, 239.9);
      expect(c.n).toBeGreaterThan(0);
      expect([c.approved, c.standIn]).toEqual([c.n, c.n]);
      expect(tp(r, 6, T_STAND_IN)).toBeGreaterThan(0);
      expect(tp(r, 7, T_STAND_IN)).toBeGreaterThan(0);
    });

    it('a capacity cut to 1 server: a backlog of seconds, then acquirer timeouts and reversals', () => {
      const c = counts(300, 360);
      expect(c.timedOut).toBeGreaterThan(0);
      expect(c.approved).toBeGreaterThan(0);
      expect(tp(r, 10, T_REVERSALS) + tp(r, 11, T_REVERSALS)).toBeGreaterThan(0);
      let waitSum = 0;
      let n = 0;
      for (let b = 10; b < 12; b++) {
        waitSum += node(r, b, 2, N_WAIT_SUM_US);
        n += node(r, b, 2, N_ARRIVALS);
      }
      expect(waitSum / n).toBeGreaterThan(1 * S);
    });

    it('added link latency past the acquirer timer: timeouts and reversals', () => {
      const c = counts(420.1, 449.9);
      expect(c.n).toBeGreaterThan(0);
      expect(c.timedOut).toBe(c.n);
      expect(tp(r, 14, T_REVERSALS)).toBeGreaterThan(0);
    });

    it('a refused acquirer declines at once; a hung switch times out at the acquirer; a hung acquirer at the terminal', () => {
      const refused = startedIn(o, 480.1, 494.9);
      expect(refused.length).toBeGreaterThan(0);
      for (const i of refused) expect([o.outcome[i], o.code[i], o.latency[i]]).toEqual([OUT_DECLINED, '91', 0]);
      const hungSwitch = startedIn(o, 510.1, 519.9);
      expect(hungSwitch.length).toBeGreaterThan(0);
      for (const i of hungSwitch) {
        expect(o.outcome[i]).toBe(OUT_TIMED_OUT);
        expect(o.latency[i]!).toBeGreaterThanOrEqual(5 * S);
        expect(o.latency[i]!).toBeLessThan(5.2 * S);
      }
      const hungAcq = startedIn(o, 540.1, 549.9);
      expect(hungAcq.length).toBeGreaterThan(0);
      // The terminal's own timer (30 s) ends them; the request never reached the switch.
      for (const i of hungAcq) expect([o.outcome[i], o.latency[i]]).toEqual([OUT_TIMED_OUT, 30 * S]);
      expect(node(r, 16, 0, N_DOWN_REJECTS)).toBeGreaterThan(0);
      expect(node(r, 17, 1, N_DOWN_REJECTS)).toBeGreaterThan(0);
      expect(node(r, 18, 0, N_DOWN_REJECTS)).toBeGreaterThan(0);
    });
  });
});

// ------------------------------------------------------------------ determinism

describe('determinism', () => {
  const arrays = (r: RunResult): Record<string, number[]> => ({
    throughput: Array.from(r.throughput),
    nodes: Array.from(r.nodes),
    declines: Array.from(r.declines),
    wallet: Array.from(r.wallet),
    latencyHistogram: Array.from(r.latencyHistogram),
  });

  /** A run with its purchases as a flat list (start, card, terminal, amount, outcome, latency). */
  const runLogged = (sc: Scenario, seed: number): { r: RunResult; log: number[] } => {
    const log: number[] = [];
    const r = runNetwork(sc, {
      seed,
      onTransaction: (t) => log.push(t.startUs, t.card, t.terminal, t.amountMinor, t.outcome, t.latencyUs),
    });
    return { r, log };
  };

  it.each([
    ['faults', () => faultNetwork(1, 100)],
    ['tandem', () => benchTandem(30)],
  ])('%s: the same seed gives identical typed arrays and purchases, another seed differs', (_name, make) => {
    const a = runLogged(make(), 42);
    const b = runLogged(make(), 42);
    const c = runLogged(make(), 43);
    expect(arrays(b.r)).toEqual(arrays(a.r));
    expect(b.r.events).toBe(a.r.events);
    expect(b.r.transactions).toBe(a.r.transactions);
    // Every purchase the same, including the draws that leave the tables unchanged (card, terminal).
    expect(b.log).toEqual(a.log);
    expect(Array.from(c.r.throughput)).not.toEqual(Array.from(a.r.throughput));
    expect(Array.from(c.r.nodes)).not.toEqual(Array.from(a.r.nodes));
    expect(c.log).not.toEqual(a.log);
  });

  it('the run seed, not the scenario seed, drives the streams', () => {
    const a = runLogged(benchTandem(20, 1), 7);
    const b = runLogged(benchTandem(20, 2), 7);
    expect(Array.from(b.r.nodes)).toEqual(Array.from(a.r.nodes));
    expect(b.log).toEqual(a.log);
  });
});
