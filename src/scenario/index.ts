/**
 * The scenario pipeline: file -> YAML with positions (`load.ts`) -> structure (`structure.ts`,
 * JSON Schema) -> defaults (`defaults.ts`) -> sections (`sections/`: run, cards, parties,
 * merchants, demand, wallet, declines, faults, money) -> relations (`relations.ts`), run in order
 * by `validate.ts` -> a resolved `Scenario` (`types.ts`) or every problem found.
 */

import { parseScenarioBytes, parseScenarioText, readScenarioFile, type LoadLimits, type LoadResult } from './load.js';
import { validateWithSets } from './overrides.js';
export { applyOverrides, parseOverride, splitOverride, type Override } from './overrides.js';
import { validateScenario, type ScenarioOverrides, type ScenarioResult } from './validate.js';

export type { ScenarioError, ScenarioErrorCode } from './errors.js';
export { formatPath, formatScenarioError } from './errors.js';
/** The YAML reader with positions, for files holding one section (`sim compare --fee-models file.yaml`). */
export { parseScenarioText, positionOf, type LoadedDocument } from './load.js';
export { formatDuration, parseDuration } from './duration.js';
export { scenarioSchema, scenarioValidationSchema } from './schema.js';
export type { ScenarioOverrides, ScenarioResult } from './validate.js';
export type { LoadLimits } from './load.js';
export { DEFAULT_MAX_SCENARIO_BYTES, MAX_BYTES_ENV } from './encoding.js';
export { MAX_ALIAS_VALUES, MAX_NESTING_DEPTH } from './yaml-guard.js';
export * from './types.js';

function finish(result: LoadResult, overrides: ScenarioOverrides | undefined): ScenarioResult {
  if (result.loaded === undefined) return { errors: result.errors, warnings: [] };
  const set = overrides?.set ?? [];
  return set.length === 0 ? validateScenario(result.loaded, overrides) : validateWithSets(result.loaded, overrides!, set);
}

/**
 * Loads, validates and resolves a scenario file. Never throws on bad input: a missing file, YAML
 * syntax errors and every problem of content come back in `errors` (sorted by line, then column),
 * and `scenario` is then absent. `warnings` are problems that do not stop the run (so far those
 * of the fee model, e.g. purchases no interchange rule covers), located like errors.
 * @param path - the scenario file; messages name it as given.
 * @param overrides - the CLI's `--seed` and `--duration` (µs, usually a shorter run than the file
 *   says; fault windows past it are clipped). They are validated too.
 * @param limits - the largest file accepted (default: `QUARTET_MAX_SCENARIO_BYTES`, else 4 MiB).
 */
export function loadScenario(path: string, overrides?: ScenarioOverrides, limits?: LoadLimits): ScenarioResult {
  return finish(readScenarioFile(path, limits), overrides);
}

/**
 * Like `loadScenario`, from text already in memory (tests, tools). `file` names it in messages and
 * stands for the path in the resolved scenario; the hash is of the text as UTF-8.
 */
export function parseScenario(text: string, file = '<scenario>', overrides?: ScenarioOverrides): ScenarioResult {
  return finish(parseScenarioText(text, file), overrides);
}

/**
 * Like `parseScenario`, from the bytes of a file (their encoding is checked as `loadScenario`
 * checks a file's; the size limit is not applied).
 */
export function parseScenarioFileBytes(bytes: Uint8Array, file = '<scenario>', overrides?: ScenarioOverrides): ScenarioResult {
  return finish(parseScenarioBytes(bytes, file), overrides);
}
