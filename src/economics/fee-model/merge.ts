/**
 * Merging stage of the fee model: a preset plus the user's overrides into one raw node, and the
 * way back: a path into the merged node to the path the user wrote (or null when the offending
 * part comes from the preset alone).
 */

import type { RawFeeModel } from './raw-types.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { isObj, type Issues, type Obj, type Path } from './issues.js';

/** Where a merged rule came from: the index in the user's list, or null for the preset. */
export interface Origins {
  interchange: (number | null)[];
  mdr: (number | null)[];
}

/** Deep merge: mappings merge key by key, null deletes, anything else replaces. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = deepMerge(base[k], v);
  }
  return out;
}

/** Merge rule lists by name: same name merges into the preset rule, `remove: true` drops it, others append. */
function mergeRules(base: unknown, over: unknown, path: Path, is: Issues, origins: (number | null)[]): unknown {
  const baseList = Array.isArray(base) ? base : [];
  if (over === undefined) {
    baseList.forEach(() => origins.push(null));
    return baseList;
  }
  if (!Array.isArray(over)) return over; // reported by the validator
  const merged: unknown[] = [...baseList];
  const from: (number | null)[] = baseList.map(() => null);
  const removed = new Set<number>();
  over.forEach((r, j) => {
    const name = isObj(r) ? r['name'] : undefined;
    const at = typeof name === 'string' ? baseList.findIndex((b) => isObj(b) && b['name'] === name) : -1;
    if (isObj(r) && r['remove'] !== undefined) {
      if (r['remove'] !== true) {
        is.err([...path, j, 'remove'], 'invalid_value', 'remove: only `true` is meaningful');
      } else if (at < 0) {
        const names = baseList.filter(isObj).map((b) => String(b['name']));
        is.err([...path, j, 'name'], 'invalid_value', `no preset rule named ${JSON.stringify(name)} to remove${didYouMean(String(name), names, '"')}`);
      } else {
        removed.add(at);
      }
      return;
    }
    if (at >= 0) {
      merged[at] = deepMerge(baseList[at], r);
      from[at] = j;
    } else {
      merged.push(r);
      from.push(j);
    }
  });
  const out: unknown[] = [];
  merged.forEach((r, i) => {
    if (removed.has(i)) return;
    out.push(r);
    origins.push(from[i] ?? null);
  });
  return out;
}

export function mergePreset(preset: RawFeeModel, over: Obj, is: Issues, origins: Origins): Obj {
  const rest: Obj = { ...over };
  for (const k of ['model', 'interchange', 'acquirer', 'sources']) delete rest[k];
  const merged = deepMerge(structuredClone(preset), rest) as Obj;
  // Interchange rules: merged by name.
  if (preset.interchange !== undefined || over['interchange'] !== undefined) {
    merged['interchange'] = mergeRules(preset.interchange, over['interchange'], ['interchange'], is, origins.interchange);
  }
  // Acquirer: a mapping merged key by key, except its MDR rules, merged by name.
  const overAcq = over['acquirer'];
  if (overAcq === null) {
    delete merged['acquirer'];
  } else if (overAcq !== undefined && !isObj(overAcq)) {
    merged['acquirer'] = overAcq; // reported by the validator
  } else if (overAcq !== undefined || preset.acquirer !== undefined) {
    const o: Obj = overAcq ?? {};
    const notMdr: Obj = { ...o };
    delete notMdr['mdr'];
    const acq = deepMerge(preset.acquirer ?? {}, notMdr) as Obj;
    if (preset.acquirer?.mdr !== undefined || o['mdr'] !== undefined) {
      acq['mdr'] = mergeRules(preset.acquirer?.mdr, o['mdr'], ['acquirer', 'mdr'], is, origins.mdr);
    }
    // Switching the pricing drops the parameters of the preset's other pricing.
    if (o['pricing'] === 'blended' && !('margin' in o)) delete acq['margin'];
    if (o['pricing'] === 'interchange_plus_plus' && !('mdr' in o)) {
      delete acq['mdr'];
      origins.mdr.length = 0;
    }
    merged['acquirer'] = acq;
  }
  // Sources: the user's are appended to the preset's.
  const userSources = over['sources'];
  if (Array.isArray(userSources)) merged['sources'] = [...(preset.sources ?? []), ...userSources];
  else if (userSources !== undefined) merged['sources'] = userSources; // reported by the validator
  return merged;
}

export function pathText(p: Path): string {
  return p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(root)';
}

/** Merged path -> user path, or null if the offending part comes from the preset alone. */
export function translatePath(path: Path, user: Obj, origins: Origins): Path | null {
  const out: Path = [];
  let u: unknown = user;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as string | number;
    const listOrigins =
      typeof seg === 'number' && i === 1 && path[0] === 'interchange'
        ? origins.interchange
        : typeof seg === 'number' && i === 2 && path[0] === 'acquirer' && path[1] === 'mdr'
          ? origins.mdr
          : null;
    if (listOrigins !== null) {
      const j = listOrigins[seg as number];
      if (j === null || j === undefined || !Array.isArray(u)) return null; // a rule of the preset
      out.push(j);
      u = u[j];
      continue;
    }
    if (isObj(u) && typeof seg === 'string' && seg in u) {
      out.push(seg);
      u = u[seg];
    } else if (Array.isArray(u) && typeof seg === 'number' && seg < u.length) {
      out.push(seg);
      u = u[seg];
    } else {
      return out.length === 0 ? null : out;
    }
  }
  return out;
}
