import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { median, pairedRatio } from '../../bench/paired.js';

describe('bench: paired ratio of an interleaved comparison', () => {
  it('gives the exact ratio, with a zero-width interval, when every pair has it', () => {
    const a = [0.9, 1.3, 1.1, 0.8, 1.5];
    const p = pairedRatio(a, a.map((x) => x * 1.1));
    for (const v of [p.median, p.lo, p.hi]) expect(v).toBeCloseTo(1.1, 12);
  });

  it('cancels a drift of the machine that the unpaired medians do not', () => {
    // The machine slows down over the sitting (x1 to x1.6); B does 5 % more work than A, with 2 % noise.
    const rng = seedrandom('test/drift');
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 21; i++) {
      const speed = 1 + (0.6 * i) / 20;
      a.push(speed * (1 + 0.02 * (rng() - 0.5)));
      b.push(1.05 * speed * (1 + 0.02 * (rng() - 0.5)));
    }
    const p = pairedRatio(a, b);
    expect(p.lo).toBeLessThan(1.05);
    expect(p.hi).toBeGreaterThan(1.05);
    expect(p.hi - p.lo).toBeLessThan(0.02);
    expect(Math.abs(p.median - 1.05)).toBeLessThan(0.01);
  });

  it('covers the true ratio about 95 % of the time (independent lognormal noise, 21 pairs)', () => {
    const rng = seedrandom('test/coverage');
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const a = Array.from({ length: 21 }, () => Math.exp(0.1 * normal()));
      const b = Array.from({ length: 21 }, () => 1.03 * Math.exp(0.1 * normal()));
      const p = pairedRatio(a, b);
      if (p.lo <= 1.03 && 1.03 <= p.hi) covered++;
    }
    // At a true coverage of 95 %, 200 trials give below 90 % with probability about 0.001; an interval
    // that is too wide (covering always) would be as wrong as one too narrow.
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.995);
  });

  it('refuses sides of unequal or zero length, and takes the median of an even count as the middle mean', () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow(/equal non-zero/);
    expect(() => pairedRatio([], [])).toThrow(/equal non-zero/);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
  });
});
