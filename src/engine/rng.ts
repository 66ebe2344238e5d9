import seedrandom from 'seedrandom';

/**
 * One named random stream. Draws come from Baagoe's Alea generator, seeded from (run seed,
 * stream name) alone by seedrandom, so a stream's draws never depend on which other streams
 * exist or how often they were drawn: adding an issuer does not change the draws of other
 * parties.
 *
 * seedrandom gives the seeded state; the step is written out here on the stream's own state
 * (the same double arithmetic as seedrandom's `next`, so the draws are bit for bit the same;
 * a test checks them against seedrandom). A run draws from hundreds of streams, and through
 * seedrandom each draw was a call to a closure of its own; written out, it is a method of one
 * class (1.1 % fewer instructions on bench/russia-2018.yaml under callgrind).
 */
export class Stream {
  /**
   * Alea's state [c, s0, s1, s2] in a typed array, whose doubles are stored unboxed (the same
   * step on four class fields ran slower in an A/B of the tandem case).
   */
  private readonly state = new Float64Array(4);
  private spareNormal = NaN;

  constructor(readonly name: string, seed: number | string) {
    const st = seedrandom.alea(`quartet/${seed}/${name}`, { state: true }).state();
    this.state[0] = st.c;
    this.state[1] = st.s0;
    this.state[2] = st.s1;
    this.state[3] = st.s2;
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Alea's step (2^-32 = 2.3283064365386963e-10). */
  private next(): number {
    const x = this.state;
    const t = 2091639 * x[1]! + x[0]! * 2.3283064365386963e-10;
    x[1] = x[2]!;
    x[2] = x[3]!;
    const c = t | 0;
    x[0] = c;
    return (x[3] = t - c);
  }

  /** Uniform integer on [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    // 1 - u is in (0, 1], so the log is finite.
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal (Marsaglia polar method; the second value of each pair is kept). */
  normal(): number {
    const spare = this.spareNormal;
    if (spare === spare) {
      this.spareNormal = NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** Lognormal with parameters mu, sigma of ln x. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Poisson with the given mean (inversion for small means, normal approximation above 500). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 500) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > l) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Binomial(n, p): exact for small n, normal approximation when n p (1-p) > 50. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    const var_ = n * p * (1 - p);
    if (var_ > 50) return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(var_) * this.normal())));
    if (n * p < 30) return Math.min(n, this.poissonBinomialSmall(n, p));
    let k = 0;
    for (let i = 0; i < n; i++) if (this.next() < p) k++;
    return k;
  }

  private poissonBinomialSmall(n: number, p: number): number {
    // Inversion of the binomial CDF: cheap when n p is small.
    const q = 1 - p;
    let pmf = Math.pow(q, n);
    let cdf = pmf;
    const u = this.next();
    let k = 0;
    while (u > cdf && k < n) {
      pmf *= ((n - k) / (k + 1)) * (p / q);
      cdf += pmf;
      k++;
    }
    return k;
  }
}

/** The run's streams, created on first use from (seed, name). */
export class Streams {
  private readonly streams = new Map<string, Stream>();
  /** `seed` is the run's seed, or a key derived from it (e.g. `42/shard-3`) for one shard of a run. */
  constructor(readonly seed: number | string) {}

  get(name: string): Stream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new Stream(name, this.seed);
      this.streams.set(name, s);
    }
    return s;
  }
}
