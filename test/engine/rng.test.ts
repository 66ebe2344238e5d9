import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { Stream, Streams } from '../../src/engine/rng.js';

const draws = (s: Stream, n: number): number[] => Array.from({ length: n }, () => s.uniform());

/** Sample mean and unbiased sample variance. */
function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  const n = xs.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i]! - mean) ** 2;
  return { mean, variance: ss / (n - 1) };
}

/**
 * Checks sample moments against the distribution's mean, variance and fourth central moment
 * mu4. The bound is 5 standard errors: SE(mean) = sqrt(var / n); SE(sample variance) =
 * sqrt((mu4 - var^2) / n) (the large-sample variance of s^2). Under a correct generator a
 * 5-SE excursion has probability about 6e-7 per check; the streams are seeded, so the test is
 * deterministic anyway.
 */
function expectMoments(xs: ArrayLike<number>, mean: number, variance: number, mu4: number): void {
  const n = xs.length;
  const m = moments(xs);
  const seMean = Math.sqrt(variance / n);
  const seVar = Math.sqrt((mu4 - variance * variance) / n);
  expect(Math.abs(m.mean - mean), `mean ${m.mean} vs ${mean} (5 SE = ${5 * seMean})`).toBeLessThan(5 * seMean);
  expect(Math.abs(m.variance - variance), `variance ${m.variance} vs ${variance} (5 SE = ${5 * seVar})`).toBeLessThan(5 * seVar);
}

const N = 200_000;

describe('Stream and Streams: reproducibility', () => {
  it('gives the same draws for the same (seed, name)', () => {
    const a = draws(new Stream('demand/arrivals', 42), 1000);
    const b = draws(new Stream('demand/arrivals', 42), 1000);
    expect(a).toEqual(b);
    // And through Streams: a fresh Streams with the same seed gives the same draws.
    expect(draws(new Streams(42).get('demand/arrivals'), 1000)).toEqual(a);
    // Every method is a function of the same sequence: same calls, same values.
    const s1 = new Stream('mix', 9);
    const s2 = new Stream('mix', 9);
    const calls = (s: Stream): number[] => [
      s.exponential(3), s.normal(), s.poisson(4), s.binomial(30, 0.2), s.int(1000), s.normal(), s.lognormal(1, 0.5),
      s.poisson(800), s.binomial(10_000, 0.5), s.binomial(200, 0.2),
    ];
    for (let i = 0; i < 100; i++) expect(calls(s1)).toEqual(calls(s2));
  });

  it("draws bit for bit what seedrandom's Alea gives for the stream's seed string", () => {
    // The step is written out in Stream; this holds it to the library's generator, value by value.
    for (const [name, seed] of [['demand/arrivals', 42], ['link/switchIssuer', '7/shard-1'], ['x', 0]] as const) {
      const ref = seedrandom.alea(`quartet/${seed}/${name}`);
      const s = new Stream(name, seed);
      for (let i = 0; i < 100_000; i++) {
        const want = ref();
        const got = s.uniform();
        if (got !== want) expect({ i, got }).toEqual({ i, got: want });
      }
    }
  });

  it('returns the same stream object for the same name from Streams', () => {
    const st = new Streams(1);
    expect(st.get('x')).toBe(st.get('x'));
    expect(st.get('x')).not.toBe(st.get('y'));
    expect(st.get('x').name).toBe('x');
    expect(st.seed).toBe(1);
  });

  it('keeps a stream unchanged when other streams are created and drawn in between', () => {
    const alone = new Streams(5);
    const a1 = alone.get('a');
    const reference = [...draws(a1, 500), ...draws(a1, 500)];

    const busy = new Streams(5);
    const a2 = busy.get('a');
    const first = draws(a2, 500);
    const b = busy.get('b');
    draws(b, 10_000);
    for (let i = 0; i < 1000; i++) b.normal();
    busy.get('c').poisson(1000);
    const second = draws(a2, 500);
    expect([...first, ...second]).toEqual(reference);
    // Creating 'b' before 'a' does not change 'a' either.
    const reordered = new Streams(5);
    draws(reordered.get('b'), 77);
    expect(draws(reordered.get('a'), 1000)).toEqual(reference);
  });

  it('gives different, uncorrelated draws for different names and for different seeds', () => {
    const base = draws(new Stream('a', 1), 10_000);
    const otherName = draws(new Stream('b', 1), 10_000);
    const otherSeed = draws(new Stream('a', 2), 10_000);
    const similarName = draws(new Stream('a ', 1), 10_000);
    for (const other of [otherName, otherSeed, similarName]) {
      expect(other).not.toEqual(base);
      // Hardly any shared values (a shifted copy would share nearly all of them). Draws are
      // multiples of 2^-32, so two independent runs of 10^4 share about 10^8 / 2^32 = 0.02
      // values by chance; allow a few.
      const set = new Set(base);
      expect(other.filter((x) => set.has(x)).length).toBeLessThan(4);
      expect(other.filter((x, i) => x === base[i]).length).toBe(0);
      // Correlation within 5 standard errors of 0 (SE = 1/sqrt(n) for independent uniforms).
      const ma = moments(base).mean;
      const mb = moments(other).mean;
      let cov = 0;
      let va = 0;
      let vb = 0;
      for (let i = 0; i < base.length; i++) {
        cov += (base[i]! - ma) * (other[i]! - mb);
        va += (base[i]! - ma) ** 2;
        vb += (other[i]! - mb) ** 2;
      }
      expect(Math.abs(cov / Math.sqrt(va * vb))).toBeLessThan(5 / Math.sqrt(base.length));
    }
  });
});

