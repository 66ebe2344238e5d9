import { Command, CommanderError } from 'commander';
import { join } from 'node:path';
import { totalmem } from 'node:os';
import { executeCompare } from '../app/compare.js';
import { InputError } from '../app/errors.js';
import { executeReplications } from '../app/replicate.js';
import { executeRun } from '../app/run.js';
import type { Tick } from '../app/types.js';
import { estimateMemory } from '../model/memory.js';
import type { Scenario } from '../scenario/types.js';
import { SimError } from '../engine/errors.js';
import { OutputExistsError, OutputRefusedError, OutputWriteError, setStagingHooks } from '../output/run-dir.js';
import { scenarioSchema } from '../scenario/schema.js';
import { packageVersion } from '../version.js';
import { CliError, EXIT_BAD_INPUT, EXIT_CODES_HELP, EXIT_INTERNAL, EXIT_OK, fileSystemProblem } from './errors.js';
import { printCompareTable } from './compare.js';
import { compareRegimesCommand, parseRegimeList } from './compare-regimes.js';
import { regimeScenarios } from '../app/compare-regimes-scenarios.js';
import { processIo, type Io } from './io.js';
import { CountProgress, RunProgress, painter, printReplications, printScenarioErrors, printSummary } from './report.js';
import { verifyRun } from './verify.js';
import { addReportCommand } from './report-command.js';
import { addInitCommand } from './init-command.js';
import { FeeModelsError, parseFeeModelList, resolveFeeModelSpecs, type ResolvedFeeModels } from '../fee-models.js';
import { checkOutputOptions, collect, loadWithOverrides } from './options.js';
import { summaryText } from '../output/summary.js';
import { parseFormatOption } from './format-option.js';
import { wholeNumber } from './whole-number.js';
import { addClusterOptions, addOutputOptions, addOverrideOptions, addWorkersOption, scenarioCommand, type SharedOptions } from './option-groups.js';
import { addQueryCommand } from './query-command.js';
import { registerSweep } from './sweep-command.js';
import { addCalibrateCommand } from './calibrate-command.js';
import { addWorkerCommand, clusterSubmit, clusterMemoryScope } from './worker-command.js';
import { ClusterJobError } from '../cluster/errors.js';

const parseReplications = wholeNumber(2, 10000, 'a whole number of replications');

interface RunOptions extends SharedOptions {
  transactions?: boolean;
  ledger?: boolean;
  feeModels?: string;
  json?: boolean;
  format?: readonly string[];
  report?: boolean;
  regimes?: string[];
}

/** Runs `body` with a progress bar on stderr (unless quiet), stopped however it ends. */
async function withProgress<T>(io: Io, sc: Scenario, quiet: boolean, body: (tick: Tick) => Promise<T>): Promise<T> {
  const progress = new RunProgress(io, sc, !quiet);
  try {
    return await body(progress.tick);
  } finally {
    progress.stop();
  }
}

async function runCommand(io: Io, file: string, o: RunOptions): Promise<number> {
  const scenario = loadWithOverrides(io, file, o);
  if (scenario === undefined) return EXIT_BAD_INPUT;
  checkOutputOptions(file, scenario, o);
  checkMemory(clusterMemoryScope(scenario, o));
  const outDir = o.out ?? join('out', scenario.name);
  const common = {
    ...clusterSubmit(o, outDir),
    scenario,
    outDir,
    force: o.force === true,
    transactions: o.transactions === true,
    ledger: o.ledger === true,
    report: o.report === true,
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
    ...(o.format !== undefined ? { parquet: o.format } : {}),
  };
  if (o.replications !== undefined) {
    const progress = new CountProgress(io, 'replications', o.replications, o.quiet !== true && o.json !== true);
    const { summary, summaries, seeds } = await executeReplications({ ...common, firstSeed: scenario.seed, replications: o.replications, onDone: progress.done }).finally(() => progress.stop());
    if (o.json === true) io.out(summaryText(summary));
    else if (o.quiet !== true) printReplications(io, scenario.name, seeds, summaries, outDir, scenario.currency);
    return EXIT_OK;
  }
  const { result, manifest, summary } = await withProgress(io, scenario, o.quiet === true, (onTick) => executeRun({ ...common, seed: scenario.seed, onTick }));
  if (o.json === true) io.out(summaryText(summary));
  else if (o.quiet !== true) printSummary(io, result, manifest, outDir);
  return EXIT_OK;
}

/**
 * Stops a run that cannot fit before it starts (exit 2), with the estimate and the largest number
 * of cards that fits. `QUARTET_MEMORY_BYTES` overrides the machine's memory (for tests and for
 * sharing a machine).
 */
