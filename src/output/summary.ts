/**
 * summary.json: the headline figures of a run directory (what `sim run` prints at the end) with
 * the run's identity, as JSON. It is a function of the scenario file, the seed and the options
 * (no wall time, no path, no host), so `sim verify` and the golden replays cover it like any
 * table. `sim run --json` prints the same bytes on stdout.
 *
 * Units are in the names: `_ms`, `_bps`, `_share` (0..1), `_tps` (purchases per second), `_us`;
 * money is integer minor units (`..._minor`) with the `currency` beside it and, next to it, the
 * same amount as an exact decimal string of the major unit (`cleared_value` = "1234.56").
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareModels, currencyExponent, type CompareResult, type ModelResult } from '../economics/index.js';
import type { RunResult } from '../model/network.js';
import { histogramQuantile, totals, T_FIELDS, T_VALUE_APPROVED } from '../model/stats.js';
import type { ManifestDraft } from './manifest.js';
import type { Scenario } from '../scenario/types.js';
import { competitionSummary, type CompetitionSummary } from './acceptance-summary.js';
import { minorToDecimal } from './csv.js';
import { Clock } from './time-format.js';

export const SUMMARY_FILE = 'summary.json';
export const SUMMARY_FORMAT = 'quartet.summary/1';

/** Who and what a summary is about: the fields of the manifest that are facts of the run. */
export interface SummaryIdentity {
  readonly format: typeof SUMMARY_FORMAT;
  /** run: one `sim run`; compare: `sim compare`; replications: `sim run --replications`; sweep: `sim sweep`. */
  readonly kind: 'run' | 'compare' | 'replications' | 'sweep';
  readonly tool: 'quartet';
  /** The Quartet version that wrote it. */
  readonly version: string;
  /** The scenario's name and the SHA-256 of its file, as the manifest records them. */
  readonly scenario: { readonly name: string; readonly sha256: string };
  /** The seed of every random stream (for replications: the first seed). */
  readonly seed: number;
  /** Simulated span, local ISO 8601 in the offset of the scenario's start. */
  readonly simulated: { readonly start: string; readonly end: string; readonly duration_us: number };
}

/** The network the run simulated. */
export interface NetworkSummary {
  readonly cards: number;
  readonly terminals: number;
  readonly merchants: number;
  readonly hosts: number;
}

/** The purchases reported (those started after the warm-up), by outcome. */
export interface PurchaseSummary {
  readonly count: number;
  readonly approved: number;
  readonly approved_share: number;
  readonly declined: number;
  readonly declined_share: number;
  readonly timed_out: number;
  readonly timed_out_share: number;
  /** Purchases the switch decided in place of the issuer (approved or declined). */
  readonly stand_in: number;
  /** Reversals the acquirer sent after a timeout. */
  readonly reversals: number;
  /** Value of the approved purchases, minor units of `currency`, and as a decimal. */
  readonly approved_value_minor: number;
  readonly approved_value: string;
  readonly currency: string;
  /** Purchases started in the busiest second. */
  readonly peak_tps: number;
}

/** End-to-end latency (terminal to terminal) of the resolved purchases. */
export interface LatencySummary {
  readonly mean_ms: number;
  readonly p50_ms: number;
  readonly p95_ms: number;
  readonly p99_ms: number;
}

/** Fee revenue minus fee cost per participant type, over the run. */
export interface PartyNets {
  readonly cardholder: number;
  readonly issuer: number;
  readonly scheme: number;
  readonly acquirer: number;
  readonly merchant: number;
}
export type PartyNetStrings = { readonly [K in keyof PartyNets]: string };

/** One participant type's net settlement position over all cycles, in one currency (as settlement.csv sums). */
export interface SettlementNet {
  readonly participant_type: string;
  readonly currency: string;
  readonly net_position_minor: number;
  readonly net_position: string;
}

/** What one fee model cleared and who paid whom (the first model's is the run's). */
export interface FeeModelSummary {
  readonly fee_model: string;
  readonly currency: string;
  readonly cleared: number;
  readonly cleared_value_minor: number;
  readonly cleared_value: string;
  /** What merchants pay per 100 units of currency of purchases. */
  readonly merchant_cost_per_100: number;
  readonly merchant_fee_bps: number;
  /** The scheme's (or platform's) revenue in basis points of the cleared value. */
  readonly scheme_take_bps: number;
  /** The merchant's avoided cost of cash, and whether the merchant fee is at most it (the tourist test). */
  readonly avoided_cost_bps: number;
  readonly tourist_test_pass: boolean | null;
  readonly fees_net_minor: PartyNets;
  readonly fees_net: PartyNetStrings;
}

