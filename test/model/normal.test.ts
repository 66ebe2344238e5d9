import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/model/normal.js';

describe('normalQuantile', () => {
  it('matches tabulated standard normal quantiles in all three regions of the approximation', () => {
    // Φ⁻¹ values from standard tables (Abramowitz & Stegun 26.2), to 9 digits.
    const table: [number, number][] = [
      [0.5, 0],
      [0.975, 1.959963985],
      [0.9, 1.281551566],
      [0.01, -2.326347874], // lower tail (p < 0.02425)
      [0.999, 3.090232306], // upper tail
      [1e-9, -5.997807015],
    ];
    for (const [p, z] of table) expect(normalQuantile(p)).toBeCloseTo(z, 7);
  });

  it('is antisymmetric: Φ⁻¹(1 - p) = -Φ⁻¹(p)', () => {
    for (const p of [0.001, 0.02, 0.1, 0.3]) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 8);
  });
});
