import chalk, { Chalk, type ChalkInstance } from 'chalk';
import type { RunResult } from '../model/network.js';
import { histogramQuantile } from '../model/stats.js';
import { totals } from '../model/stats.js';
import type { Manifest } from '../output/manifest.js';
import { formatScenarioError, type ScenarioError } from '../scenario/errors.js';
import { compareModels } from '../economics/index.js';
import { competitionSummary, sharesLine } from '../output/acceptance-summary.js';
import { minorToDecimal } from '../output/csv.js';
import type { Io } from './io.js';
import type { Summary } from '../app/headline.js';
import { formatTable, grouped } from './table.js';

/** The only module that touches chalk: colours follow the Io's `color` flag (NO_COLOR honoured). */
export function painter(io: Io): ChalkInstance {
  return io.color ? chalk : new Chalk({ level: 0 });
}

/** Prints scenario problems, one per line, with file:line:column first. */
export function printScenarioErrors(io: Io, errors: readonly ScenarioError[]): void {
  const c = painter(io);
  for (const e of errors) {
    const text = formatScenarioError(e);
    const colon = text.indexOf(': ');
    io.err(colon > 0 ? `${c.bold(text.slice(0, colon))}: ${c.red(text.slice(colon + 2))}\n` : `${c.red(text)}\n`);
  }
  io.err(c.red(`${errors.length} problem${errors.length === 1 ? '' : 's'} found; nothing was run.\n`));
}

/** Warnings of a valid scenario (problems that do not stop the run): one line each, on stderr. */
export function printScenarioWarnings(io: Io, warnings: readonly ScenarioError[]): void {
  const c = painter(io);
  for (const w of warnings) io.err(`${c.yellow('warning')}: ${formatScenarioError(w)}\n`);
}

export { CountProgress, RunProgress, type ProgressEnv } from './progress.js';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (a: number, b: number): string => (b > 0 ? `${((100 * a) / b).toFixed(2)} %` : '-');

/** The end-of-run summary on stdout. */
export function printSummary(io: Io, r: RunResult, m: Manifest, outDir: string): void {
  const c = painter(io);
  const { attempts, approved, declined, timedOut, standIn, reversals, peakTps: peak } = totals(r.throughput, r.firstBucket, r.buckets);
  const n = approved + declined + timedOut;
  const q = (p: number): string => `${(histogramQuantile(r.latencyHistogram, n, p) / 1000).toFixed(0)} ms`;
  const wall = m.wallSeconds;
  const row = (k: string, v: string): void => io.out(`  ${c.dim(k.padEnd(22))}${v}\n`);
  io.out(`\n${c.bold(`Quartet run: ${r.scenario.name}`)}  ${c.dim(`seed ${r.seed}`)}\n`);
  row('simulated', `${m.simulated.start} .. ${m.simulated.end}`);
  row('network', `${int(r.cards)} cards, ${int(r.terminals)} terminals, ${int(r.merchants)} merchants, ${r.hosts.length} hosts`);
  row('purchases', int(attempts));
  row('approved', `${c.green(int(approved))}  (${pct(approved, attempts)})`);
  row('declined', `${declined > 0 ? c.yellow(int(declined)) : int(declined)}  (${pct(declined, attempts)})`);
  row('timed out', `${timedOut > 0 ? c.red(int(timedOut)) : int(timedOut)}  (${pct(timedOut, attempts)})`);
  row('stand-in', int(standIn));
  row('reversals', int(reversals));
  row('latency p50/p95/p99', `${q(0.5)} / ${q(0.95)} / ${q(0.99)}`);
  row('peak TPS (1 s)', int(peak));
  const cl = r.money;
  if (cl !== undefined) {
    const res = compareModels(cl.compare).models[0]!;
    const all = res.channels.at(-1)!;
    const e = r.scenario.currencyExponent;
    const money = (minor: number): string => `${int(Number(minorToDecimal(minor, e)))} ${r.scenario.currency}`;
    row('cleared', `${int(cl.cleared)} purchases, ${money(all.valueMinor)}  (${cl.feeModelNames[0]})`);
    row('chargebacks', int(cl.chargebacks));
    row('merchant cost', `${(all.merchantCostPer100 ?? 0).toFixed(2)} per 100 ${r.scenario.currency}; scheme take ${(res.schemeTakeBps ?? 0).toFixed(1)} bp`);
    row('net: issuers', money(res.participants.issuer.netMinor));
    row('net: acquirers', money(res.participants.acquirer.netMinor));
    row('net: scheme', money(res.participants.scheme.netMinor));
    row('ledger', c.green('balanced (every account, every cycle nets to zero)'));
  }
  const comp = competitionSummary(r);
  if (comp !== undefined) {
    row('instrument shares', sharesLine(comp.instrument_shares_start, comp.instrument_shares_end));
    row('acceptance', sharesLine(comp.acceptance_shares_start, comp.acceptance_shares_end));
  }
  row('events', int(m.events));
  row('wall time', `${wall.toFixed(2)} s  (${int(m.transactions / Math.max(wall, 1e-9))} purchases/s, ${int(m.events / Math.max(wall, 1e-9))} events/s)`);
  row('output', `${outDir}/  ${c.dim(m.files.map((f) => f.name).join(', ') + ', manifest.json')}`);
  io.out('\n');
}