/** A run's money: its fee model's figures, chargebacks, settlement nets and the ledger's check. */
export interface MoneySummary extends FeeModelSummary {
  readonly chargebacks: number;
  readonly settlement_net_positions: readonly SettlementNet[];
  /** Every account's postings sum to its balance and every cycle nets to zero per currency (a run that fails this is not written). */
  readonly ledger_balanced: true;
}

/** summary.json of a run directory. */
export interface RunSummary extends SummaryIdentity {
  readonly kind: 'run';
  readonly network: NetworkSummary;
  readonly purchases: PurchaseSummary;
  readonly latency: LatencySummary;
  /** Present when the scenario has fees. */
  readonly money: MoneySummary | null;
  /** Present when the scenario has competing networks: instrument and acceptance shares at the start and at the end. */
  readonly competition?: CompetitionSummary;
  readonly events: number;
}

/** summary.json of a `sim compare` directory: the common purchases and every model side by side. */
export interface CompareSummary extends SummaryIdentity {
  readonly kind: 'compare';
  readonly network: NetworkSummary;
  readonly purchases: PurchaseSummary;
  readonly latency: LatencySummary;
  readonly models: readonly FeeModelSummary[];
  readonly events: number;
}

/** One headline metric over the replications: mean, sample sd and the 95 % t interval. */
export interface MetricSummary {
  readonly replications: number;
  readonly mean: number;
  readonly sd: number;
  readonly ci95_low: number;
  readonly ci95_high: number;
}

/** summary.json of a replications directory (each seed-<s>/ has its own run summary). */
export interface ReplicationsSummary extends SummaryIdentity {
  readonly kind: 'replications';
  readonly seeds: readonly number[];
  /** Money metrics in major units of this currency. */
  readonly currency: string;
  readonly metrics: { readonly [metric: string]: MetricSummary };
}

/** summary.json of a sweep directory: what was swept (the figures are sweep.csv's). */
export interface SweepSummary extends SummaryIdentity {
  readonly kind: 'sweep';
  /** The `--set` overrides applied at every point, in order. */
  readonly set: readonly string[];
  /** One entry per `--grid` axis: the scenario path and its values as given (YAML text). */
  readonly grid: readonly { readonly path: string; readonly values: readonly string[] }[];
  /** Points of the grid (the product of the axes' lengths). */
  readonly points: number;
  /** The seeds each point ran with. */
  readonly seeds: readonly number[];
  /** Runs in all: points x seeds. */
  readonly runs: number;
  /** Money metrics of sweep.csv are in major units of this currency (the base scenario's). */
  readonly currency: string;
}

export type AnySummary = RunSummary | CompareSummary | ReplicationsSummary | SweepSummary;

/** One metric over several runs (replications.csv, sweep.csv): runs, mean, sd and the 95 % interval. */
export interface MetricStats {
  readonly metric: string;
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly low: number;
  readonly high: number;
}

/** Purchases by how they ended, and the reversals sent, over a run or a bucket. */
export interface OutcomeCounts {
  readonly attempts: number;
  readonly approved: number;
  readonly declined: number;
  readonly timedOut: number;
  readonly standIn: number;
  readonly reversals: number;
}

/** The unrounded headline figures of a run, shared by summary.json and the replication metrics. */
export interface RunFigures extends OutcomeCounts {
  readonly approvedValueMinor: number;
  readonly peakTps: number;
  readonly latencyMeanMs: number;
  readonly latencyP50Ms: number;
  readonly latencyP95Ms: number;
  readonly latencyP99Ms: number;
  /** The run's fee models compared (the first is the run's own); undefined without fees. */
  readonly compare?: CompareResult;
}

