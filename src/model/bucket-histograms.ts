import { HISTOGRAM_BINS } from './stats.js';

/**
 * The latency histograms of a shard's buckets, which the merge needs for the run's per-bucket
 * quantiles, as their non-zero bins only: bucket b's bins and counts are the entries
 * [offsets[b], offsets[b + 1]). A bucket's purchases fill a few thousand of the 22,528 bins at
 * most, so russia.yaml's 720 buckets take about 10 MB a shard instead of 65 MB, and the merge
 * adds what is there instead of 32 M zeros.
 */
export interface BucketHistograms {
  readonly offsets: Int32Array;
  readonly bins: Uint32Array;
  readonly counts: Uint32Array;
}

/** Collects the closed buckets' histograms in bucket order (buckets close in order, each once). */
export class BucketHistogramWriter {
  private readonly offsets: Int32Array;
  private bins = new Uint32Array(1024);
  private counts = new Uint32Array(1024);
  private length = 0;
  /** Buckets written so far (0..done-1). */
  private done = 0;

  constructor(buckets: number) {
    this.offsets = new Int32Array(buckets + 1);
  }

  /** Takes the histogram of bucket b (the next one) and leaves `h` all zero. */
  take(b: number, h: Uint32Array): void {
    this.skipTo(b);
    for (let i = 0; i < HISTOGRAM_BINS; i++) {
      const v = h[i]!;
      if (v === 0) continue;
      if (this.length === this.bins.length) this.grow();
      this.bins[this.length] = i;
      this.counts[this.length] = v;
      this.length++;
      h[i] = 0;
    }
    this.offsets[b + 1] = this.length;
    this.done = b + 1;
  }

  /** The histograms, trimmed; buckets not closed are empty. */
  result(): BucketHistograms {
    this.skipTo(this.offsets.length - 1);
    return { offsets: this.offsets, bins: this.bins.slice(0, this.length), counts: this.counts.slice(0, this.length) };
  }

  /** Buckets before b that never closed are empty. */
  private skipTo(b: number): void {
    for (let k = this.done; k < b; k++) this.offsets[k + 1] = this.length;
    if (b > this.done) this.done = b;
  }

  private grow(): void {
    const bins = new Uint32Array(this.bins.length * 2);
    bins.set(this.bins);
    this.bins = bins;
    const counts = new Uint32Array(this.counts.length * 2);
    counts.set(this.counts);
    this.counts = counts;
  }
}

/**
 * Adds bucket b's histograms of every part into `into` (all zero before) and returns their total
 * count; `clearBucket` then makes `into` all zero again by the same entries.
 */
export function addBucket(parts: readonly BucketHistograms[], b: number, into: Uint32Array): number {
  let n = 0;
  for (const p of parts) {
    for (let j = p.offsets[b]!; j < p.offsets[b + 1]!; j++) {
      const v = p.counts[j]!;
      into[p.bins[j]!]! += v;
      n += v;
    }
  }
  return n;
}

/** Undoes `addBucket(parts, b, into)`: the bins it touched back to zero. */
export function clearBucket(parts: readonly BucketHistograms[], b: number, into: Uint32Array): void {
  for (const p of parts) for (let j = p.offsets[b]!; j < p.offsets[b + 1]!; j++) into[p.bins[j]!] = 0;
}