/** How the replications table shows a headline metric: its label with the unit, a scale and fixed decimals. */
export function metricFormat(metric: string, currency: string): { label: string; scale: number; decimals: number } {
  const share = /^(approval_rate|declined_share|timed_out_share)$/.exec(metric);
  if (share !== null) return { label: `${metric === 'approval_rate' ? 'approval rate' : `${metric.replace(/_share$/, '').replace(/_/g, ' ')} share`} (%)`, scale: 100, decimals: 2 };
  const latency = /^latency_(mean|p\d+)_ms$/.exec(metric);
  if (latency !== null) return { label: `latency ${latency[1]} (ms)`, scale: 1, decimals: 1 };
  const money = /^(fees_net|net_position)_([a-z]+)(?:_([A-Z]{3}))?$/.exec(metric);
  if (money !== null) return { label: `${money[1] === 'fees_net' ? 'fees net' : 'net position'}: ${money[2]} (${money[3] ?? currency})`, scale: 1, decimals: 2 };
  const fixed: Record<string, { label: string; scale: number; decimals: number }> = {
    purchases: { label: 'purchases', scale: 1, decimals: 1 },
    stand_in: { label: 'stand-in (purchases)', scale: 1, decimals: 1 },
    reversals: { label: 'reversals', scale: 1, decimals: 1 },
    peak_tps: { label: 'peak TPS (purchases/s)', scale: 1, decimals: 1 },
    merchant_cost_per_100: { label: `merchant cost (${currency} per ${currency} 100)`, scale: 1, decimals: 4 },
    scheme_take_bps: { label: 'scheme take (bp)', scale: 1, decimals: 2 },
  };
  return fixed[metric] ?? { label: metric.replace(/_/g, ' '), scale: 1, decimals: 4 };
}

/** The replications summary: each headline metric's mean, 95 % interval and sd over the seeds, as an aligned table. */
export function printReplications(io: Io, name: string, seeds: readonly number[], rows: readonly Summary[], outDir: string, currency: string): void {
  const c = painter(io);
  io.out(`\n${c.bold(`Quartet replications: ${name}`)}  ${c.dim(`seeds ${seeds[0]}..${seeds.at(-1)} (${seeds.length} runs)`)}\n`);
  const table = [['metric', 'mean', '95 % CI low', '95 % CI high', 'sd'].map((h) => c.dim(h))];
  for (const r of rows) {
    const f = metricFormat(r.metric, currency);
    table.push([f.label, ...[r.mean, r.low, r.high, r.sd].map((x) => grouped(x * f.scale, f.decimals))]);
  }
  for (const line of formatTable(table)) io.out(`${line}\n`);
  io.out(`\n  ${c.dim('output')}  ${outDir}/  ${c.dim('replications.csv, replication-values.csv, seed-*/')}\n\n`);
}
