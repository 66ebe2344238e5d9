/**
 * `--set path=value`: a change of one value of the scenario document, applied to the YAML tree
 * after loading and before validation, so that every stage of the pipeline checks the changed
 * value as it checks the file. An error at (or under) a changed value names the override
 * (`--set cards.count=-1: cards.count: ...`) instead of a place in the file.
 *
 * The path is the form messages print (`formatPath`): keys joined by dots, list indexes in
 * brackets, and keys that are not identifiers either quoted in brackets (`issuers.hosts["Beta
 * Bank"].servers`) or written bare (`issuers.hosts.Beta Bank.servers`). The value is YAML, read
 * as the file is read: `5000`, `2e6` (a float of integer value, which an integer key takes),
 * `eu-ifr`, `"05"`, `{servers: 8}`, `[0.6, 0.4]`.
 */

import { isAlias, isMap, isSeq, type Document } from 'yaml';
import { compareScenarioErrors, formatPath, type ScenarioError, type ScenarioPath } from './errors.js';
import { parseScenarioText, type LoadedDocument } from './load.js';
import { validateScenario, type ScenarioOverrides, type ScenarioResult } from './validate.js';

/** One parsed override: its path, its value as plain data, and the text it was given as. */
export interface Override {
  /** The override as given (`cards.count=5000`): it names the override in messages. */
  readonly label: string;
  readonly path: ScenarioPath;
  readonly value: unknown;
}

/** The part of the document an override changed: errors inside it name the override. */
interface Changed {
  readonly label: string;
  /** The formatted path of the first node the override made or replaced. */
  readonly root: string;
}

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const USAGE = 'expected path=value, such as cards.count=5000 or issuers.hosts["Beta Bank"].servers=4';

function problem(label: string, path: ScenarioPath, message: string, code: ScenarioError['code'] = 'invalid_override'): ScenarioError {
  return { file: `--set ${label}`, line: 0, column: 0, path: formatPath(path), code, message };
}

/** A quoted bracket key `["..."]` starting at `i` (at the quote): the key and the index after `]`. */
function quotedKey(text: string, i: number): { key: string; end: number } | undefined {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  if (text[j + 1] !== ']') return undefined;
  try {
    return { key: JSON.parse(text.slice(i, j + 1)) as string, end: j + 2 };
  } catch {
    return undefined;
  }
}

/** The path of `path=value` and the offset of its `=`, or undefined when it is not one. */
function parsePath(text: string): { path: (string | number)[]; eq: number } | undefined {
  const path: (string | number)[] = [];
  let i = 0;
  let expectKey = true;
  while (i < text.length && text[i] !== '=') {
    if (text[i] === '[') {
      const index = /^\[(\d+)\]/.exec(text.slice(i));
      const quoted = index === null && text[i + 1] === '"' ? quotedKey(text, i + 1) : undefined;
      if (index !== null) path.push(Number(index[1]));
      else if (quoted !== undefined) path.push(quoted.key);
      else return undefined;
      i = index !== null ? i + index[0].length : quoted!.end;
      expectKey = false;
    } else if (text[i] === '.' || expectKey) {
      if (text[i] === '.') i++;
      const m = /^[^.[=\]]*/.exec(text.slice(i))![0];
      if (m.trim() === '') return undefined;
      path.push(m.trim());
      i += m.length;
      expectKey = false;
    } else {
      return undefined;
    }
  }
  return i < text.length && path.length > 0 ? { path, eq: i } : undefined;
}

/** `path=value` split at its `=`: the path read, and the value as YAML text; undefined if it is not one. */
export function splitOverride(text: string): { path: ScenarioPath; pathText: string; valueText: string } | undefined {
  const parsed = parsePath(text);
  return parsed === undefined ? undefined : { path: parsed.path, pathText: text.slice(0, parsed.eq), valueText: text.slice(parsed.eq + 1) };
}

/** Reads `path=value` (the value is YAML, read with the guards of a scenario file). */
export function parseOverride(text: string): Override | ScenarioError {
  const parsed = parsePath(text);
  if (parsed === undefined) return problem(text, [], USAGE);
  const { path, eq } = parsed;
  const reserved = path.find((s) => typeof s === 'string' && RESERVED.has(s));
  if (reserved !== undefined) return problem(text, path, `'${String(reserved)}' is a reserved name and cannot be a key`, 'reserved_key');
  const read = parseScenarioText(text.slice(eq + 1), `--set ${text}`);
  if (read.loaded === undefined) {
    const first = read.errors[0]!;
    return problem(text, path, first.message, first.code);
  }
  return { label: text, path, value: read.loaded.value };
}

/** What a node is, for a message: `a number`, `a mapping`, ... */
function kindOf(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const v = (node as { value?: unknown } | null)?.value;
  return typeof v === 'number' ? 'a number' : typeof v === 'string' ? 'a string' : typeof v === 'boolean' ? 'true or false' : 'an empty value';
}

