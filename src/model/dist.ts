import type { Stream } from '../engine/rng.js';
import { normalQuantile } from './normal.js';
import type { AmountDist, DurationDist } from '../scenario/types.js';

const FIXED = 0;
const EXPONENTIAL = 1;
const LOGNORMAL = 2;
const UNIFORM = 3;
const MIXTURE = 4;

/**
 * Lognormal draws by inversion through a quantile table: one uniform, one table lookup and a
 * linear interpolation, instead of a polar-method normal and an exp (profiling the 30-day Russia
 * run showed lognormal sampling at 17 % of the time). The table holds exp(mu + sigma z(u)) at
 * u = i / TABLE; the two outer cells (u < 1/TABLE or u >= 1 - 1/TABLE) are computed exactly, so
 * the tails are not cut off. The interpolation error inside is below 1e-5 relative.
 */
const TABLE = 4096;
/**
 * The quantile tables by (mu, sigma), shared by the samplers of equal parameters: a run's links
 * and hosts often repeat a distribution (russia.yaml: 130 lognormal samplers over its two shards,
 * 28 distinct), and each table is 32 KB, read at a random cell per draw; shared, fewer of them
 * compete for the cache. A table is a pure function of its two numbers, so sharing changes no
 * draw. The map is emptied when it grows large (a long sweep of many scenarios in one process).
 */
const TABLES = new Map<string, Float64Array>();
const MAX_TABLES = 1024;

function lognormalTable(mu: number, sigma: number): Float64Array {
  const key = `${mu}/${sigma}`;
  let t = TABLES.get(key);
  if (t === undefined) {
    t = new Float64Array(TABLE + 1);
    for (let i = 1; i < TABLE; i++) t[i] = Math.exp(mu + sigma * normalQuantile(i / TABLE));
    if (TABLES.size >= MAX_TABLES) TABLES.clear();
    TABLES.set(key, t);
  }
  return t;
}

/**
 * A sampler of integer microseconds (or integer minor units) from a resolved distribution.
 * One class with a numeric tag rather than a closure per kind keeps the call site monomorphic.
 */
export class Sampler {
  private readonly tag: number;
  private readonly a: number;
  private readonly b: number;
  /** A lognormal's quantile table, made at its first draw (a sampler read only through `quantileLognormal`, as the cards' funds are, never needs one). */
  private table: Float64Array | null = null;
  /** A mixture's parts and their cumulative chances (last = Infinity); null otherwise. */
  private readonly parts: Sampler[] | null;
  private readonly partCum: Float64Array | null;
  /** Mean of the distribution, in its unit. */
  readonly mean: number;
  /**
   * The value of a fixed distribution, NaN for a random one. A hot caller reads it before calling
   * `sample`: V8 inlines `sample` with every kind its calls have met anywhere, so a fixed link or
   * ticket would carry the exponential and lognormal code too (tandem: 6 % less wall time). The
   * test is written at the call site, not in a helper here: a helper's one call of `sample` would
   * gather every kind again.
   */
  readonly fixed: number;

  private constructor(tag: number, a: number, b: number, mean: number, parts: Sampler[] | null = null, partCum: Float64Array | null = null) {
    this.tag = tag;
    this.a = a;
    this.b = b;
    this.mean = mean;
    this.fixed = tag === FIXED ? a : NaN;
    this.parts = parts;
    this.partCum = partCum;
  }

  static duration(d: DurationDist): Sampler {
    switch (d.kind) {
      case 'fixed':
        return new Sampler(FIXED, d.valueUs, 0, d.valueUs);
      case 'exponential':
        return new Sampler(EXPONENTIAL, d.meanUs, 0, d.meanUs);
      case 'lognormal':
        // mu chosen so the arithmetic mean is meanUs: mu = ln(mean) - sigma^2 / 2.
        return new Sampler(LOGNORMAL, Math.log(d.meanUs) - (d.sigma * d.sigma) / 2, d.sigma, d.meanUs);
      case 'uniform':
        return new Sampler(UNIFORM, d.minUs, d.maxUs - d.minUs, (d.minUs + d.maxUs) / 2);
      case 'mixture': {
        const parts = d.parts.map((p) => Sampler.duration(p.value));
        const total = d.parts.reduce((a, p) => a + p.weight, 0);
        const cum = new Float64Array(parts.length);
        let acc = 0;
        d.parts.forEach((p, i) => (cum[i] = acc += p.weight / total));
        cum[parts.length - 1] = Infinity;
        const mean = d.parts.reduce((a, p, i) => a + (p.weight / total) * parts[i]!.mean, 0);
        return new Sampler(MIXTURE, 0, 0, mean, parts, cum);
      }
      default: {
        const never: never = d;
        throw new Error(`unknown duration distribution ${JSON.stringify(never)}`);
      }
    }
  }

  static amount(d: AmountDist): Sampler {
    switch (d.kind) {
      case 'fixed':
        return new Sampler(FIXED, d.valueMinor, 0, d.valueMinor);
      case 'lognormal':
        return new Sampler(LOGNORMAL, Math.log(d.meanMinor) - (d.sigma * d.sigma) / 2, d.sigma, d.meanMinor);
      default: {
        const never: never = d;
        throw new Error(`unknown amount distribution ${JSON.stringify(never)}`);
      }
    }
  }

  /** Whether a draw consumes randomness (fixed distributions draw nothing). */
  get random(): boolean {
    return this.tag !== FIXED;
  }

  /** A mixture's draw: the part by one uniform, then the part's own draw (out of line: the common kinds stay small). */
  private sampleMixture(s: Stream): number {
    const u = s.uniform();
    const cum = this.partCum!;
    let i = 0;
    while (u >= cum[i]!) i++;
    return this.parts![i]!.sample(s);
  }

  /** The value of a lognormal (or fixed) distribution at standard-normal quantile z, rounded. */
  quantileLognormal(z: number): number {
    if (this.tag === FIXED) return this.a;
    return Math.round(Math.exp(this.a + this.b * z));
  }

  /** A lognormal draw in the table's first or last cell, at uniform u: by the exact quantile (out of line: `sample` stays small enough to inline). */
  private lognormalTail(u: number): number {
    return Math.round(Math.exp(this.a + this.b * normalQuantile(u <= 0 ? Number.MIN_VALUE : u)));
  }

  /** The quantile table, at the first draw (out of line: `sample` stays small). */
  private makeTable(): Float64Array {
    return (this.table = lognormalTable(this.a, this.b));
  }

  /** A draw rounded to a non-negative integer. */
  sample(s: Stream): number {
    switch (this.tag) {
      case FIXED:
        return this.a;
      case EXPONENTIAL:
        return Math.round(s.exponential(this.a));
      case LOGNORMAL: {
        const x = s.uniform() * TABLE;
        const i = x | 0;
        if (i === 0 || i >= TABLE - 1) return this.lognormalTail(x / TABLE);
        const t = this.table ?? this.makeTable();
        const lo = t[i]!;
        return Math.round(lo + (t[i + 1]! - lo) * (x - i));
      }
      case MIXTURE:
        return this.sampleMixture(s);
      default:
        return Math.round(this.a + this.b * s.uniform());
    }
  }
}
