/**
 * `resolveFeeModel`: raw data (a preset name, a full model, or a preset plus overrides) to a
 * resolved `FeeModel`, through the stages merge (merge.ts) -> read and check (sections.ts, which
 * uses read.ts and check.ts) -> currency (currency.ts), with the issues mapped back to the paths
 * the user wrote.
 */

import { FEE_PRESETS, FEE_PRESET_NAMES } from '../presets.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { describe, isObj, Issues, type FeeFormatIssue, type Obj, type Path, type ResolveOptions, type ResolveResult } from './issues.js';
import { mergePreset, pathText, translatePath, type Origins } from './merge.js';
import { readModel } from './sections.js';

/**
 * Resolve a raw fee model: a preset name (`"ru-2019"`), `{model: "ru-2019"}`, a full model,
 * or a preset plus overrides (`{model: "ru-2019", acquirer: {margin: {pct: 0.6}}}`).
 *
 * Overrides merge into the preset: mappings key by key, `null` deletes a key (e.g. `cap: null`),
 * other values replace; rule lists (`interchange`, `acquirer.mdr`) merge by rule `name` (a rule
 * with a preset rule's name is merged into it, `{name: x, remove: true}` drops it, other rules
 * are appended); `sources` are appended to the preset's.
 *
 * Error paths are relative to the fee-model node; a problem inside the preset part reports
 * `['model']`.
 */
export function resolveFeeModel(raw: unknown, options: ResolveOptions = {}): ResolveResult {
  const is = new Issues();
  const user: unknown = typeof raw === 'string' ? { model: raw } : raw;
  if (!isObj(user)) {
    is.err([], 'wrong_type', `fees: expected a preset name or a mapping, got ${describe(raw)}`);
    return { errors: is.errors, warnings: is.warnings };
  }
  const origins: Origins = { interchange: [], mdr: [] };
  // Where a problem of the preset itself is reported: the node for the shorthand, else `model`.
  const presetAt: Path = typeof raw === 'string' ? [] : ['model'];
  const merged = user['model'] === undefined ? { node: user, presetName: null } : withPreset(user, presetAt, is, origins);
  if (merged === null) return { errors: is.errors, warnings: is.warnings };
  const { node, presetName } = merged;

  const inner = new Issues();
  if (presetName !== null) inner.ruleRef = presetRuleRef(presetName, origins);
  const model = readModel(node, inner, options);
  // Map merged-node paths back to the user's node.
  const back = (issue: FeeFormatIssue): FeeFormatIssue => {
    if (presetName === null) return issue;
    const t = translatePath(issue.path, user, origins);
    if (t === null) return { path: presetAt, code: issue.code, message: `in preset "${presetName}" at ${pathText(issue.path)}: ${issue.message}` };
    return { path: t, code: issue.code, message: issue.message };
  };
  is.errors.push(...inner.errors.map(back));
  is.warnings.push(...inner.warnings.map(back));
  if (is.errors.length > 0 || model === null) return { errors: is.errors, warnings: is.warnings };
  return { model, errors: is.errors, warnings: is.warnings };
}

/** The user's node merged into the preset it names, or null when the preset cannot be used. */
function withPreset(user: Obj, at: Path, is: Issues, origins: Origins): { node: Obj; presetName: string } | null {
  const name = user['model'];
  if (typeof name !== 'string') {
    is.err(at, 'wrong_type', `model: expected a preset name, got ${describe(name)}`);
    return null;
  }
  const preset = Object.prototype.hasOwnProperty.call(FEE_PRESETS, name) ? FEE_PRESETS[name] : undefined;
  if (preset === undefined) {
    is.err(at, 'invalid_choice', `unknown fee preset "${name}"${didYouMean(name, FEE_PRESET_NAMES, '"')} (presets: ${FEE_PRESET_NAMES.join(', ')})`);
    return null;
  }
  if (user['currency'] !== undefined && user['currency'] !== preset.currency) {
    is.err(
      ['currency'],
      'not_applicable',
      `the amounts of preset "${name}" are in ${preset.currency ?? '?'}; a preset's currency cannot be overridden. ` +
        `To use it in another scenario currency, give fx.rates: {"${preset.currency ?? '?'}/<currency>": <rate>}`,
    );
    return null;
  }
  const node = mergePreset(preset, user, is, origins);
  if (!('name' in user) && Object.keys(user).some((k) => k !== 'model')) node['name'] = `${name}+overrides`;
  return { node, presetName: name };
}

/** How messages refer to a merged rule: the user's index, or "preset <name>" for a preset rule. */
function presetRuleRef(presetName: string, origins: Origins): (label: string, i: number) => string {
  return (label, i) => {
    const j = (label === 'mdr' ? origins.mdr : origins.interchange)[i];
    const list = label === 'mdr' ? 'acquirer.mdr' : label;
    return j === null || j === undefined ? `preset ${presetName}` : `${list}[${j}]`;
  };
}
