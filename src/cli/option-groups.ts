/**
 * The options that several commands share, written once: the scenario overrides (`--seed`,
 * `--duration`, `--set`), where the results go (`--out`, `--force`, `--quiet`), the worker
 * threads and the cluster (`--cluster`, `--resume`), with their parsers. Each command adds the
 * groups it takes and words what differs (what --out is, what --quiet leaves out).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { parseDuration } from '../scenario/duration.js';
import { collect } from './options.js';
import { wholeNumber } from './whole-number.js';

/** What the shared groups put into a command's parsed options. */
export interface SharedOptions {
  seed?: number;
  /** --duration in µs. */
  duration?: number;
  set?: string[];
  out?: string;
  force?: boolean;
  quiet?: boolean;
  workers?: number;
  replications?: number;
  cluster?: string;
  resume?: boolean;
}

export function parseSeed(v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(v);
}

export const parseWorkers = wholeNumber(1, 256, 'a whole number of workers');

export function parseDurationOption(v: string): number {
  const us = parseDuration(v);
  if (us === undefined || us <= 0) throw new InvalidArgumentError('expected a positive duration such as 2d, 6h or 90m');
  return us;
}

/** `--seed`, `--duration` and `--set`; `seed` says what the seed seeds. */
export function addOverrideOptions(cmd: Command, seed: string): Command {
  return cmd
    .option('--seed <n>', `${seed} (default: the scenario's)`, parseSeed)
    .option('--duration <d>', "simulate only this long (e.g. 2d, 6h), from the start; at most the scenario's duration", parseDurationOption)
    .option('--set <path=value>', 'change one value of the scenario (repeatable), e.g. cards.count=5000 or fees.model=eu-ifr; validated like the file', collect);
}

/** `--out`, `--force` and `--quiet`: `dir` names what --out is, `quiet` what --quiet leaves out. */
export function addOutputOptions(cmd: Command, dir: string, defaultOut: string, quiet: string): Command {
  return cmd.option('--out <dir>', `${dir} (default: ${defaultOut})`).option('--force', `replace an existing ${dir}`).option('--quiet', quiet);
}

/** `--workers`: `what` says what the threads run. */
export function addWorkersOption(cmd: Command, what: string): Command {
  return cmd.option('--workers <n>', `worker threads for ${what} (default: the number of cores)`, parseWorkers);
}

/** `--cluster` and `--resume`: `jobs` names what goes to the cluster's workers. */
export function addClusterOptions(cmd: Command, jobs: string): Command {
  return cmd
    .option('--cluster <url>', `run the ${jobs} on the workers of a cluster: redis://host:port (docs/cluster.md)`)
    .option('--resume', 'with --cluster: keep the jobs an earlier, unfinished run of this command finished; re-submit only the rest');
}

/** A command that runs a scenario: `sim <name> <scenario>` with its description. */
export function scenarioCommand(program: Command, name: string, description: string, scenario = 'scenario YAML file'): Command {
  return program.command(name).description(description).argument('<scenario>', scenario);
}
