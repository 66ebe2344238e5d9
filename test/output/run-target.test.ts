/** The hidden names beside a run directory fit the 255-byte limit of a file name, and stay distinct. */
import { describe, expect, it } from 'vitest';
import { hiddenBase, hiddenPaths } from '../../src/output/run-target.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const LONGEST_PID = 4_194_304;

describe('hidden names', () => {
  it('a short name is kept whole', () => {
    expect(hiddenPaths('/x/out/smoke', 12).partial).toBe('/x/out/.smoke.partial-12');
    expect(hiddenPaths('/x/out/smoke', 12).old).toBe('/x/out/.smoke.old-12');
    expect(hiddenPaths('/x/out/smoke').lock).toBe('/x/out/.smoke.lock');
  });

  it('names of 201 to 255 bytes (ASCII and multi-byte) are shortened with a hash: every hidden name fits in 255 bytes', () => {
    for (const name of ['a'.repeat(201), 'b'.repeat(255), 'я'.repeat(127), `${'x'.repeat(159)}€${'y'.repeat(90)}`]) {
      const p = hiddenPaths(`/o/${name}`, LONGEST_PID);
      for (const h of [p.partial, p.old, p.lock]) expect(bytes(h.slice(3))).toBeLessThanOrEqual(255);
      expect(hiddenBase(name)).toMatch(/~[0-9a-f]{12}$/);
      // Cut at a character boundary: the shortened name is valid UTF-8.
      expect(hiddenBase(name)).not.toContain('\uFFFD');
    }
  });

  it('two long names that share their first 200 bytes get different hidden names', () => {
    const a = `${'n'.repeat(230)}a`;
    const b = `${'n'.repeat(230)}b`;
    expect(hiddenBase(a)).not.toBe(hiddenBase(b));
  });
});
