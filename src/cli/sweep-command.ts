/**
 * `sim sweep <scenario> --grid 'path=[v1,v2]' ...`: parses the options, resolves every point of
 * the grid before running any (so a bad value in any point stops the sweep at once, exit 2),
 * runs them (src/app/sweep.ts) with a progress line on stderr, and prints where sweep.csv is.
 */
import { Command } from 'commander';
import { wholeNumber } from './whole-number.js';
import { join } from 'node:path';
import { executeSweep, GridError, parseGrid, resolveSweepPoints, type GridAxis } from '../app/sweep.js';
import { loadScenario } from '../scenario/index.js';
import type { Scenario } from '../scenario/types.js';
import { CliError, EXIT_BAD_INPUT, EXIT_OK } from './errors.js';
import type { Io } from './io.js';
import { collect, loadWithOverrides } from './options.js';
import { addClusterOptions, addOutputOptions, addOverrideOptions, addWorkersOption, scenarioCommand, type SharedOptions } from './option-groups.js';
import { painter, printScenarioErrors } from './report.js';
import { clusterSubmit } from './worker-command.js';

/** What `sim sweep` borrows from the rest of the program: the memory check. */
export interface SweepDeps {
  readonly checkMemory: (sc: Scenario) => void;
}

interface SweepOptions extends SharedOptions {
  grid: string[];
  report?: boolean;
}

/** `--replications` of sim sweep and sim calibrate: 1 to 10,000 runs. */
export const parseSweepReplications = wholeNumber(1, 10000, 'a whole number of replications');

/** Adds `sim sweep` to the program; its action stores its exit code with `setCode`. */
export function registerSweep(program: Command, io: Io, setCode: (code: number) => void, deps: SweepDeps): void {
  const cmd = scenarioCommand(program, 'sweep', 'run a grid of overrides, each point with R seeds, and write sweep.csv: per point and metric the mean, sd and 95 % CI');
  cmd.requiredOption('--grid <path=[v1,v2,...]>', "one axis of the grid (repeatable), a scenario path and a YAML list, e.g. 'cards.count=[1e6,2e6]' or 'fees.model=[ru-2019,eu-ifr]'", collect);
  cmd.option('--replications <r>', 'seeds per point: seed, seed+1, ... (default 1)', parseSweepReplications);
  addWorkersOption(cmd, 'the runs');
  addOverrideOptions(cmd, 'first seed of every point (--set applies to every point)');
  addOutputOptions(cmd, 'sweep directory', 'out/<scenario name>-sweep', 'no progress line and no summary');
  cmd.option('--report', "also write report.html: each metric's mean and 95 % interval per grid point");
  addClusterOptions(cmd, 'points').action(async (file: string, o: SweepOptions) => setCode(await sweepCommand(io, file, o, deps)));
}

async function sweepCommand(io: Io, file: string, o: SweepOptions, deps: SweepDeps): Promise<number> {
  let axes: GridAxis[];
  try {
    axes = parseGrid(o.grid);
  } catch (e) {
    if (e instanceof GridError) throw new CliError(EXIT_BAD_INPUT, 'BAD_GRID', e.message);
    throw e;
  }
  const base = loadWithOverrides(io, file, o);
  if (base === undefined) return EXIT_BAD_INPUT;
  const points = resolveSweepPoints((set) => loadScenario(file, { seed: base.seed, durationUs: base.durationUs, set }), axes, o.set ?? []);
  if (!Array.isArray(points)) {
    printScenarioErrors(io, points.errors);
    return EXIT_BAD_INPUT;
  }
  for (const p of points) deps.checkMemory(p.scenario);
  const outDir = o.out ?? join('out', `${base.name}-sweep`);
  const replications = o.replications ?? 1;
  const progress = o.quiet === true ? undefined : progressLine(io);
  const outcome = await executeSweep({ ...clusterSubmit(o, outDir), base, axes, points, replications, firstSeed: base.seed, outDir, force: o.force === true, report: o.report === true, ...(o.workers !== undefined ? { workers: o.workers } : {}), ...(progress !== undefined ? { onPoint: progress } : {}) });
  if (o.quiet !== true) {
    const c = painter(io);
    io.out(`${c.green('ok')}  ${points.length} point${points.length === 1 ? '' : 's'} x ${replications} seed${replications === 1 ? '' : 's'} (${outcome.seeds[0]}..${outcome.seeds.at(-1)}): ${join(outDir, 'sweep.csv')}${o.report === true ? `, ${join(outDir, 'report.html')}` : ''}\n`);
  }
  return EXIT_OK;
}

/** Points done / total on stderr: rewritten in place on a terminal, a line per point otherwise. */
function progressLine(io: Io): (done: number, total: number) => void {
  return (done, total) => {
    const text = `sweep: ${done}/${total} points done`;
    if (io.errIsTty) io.err(`\r${text}${done === total ? '\n' : ''}`);
    else io.err(`${text}\n`);
  };
}