function checkMemory(sc: Scenario): void {
  const env = process.env.QUARTET_MEMORY_BYTES;
  const available = env !== undefined && /^\d+$/.test(env) ? Number(env) : totalmem();
  const e = estimateMemory(sc, available);
  if (e.fits) return;
  const gb = (b: number): string => `${(b / 2 ** 30).toFixed(2)} GB`;
  throw new CliError(
    EXIT_BAD_INPUT,
    'TOO_BIG',
    `${sc.path}: this run needs about ${gb(e.totalBytes)} (cards ${gb(e.cardBytes)}, terminals ${gb(e.terminalBytes)}, statistics ${gb(e.statisticsBytes)}, purchases in flight ${gb(e.inFlightBytes)}) but the machine has ${gb(available)}; the largest card count that fits is ${e.maxCards.toLocaleString('en-US')} (cards.count is ${sc.cards.count.toLocaleString('en-US')})`,
  );
}

async function compareCommand(io: Io, file: string, o: RunOptions): Promise<number> {
  checkCompareOptions(o);
  const scenario = loadWithOverrides(io, file, o);
  if (scenario === undefined) return EXIT_BAD_INPUT;
  if (o.regimes !== undefined) return compareRegimesCommand(io, file, scenario, { ...o, regimes: o.regimes }, clusterSubmit(o, o.out ?? join('out', `${scenario.name}-compare`)));
  let specs: string[];
  let resolved: ResolvedFeeModels;
  try {
    specs = parseFeeModelList(o.feeModels ?? '');
    resolved = resolveFeeModelSpecs(specs, scenario);
  } catch (e) {
    if (!(e instanceof FeeModelsError)) throw e;
    printScenarioErrors(io, e.problems);
    return EXIT_BAD_INPUT;
  }
  checkMemory(clusterMemoryScope(scenario, o));
  const outDir = o.out ?? join('out', `${scenario.name}-compare`);
  const req = { ...clusterSubmit(o, outDir), scenario, models: resolved.models, specs, files: resolved.files, outDir, force: o.force === true, report: o.report === true };
  const { result, summary } = await withProgress(io, scenario, o.quiet === true, (onTick) => executeCompare({ ...req, onTick }));
  if (o.json === true) io.out(summaryText(summary));
  else printCompareTable(io, result, scenario);
  return EXIT_OK;
}

/** `sim compare` takes one of --fee-models and --regimes; --replications and --workers only with --regimes. */
function checkCompareOptions(o: RunOptions): void {
  const problem = (message: string): CliError => new CliError(EXIT_BAD_INPUT, 'BAD_OPTIONS', message);
  if (o.feeModels === undefined && o.regimes === undefined) throw problem("sim compare needs --fee-models <list> or --regimes <list> (see sim compare --help)");
  if (o.feeModels !== undefined && o.regimes !== undefined) throw problem('--fee-models and --regimes: give one of them (a regime can set fees.model)');
  if (o.regimes === undefined && (o.replications !== undefined || o.workers !== undefined)) throw problem('--replications and --workers apply to sim compare --regimes only');
}

function validateCommand(io: Io, file: string, o: { set?: string[] } = {}): number {
  const scenario = loadWithOverrides(io, file, o);
  if (scenario === undefined) return EXIT_BAD_INPUT;
  const regimes = regimeScenarios(file, scenario, undefined);
  if ('errors' in regimes) return printScenarioErrors(io, regimes.errors), EXIT_BAD_INPUT;
  const c = painter(io);
  io.out(`${c.green('ok')}  ${file}: scenario '${scenario.name}' is valid (${scenario.cards.count.toLocaleString('en-US')} cards, ${scenario.issuers.length} issuers, ${scenario.acquirers.length} acquirers, ${scenario.merchants.terminals.toLocaleString('en-US')} terminals)\n`);
  return EXIT_OK;
}

/** The options `sim run` and `sim compare` share; `dir` names what --out is. */
function addRunOptions(cmd: Command, dir: string, defaultOut: string, quiet: string): Command {
  addOverrideOptions(cmd, 'seed of every random stream');
  addOutputOptions(cmd, dir, defaultOut, quiet);
  cmd.option('--json', `print summary.json on stdout instead of the text summary (see docs/outputs.md)`);
  cmd.option('--report', `also write report.html into the ${dir}: its charts in one offline page (as sim report does)`);
  return addClusterOptions(cmd, 'shards (and replications)');
}

