import { describe, expect, it } from 'vitest';
import { Stream } from '../../src/engine/rng.js';
import { BucketHistogramWriter, addBucket, clearBucket, type BucketHistograms } from '../../src/model/bucket-histograms.js';
import { HISTOGRAM_BINS, binOf, histogramQuantile } from '../../src/model/stats.js';

/** A shard's dense bucket histograms, filled with random latencies, and its sparse copy through the writer. */
function shard(s: Stream, buckets: number, closed: readonly number[]): { dense: Uint32Array[]; sparse: BucketHistograms } {
  const dense = Array.from({ length: buckets }, () => new Uint32Array(HISTOGRAM_BINS));
  const writer = new BucketHistogramWriter(buckets);
  const h = new Uint32Array(HISTOGRAM_BINS);
  for (const b of closed) {
    const n = s.int(3000);
    for (let i = 0; i < n; i++) h[binOf(Math.round(s.exponential(200_000)))]!++;
    dense[b]!.set(h);
    writer.take(b, h);
    // take leaves the histogram cleared, as onBucketClose needs.
    expect(h.every((v) => v === 0)).toBe(true);
  }
  return { dense, sparse: writer.result() };
}

describe('bucket histograms as their non-zero bins', () => {
  it('merge to the dense sums of every shard, bucket by bucket, with the same quantiles', () => {
    const s = new Stream('test/bucket-histograms', 3);
    const buckets = 40;
    const all = Array.from({ length: buckets }, (_, b) => b);
    // The second shard closes only some buckets (a run that ends early, or a bucket left empty).
    const parts = [shard(s, buckets, all), shard(s, buckets, all.filter((b) => b % 3 !== 0 && b < 35))];
    const into = new Uint32Array(HISTOGRAM_BINS);
    for (let b = 0; b < buckets; b++) {
      const want = new Uint32Array(HISTOGRAM_BINS);
      for (const p of parts) for (let i = 0; i < HISTOGRAM_BINS; i++) want[i]! += p.dense[b]![i]!;
      const wantN = want.reduce((a, v) => a + v, 0);
      const n = addBucket(parts.map((p) => p.sparse), b, into);
      expect(n).toBe(wantN);
      expect(Array.from(into)).toEqual(Array.from(want));
      for (const q of [0.5, 0.95, 0.99]) expect(histogramQuantile(into, n, q)).toBe(histogramQuantile(want, wantN, q));
      clearBucket(parts.map((p) => p.sparse), b, into);
      expect(into.every((v) => v === 0)).toBe(true);
    }
    // Far fewer entries than dense bins, and the buckets not closed are empty.
    const sp = parts[1]!.sparse;
    expect(sp.bins.length).toBeLessThan((buckets * HISTOGRAM_BINS) / 20);
    expect(sp.offsets[1]! - sp.offsets[0]!).toBe(0);
    expect(sp.offsets[buckets]! - sp.offsets[35]!).toBe(0);
    expect(sp.offsets[buckets]).toBe(sp.bins.length);
  });
});
