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