/**
 * Checks the path of an override against the document and sets it: keys that do not exist are
 * made (the structure check then says whether the schema knows them), but a list index must
 * exist, and no step may go through a scalar or an alias. Returns the part it changed, or the
 * problem.
 */
function setIn(doc: Document.Parsed, o: Override): Changed | ScenarioError {
  let node: unknown = doc.contents;
  let root: ScenarioPath | undefined;
  for (let k = 0; k < o.path.length; k++) {
    const segment = o.path[k]!;
    const here = o.path.slice(0, k);
    const at = here.length === 0 ? 'the scenario' : formatPath(here);
    if (isAlias(node)) return problem(o.label, here, `an alias (*${node.source}); write it out in the file to change a value inside it`);
    if (isSeq(node)) {
      if (typeof segment !== 'number') return problem(o.label, here, `a list; name an item by its index, such as ${at}[0]`);
      if (segment >= node.items.length) return problem(o.label, o.path.slice(0, k + 1), `${at} has ${node.items.length} item${node.items.length === 1 ? '' : 's'}, so the index is at most ${node.items.length - 1}`, 'out_of_range');
      node = node.items[segment];
    } else if (isMap(node)) {
      if (typeof segment === 'number') return problem(o.label, here, `a mapping, not a list; name one of its keys instead of [${segment}]`);
      const next = node.get(segment, true);
      if (next === undefined) {
        root = o.path.slice(0, k + 1);
        break;
      }
      node = next;
    } else if (node !== null && node !== undefined) {
      return problem(o.label, here, `${kindOf(node)}, so it has no ${typeof segment === 'number' ? `item [${segment}]` : `key '${segment}'`}`);
    } else {
      root = here;
      break;
    }
  }
  try {
    doc.setIn(o.path, doc.createNode(o.value));
  } catch (e) {
    return problem(o.label, o.path, `cannot set this value: ${(e as Error).message}`);
  }
  return { label: o.label, root: formatPath(root ?? o.path) };
}

const within = (path: string, root: string): boolean => root === '' || path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`);

/**
 * Applies overrides, in order, to a copy of a loaded document. Returns the changed document and
 * a function that gives an error of the pipeline to the override whose value it is about (the
 * last one that changed that part), or every problem of the overrides themselves.
 */
export function applyToDocument(
  loaded: LoadedDocument,
  texts: readonly string[],
): { loaded: LoadedDocument; attribute: (e: ScenarioError) => ScenarioError } | { errors: ScenarioError[] } {
  const doc = loaded.doc.clone() as Document.Parsed;
  const errors: ScenarioError[] = [];
  const changed: Changed[] = [];
  for (const text of texts) {
    const o = parseOverride(text);
    const done = 'label' in o ? setIn(doc, o) : o;
    if ('root' in done) changed.push(done);
    else errors.push(done);
  }
  if (errors.length > 0) return { errors };
  const value = doc.toJS({ maxAliasCount: -1 }) as unknown;
  const attribute = (e: ScenarioError): ScenarioError => {
    for (let k = changed.length - 1; k >= 0; k--) {
      const c = changed[k]!;
      if (within(e.path, c.root)) return { ...e, file: `--set ${c.label}`, line: 0, column: 0 };
    }
    return e;
  };
  // The aliases of the copy are new nodes: they resolve against the copied document.
  const { aliasTargets: _a, ...rest } = loaded;
  void _a;
  return { loaded: { ...rest, doc, value }, attribute };
}

/**
 * Validates a loaded document with `--set` overrides applied: the errors of the pipeline inside
 * an overridden value name the override, and the resolved scenario records the overrides (the
 * manifest lists them, and `sim verify` applies them again).
 */
export function validateWithSets(loaded: LoadedDocument, overrides: ScenarioOverrides, set: readonly string[]): ScenarioResult {
  const applied = applyToDocument(loaded, set);
  if ('errors' in applied) return { errors: applied.errors, warnings: [] };
  const r = validateScenario(applied.loaded, overrides);
  const errors = r.errors.map(applied.attribute).sort(compareScenarioErrors);
  const warnings = r.warnings.map(applied.attribute).sort(compareScenarioErrors);
  if (r.scenario === undefined || errors.length > 0) return { errors, warnings };
  return { scenario: { ...r.scenario, overrides: [...set] }, errors, warnings };
}

/**
 * Applies `path=value` overrides to scenario text and returns the changed YAML (comments and
 * layout of the rest kept), e.g. to write a swept variant to a file. Problems of the overrides
 * themselves (a path that cannot be followed, a value that is not YAML) come back in `errors`;
 * the changed text is not validated here: load or parse it for that.
 */
export function applyOverrides(text: string, set: readonly string[], file = '<scenario>'): { text?: string; errors: ScenarioError[] } {
  const read = parseScenarioText(text, file);
  if (read.loaded === undefined) return { errors: read.errors };
  const applied = applyToDocument(read.loaded, set);
  return 'errors' in applied ? { errors: applied.errors } : { text: applied.loaded.doc.toString(), errors: [] };
}
