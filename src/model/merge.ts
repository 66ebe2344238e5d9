import { addBucket, clearBucket } from './bucket-histograms.js';
import type { CompareAccumulator, SettlementBook } from '../economics/index.js';
import type { Scenario } from '../scenario/types.js';
import type { HostInfo, MoneyResult, RunResult } from './network.js';
import { shardKey } from './shard.js';
import {
  HISTOGRAM_BINS, N_FIELDS, N_MAX_QUEUE, T_FIELDS, T_LAT_P50, T_LAT_P95, T_LAT_P99, T_PEAK_TPS, histogramQuantile,
} from './stats.js';

/** What a shard sends back: a RunResult's tables, without the scenario and the live books. */
export type ShardTables = Omit<RunResult, 'scenario' | 'clearing' | 'money'>;

/**
 * Merges the results of the shards of one run, in shard order, into the result of the whole run:
 * counts are summed, maxima taken, the peak TPS recomputed from the summed per-second counts and
 * the latency quantiles from the summed histograms. The merge is a sum in a fixed order, so it
 * does not depend on which worker ran which shard.
 */
export function mergeShards(sc: Scenario, seed: number, parts: readonly ShardTables[], money?: MoneyResult): RunResult {
  const first = parts[0]!;
  const sum = (pick: (p: ShardTables) => Float64Array | Uint32Array | undefined): Float64Array => {
    const out = new Float64Array(pick(first)!.length);
    for (const p of parts) {
      const a = pick(p)!;
      if (a instanceof Float64Array) addF64(out, a);
      else addU32(out, a);
    }
    return out;
  };
  const nb = first.buckets;
  const throughput = sum((p) => p.throughput);
  const nodes = sum((p) => p.nodes);
  // Maximum queue length: the largest of the shards' hosts (each shard has hosts of its own).
  for (let i = N_MAX_QUEUE; i < nodes.length; i += N_FIELDS) {
    let m = 0;
    for (const p of parts) m = Math.max(m, p.nodes[i]!);
    nodes[i] = m;
  }
  const seconds = sum((p) => p.secondCounts);
  const hist = new Uint32Array(HISTOGRAM_BINS);
  const histograms = parts.map((p) => p.bucketHistograms!);
  for (let b = 0; b < nb; b++) {
    const n = addBucket(histograms, b, hist);
    const base = b * T_FIELDS;
    throughput[base + T_LAT_P50] = histogramQuantile(hist, n, 0.5);
    throughput[base + T_LAT_P95] = histogramQuantile(hist, n, 0.95);
    throughput[base + T_LAT_P99] = histogramQuantile(hist, n, 0.99);
    clearBucket(histograms, b, hist);
    const s0 = Math.floor((b * first.bucketUs) / 1e6);
    const s1 = Math.min(seconds.length, Math.ceil(((b + 1) * first.bucketUs) / 1e6));
    let peak = 0;
    for (let s = s0; s < s1; s++) if (seconds[s]! > peak) peak = seconds[s]!;
    throughput[base + T_PEAK_TPS] = peak;
  }
  const hosts: HostInfo[] = first.hosts.map((h, i) => ({ ...h, servers: parts.reduce((a, p) => a + p.hosts[i]!.servers, 0) }));
  const total = (pick: (p: ShardTables) => number): number => parts.reduce((a, p) => a + pick(p), 0);
  return {
    scenario: sc,
    seed,
    buckets: nb,
    bucketUs: first.bucketUs,
    firstBucket: first.firstBucket,
    throughput,
    nodes,
    hosts,
    codes: first.codes,
    declines: sum((p) => p.declines),
    wallet: sum((p) => p.wallet),
    ...(first.fraud !== undefined ? { fraud: sum((p) => p.fraud) } : {}),
    days: first.days,
    latencyHistogram: Uint32Array.from(sum((p) => p.latencyHistogram)),
    events: total((p) => p.events),
    transactions: total((p) => p.transactions),
    cards: total((p) => p.cards),
    cardStateBytes: total((p) => p.cardStateBytes),
    terminals: total((p) => p.terminals),
    merchants: total((p) => p.merchants),
    shard: shardKey(seed, 0, 1),
    ...(first.atm !== undefined ? { atm: sum((p) => p.atm) } : {}),
    ...(first.markets !== undefined ? { markets: sum((p) => p.markets) } : {}),
    ...(money !== undefined ? { money } : {}),
  };
}

export type { CompareAccumulator, SettlementBook };

// Two loops of one element type each: one loop over both types reads them polymorphically, which
// made the sum of russia.yaml's tables (5.6 M numbers, most of them the per-second counts) 56 ms.
/** out[i] += a[i] for Float64 tables. */
function addF64(out: Float64Array, a: Float64Array): void {
  for (let i = 0; i < a.length; i++) out[i]! += a[i]!;
}

/** out[i] += a[i] for Uint32 tables (counts). */
function addU32(out: Float64Array, a: Uint32Array): void {
  for (let i = 0; i < a.length; i++) out[i]! += a[i]!;
}