/** The headline figures of a run's reported purchases (after the warm-up). */
export function runFigures(r: RunResult): RunFigures {
  const t = totals(r.throughput, r.firstBucket, r.buckets);
  const resolved = t.approved + t.declined + t.timedOut;
  let value = 0;
  for (let b = r.firstBucket; b < r.buckets; b++) value += r.throughput[b * T_FIELDS + T_VALUE_APPROVED]!;
  const q = (p: number): number => histogramQuantile(r.latencyHistogram, resolved, p) / 1000;
  return {
    attempts: t.attempts,
    approved: t.approved,
    declined: t.declined,
    timedOut: t.timedOut,
    standIn: t.standIn,
    reversals: t.reversals,
    approvedValueMinor: value,
    peakTps: t.peakTps,
    latencyMeanMs: resolved > 0 ? t.latencySumUs / resolved / 1000 : 0,
    latencyP50Ms: q(0.5),
    latencyP95Ms: q(0.95),
    latencyP99Ms: q(0.99),
    ...(r.money !== undefined ? { compare: compareModels(r.money.compare) } : {}),
  };
}

/** A float with at most `digits` decimals (as the CSV tables write it), as a JSON number. */
const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f + 0;
};
const share = (a: number, b: number): number => (b > 0 ? round(a / b, 6) : 0);

/** The identity of a summary, from the manifest draft of its directory. */
export function summaryIdentity<K extends SummaryIdentity['kind']>(kind: K, m: ManifestDraft): SummaryIdentity & { kind: K } {
  return {
    format: SUMMARY_FORMAT,
    kind,
    tool: 'quartet',
    version: m.version,
    scenario: { name: m.scenario.name, sha256: m.scenario.sha256 },
    seed: m.seed,
    simulated: { start: m.simulated.start, end: m.simulated.end, duration_us: m.simulated.durationUs },
  };
}

function purchaseSummary(f: RunFigures, currency: string, exponent: number): PurchaseSummary {
  return {
    count: f.attempts,
    approved: f.approved,
    approved_share: share(f.approved, f.attempts),
    declined: f.declined,
    declined_share: share(f.declined, f.attempts),
    timed_out: f.timedOut,
    timed_out_share: share(f.timedOut, f.attempts),
    stand_in: f.standIn,
    reversals: f.reversals,
    approved_value_minor: f.approvedValueMinor,
    approved_value: minorToDecimal(f.approvedValueMinor, exponent),
    currency,
    peak_tps: f.peakTps,
  };
}

const latencySummary = (f: RunFigures): LatencySummary => ({
  mean_ms: round(f.latencyMeanMs, 3),
  p50_ms: round(f.latencyP50Ms, 3),
  p95_ms: round(f.latencyP95Ms, 3),
  p99_ms: round(f.latencyP99Ms, 3),
});

const PARTIES = ['cardholder', 'issuer', 'scheme', 'acquirer', 'merchant'] as const;

/** One fee model's figures (amounts in the scenario currency). */
export function feeModelSummary(m: ModelResult, currency: string, exponent: number): FeeModelSummary {
  const all = m.channels.at(-1)!;
  const nets = {} as Record<keyof PartyNets, number>;
  const text = {} as Record<keyof PartyNets, string>;
  for (const p of PARTIES) {
    nets[p] = m.participants[p].netMinor;
    text[p] = minorToDecimal(nets[p], exponent);
  }
  return {
    fee_model: m.name,
    currency,
    cleared: all.purchases,
    cleared_value_minor: all.valueMinor,
    cleared_value: minorToDecimal(all.valueMinor, exponent),
    merchant_cost_per_100: all.merchantCostPer100 ?? 0,
    merchant_fee_bps: all.merchantFeeBps ?? 0,
    scheme_take_bps: m.schemeTakeBps ?? 0,
    avoided_cost_bps: m.avoidedCostBps,
    tourist_test_pass: all.touristTestPass,
    fees_net_minor: nets,
    fees_net: text,
  };
}

/** Net settlement positions summed over the cycles of the run's first book, by participant type and currency. */
function settlementNets(r: RunResult): SettlementNet[] {
  const sums = new Map<string, { participant_type: string; currency: string; minor: number }>();
  for (const row of r.money!.books[0]!.settlementRows()) {
    const key = `${row.currency}|${row.participant_type}`;
    const cur = sums.get(key) ?? { participant_type: row.participant_type, currency: row.currency, minor: 0 };
    cur.minor += row.net_position_minor;
    sums.set(key, cur);
  }
  // A fixed order: by currency, then participant type, as strings.
  const order = [...sums.keys()].sort();
  return order.map((k) => {
    const s = sums.get(k)!;
    return { participant_type: s.participant_type, currency: s.currency, net_position_minor: s.minor, net_position: minorToDecimal(s.minor, currencyExponent(s.currency)) };
  });
}

