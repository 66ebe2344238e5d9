import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseDurationDetailed } from '../../src/scenario/duration.js';

describe('parseDuration', () => {
  it.each([
    ['30d', 30 * 86_400_000_000],
    ['1h', 3_600_000_000],
    ['15m', 900_000_000],
    ['10s', 10_000_000],
    ['250ms', 250_000],
    ['100us', 100],
    ['100µs', 100],
    ['0s', 0],
  ])('reads a single unit: %s', (text, us) => {
    expect(parseDuration(text)).toBe(us);
  });

  it.each([
    ['12d18h', 12 * 86_400_000_000 + 18 * 3_600_000_000],
    ['20d12h30m', 20 * 86_400_000_000 + 12 * 3_600_000_000 + 30 * 60_000_000],
    ['1s250ms', 1_250_000],
  ])('reads compounds, largest unit first: %s', (text, us) => {
    expect(parseDuration(text)).toBe(us);
  });

  it('reads decimals exactly to the microsecond: 3.2ms is 3200 µs', () => {
    expect(parseDuration('3.2ms')).toBe(3200);
    expect(parseDuration('0.1s')).toBe(100_000);
    expect(parseDuration('1.5h')).toBe(5_400_000_000);
  });

  it('rounds to the nearest microsecond', () => {
    expect(parseDuration('1.4us')).toBe(1);
    expect(parseDuration('1.5us')).toBe(2);
    expect(parseDuration('0.0004ms')).toBe(0);
  });

  it('reads a leading minus sign as a negative duration', () => {
    expect(parseDuration('-1h')).toBe(-3_600_000_000);
  });

  it.each(['30', '1 h', 'h', '1.h', '1hour', '', '1h 30m', '+1h', '1e3ms'])('rejects a malformed duration: %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('rejects units out of order or repeated, saying why', () => {
    for (const text of ['30m1h', '1h1h', '1ms1s']) {
      const result = parseDurationDetailed(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain('largest to smallest');
    }
  });
});

describe('formatDuration', () => {
  it('writes the largest units first', () => {
    expect(formatDuration(12 * 86_400_000_000 + 18 * 3_600_000_000)).toBe('12d18h');
    expect(formatDuration(3200)).toBe('3.2ms');
    expect(formatDuration(1_250_000)).toBe('1s250ms');
    expect(formatDuration(7)).toBe('7us');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-3_600_000_000)).toBe('-1h');
  });

  it('is read back exactly by parseDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (us) => {
        expect(parseDuration(formatDuration(us))).toBe(us);
      }),
    );
  });
});
