/**
 * Stage 1 of the scenario pipeline: read a file and parse it as YAML, keeping the source positions
 * of every node so that later stages can point at the offending line and column.
 */

import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node, type YAMLError } from 'yaml';
import { decodeScenarioBytes, maxBytesFromEnv, MAX_BYTES_ENV, tooLargeMessage } from './encoding.js';
import type { ScenarioError, ScenarioPath } from './errors.js';
import { checkDocument, MAX_NESTING_DEPTH, parseGuarded } from './yaml-guard.js';

/** A parsed scenario document: the YAML tree with positions, and its plain JS value. */
export interface LoadedDocument {
  /** The file as the user named it (used in messages). */
  readonly file: string;
  /** Absolute path of the file. */
  readonly absPath: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The document as plain JS (mappings as objects, lists as arrays); `null` for an empty file. */
  readonly value: unknown;
  /** The node each alias of the document stands for. */
  readonly aliasTargets?: ReadonlyMap<Alias, Node>;
}

/** Either a parsed document, or the errors that stopped it (unreadable file, YAML syntax). */
export interface LoadResult {
  readonly loaded?: LoadedDocument;
  readonly errors: ScenarioError[];
}

/** A 1-based line and column. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Bounds of the load stage. */
export interface LoadLimits {
  /** Largest file accepted, in bytes; default `QUARTET_MAX_SCENARIO_BYTES` or 4 MiB. */
  readonly maxBytes?: number;
}

function wholeFileError(file: string, code: ScenarioError['code'], message: string, path = ''): ScenarioError {
  return { file, line: 0, column: 0, path, code, message };
}

/** The size limit in force, or the error of a bad `QUARTET_MAX_SCENARIO_BYTES`. */
function byteLimit(file: string, limits: LoadLimits): number | ScenarioError {
  if (limits.maxBytes !== undefined) return limits.maxBytes;
  const limit = maxBytesFromEnv();
  return typeof limit === 'number' ? limit : wholeFileError(file, 'invalid_override', limit, MAX_BYTES_ENV);
}

/**
 * Reads at most `limit + 1` bytes of a file: a regular file above the limit is refused by its
 * size before anything is read; a device or pipe is read until it passes the limit.
 */
