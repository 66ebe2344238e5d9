import { currencyExponent } from '../economics/index.js';
import type { RunResult } from '../model/network.js';
import { runFigures, type MetricStats, type RunFigures } from '../output/summary.js';

/** One replication's headline metrics, in a fixed order. */
export type Headline = Record<string, number>;

/**
 * The headline metrics of a run, computed from its result (the purchases after the warm-up):
 * what analysts compare across seeds. Money metrics are in major units of the currency. The
 * figures are summary.json's (`runFigures`), unrounded.
 */
export function headline(r: RunResult, f: RunFigures = runFigures(r)): Headline {
  const attempts = f.attempts;
  const h: Headline = {
    purchases: attempts,
    approval_rate: attempts > 0 ? f.approved / attempts : 0,
    declined_share: attempts > 0 ? f.declined / attempts : 0,
    timed_out_share: attempts > 0 ? f.timedOut / attempts : 0,
    stand_in: f.standIn,
    reversals: f.reversals,
    latency_mean_ms: f.latencyMeanMs,
    latency_p50_ms: f.latencyP50Ms,
    latency_p95_ms: f.latencyP95Ms,
    latency_p99_ms: f.latencyP99Ms,
    peak_tps: f.peakTps,
  };
  const money = r.money;
  if (money !== undefined && f.compare !== undefined) {
    const div = 10 ** r.scenario.currencyExponent;
    const m = f.compare.models[0]!;
    for (const p of ['issuer', 'scheme', 'acquirer', 'merchant', 'cardholder'] as const) h[`fees_net_${p}`] = m.participants[p].netMinor / div;
    h.merchant_cost_per_100 = m.channels.at(-1)!.merchantCostPer100 ?? 0;
    h.scheme_take_bps = m.schemeTakeBps ?? 0;
    // Net settlement positions summed over the run's cycles, by participant type, in the scenario
    // currency; positions in another settlement currency get their own metric (…_CNY).
    const base = r.scenario.currency;
    const net = new Map<string, { minor: number; exp: number }>();
    for (const t of ['issuer', 'scheme', 'acquirer', 'merchant']) net.set(`net_position_${t}`, { minor: 0, exp: r.scenario.currencyExponent });
    for (const row of money.books[0]!.settlementRows()) {
      const key = row.currency === base ? `net_position_${row.participant_type}` : `net_position_${row.participant_type}_${row.currency}`;
      const cur = net.get(key) ?? { minor: 0, exp: currencyExponent(row.currency) };
      cur.minor += row.net_position_minor;
      net.set(key, cur);
    }
    for (const [k, v] of net) h[k] = v.minor / 10 ** v.exp;
  }
  return h;
}

/** Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom (standard tables). */
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** t quantile for a two-sided 95 % interval; beyond 30 degrees of freedom, t ~ 1.96 + 2.4 / df. */
export function t95(df: number): number {
  if (df < 1) return NaN;
  return df <= 30 ? T95[df - 1]! : 1.96 + 2.4 / df;
}

/** One metric over the replications: runs, mean, sd and the 95 % interval. */
export type Summary = MetricStats;

/** Mean, sample standard deviation and 95 % t confidence interval of each metric. */
export function summarize(values: readonly Headline[]): Summary[] {
  const metrics = Object.keys(values[0] ?? {});
  return metrics.map((metric) => {
    const xs = values.map((v) => v[metric]!);
    const n = xs.length;
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1)) : 0;
    const half = n > 1 ? (t95(n - 1) * sd) / Math.sqrt(n) : 0;
    return { metric, n, mean, sd, low: mean - half, high: mean + half };
  });
}
