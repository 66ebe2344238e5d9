import type { Stream } from '../engine/rng.js';
import type { AmountDist, DurationDist } from '../scenario/types.js';

const FIXED = 0;
const EXPONENTIAL = 1;
const LOGNORMAL = 2;
const UNIFORM = 3;

/**
 * A sampler of integer microseconds (or integer minor units) from a resolved distribution.
 * One class with a numeric tag rather than a closure per kind keeps the call site monomorphic.
 */
export class Sampler {
  private readonly tag: number;
  private readonly a: number;
  private readonly b: number;
  /** Mean of the distribution, in its unit. */
  readonly mean: number;

  private constructor(tag: number, a: number, b: number, mean: number) {
    this.tag = tag;
    this.a = a;
    this.b = b;
    this.mean = mean;
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

  /** The value of a lognormal (or fixed) distribution at standard-normal quantile z, rounded. */
  quantileLognormal(z: number): number {
    if (this.tag === FIXED) return this.a;
    return Math.round(Math.exp(this.a + this.b * z));
  }

  /** A draw rounded to a non-negative integer. */
  sample(s: Stream): number {
    switch (this.tag) {
      case FIXED:
        return this.a;
      case EXPONENTIAL:
        return Math.round(s.exponential(this.a));
      case LOGNORMAL:
        return Math.round(Math.exp(this.a + this.b * s.normal()));
      default:
        return Math.round(this.a + this.b * s.uniform());
    }
  }
}