const networkSummary = (r: RunResult): NetworkSummary => ({ cards: r.cards, terminals: r.terminals, merchants: r.merchants, hosts: r.hosts.length });

/** The first keys of a run's and a compare's summary.json: identity, network, purchases, latency. */
function runHeadline<K extends 'run' | 'compare'>(kind: K, r: RunResult, m: ManifestDraft, f: RunFigures) {
  const sc = r.scenario;
  return {
    ...summaryIdentity(kind, m),
    network: networkSummary(r),
    purchases: purchaseSummary(f, sc.currency, sc.currencyExponent),
    latency: latencySummary(f),
  };
}

/** summary.json of a run, from its result and its manifest draft. */
export function runSummary(r: RunResult, m: ManifestDraft, f: RunFigures = runFigures(r)): RunSummary {
  const sc = r.scenario;
  let money: MoneySummary | null = null;
  if (r.money !== undefined && f.compare !== undefined) {
    const first = feeModelSummary(f.compare.models[0]!, sc.currency, sc.currencyExponent);
    money = { ...first, chargebacks: r.money.chargebacks, settlement_net_positions: settlementNets(r), ledger_balanced: true };
  }
  const competition = competitionSummary(r);
  return {
    ...runHeadline('run', r, m, f),
    money,
    ...(competition !== undefined && { competition }),
    events: r.events,
  };
}

/** summary.json of a `sim compare` directory. */
export function compareSummary(r: RunResult, m: ManifestDraft, result: CompareResult): CompareSummary {
  const sc = r.scenario;
  return {
    ...runHeadline('compare', r, m, runFigures(r)),
    models: result.models.map((x) => feeModelSummary(x, sc.currency, sc.currencyExponent)),
    events: r.events,
  };
}

/** The simulated span of a scenario (a directory of several runs records none in its manifest). */
function scenarioSpan(sc: Scenario): SummaryIdentity['simulated'] {
  const clock = new Clock(sc.start);
  return { start: clock.iso(0), end: clock.iso(sc.durationUs), duration_us: sc.durationUs };
}

/** summary.json of a replications directory, from the per-metric statistics (replications.csv's rows). */
export function replicationsSummary(
  sc: Scenario,
  m: ManifestDraft,
  seeds: readonly number[],
  rows: readonly { metric: string; n: number; mean: number; sd: number; low: number; high: number }[],
): ReplicationsSummary {
  const metrics: Record<string, MetricSummary> = {};
  for (const s of rows) metrics[s.metric] = { replications: s.n, mean: round(s.mean, 6), sd: round(s.sd, 6), ci95_low: round(s.low, 6), ci95_high: round(s.high, 6) };
  const id = summaryIdentity('replications', m);
  return { ...id, simulated: scenarioSpan(sc), seeds: [...seeds], currency: sc.currency, metrics };
}

/** summary.json of a sweep directory, from its base scenario, its manifest draft, its grid and its seeds. */
export function sweepSummary(sc: Scenario, m: ManifestDraft, grid: readonly { readonly key: string; readonly values: readonly string[] }[], seeds: readonly number[]): SweepSummary {
  const points = grid.reduce((n, a) => n * a.values.length, 1);
  return {
    ...summaryIdentity('sweep', m),
    simulated: scenarioSpan(sc),
    set: [...(m.options.set ?? [])],
    grid: grid.map((a) => ({ path: a.key, values: [...a.values] })),
    points,
    seeds: [...seeds],
    runs: points * seeds.length,
    currency: sc.currency,
  };
}

/** The text of summary.json (what `--json` prints). */
export function summaryText(s: AnySummary): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

/**
 * Writes a JSON file of the directory; its manifest row count is its lines after the first, as
 * `sim verify` measures every file.
 */
export function writeJsonFile(dir: string, name: string, text: string): { file: string; rows: number } {
  writeFileSync(join(dir, name), text, { flag: 'wx' });
  const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  return { file: name, rows: Math.max(0, lines - 1) };
}

/** Writes summary.json into `dir`. */
export function writeSummary(dir: string, s: AnySummary): { file: string; rows: number } {
  return writeJsonFile(dir, SUMMARY_FILE, summaryText(s));
}
