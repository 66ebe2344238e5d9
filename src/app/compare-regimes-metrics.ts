/**
 * What `sim compare --regimes` measures of one run, as plain data (it travels back from a worker):
 * instrument shares, the merchant's cost per 100 of value by instrument, each party's revenue, the
 * acceptance shares at the end, and the consumers' fees and subsidies. `regimeRows` turns the
 * runs of several regimes (and seeds) into compare.csv's rows, each with its difference from the
 * first regime and, over seeds, a 95 % interval of that difference paired seed by seed.
 */
import { acceptanceAtEnd as acceptanceAtEndOfRun } from '../model/acceptance-shares.js';
import { compareModels } from '../economics/index.js';
import { PK_CLEARING_FEE, PK_CONSUMER_SUBSIDY, PK_FLOAT, PK_MERCHANT_FEE, PK_MERCHANT_SUBSIDY } from '../economics/platform-books.js';
import type { RunResult } from '../model/results.js';
import { t95 } from './headline.js';

/** The instrument name of the four-party network (as choice.csv names it). */
const CARD = 'card';

/** One measured number of a run: metric, party, instrument, value (money in minor units: metric ends in `_minor`). */
export interface RegimeMetric {
  readonly metric: string;
  readonly party: string;
  readonly instrument: string;
  readonly value: number | null;
}

/**
 * The share of merchants accepting each instrument at the end of the run, cards first, then each
 * platform: today the static acceptance of `networks.choice` (every merchant takes cards). The
 * one place to read acceptance that changes during a run from, once the model has it.
 */
export function acceptanceAtEnd(r: RunResult): number[] {
  const net = r.scenario.networks;
  if (net === undefined) return [1];
  // Cards: every merchant takes them; a platform: its stickers at the end (networks.adoption moves them by day).
  const atEnd = new Map(acceptanceAtEndOfRun(r).map((a) => [a.instrument, a.share]));
  return [1, ...net.platforms.map((p, i) => atEnd.get(p.name) ?? net.choice?.acceptance[i] ?? 1)];
}

const per100 = (feeMinor: number, valueMinor: number): number | null => (valueMinor === 0 ? null : Math.round((feeMinor * 100 * 10_000) / valueMinor) / 10_000 + 0);

/** The card side: the four-party network's parties from the run's own fee model (cleared purchases, authorization fees, chargebacks). */
function cardMetrics(r: RunResult, out: RegimeMetric[]): void {
  if (r.money === undefined) return;
  const m = compareModels(r.money.compare).models[0]!;
  const all = m.channels.at(-1)!;
  out.push({ metric: 'paid', party: 'merchant', instrument: CARD, value: all.purchases });
  out.push({ metric: 'paid_value_minor', party: 'merchant', instrument: CARD, value: all.valueMinor });
  out.push({ metric: 'merchant_cost_per_100', party: 'merchant', instrument: CARD, value: all.merchantCostPer100 });
  for (const p of ['issuer', 'acquirer', 'scheme'] as const) out.push({ metric: 'net_minor', party: p, instrument: CARD, value: m.participants[p].netMinor });
  out.push({ metric: 'consumer_fees_minor', party: 'consumer', instrument: CARD, value: m.participants.cardholder.costMinor });
}

/** The wallet side: each platform's books over the run, and the clearing house's fees. */
function platformMetrics(r: RunResult, out: RegimeMetric[]): void {
  const books = r.platformBooks;
  if (books === undefined) return;
  const sums = books.platforms.map(() => ({ payments: 0, value: 0, kinds: [0, 0, 0, 0, 0, 0, 0], net: 0 }));
  for (const row of books.dayRows()) {
    const s = sums[books.platforms.indexOf(row.platform)]!;
    s.payments += row.payments;
    s.value += row.valueMinor;
    s.net += row.netRevenueMinor;
    row.kindMinor.forEach((x, k) => (s.kinds[k]! += x));
  }
  let clearing = 0;
  books.platforms.forEach((name, p) => {
    const s = sums[p]!;
    clearing += s.kinds[PK_CLEARING_FEE]!;
    out.push({ metric: 'paid', party: 'merchant', instrument: name, value: s.payments });
    out.push({ metric: 'paid_value_minor', party: 'merchant', instrument: name, value: s.value });
    out.push({ metric: 'merchant_cost_per_100', party: 'merchant', instrument: name, value: per100(s.kinds[PK_MERCHANT_FEE]! - s.kinds[PK_MERCHANT_SUBSIDY]!, s.value) });
    out.push({ metric: 'net_minor', party: 'platform', instrument: name, value: s.net });
    out.push({ metric: 'float_income_minor', party: 'platform', instrument: name, value: s.kinds[PK_FLOAT]! });
    out.push({ metric: 'consumer_subsidies_minor', party: 'consumer', instrument: name, value: s.kinds[PK_CONSUMER_SUBSIDY]! });
    out.push({ metric: 'merchant_subsidies_minor', party: 'merchant', instrument: name, value: s.kinds[PK_MERCHANT_SUBSIDY]! });
  });
  out.push({ metric: 'net_minor', party: 'clearing_house', instrument: 'all', value: clearing });
}

