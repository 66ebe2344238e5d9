/** `sim compare <scenario> --regimes a,b,c [--replications R]`: parse, run, print. */
import { InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { executeRegimeCompare } from '../app/compare-regimes.js';
import type { RegimeRow } from '../app/compare-regimes-metrics.js';
import { regimeScenarios } from '../app/compare-regimes-scenarios.js';
import type { SubmitJobs } from '../parallel/pool.js';
import type { Scenario } from '../scenario/types.js';
import { EXIT_BAD_INPUT, EXIT_OK } from './errors.js';
import type { Io } from './io.js';
import { CountProgress } from './progress.js';
import { painter, printScenarioErrors } from './report.js';
import { formatTable, grouped } from './table.js';

/** `--regimes a,b,c`: the names, in order. */
export function parseRegimeList(v: string): string[] {
  const names = v.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new InvalidArgumentError('expected regime names separated by commas, such as baseline,wallet-fee-038');
  return names;
}

export interface RegimeOptions {
  readonly regimes: readonly string[];
  readonly replications?: number;
  readonly workers?: number;
  readonly out?: string;
  readonly force?: boolean;
  readonly quiet?: boolean;
}

/** Runs the regimes of `file` (`base` is it resolved with the command line's overrides) and prints the comparison. */
export async function compareRegimesCommand(io: Io, file: string, base: Scenario, o: RegimeOptions, submit: { submit?: SubmitJobs }): Promise<number> {
  const chosen = regimeScenarios(file, base, o.regimes);
  if ('errors' in chosen) {
    printScenarioErrors(io, chosen.errors);
    return EXIT_BAD_INPUT;
  }
  const r = o.replications ?? 1;
  const outDir = o.out ?? join('out', `${base.name}-compare`);
  const progress = new CountProgress(io, 'runs', chosen.regimes.length * r, o.quiet !== true);
  const t0 = performance.now();
  const { rows } = await executeRegimeCompare({
    ...submit,
    scenario: base,
    regimes: chosen.regimes,
    replications: r,
    outDir,
    force: o.force === true,
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
    onDone: progress.done,
  }).finally(() => progress.stop());
  if (o.quiet !== true) printRegimeTable(io, base, chosen.regimes.map((g) => g.name), rows, r, (performance.now() - t0) / 1000);
  return EXIT_OK;
}

const LABELS: Readonly<Record<string, string>> = {
  share: 'share of purchases',
  paid_value_minor: 'paid to merchants',
  acceptance_share: 'merchants accepting (end)',
  merchant_cost_per_100: 'merchant cost per 100',
  net_minor: 'net revenue',
  float_income_minor: 'float income',
  consumer_fees_minor: 'consumer fees',
  consumer_subsidies_minor: 'cash-back to consumers',
  merchant_subsidies_minor: 'merchant subsidies',
};

/** One column per regime; after the first, each cell also gives the difference (and its 95 % interval over seeds). */
function printRegimeTable(io: Io, sc: Scenario, names: readonly string[], rows: readonly RegimeRow[], r: number, seconds: number): void {
  const c = painter(io);
  const cur = sc.currency;
  const e = sc.currencyExponent;
  const table: string[][] = [['', ...names.map((n) => c.bold(n))]];
  const first = rows.filter((x) => x.regime === names[0] && LABELS[x.metric] !== undefined);
  for (const m of first) {
    const money = m.metric.endsWith('_minor');
    const share = m.metric.endsWith('share');
    const decimals = money ? e : share ? 2 : 4;
    const show = (v: number): string => grouped(money ? v / 10 ** e : share ? v * 100 : v, decimals);
    const unit = money || !share ? cur : '%';
    const label = `${LABELS[m.metric]} (${unit}): ${m.party === 'consumer' || m.party === 'merchant' ? '' : `${m.party} `}${m.instrument}`;
    const cells = names.map((n, k) => {
      const x = rows.find((y) => y.regime === n && y.metric === m.metric && y.party === m.party && y.instrument === m.instrument);
      if (x === undefined || x.value === null) return '-';
      if (k === 0 || x.diff === null) return show(x.value);
      const ci = x.diffLow !== null && x.diffHigh !== null ? ` [${show(x.diffLow)}, ${show(x.diffHigh)}]` : '';
      return `${show(x.value)} (${x.diff >= 0 ? '+' : ''}${show(x.diff)}${ci})`;
    });
    table.push([label, ...cells]);
  }
  const seeds = r > 1 ? `seeds ${sc.seed}-${sc.seed + r - 1}` : `seed ${sc.seed}`;
  io.out(`\n${c.bold(`Regimes on common random numbers`)} ${c.dim(`(${sc.name}, ${seeds}, ${cur}; ${grouped(seconds, 1)} s)`)}\n`);
  for (const line of formatTable(table)) io.out(`${line}\n`);
  io.out('\n');
}
