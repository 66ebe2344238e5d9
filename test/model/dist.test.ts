import { describe, expect, it } from 'vitest';
import { Streams } from '../../src/engine/rng.js';
import { Sampler } from '../../src/model/dist.js';

describe('mixture distributions', () => {
  it('draw each part with its weight: the mean, the body and the tail', () => {
    const s = Sampler.duration({
      kind: 'mixture',
      parts: [
        { weight: 0.98, value: { kind: 'fixed', valueUs: 100_000 } },
        { weight: 0.02, value: { kind: 'uniform', minUs: 2_000_000, maxUs: 3_000_000 } },
      ],
    });
    expect(s.mean).toBeCloseTo(0.98 * 100_000 + 0.02 * 2_500_000, 6);
    expect(s.random).toBe(true);
    const st = new Streams(7).get('test');
    const n = 200_000;
    let slow = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = s.sample(st);
      sum += x;
      if (x >= 2_000_000) {
        slow++;
        expect(x).toBeLessThanOrEqual(3_000_000);
      } else expect(x).toBe(100_000);
    }
    // 2 % slow: 4,000 of 200,000, binomial sd 63.
    expect(Math.abs(slow - 4000)).toBeLessThan(300);
    expect(Math.abs(sum / n / s.mean - 1)).toBeLessThan(0.02);
  });
});

describe('the fixed value a hot caller reads instead of sampling', () => {
  it('is the draw of a fixed distribution, which consumes no randomness', () => {
    const streams = new Streams(11);
    const s = Sampler.duration({ kind: 'fixed', valueUs: 5_000 });
    const a = Sampler.amount({ kind: 'fixed', valueMinor: 1_000 });
    const st = streams.get('fixed');
    expect(s.fixed).toBe(5_000);
    expect(a.fixed).toBe(1_000);
    expect(s.sample(st)).toBe(s.fixed);
    expect(a.sample(st)).toBe(a.fixed);
    // The stream did not move: its next draw is the first draw of a fresh stream of that name.
    expect(st.uniform()).toBe(new Streams(11).get('fixed').uniform());
  });

  it('is NaN for every random distribution, so the caller samples', () => {
    const random = [
      Sampler.duration({ kind: 'exponential', meanUs: 3_600 }),
      Sampler.duration({ kind: 'lognormal', meanUs: 150_000, sigma: 0.6 }),
      Sampler.duration({ kind: 'uniform', minUs: 1, maxUs: 9 }),
      Sampler.amount({ kind: 'lognormal', meanMinor: 92_000, sigma: 1 }),
    ];
    for (const s of random) {
      expect(s.random).toBe(true);
      expect(Number.isNaN(s.fixed)).toBe(true);
    }
  });
});