/** Every metric of one run, in a fixed order. */
export function regimeMetrics(r: RunResult): RegimeMetric[] {
  const out: RegimeMetric[] = [];
  const names = [CARD, ...(r.scenario.networks?.platforms.map((p) => p.name) ?? [])];
  const n = names.length;
  const days = r.choiceDays;
  const counts = new Array<number>(n).fill(0);
  const values = new Array<number>(n).fill(0);
  if (days !== undefined) {
    for (let k = 0; k * 2 < days.length; k++) {
      counts[k % n]! += days[k * 2]!;
      values[k % n]! += days[k * 2 + 1]!;
    }
  }
  const total = counts.reduce((a, b) => a + b, 0);
  const accepted = acceptanceAtEnd(r);
  names.forEach((name, i) => {
    out.push({ metric: 'purchases', party: 'consumer', instrument: name, value: counts[i]! });
    out.push({ metric: 'value_minor', party: 'consumer', instrument: name, value: values[i]! });
    out.push({ metric: 'share', party: 'consumer', instrument: name, value: total === 0 ? null : Math.round((counts[i]! / total) * 1e6) / 1e6 });
    out.push({ metric: 'acceptance_share', party: 'merchant', instrument: name, value: accepted[i] ?? null });
  });
  cardMetrics(r, out);
  platformMetrics(r, out);
  return out;
}

/** One compare.csv row of a regime: the value (mean over seeds), its difference from the first regime, and that difference's 95 % interval over seeds (paired). */
export interface RegimeRow extends RegimeMetric {
  readonly regime: string;
  readonly diff: number | null;
  /** With several seeds: the interval of the mean paired difference; else null. */
  readonly diffLow: number | null;
  readonly diffHigh: number | null;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean and 95 % t half-width of `xs` (half-width 0 with one value). */
export function meanInterval(xs: readonly number[]): { mean: number; half: number } {
  const m = mean(xs);
  if (xs.length < 2) return { mean: m, half: 0 };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1));
  return { mean: m, half: (t95(xs.length - 1) * sd) / Math.sqrt(xs.length) };
}

/**
 * compare.csv's rows: `runs[regime][seed]` are the metrics of each regime on each seed (every
 * regime on the same seeds, in the same order). A metric missing in a regime, or null in any
 * run, has no difference.
 */
export function regimeRows(names: readonly string[], runs: readonly (readonly RegimeMetric[][])[]): RegimeRow[] {
  const key = (m: RegimeMetric): string => `${m.metric}|${m.party}|${m.instrument}`;
  const index = runs.map((seeds) => seeds.map((ms) => new Map(ms.map((m) => [key(m), m.value]))));
  const seeds = runs[0]!.length;
  const rows: RegimeRow[] = [];
  names.forEach((regime, k) => {
    for (const m of runs[k]![0]!) {
      const id = key(m);
      const own = index[k]!.map((s) => s.get(id) ?? null);
      const first = index[0]!.map((s) => s.get(id) ?? null);
      const value = own.some((x) => x === null) ? null : mean(own as number[]);
      const paired = own.every((x) => x !== null) && first.every((x) => x !== null) ? own.map((x, s) => x! - first[s]!) : undefined;
      const d = paired === undefined ? undefined : meanInterval(paired);
      const interval = d !== undefined && seeds > 1;
      rows.push({ regime, metric: m.metric, party: m.party, instrument: m.instrument, value, diff: d?.mean ?? null, diffLow: interval ? d.mean - d.half : null, diffHigh: interval ? d.mean + d.half : null });
    }
  });
  return rows;
}
