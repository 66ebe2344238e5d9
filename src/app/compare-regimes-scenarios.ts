/**
 * The scenarios of `sim compare --regimes`: each regime of the file's `regimes:` section is the
 * scenario's document with the regime's overrides applied after the command line's `--set`, run
 * through the whole pipeline like any file. A problem inside an overridden value is reported at
 * the regime's key in the file (`file:line:column`), the regime named in the message.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { didYouMean, formatPath, type ScenarioError, type ScenarioPath } from '../scenario/errors.js';
import { positionOf, readScenarioFile, type LoadedDocument } from '../scenario/load.js';
import { applyToDocument, splitOverride } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/types.js';
import { validateScenario } from '../scenario/validate.js';

/** One override of a regime: as `--set` text, and where its key is in the file. */
export interface RegimeSet {
  /** `path=value`, the value as JSON (which YAML reads back as it was). */
  readonly text: string;
  /** The scenario path it sets. */
  readonly path: ScenarioPath;
  readonly line: number;
  readonly column: number;
}

export interface RegimeSpec {
  readonly name: string;
  readonly sets: readonly RegimeSet[];
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number') ? String(key.value) : undefined;
}

/**
 * The regimes of a loaded document, in file order, each flattened to leaf overrides; the
 * problems of their keys (a key that is not a path) with file:line:column. The structure check
 * has refused what is not a mapping of mappings; such a regime is skipped here.
 */
export function readRegimes(loaded: LoadedDocument): { regimes: RegimeSpec[]; errors: ScenarioError[] } {
  const root = loaded.doc.contents;
  const section = isMap(root) ? root.get('regimes', true) : undefined;
  const regimes: RegimeSpec[] = [];
  const errors: ScenarioError[] = [];
  if (!isMap(section)) return { regimes, errors };
  for (const pair of section.items) {
    const name = keyText(pair.key);
    if (name === undefined) continue;
    const sets: RegimeSet[] = [];
    const walk = (node: unknown, prefix: ScenarioPath, docPath: ScenarioPath): void => {
      if (!isMap(node)) return;
      for (const item of node.items) {
        const key = keyText(item.key);
        if (key === undefined) continue;
        const at = [...docPath, key];
        const where = positionOf(loaded, at, 'key');
        const split = splitOverride(`${key}=`);
        if (split === undefined) {
          errors.push({ file: loaded.file, ...where, path: formatPath(at), code: 'invalid_override', message: `'${key}' is not a path of the scenario; write keys joined by dots, list items by index, such as networks.platforms[0].fees.merchant_fee` });
          continue;
        }
        const path = [...prefix, ...split.path];
        if (isMap(item.value)) walk(item.value, path, at);
        else {
          const value = isSeq(item.value) || isMap(item.value) ? (item.value as { toJSON(): unknown }).toJSON() : isScalar(item.value) ? item.value.value : null;
          sets.push({ text: `${formatPath(path)}=${JSON.stringify(value)}`, path, ...where });
        }
      }
    };
    walk(pair.value, [], ['regimes', name]);
    regimes.push({ name, sets });
  }
  return { regimes, errors };
}

export interface RegimeScenario {
  readonly name: string;
  readonly scenario: Scenario;
}

function listProblem(file: string, message: string): ScenarioError {
  return { file, line: 0, column: 0, path: '--regimes', code: 'invalid_override', message };
}

/** The regimes `names` asks for (all of the file's when undefined), or the problems of the list. */
function pick(file: string, all: readonly RegimeSpec[], names: readonly string[] | undefined): RegimeSpec[] | ScenarioError[] {
  if (names === undefined) return [...all];
  if (all.length === 0) return [listProblem(file, 'the scenario has no regimes: section; add one (docs/scenario-format.md) or compare fee models with --fee-models')];
  const known = all.map((r) => r.name);
  const errors: ScenarioError[] = [];
  const out: RegimeSpec[] = [];
  for (const name of names) {
    const r = all.find((x) => x.name === name);
    if (r === undefined) errors.push(listProblem(file, `unknown regime '${name}'${didYouMean(name, known)}; the scenario has ${known.join(', ')}`));
    else if (out.includes(r)) errors.push(listProblem(file, `regime '${name}' is named twice`));
    else out.push(r);
  }
  if (errors.length === 0 && out.length < 2) errors.push(listProblem(file, 'name at least two regimes to compare, such as --regimes baseline,other'));
  return errors.length > 0 ? errors : out;
}

/** One regime's scenario, or its problems located at the regime's keys. */
function regimeScenario(loaded: LoadedDocument, base: Scenario, r: RegimeSpec): Scenario | ScenarioError[] {
  const set = [...(base.overrides ?? []), ...r.sets.map((s) => s.text)];
  const locate = (e: ScenarioError): ScenarioError => {
    const s = r.sets.find((x) => e.file === `--set ${x.text}`);
    const where = s === undefined ? {} : { file: loaded.file, line: s.line, column: s.column };
    return { ...e, ...where, message: `regime '${r.name}': ${e.message}` };
  };
  const applied = applyToDocument(loaded, set);
  if ('errors' in applied) return applied.errors.map(locate);
  const v = validateScenario(applied.loaded, { seed: base.seed, durationUs: base.durationUs });
  if (v.scenario === undefined || v.errors.length > 0) return v.errors.map((e) => locate(applied.attribute(e)));
  return { ...v.scenario, overrides: set };
}

/**
 * The scenarios of the regimes `names` (all when undefined) of the file `file` that `base` was
 * resolved from (with its `--set`, seed and duration), in the order named; or every problem.
 */
export function regimeScenarios(file: string, base: Scenario, names: readonly string[] | undefined): { regimes: RegimeScenario[] } | { errors: ScenarioError[] } {
  const read = readScenarioFile(file);
  if (read.loaded === undefined) return { errors: read.errors };
  return regimesOf(read.loaded, base, names);
}

/** `regimeScenarios` on a document already loaded. */
export function regimesOf(loaded: LoadedDocument, base: Scenario, names: readonly string[] | undefined): { regimes: RegimeScenario[] } | { errors: ScenarioError[] } {
  const { regimes, errors } = readRegimes(loaded);
  if (errors.length > 0) return { errors };
  const chosen = pick(loaded.file, regimes, names);
  if (chosen.length > 0 && !('sets' in chosen[0]!)) return { errors: chosen as ScenarioError[] };
  const out: RegimeScenario[] = [];
  const problems: ScenarioError[] = [];
  for (const r of chosen as RegimeSpec[]) {
    const sc = regimeScenario(loaded, base, r);
    if (Array.isArray(sc)) problems.push(...sc);
    else out.push({ name: r.name, scenario: sc });
  }
  return problems.length > 0 ? { errors: problems } : { regimes: out };
}
