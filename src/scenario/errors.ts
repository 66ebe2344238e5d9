/**
 * Scenario errors: user mistakes in a scenario file (or in the command-line overrides), collected
 * and reported together. Each error carries the place it comes from (file, 1-based line and column),
 * the dotted path of the offending key (`merchants.categories[3].share`), a stable code for tests
 * and tools, and a plain-text message that says what was expected.
 *
 * Programmer errors are not ScenarioErrors: they throw.
 */

import type { ScenarioErrorCode } from '../diagnostics/codes.js';

/** Stable error codes (the scenario part of the one code union; documented in diagnostics/codes.ts). */
export type { ScenarioErrorCode } from '../diagnostics/codes.js';
/** The one "did you mean" of the project (diagnostics/suggest.ts). */
export { didYouMean, editDistance, nearest } from '../diagnostics/suggest.js';

/** One problem in a scenario. */
export interface ScenarioError {
  /** The scenario file as the user named it. */
  readonly file: string;
  /** 1-based line and column; 0 when the error has no place in the file (unreadable file, CLI override). */
  readonly line: number;
  readonly column: number;
  /** Dotted path of the offending key, e.g. `merchants.categories[3].share`; '' for the whole file. */
  readonly path: string;
  readonly code: ScenarioErrorCode;
  /** Plain text, no colour, no trailing period. */
  readonly message: string;
}

/**
 * Formats an error as `file:line:column: path: message` (the form compilers use, which editors and
 * terminals turn into links). Without a place, `file: path: message`; without a path, the path part
 * is left out.
 */
export function formatScenarioError(error: ScenarioError): string {
  const where = error.line > 0 ? `${error.file}:${error.line}:${error.column}` : error.file;
  return error.path === '' ? `${where}: ${error.message}` : `${where}: ${error.path}: ${error.message}`;
}

/** Orders errors by line, then column, then path (errors without a place come first). */
export function compareScenarioErrors(a: ScenarioError, b: ScenarioError): number {
  return a.line - b.line || a.column - b.column || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

/** A path into the scenario document: mapping keys and list indexes. */
export type ScenarioPath = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Formats a path for people: `merchants.categories[3].share`; keys that are not identifiers are
 * quoted, as in `issuers.hosts["Post Bank"].servers` and `declines.mix["05"]`.
 */
export function formatPath(path: ScenarioPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Formats a number for a message without binary noise: 0.9700000000000001 -> "0.97". */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(12)));
}

/** Describes a raw value for a message: `'abc'`, `1.5`, `a list`, `a mapping`, `an empty value`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `'${value}'`;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return formatNumber(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
