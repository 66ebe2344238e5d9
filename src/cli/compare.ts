import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compareModels, type CompareResult, type FeeModel } from '../economics/index.js';
import { simulate } from '../runner.js';
import { CsvFile, fixed, minorToDecimal } from '../output/csv.js';
import { makeManifest, writeManifest, type Manifest } from '../output/manifest.js';
import { writeAggregates } from '../output/records.js';
import { StagedDir, digestFile } from '../output/run-dir.js';
import type { Scenario } from '../scenario/types.js';
import { CliError, EXIT_BAD_INPUT } from './errors.js';
import type { Io } from './io.js';
import { painter, type Progress } from './report.js';

export const COMPARE_COLUMNS = ['model', 'metric', 'participant_type', 'channel', 'value', 'diff_vs_first'] as const;

/**
 * `sim compare`: one run of the scenario whose purchases are priced by every fee model side by
 * side. The purchase stream is the same for all models by construction (fee rules draw no
 * randomness and change no state of the network). Writes compare.csv (tidy: model, metric,
 * participant type, channel, value, difference against the first model), throughput.csv of the
 * common purchases and a manifest.
 */
export async function runCompare(
  io: Io,
  sc: Scenario,
  models: readonly FeeModel[],
  outDir: string,
  force: boolean,
  progress: Progress,
): Promise<{ result: CompareResult; manifest: Manifest }> {
  if (sc.money === undefined) {
    throw new CliError(EXIT_BAD_INPUT, 'NO_MONEY', `${sc.path}: the scenario has no fees section, so nothing is cleared to compare; add fees: (see docs/fees.md)`);
  }
  const staged = new StagedDir(outDir, force);
  try {
    const t0 = performance.now();
    const run = await simulate(sc, sc.seed, { feeModels: models, onTick: progress.tick });
    progress.stop();
    const result = compareModels(run.money!.compare);
    const e = sc.currencyExponent;
    const csv = new CsvFile(join(staged.temp, 'compare.csv'), COMPARE_COLUMNS);
    for (const r of result.rows) {
      const money = r.metric.endsWith('_minor');
      const fmt = (v: number | null): string => (v === null ? '' : money ? minorToDecimal(v, e) : Number.isInteger(v) ? String(v) : fixed(v, 4));
      csv.row([r.model, money ? r.metric.slice(0, -'_minor'.length) : r.metric, r.participant_type, r.channel, fmt(r.value), fmt(r.diff_vs_first)]);
    }
    csv.close();
    const written = writeAggregates(run, staged.temp).filter((w) => w.file === 'throughput.csv');
    written.push({ file: 'compare.csv', rows: csv.rows });
    const manifest = makeManifest(
      sc,
      sc.seed,
      { durationUs: sc.durationUs, transactions: false, feeModels: models.map((m) => m.name) },
      { cards: run.cards, terminals: run.terminals, merchants: run.merchants, events: run.events, transactions: run.transactions, wallSeconds: Math.round((performance.now() - t0) / 10) / 100 },
      written.map((w) => digestFile(staged.temp, w.file, w.rows)),
    );
    writeManifest(staged.temp, manifest);
    staged.commit();
    printCompareTable(io, result, sc);
    return { result, manifest };
  } catch (err) {
    staged.abandon();
    throw err;
  }
}

/** The comparison as a coloured table: one column per model. */
export function printCompareTable(io: Io, r: CompareResult, sc: Scenario): void {
  const c = painter(io);
  const e = sc.currencyExponent;
  const names = r.models.map((m) => m.name);
  const w0 = 34;
  const w = Math.max(14, ...names.map((n) => n.length + 2));
  const line = (label: string, cells: string[]): void => io.out(`  ${label.padEnd(w0)}${cells.map((x) => x.padStart(w)).join('')}\n`);
  const money = (minor: number): string => {
    const v = Number(minorToDecimal(Math.round(minor), e));
    return Math.round(v).toLocaleString('en-US');
  };
  io.out(`\n${c.bold(`Fee models on the same ${r.models[0]?.channels.at(-1)?.purchases.toLocaleString('en-US') ?? 0} cleared purchases`)} ${c.dim(`(${sc.name}, seed ${sc.seed}, ${sc.currency})`)}\n`);
  line('', names.map((n) => c.bold(n)));
  const all = (m: (typeof r.models)[number]) => m.channels.at(-1)!;
  line('purchases cleared', r.models.map((m) => all(m).purchases.toLocaleString('en-US')));
  line(`value cleared (${sc.currency})`, r.models.map((m) => money(all(m).valueMinor)));
  line(`merchant cost per ${sc.currency} 100`, r.models.map((m) => fixed(all(m).merchantCostPer100 ?? 0, 4)));
  for (const ch of r.models[0]!.channels.slice(0, -1)) {
    if (ch.purchases === 0) continue;
    line(`  ${ch.channel}`, r.models.map((m) => fixed(m.channels.find((x) => x.channel === ch.channel)?.merchantCostPer100 ?? 0, 4)));
  }
  line('scheme take (bp)', r.models.map((m) => fixed(m.schemeTakeBps ?? 0, 2)));
  for (const p of ['issuer', 'scheme', 'acquirer', 'merchant', 'cardholder'] as const) {
    line(`${p} net (${sc.currency})`, r.models.map((m) => {
      const v = m.participants[p].netMinor;
      const s = money(v);
      return v < 0 ? c.red(s) : v > 0 ? c.green(s) : s;
    }));
  }
  line('tourist test (fee <= cash cost)', r.models.map((m) => {
    const pass = all(m).touristTestPass;
    return pass === null ? '-' : pass ? c.green(`pass ${fixed(all(m).merchantFeeBps ?? 0, 0)}<=${fixed(m.avoidedCostBps, 0)}bp`) : c.red(`fail ${fixed(all(m).merchantFeeBps ?? 0, 0)}>${fixed(m.avoidedCostBps, 0)}bp`);
  }));
  io.out('\n');
}
