/**
 * Scenario errors: user mistakes in a scenario file (or in the command-line overrides), collected
 * and reported together. Each error carries the place it comes from (file, 1-based line and column),
 * the dotted path of the offending key (`merchants.categories[3].share`), a stable code for tests
 * and tools, and a plain-text message that says what was expected.
 *
 * Programmer errors are not ScenarioErrors: they throw.
 */

/**
 * Stable error codes. Tests and tools match on these; messages may be reworded.
 *
 * - `file_unreadable`: the file cannot be read (missing, a directory, no permission).
 * - `yaml_syntax`: the text is not valid YAML (one error per syntax problem).
 * - `wrong_type`: a value of the wrong kind (a string where a number is expected, ...).
 * - `unknown_key`: a key the format does not know (with the nearest valid name).
 * - `missing_key`: a required key is absent (reported at the mapping that should hold it).
 * - `invalid_choice`: a value outside a fixed set (distribution, fault kind, link, currency, ...).
 * - `invalid_format`: a string of the wrong shape (a duration without unit, a bad name or date).
 * - `out_of_range`: a number or duration outside its allowed range (negative rate, zero timeout,
 *   probability above 1, warmup not shorter than the run, ...).
 * - `bad_sum`: shares or weights that do not sum to 1 (within 1e-6).
 * - `duplicate_name`: a name given twice where names must be unique.
 * - `unknown_name`: a reference to an issuer, acquirer or host that does not exist.
 * - `count_mismatch`: a list whose length differs from the count it must match.
 * - `conflicting_keys`: two keys given where only one of them is allowed.
 * - `fault_window`: a fault window outside the run or ending before it starts.
 * - `bucket_not_divisor`: the statistics bucket does not divide the run duration.
 * - `bucket_too_short`: the bucket is shorter than the terminal timeout.
 * - `timeout_order`: timers in the wrong order (terminal timeout not above an acquirer's timeout).
 * - `wallet_no_issuer`: the wallet is enabled but no issuer offers it.
 * - `no_channel`: no card-present channel has a positive weight.
 * - `invalid_override`: a command-line override (`--seed`, `--duration`) is not valid.
 * - `fee_model`: a fee model (`fees:`) that cannot work as written: overlapping or dead rules,
 *   a key that does not apply to its model type, amounts in another currency without a rate, ...
 *   (its structural mistakes have the generic codes above).
 */
export type ScenarioErrorCode =
  | 'file_unreadable'
  | 'yaml_syntax'
  | 'wrong_type'
  | 'unknown_key'
  | 'missing_key'
  | 'invalid_choice'
  | 'invalid_format'
  | 'out_of_range'
  | 'bad_sum'
  | 'duplicate_name'
  | 'unknown_name'
  | 'count_mismatch'
  | 'conflicting_keys'
  | 'fault_window'
  | 'bucket_not_divisor'
  | 'bucket_too_short'
  | 'timeout_order'
  | 'wallet_no_issuer'
  | 'no_channel'
  | 'invalid_override'
  | 'fee_model';

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

/** Levenshtein edit distance (insertions, deletions, substitutions), O(|a|·|b|). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate nearest to `word`, if it is near enough to be a plausible typo: case is ignored
 * and at most max(2, length / 3) edits are allowed. Ties go to the earlier candidate.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** `; did you mean 'x'?` when a candidate is near, else '' . */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = nearest(word, candidates);
  return best === undefined ? '' : `; did you mean '${best}'?`;
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