/** The commander program; each action stores its exit code with `setCode`. */
function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command();
  program
    .name('sim')
    .description('Quartet: a deterministic discrete-event simulator of four-party card networks')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run sim --help for usage)')
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n`);
  const run = scenarioCommand(program, 'run', 'run a scenario and write its CSV tables and manifest');
  addRunOptions(run, 'run directory', 'out/<scenario name>', 'no progress bar and no summary')
    .option('--transactions', 'also write transactions.csv, one row per purchase')
    .option('--ledger', 'also write ledger.csv, every double-entry posting (scenarios with fees)')
    .option('--format <list>', 'csv (default) or parquet, for every table or per table: parquet, transactions=parquet,ledger=parquet', parseFormatOption);
  addWorkersOption(run, 'shards and replications')
    .option('--replications <r>', 'run R seeds (seed, seed+1, ...) and write replications.csv with mean, sd and 95 % CI of the headline metrics', parseReplications)
    .action(async (file: string, o: RunOptions) => setCode(await runCommand(io, file, o)));
  const compare = scenarioCommand(program, 'compare', 'price the same purchases with several fee models and compare who pays and who earns', 'scenario YAML file (with a fees section)');
  compare.option('--fee-models <list>', 'comma-separated fee models: presets (e.g. ru-2019,eu-ifr,cn-ndrc-2016,wallet-3party-cn) or fee-model YAML files');
  compare.option('--regimes <list>', "comma-separated regimes of the scenario's regimes: section, run on common random numbers (instead of --fee-models)", parseRegimeList);
  compare.option('--replications <r>', 'with --regimes: run every regime on R seeds and give each difference a 95 % interval (compare-intervals.csv)', parseReplications);
  addWorkersOption(compare, 'the runs of --regimes');
  addRunOptions(compare, 'output directory', 'out/<scenario name>-compare', 'no progress bar').action(async (file: string, o: RunOptions) => setCode(await compareCommand(io, file, o)));
  program
    .command('validate')
    .description('check a scenario file and report every problem; run nothing')
    .argument('<scenario>', 'scenario YAML file')
    .option('--set <path=value>', 'check the scenario with this value changed (repeatable)', collect)
    .action((file: string, o: { set?: string[] }) => setCode(validateCommand(io, file, o)));
  program
    .command('schema')
    .description('print the JSON Schema of the scenario format (for editors)')
    .action(() => io.out(`${JSON.stringify(scenarioSchema, null, 2)}\n`));
  program
    .command('verify')
    .description('re-run a recorded run (or sim compare) from its manifest and compare every file')
    .argument('<run-dir>', 'a run directory holding manifest.json')
    .action(async (dir: string) => setCode(await verifyRun(io, dir)));
  addQueryCommand(program, io, setCode);
  addReportCommand(program, io, setCode);
  registerSweep(program, io, setCode, { checkMemory });
  addCalibrateCommand(program, io, setCode, { checkMemory });
  addInitCommand(program, io, setCode);
  addWorkerCommand(program, io, setCode);
  return program;
}

/**
 * The exit code of an error that ends a command, printed on stderr: bad input (exit 2) as one
 * line, a file-system problem (a full disk, a read-only or forbidden place: exit 2) as one line
 * with its path and cause, an internal error (a defect, exit 70) with its code or stack.
 */
export function reportError(io: Io, e: unknown): number {
  const c = painter(io);
  if (e instanceof CommanderError) {
    return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT_OK : EXIT_BAD_INPUT;
  }
  if (e instanceof CliError || e instanceof InputError || e instanceof FeeModelsError || e instanceof OutputExistsError || e instanceof OutputRefusedError) {
    io.err(`${c.red('error:')} ${e.message}\n`);
    return e instanceof CliError ? e.exitCode : EXIT_BAD_INPUT;
  }
  const fs = fileSystemProblem(e, e instanceof OutputWriteError);
  if (fs !== undefined || e instanceof OutputWriteError) {
    io.err(`${c.red('error:')} ${fs ?? (e as Error).message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof ClusterJobError) {
    io.err(`${c.red('error:')} ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof SimError) {
    io.err(`${c.red('internal error:')} ${e.code}: ${e.message}\n`);
    return EXIT_INTERNAL;
  }
  io.err(`${c.red('internal error:')} ${(e as Error).stack ?? String(e)}\n`);
  return EXIT_INTERNAL;
}

/**
 * The `sim` program. Returns the exit code instead of exiting, so tests can call it; only
 * bin/sim.ts touches `process.exitCode`.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code = EXIT_OK;
  const restore = setStagingHooks({ notice: (line) => io.err(`${painter(io).yellow('note:')} ${line}\n`) });
  try {
    await buildProgram(io, (c) => (code = c)).parseAsync(argv as string[], { from: 'user' });
    return code;
  } catch (e) {
    return reportError(io, e);
  } finally {
    restore();
  }
}
