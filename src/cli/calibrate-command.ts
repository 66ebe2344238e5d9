/**
 * `sim calibrate <scenario> [--replications R]`: runs the scenario R times (seeds s..s+R-1,
 * through the replications of src/app/replicate.ts), prints each calibration target against its
 * band and the NRMSE per group, and exits 1 if any target is outside its band (docs/calibration.md).
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { nrmseRows } from '../app/calibrate.js';
import { executeReplications } from '../app/replicate.js';
import type { CalibrationRow } from '../output/calibration.js';
import { CliError, EXIT_BAD_INPUT, EXIT_MISMATCH, EXIT_OK } from './errors.js';
import type { Io } from './io.js';
import { loadWithOverrides } from './options.js';
import { addOutputOptions, addOverrideOptions, addWorkersOption, scenarioCommand, type SharedOptions } from './option-groups.js';
import { CountProgress, painter } from './report.js';
import { parseSweepReplications, type SweepDeps } from './sweep-command.js';
import { formatTable, grouped } from './table.js';

/** What `sim calibrate` borrows from the rest of the program: what `sim sweep` does. */
export type CalibrateDeps = SweepDeps;

/** Adds `sim calibrate` to the program; its action stores its exit code with `setCode`. */
export function addCalibrateCommand(program: Command, io: Io, setCode: (code: number) => void, deps: CalibrateDeps): void {
  const what = 'run a scenario and measure it against its calibration targets: calibration.csv, NRMSE per group; exit 1 if a target is outside its band';
  const cmd = scenarioCommand(program, 'calibrate', what, 'scenario YAML file with a calibration section');
  cmd.option('--replications <r>', 'runs (seeds seed, seed+1, ...); the table gives their mean and 95 % CI (default 1)', parseSweepReplications);
  addOverrideOptions(cmd, 'first seed');
  addWorkersOption(cmd, 'the replications');
  addOutputOptions(cmd, 'output directory', 'out/<scenario name>-calibration', 'no progress line and no table (the exit code still tells)');
  cmd.action(async (file: string, o: SharedOptions) => setCode(await calibrateCommand(io, file, o, deps)));
}

async function calibrateCommand(io: Io, file: string, o: SharedOptions, deps: CalibrateDeps): Promise<number> {
  const scenario = loadWithOverrides(io, file, o);
  if (scenario === undefined) return EXIT_BAD_INPUT;
  if (scenario.calibration === undefined) throw new CliError(EXIT_BAD_INPUT, 'NO_TARGETS', `${file}: the scenario has no calibration targets; add a calibration: section (docs/calibration.md)`);
  deps.checkMemory(scenario);
  const outDir = o.out ?? join('out', `${scenario.name}-calibration`);
  const replications = o.replications ?? 1;
  const progress = new CountProgress(io, 'replications', replications, o.quiet !== true);
  const outcome = await executeReplications({
    scenario,
    firstSeed: scenario.seed,
    replications,
    outDir,
    force: o.force === true,
    transactions: false,
    ledger: false,
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
    onDone: progress.done,
  }).finally(() => progress.stop());
  const rows = outcome.calibration ?? [];
  if (o.quiet !== true) printCalibration(io, scenario.name, outcome.seeds, rows, outDir);
  return rows.every((r) => r.inside) ? EXIT_OK : EXIT_MISMATCH;
}

/** Decimals for a row's numbers, from the size of its target: shares 4, small figures 2, large ones 1. */
function decimalsOf(r: CalibrationRow): number {
  const t = Math.abs(r.target);
  return t < 1 ? 4 : t < 1000 ? 2 : 1;
}

/** The calibration table and the NRMSE per group, aligned. */
export function printCalibration(io: Io, name: string, seeds: readonly number[], rows: readonly CalibrationRow[], outDir: string): void {
  const c = painter(io);
  const runs = seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds[0]}..${seeds.at(-1)} (${seeds.length} runs)`;
  io.out(`\n${c.bold(`Quartet calibration: ${name}`)}  ${c.dim(runs)}\n`);
  io.out(`${formatCalibrationTable(rows).map((line) => `${line.includes(' OUT') ? c.red(line) : line}\n`).join('')}`);
  const groups = nrmseRows(rows).map((g) => [g.group, String(g.targets), Number.isFinite(g.nrmse) ? grouped(g.nrmse, 4) : '-']);
  io.out(`\n${formatTable([['group', 'targets', 'NRMSE'].map((h) => c.dim(h)), ...groups]).join('\n')}\n`);
  const outside = rows.filter((r) => !r.inside).length;
  const verdict = outside === 0 ? c.green(`all ${rows.length} targets inside their bands`) : c.red(`${outside} of ${rows.length} targets outside their bands`);
  io.out(`\n  ${verdict}\n  ${c.dim('output')}  ${outDir}/  ${c.dim('calibration.csv, calibration-nrmse.csv, seed-*/')}\n\n`);
}

/** The rows as aligned lines (no colour): metric with its scope, target, band, simulated, 95 % CI, relative error, inside. */
export function formatCalibrationTable(rows: readonly CalibrationRow[]): string[] {
  const table = [['metric (scope)', 'target', 'band', 'simulated', '95 % CI', 'error', '']];
  for (const r of rows) {
    const d = decimalsOf(r);
    const f = (x: number): string => (Number.isFinite(x) ? grouped(x, d) : '-');
    const ci = Number.isFinite(r.low) ? `${f(r.low)}..${f(r.high)}` : '-';
    const err = Number.isFinite(r.relativeError) ? `${grouped(r.relativeError * 100, 1)} %` : f(r.error);
    table.push([r.scope === 'all' ? r.metric : `${r.metric} (${r.scope})`, f(r.target), r.band, f(r.simulated), ci, err, r.inside ? 'ok' : 'OUT']);
  }
  return formatTable(table);
}
