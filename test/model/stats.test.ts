import { describe, expect, it } from 'vitest';
import { T_APPROVED, T_ATTEMPTS, T_DECLINED, T_FIELDS, T_LAT_SUM, T_PEAK_TPS, T_REVERSALS, T_STAND_IN, T_TIMED_OUT, totals } from '../../src/model/stats.js';

describe('totals', () => {
  it('sums each counted column over the reported buckets only and keeps the largest bucket peak', () => {
    const buckets = 4;
    const t = new Float64Array(buckets * T_FIELDS);
    const columns = [T_ATTEMPTS, T_APPROVED, T_DECLINED, T_TIMED_OUT, T_STAND_IN, T_REVERSALS, T_LAT_SUM];
    // Bucket b holds (b + 1) * 10 + column in every counted column, so each sum names its column.
    for (let b = 0; b < buckets; b++) for (const c of columns) t[b * T_FIELDS + c] = (b + 1) * 10 + c;
    [7, 3, 9, 5].forEach((peak, b) => (t[b * T_FIELDS + T_PEAK_TPS] = peak));
    const sum = (c: number): number => 20 + c + (30 + c) + (40 + c); // buckets 1..3 (bucket 0 is warm-up)
    expect(totals(t, 1, buckets)).toEqual({
      attempts: sum(T_ATTEMPTS),
      approved: sum(T_APPROVED),
      declined: sum(T_DECLINED),
      timedOut: sum(T_TIMED_OUT),
      standIn: sum(T_STAND_IN),
      reversals: sum(T_REVERSALS),
      latencySumUs: sum(T_LAT_SUM),
      peakTps: 9,
    });
  });

  it('is all zeros when no bucket is reported', () => {
    expect(totals(new Float64Array(2 * T_FIELDS).fill(1), 2, 2)).toEqual({ attempts: 0, approved: 0, declined: 0, timedOut: 0, standIn: 0, reversals: 0, latencySumUs: 0, peakTps: 0 });
  });
});
