import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { scenarioCode } from './diagnostics/codes.js';
import { dayZeroRateE8, rebaseFeeModel, resolveFeeModel, type FeeFormatIssue, type FeeModel } from './economics/index.js';
import type { FeeModelFileRef } from './output/manifest.js';
import { formatPath, formatScenarioError, parseScenarioText, positionOf, type LoadedDocument, type ScenarioError } from './scenario/index.js';
import type { Scenario } from './scenario/types.js';

/** A list of fee models that does not resolve (bad input): every problem, located like a scenario's. */
export class FeeModelsError extends Error {
  override readonly name = 'FeeModelsError';
  constructor(readonly problems: readonly ScenarioError[]) {
    super(problems.map(formatScenarioError).join('\n'));
  }
}

/** Where the problems of `--fee-models` itself (not of a file) are reported. */
const OPTION = '--fee-models';

const optionProblem = (path: string, message: string): ScenarioError => ({ file: OPTION, line: 0, column: 0, path, code: 'invalid_override', message });

/** Whether an entry of `--fee-models` names a fee-model file (ends in .yaml or .yml, or has a path separator) rather than a preset. */
export function isFeeModelFile(spec: string): boolean {
  return /\.ya?ml$/i.test(spec) || spec.includes('/') || spec.includes('\\');
}

/** `--fee-models a,b,c` as its entries: trimmed, none empty, none twice (else a FeeModelsError). */
export function parseFeeModelList(text: string): string[] {
  const specs = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (specs.length === 0) throw new FeeModelsError([optionProblem('', 'give at least one fee model')]);
  const twice = specs.filter((s, i) => specs.indexOf(s) !== i);
  if (twice.length > 0) {
    throw new FeeModelsError([...new Set(twice)].map((s) => optionProblem(s, 'given more than once; each fee model is compared once')));
  }
  return specs;
}

/** The fee models of `--fee-models`, and the files among them (for the manifest). */
export interface ResolvedFeeModels {
  readonly models: FeeModel[];
  readonly files: FeeModelFileRef[];
}

/**
 * Resolves the entries of `--fee-models`: preset names and fee-model files, in that order.
 *
 * A preset written in another currency (eu-ifr in EUR, cn-ndrc-2016 in CNY) has its fixed
 * amounts, caps and floors converted at the rate the scenario's own fee model gives in
 * `fees.fx.rates` (e.g. "CNY/RUB"), at its first day.
 *
 * A file holds what a scenario's `fees:` holds (a preset name, a preset with overrides, or a
 * whole model) and is read and checked exactly like it, in the scenario's currency; its problems
 * carry its own file:line:column. Its model is named by its `name`, or else by the file's base
 * name. No two models may have the same name (compare.csv names each once).
 * @param locate - where to read a file entry from (default: the entry itself, from the working
 *   directory); `sim verify` finds a recorded file again this way.
 */
export function resolveFeeModelSpecs(specs: readonly string[], sc: Scenario, locate: (spec: string) => string = (s) => s): ResolvedFeeModels {
  const models: FeeModel[] = [];
  const files: FeeModelFileRef[] = [];
  const problems: ScenarioError[] = [];
  for (const spec of specs) {
    if (isFeeModelFile(spec)) {
      const r = readFeeModelFile(spec, locate(spec), sc);
      problems.push(...r.problems);
      if (r.model !== undefined && r.ref !== undefined) {
        models.push(r.model);
        files.push(r.ref);
      }
      continue;
    }
    const r = presetModel(spec, sc);
    if (typeof r === 'string') problems.push(optionProblem(spec, r));
    else models.push(r);
  }
  if (problems.length === 0) problems.push(...sameNames(specs, models));
  if (problems.length > 0) throw new FeeModelsError(problems);
  return { models, files };
}

/** The fee models of `--fee-models a,b,c`, resolved (see `resolveFeeModelSpecs`). */
export function resolveModels(specs: readonly string[], sc: Scenario): FeeModel[] {
  return resolveFeeModelSpecs(specs, sc).models;
}

/** A preset in the scenario's currency, or what is wrong. */
function presetModel(name: string, sc: Scenario): FeeModel | string {
  const { model, errors } = resolveFeeModel(name);
  if (model === undefined) return errors.map((e) => e.message).join('; ');
  if (model.currency === sc.currency) return model;
  const rateE8 = dayZeroRateE8(sc.money?.feeModel.fx.rates ?? [], model.currency, sc.currency);
  if (rateE8 === undefined) {
    return `its amounts are in ${model.currency} but the scenario is in ${sc.currency}; give the rate in the scenario as fees: {fx: {rates: {"${model.currency}/${sc.currency}": <rate>}}}`;
  }
  return rebaseFeeModel(model, sc.currency, rateE8);
}

/** Two models of one name: compare.csv could not tell them apart. */
function sameNames(specs: readonly string[], models: readonly FeeModel[]): ScenarioError[] {
  const out: ScenarioError[] = [];
  models.forEach((m, i) => {
    const j = models.findIndex((o) => o.name === m.name);
    if (j < i) out.push(optionProblem(specs[i]!, `its model is named '${m.name}', like that of ${specs[j]}; compare.csv names each model once: set name: in the fee-model file to tell them apart`));
  });
  return out;
}

/** A fee-model file: read with positions, resolved like a scenario's `fees:` section. */
function readFeeModelFile(spec: string, at: string, sc: Scenario): { model?: FeeModel; ref?: FeeModelFileRef; problems: ScenarioError[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(at);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    return { problems: [{ file: spec, line: 0, column: 0, path: '', code: 'file_unreadable', message: `cannot read the fee-model file: ${reason}` }] };
  }
  const absolutePath = resolve(at);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { loaded, errors } = parseScenarioText(bytes.toString('utf8'), spec, absolutePath, sha256);
  if (loaded === undefined) return { problems: errors };
  if (loaded.value === null) {
    return { problems: [{ file: spec, line: 1, column: 1, path: '', code: 'wrong_type', message: 'the fee-model file is empty; expected a preset name or a fee model mapping (docs/fees.md)' }] };
  }
  const result = resolveFeeModel(loaded.value, { currency: sc.currency });
  if (result.model === undefined || result.errors.length > 0) {
    // By line, then column, as the scenario pipeline orders its problems.
    return { problems: result.errors.map((issue) => located(loaded, issue)).sort((a, b) => a.line - b.line || a.column - b.column) };
  }
  const named = Object.prototype.hasOwnProperty.call(loaded.value, 'name');
  const model = named ? result.model : { ...result.model, name: basename(spec).replace(/\.ya?ml$/i, '') };
  return { model, ref: { spec, path: relative(process.cwd(), absolutePath) || absolutePath, absolutePath, sha256 }, problems: [] };
}

/** A fee-model issue at its place in the file, worded as the scenario pipeline words it. */
function located(loaded: LoadedDocument, issue: FeeFormatIssue): ScenarioError {
  const { line, column } = positionOf(loaded, issue.path, issue.code === 'unknown_key' ? 'key' : 'value');
  // Messages of the fee module often start with their key ("pct: ..."), which the path says already.
  // A problem of the whole file reads "fees: ...", as in a scenario; the file is the fees: section.
  const lead = issue.path.length > 0 ? `${String(issue.path[issue.path.length - 1])}: ` : 'fees: ';
  const message = issue.message.startsWith(lead) ? issue.message.slice(lead.length) : issue.message;
  return { file: loaded.file, line, column, path: formatPath(issue.path), code: scenarioCode(issue.code), message };
}
