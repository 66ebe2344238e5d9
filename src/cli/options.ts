/**
 * The options of `sim run` and `sim compare` checked against the scenario they apply to: an
 * option that cannot do what it says is refused (exit 2) rather than ignored.
 */
import { formatDuration, loadScenario, type Scenario, type ScenarioError } from '../scenario/index.js';
import { columnTargetErrors } from '../app/calibrate-metrics.js';
import { CliError, EXIT_BAD_INPUT } from './errors.js';
import type { Io } from './io.js';
import { printScenarioErrors, printScenarioWarnings } from './report.js';

/** The command-line overrides of the scenario file. */
export interface ScenarioOptions {
  readonly seed?: number;
  /** --duration in µs. */
  readonly duration?: number;
  /** --set path=value, in the order given (scenario/overrides.ts). */
  readonly set?: readonly string[];
}

/**
 * Loads a scenario with `--seed`, `--duration` and `--set`; undefined (its problems printed) if bad.
 * `--duration` may only shorten the run: a longer one is a problem naming the scenario's duration
 * (the scenario is read once more, with the override, only when it is shorter).
 */
export function loadWithOverrides(io: Io, file: string, o: ScenarioOptions = {}): Scenario | undefined {
  const set = o.set ?? [];
  const { scenario, errors, warnings } = loadScenario(file, { ...(o.seed !== undefined ? { seed: o.seed } : {}), set });
  if (scenario === undefined) {
    printScenarioErrors(io, errors);
    return undefined;
  }
  const d = o.duration;
  if (d === undefined || d === scenario.durationUs) {
    printScenarioWarnings(io, warnings);
    return withKnownColumns(io, scenario);
  }
  if (d > scenario.durationUs) {
    const message = `${formatDuration(d)} is longer than the scenario's duration ${formatDuration(scenario.durationUs)}; --duration can only shorten a run (change duration: in the file to run longer)`;
    const problem: ScenarioError = { file, line: 0, column: 0, path: '--duration', code: 'invalid_override', message };
    printScenarioErrors(io, [problem]);
    return undefined;
  }
  const shorter = loadScenario(file, { seed: o.seed, durationUs: d, set });
  if (shorter.scenario === undefined) printScenarioErrors(io, shorter.errors);
  else printScenarioWarnings(io, shorter.warnings);
  return shorter.scenario === undefined ? undefined : withKnownColumns(io, shorter.scenario);
}

/** The scenario, or undefined (the problems printed) when a calibration target names an unknown output column. */
function withKnownColumns(io: Io, sc: Scenario): Scenario | undefined {
  const errors = columnTargetErrors(sc);
  if (errors.length === 0) return sc;
  printScenarioErrors(io, errors);
  return undefined;
}

/** The options of `sim run` that write something only some scenarios have. */
export interface OutputOptions {
  readonly ledger?: boolean;
}

/** Collects a repeatable option (`--set a=1 --set b=2`) in the order given. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** Refuses (exit 2) an option that cannot apply to the scenario: `--ledger` without `fees:`. */
export function checkOutputOptions(file: string, sc: Scenario, o: OutputOptions): void {
  if (o.ledger === true && sc.money === undefined) {
    throw new CliError(
      EXIT_BAD_INPUT,
      'NOT_APPLICABLE',
      `--ledger: ${file} has no fees section, so nothing is cleared and there are no postings to write; add fees: (docs/fees.md) or leave out --ledger`,
    );
  }
}