describe('Stream: distributions (5 standard errors, n = 200,000 unless stated)', () => {
  it('uniform on [0, 1): mean 1/2, variance 1/12', () => {
    const s = new Stream('test/uniform', 1);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = s.uniform();
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // mu4 of U(0,1) = 1/80.
    expectMoments(xs, 1 / 2, 1 / 12, 1 / 80);
  });

  it('int(n): integers in [0, n), each value with frequency 1/n', () => {
    const s = new Stream('test/int', 1);
    const k = 10;
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < N; i++) {
      const v = s.int(k);
      if (!(Number.isInteger(v) && v >= 0 && v < k)) throw new Error(`bad draw ${v}`);
      counts[v]!++;
    }
    // Each count is Binomial(N, 1/k): SE = sqrt(N p (1 - p)).
    const se = Math.sqrt(N * (1 / k) * (1 - 1 / k));
    for (const c of counts) expect(Math.abs(c - N / k)).toBeLessThan(5 * se);
  });

  // Exponential draws are cheap and drive every service and gap: 10^6 draws, so a 1 % bias in
  // the mean (0.01 m against 5 SE = 0.005 m) fails.
  it.each([1, 3200, 0.25])('exponential(mean %d): mean m, variance m^2 (n = 1,000,000)', (m) => {
    const s = new Stream(`test/exponential/${m}`, 1);
    const n = 1_000_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = s.exponential(m);
    for (const x of xs) if (!(x >= 0 && Number.isFinite(x))) throw new Error(`bad draw ${x}`);
    // Central fourth moment of Exp: 9 m^4.
    expectMoments(xs, m, m * m, 9 * m ** 4);
    // Memorylessness in one number: P(X > m) = e^-1 (binomial SE).
    const p = xs.filter((x) => x > m).length / n;
    expect(Math.abs(p - Math.exp(-1))).toBeLessThan(5 * Math.sqrt((Math.exp(-1) * (1 - Math.exp(-1))) / n));
  });

  it('normal: mean 0, variance 1, fourth moment 3, both values of each polar pair alike and uncorrelated', () => {
    const s = new Stream('test/normal', 1);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = s.normal();
    expectMoments(xs, 0, 1, 3);
    // First and second values of each pair separately (the spare is returned on odd calls).
    const even = xs.filter((_, i) => i % 2 === 0);
    const odd = xs.filter((_, i) => i % 2 === 1);
    expectMoments(even, 0, 1, 3);
    expectMoments(odd, 0, 1, 3);
    // Correlation between the two values of a pair: SE 1/sqrt(pairs).
    let c = 0;
    for (let i = 0; i < even.length; i++) c += even[i]! * odd[i]!;
    expect(Math.abs(c / even.length)).toBeLessThan(5 / Math.sqrt(even.length));
    // Tail mass P(|Z| > 1.96) = 0.05.
    const tail = xs.filter((x) => Math.abs(x) > 1.959964).length / N;
    expect(Math.abs(tail - 0.05)).toBeLessThan(5 * Math.sqrt((0.05 * 0.95) / N));
  });

  it('lognormal(mu, sigma): mean exp(mu + sigma^2 / 2)', () => {
    const s = new Stream('test/lognormal', 1);
    const mu = 1;
    const sigma = 0.5;
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = s.lognormal(mu, sigma);
    const mean = Math.exp(mu + (sigma * sigma) / 2);
    const variance = (Math.exp(sigma * sigma) - 1) * Math.exp(2 * mu + sigma * sigma);
    expect(Math.abs(moments(xs).mean - mean)).toBeLessThan(5 * Math.sqrt(variance / N));
    // ln x is N(mu, sigma^2).
    const logs = xs.map(Math.log);
    expectMoments(logs, mu, sigma * sigma, 3 * sigma ** 4);
  });

  // Central fourth moment of Poisson(l): l + 3 l^2. The mean-1000 case takes the normal
  // approximation with rounding, which adds 1/12 to the variance (far inside 5 SE).
  it.each([0.5, 3, 50, 400, 1000])('poisson(%d): mean and variance l', (l) => {
    const s = new Stream(`test/poisson/${l}`, 1);
    const size = l >= 50 && l <= 500 ? N / 4 : N; // inversion costs about l draws
    const xs = new Float64Array(size);
    for (let i = 0; i < size; i++) xs[i] = s.poisson(l);
    for (const x of xs) if (!(Number.isInteger(x) && x >= 0)) throw new Error(`bad draw ${x}`);
    expectMoments(xs, l, l, l + 3 * l * l);
  });

  it('poisson of a non-positive mean is 0', () => {
    const s = new Stream('test/poisson/0', 1);
    expect(s.poisson(0)).toBe(0);
    expect(s.poisson(-3)).toBe(0);
  });

  // Central fourth moment of Binomial(n, p): n p q (1 + 3 (n - 2) p q). The parameter sets
  // cover the three branches: inversion (n p < 30), the Bernoulli loop, and the normal
  // approximation (n p q > 50).
  it.each([
    [20, 0.3],
    [1000, 0.01],
    [200, 0.2],
    [400, 0.1],
    [10_000, 0.5],
    [5000, 0.02],
  ])('binomial(%d, %d): mean n p, variance n p q', (n, p) => {
    const s = new Stream(`test/binomial/${n}/${p}`, 1);
    const size = n * p >= 30 && n * p * (1 - p) <= 50 ? N / 4 : N; // the loop branch costs n draws
    const xs = new Float64Array(size);
    for (let i = 0; i < size; i++) xs[i] = s.binomial(n, p);
    for (const x of xs) if (!(Number.isInteger(x) && x >= 0 && x <= n)) throw new Error(`bad draw ${x}`);
    const q = 1 - p;
    expectMoments(xs, n * p, n * p * q, n * p * q * (1 + 3 * (n - 2) * p * q));
  });

  it('binomial edge cases: p <= 0, p >= 1, n <= 0', () => {
    const s = new Stream('test/binomial/edges', 1);
    expect(s.binomial(50, 0)).toBe(0);
    expect(s.binomial(50, 1)).toBe(50);
    expect(s.binomial(0, 0.5)).toBe(0);
  });
});
