import { K_BUCKET_CLOSE, K_BUCKET_EDGE, P_BUCKET_CLOSE, P_BUCKET_EDGE } from './events.js';
import { N_FIELDS, N_QUEUE_AREA, T_FIELDS, T_LAT_P50, T_LAT_P95, T_LAT_P99, T_TOKENS_ACTIVE, histogramQuantile } from './stats.js';
import type { World } from './world.js';

/**
 * Statistics buckets. An edge ends a bucket's host counters (queue area, tokens active); a bucket
 * closes once every purchase that started in it has had its terminal timeout, so its outcomes
 * are all in and its latency quantiles can be taken. Each edge and close schedules the next, so
 * the heap holds one of each at a time.
 */

/** End of bucket b-1 (the edge numbered b). */
export function edgeTime(w: World, b: number): number {
  return Math.min(b * w.stats.bucketUs, w.sc.durationUs);
}

/** Schedules the first edge and the first close. */
export function startBuckets(w: World): void {
  const first = edgeTime(w, 1);
  w.sim.at(first, K_BUCKET_EDGE, 0, 1, P_BUCKET_EDGE);
  w.sim.at(first + w.sc.merchants.terminalTimeoutUs + 1, K_BUCKET_CLOSE, 0, 0, P_BUCKET_CLOSE);
}

export function onBucketEdge(w: World, b: number): void {
  const now = w.sim.now;
  const st = w.stats;
  if (b < st.buckets) w.sim.at(edgeTime(w, b + 1), K_BUCKET_EDGE, 0, b + 1, P_BUCKET_EDGE);
  const prev = b - 1;
  if (prev >= st.buckets) return;
  const nh = w.hosts.count;
  const stations = w.hosts.stations;
  for (let h = 0; h < nh; h++) {
    st.nodes[(prev * nh + h) * N_FIELDS + N_QUEUE_AREA]! += stations[h]!.takeArea(now);
  }
  st.throughput[prev * T_FIELDS + T_TOKENS_ACTIVE] = w.wallet.tokenCount;
}

export function onBucketClose(w: World, b: number): void {
  const st = w.stats;
  if (b + 1 < st.buckets) {
    w.sim.at(edgeTime(w, b + 2) + w.sc.merchants.terminalTimeoutUs + 1, K_BUCKET_CLOSE, 0, b + 1, P_BUCKET_CLOSE);
  }
  const r = b % st.histRing.length;
  const h = st.histRing[r]!;
  const n = st.histCount[r]!;
  const base = b * T_FIELDS;
  st.throughput[base + T_LAT_P50] = histogramQuantile(h, n, 0.5);
  st.throughput[base + T_LAT_P95] = histogramQuantile(h, n, 0.95);
  st.throughput[base + T_LAT_P99] = histogramQuantile(h, n, 0.99);
  // A shard keeps the histogram for the merge (its non-zero bins); either way h is cleared.
  if (st.bucketHist !== undefined) st.bucketHist.take(b, h);
  else h.fill(0);
  st.histCount[r] = 0;
}