function readBounded(file: string, limit: number): Buffer | ScenarioError {
  const fd = openSync(file, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return wholeFileError(file, 'file_unreadable', 'cannot read the scenario file: it is a directory');
    if (stat.isFile() && stat.size > limit) return wholeFileError(file, 'file_too_large', tooLargeMessage(stat.size, limit));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) return wholeFileError(file, 'file_too_large', tooLargeMessage(stat.isFile() ? total : undefined, limit));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and parses a scenario file. Never throws for a missing, unreadable, too large or badly
 * encoded file or bad YAML: those come back as errors (`file_unreadable`, `file_too_large`,
 * `bad_encoding`, `yaml_syntax` one per syntax problem, `nesting_too_deep`, `alias_limit`,
 * `reserved_key`).
 */
export function readScenarioFile(file: string, limits: LoadLimits = {}): LoadResult {
  const limit = byteLimit(file, limits);
  if (typeof limit !== 'number') return { errors: [limit] };
  let bytes: Buffer;
  try {
    const read = readBounded(file, limit);
    if (!Buffer.isBuffer(read)) return { errors: [read] };
    bytes = read;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    return { errors: [wholeFileError(file, 'file_unreadable', `cannot read the scenario file: ${reason}`)] };
  }
  return parseScenarioBytes(bytes, file, resolve(file));
}

/**
 * Parses the bytes of a scenario file: checks the encoding (UTF-8; a UTF-8 byte order mark is
 * dropped), then parses the text. `sha256` is of the bytes as given.
 */
export function parseScenarioBytes(bytes: Uint8Array, file: string, absPath: string = file): LoadResult {
  const decoded = decodeScenarioBytes(bytes);
  if ('problem' in decoded) {
    const { line, column, message } = decoded.problem;
    return { errors: [{ file, line, column, path: '', code: 'bad_encoding', message }] };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return parseScenarioText(decoded.text, file, absPath, sha256);
}

/**
 * Parses scenario text (for tests and tools that hold the text already).
 * @param file - name used in messages; `absPath` and `sha256` default to `file` and the hash of the text.
 */
export function parseScenarioText(text: string, file: string, absPath: string = file, sha256?: string): LoadResult {
  const lineCounter = new LineCounter();
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = parseGuarded(source, lineCounter);
  if ('tooDeepAt' in parsed) {
    const message = `the document nests deeper than ${MAX_NESTING_DEPTH} levels of mappings and lists here; a scenario needs fewer than 10`;
    return { errors: [{ file, ...at(parsed.tooDeepAt), path: '', code: 'nesting_too_deep', message }] };
  }
  const { doc } = parsed;
  const problems: YAMLError[] = [...doc.errors, ...doc.warnings];
  const errors: ScenarioError[] = problems.map((problem) => ({ file, ...at(problem.pos[0]), path: '', code: 'yaml_syntax', message: yamlMessage(problem, source) }));
  if (errors.length > 0) return { errors };
  const checked = checkDocument(doc);
  if (checked.issues.length > 0) return { errors: checked.issues.map(({ offset, ...issue }) => ({ file, ...at(offset), ...issue })) };
  let value: unknown;
  try {
    // Aliases are bounded by checkDocument (MAX_ALIAS_VALUES), which also locates them.
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (e) {
    return { errors: [{ file, line: 1, column: 1, path: '', code: 'yaml_syntax', message: `invalid YAML: ${(e as Error).message}` }] };
  }
  const hash = sha256 ?? createHash('sha256').update(text, 'utf8').digest('hex');
  return { loaded: { file, absPath, sha256: hash, doc, lineCounter, value, aliasTargets: checked.aliasTargets }, errors: [] };
}

function yamlMessage(problem: YAMLError, text: string): string {
  if (problem.code === 'DUPLICATE_KEY') {
    const key = (/^[^:\n]*/.exec(text.slice(problem.pos[0]))?.[0] ?? '').trim();
    return `invalid YAML: duplicate key '${key}' (a key may appear only once in a mapping)`;
  }
  if (problem.code === 'TAG_RESOLVE_FAILED') return `invalid YAML: ${problem.message} (tags are not used in scenarios)`;
  return `invalid YAML: ${problem.message}`;
}

/** What `findNode` found along a path. */
interface Found {
  /** The node at the deepest resolved step (the value node when the whole path resolved). */
  readonly node: unknown;
  /** The key node of the last mapping step, when the last step resolved through a mapping. */
  readonly keyNode: unknown;
  /** Whether every step of the path resolved. */
  readonly complete: boolean;
}

/** Follows aliases to the nodes they stand for. */
function deref(node: unknown, loaded: LoadedDocument): unknown {
  let current = node;
  for (let i = 0; i < 100 && isAlias(current); i++) current = loaded.aliasTargets?.get(current) ?? current.resolve(loaded.doc);
  return current;
}

function keyString(key: unknown): string | undefined {
  if (isScalar(key)) {
    const v = key.value;
    return typeof v === 'symbol' ? undefined : String(v);
  }
  return undefined;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

/** The pair of `map` for `key`, looking through YAML merge keys (`<<: *anchor`) as `toJS` does. */
function findPair(map: unknown, key: string, loaded: LoadedDocument, depth = 0): { key: unknown; value: unknown } | undefined {
  if (!isMap(map) || depth > 20) return undefined;
  for (const pair of map.items) if (keyString(pair.key) === key) return pair;
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const source = deref(pair.value, loaded);
    const sources = isSeq(source) ? source.items : [source];
    for (const s of sources) {
      const found = findPair(deref(s, loaded), key, loaded, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function findNode(loaded: LoadedDocument, path: ScenarioPath): Found {
  let node: unknown = loaded.doc.contents;
  let keyNode: unknown = undefined;
  for (const segment of path) {
    const container = deref(node, loaded);
    if (isMap(container)) {
      const pair = findPair(container, String(segment), loaded);
      if (!pair) return { node: container, keyNode: undefined, complete: false };
      keyNode = pair.key;
      node = pair.value ?? pair.key;
    } else if (isSeq(container) && typeof segment === 'number' && segment < container.items.length) {
      keyNode = undefined;
      node = container.items[segment];
    } else {
      return { node: container, keyNode: undefined, complete: false };
    }
  }
  return { node, keyNode, complete: true };
}

function startOf(loaded: LoadedDocument, node: unknown): SourcePosition | undefined {
  const range = (node as { range?: readonly number[] | null } | null | undefined)?.range;
  const offset = range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = loaded.lineCounter.linePos(offset);
  return { line, column: col };
}

/** Whether the node is the implicit null of an empty value (`key:` with nothing after it). */
function isEmptyValue(node: unknown): boolean {
  return isScalar(node) && node.value === null && (node.source ?? '') === '';
}

/**
 * The source position for a path into the document.
 * - `at: 'value'`: the value at the path (the key, when the value is empty);
 * - `at: 'key'`: the key of the last step (for unknown keys);
 * - when the path does not exist in the file (a missing key, a defaulted section), the deepest
 *   mapping or list on the way that does exist.
 * Falls back to 1:1 for an empty document.
 */
export function positionOf(loaded: LoadedDocument, path: ScenarioPath, at: 'value' | 'key' = 'value'): SourcePosition {
  const found = findNode(loaded, path);
  let target = found.node;
  if (found.complete && found.keyNode !== undefined && (at === 'key' || isEmptyValue(found.node))) target = found.keyNode;
  return startOf(loaded, target) ?? { line: 1, column: 1 };
}

/** The YAML key node at the end of `path`, if it exists (for checks on how a key was written). */
export function keyNodeAt(loaded: LoadedDocument, path: ScenarioPath): unknown {
  const found = findNode(loaded, path);
  return found.complete ? found.keyNode : undefined;
}

/** Whether `path` exists in the file as written (as opposed to coming from a default). */
export function hasPath(loaded: LoadedDocument, path: ScenarioPath): boolean {
  return findNode(loaded, path).complete;
}
