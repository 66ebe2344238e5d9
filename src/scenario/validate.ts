/**
 * Stage 2 of the scenario pipeline: raw document -> structural check (JSON Schema, via ajv) ->
 * defaults -> semantic checks -> resolved `Scenario` (durations in integer µs, amounts in integer
 * minor units, names resolved to indexes).
 *
 * Every problem is collected, located (line and column of the offending node) and returned at once,
 * sorted by position. Nothing here throws on bad input.
 *
 * Values that failed the structural check are "bad": the semantic stage reads them as unknown and
 * skips the checks that would need them, so one mistake gives one error, not a cascade.
 */

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isScalar } from 'yaml';
import { scenarioCode } from '../diagnostics/codes.js';
import { resolveFeeModel, type FeeFormatIssue, type FeeModel } from '../economics/index.js';
import { DURATION_PATTERN, formatDuration, parseDurationDetailed } from './duration.js';
import {
  compareScenarioErrors,
  describeValue,
  didYouMean,
  formatNumber,
  formatPath,
  type ScenarioError,
  type ScenarioErrorCode,
} from './errors.js';
import { keyNodeAt, positionOf, type LoadedDocument } from './load.js';
import {
  CURRENCY_EXPONENTS,
  DEFAULTS,
  LINK_KEYS,
  LOCAL_TIME_PATTERN,
  NAME_PATTERN,
  RESPONSE_CODE_PATTERN,
  START_PATTERN,
  UTC_OFFSET_PATTERN,
  scenarioValidationSchema,
  type LinkKey,
} from './schema.js';
import type {
  AcquirerSpec,
  AmountDist,
  CardsSpec,
  CategorySpec,
  DeclinesSpec,
  DemandSpec,
  DurationDist,
  FaultSpec,
  HostRef,
  HostSpec,
  IssuerSpec,
  LinksSpec,
  MerchantsSpec,
  MoneySpec,
  Scenario,
  SwitchSpec,
  WalletSpec,
} from './types.js';

/** Command-line overrides of the file: `--seed` and `--duration` (µs). */
export interface ScenarioOverrides {
  readonly seed?: number;
  readonly durationUs?: number;
}

/** A resolved scenario, or the errors that prevent it (then `scenario` is absent). */
export interface ScenarioResult {
  readonly scenario?: Scenario;
  readonly errors: ScenarioError[];
  /**
   * Problems that do not stop the run, in the same form as errors (so far only those of the fee
   * model, such as purchases no interchange rule covers); returned with or without errors.
   */
  readonly warnings: ScenarioError[];
}

/** Tolerance of "sums to 1" checks. */
export const SUM_TOLERANCE = 1e-6;

type Obj = Readonly<Record<string, unknown>>;
type Path = readonly (string | number)[];

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/**
 * Validates and resolves a parsed scenario document.
 * @param overrides - `--seed` and `--duration` from the command line; validated too. Fault windows
 *   past a shortened run are clipped to it (or dropped when they start after it).
 * @returns the resolved scenario, or every error found (sorted by line, then column).
 */
export function validateScenario(loaded: LoadedDocument, overrides: ScenarioOverrides = {}): ScenarioResult {
  const report = new Reporter(loaded);
  const root = loaded.value;
  if (!isObj(root)) {
    const message =
      root === null || root === undefined
        ? 'the scenario file is empty; expected a mapping with at least name, duration, cards, issuers, acquirers and merchants'
        : `a scenario must be a mapping of keys (name: ..., duration: ..., ...); got ${describeValue(root)}`;
    report.add([], 'wrong_type', message);
    return { errors: report.sorted(), warnings: [] };
  }
  const bad = checkStructure(loaded, root, report);
  const scenario = new Resolver(loaded, root, bad, report).resolve(overrides);
  const errors = report.sorted();
  const warnings = report.sortedWarnings();
  return errors.length > 0 || scenario === undefined ? { errors, warnings } : { scenario, errors, warnings };
}

// =============================================================================================
// Error collection

class Reporter {
  private readonly errors: ScenarioError[] = [];
  private readonly warnings: ScenarioError[] = [];

  constructor(private readonly loaded: LoadedDocument) {}

  /**
   * Records an error at `path`. The position is that of the value at `path` (or of its key when
   * `at` is 'key'); `positionPath` points elsewhere (the parent mapping of a missing key).
   */
  add(path: Path, code: ScenarioErrorCode, message: string, at: 'value' | 'key' = 'value', positionPath?: Path): void {
    const { line, column } = positionOf(this.loaded, positionPath ?? path, at);
    this.errors.push({ file: this.loaded.file, line, column, path: formatPath(path), code, message });
  }

  /** Records a warning: a problem that does not stop the run (located like an error). */
  warn(path: Path, code: ScenarioErrorCode, message: string, at: 'value' | 'key' = 'value'): void {
    const { line, column } = positionOf(this.loaded, path, at);
    this.warnings.push({ file: this.loaded.file, line, column, path: formatPath(path), code, message });
  }

  /** Records an error in a command-line override (no place in the file). */
  override(option: string, message: string): void {
    this.errors.push({ file: this.loaded.file, line: 0, column: 0, path: option, code: 'invalid_override', message });
  }

  /** The errors without duplicates, by line then column. */
  sorted(): ScenarioError[] {
    return Reporter.unique(this.errors);
  }

  /** The warnings without duplicates, by line then column. */
  sortedWarnings(): ScenarioError[] {
    return Reporter.unique(this.warnings);
  }

  private static unique(list: readonly ScenarioError[]): ScenarioError[] {
    const seen = new Set<string>();
    const out: ScenarioError[] = [];
    for (const e of list) {
      const key = `${e.line}:${e.column}:${e.path}:${e.code}:${e.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
    return out.sort(compareScenarioErrors);
  }
}

// =============================================================================================
// Structural check: ajv against the JSON Schema, with errors rewritten for people.

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  // Union types: `fees` is a string or a mapping (`resolveFeeModel` checks the rest).
  compiled ??= new Ajv({ allErrors: true, verbose: true, discriminator: true, strict: true, allowUnionTypes: true }).compile(
    scenarioValidationSchema,
  );
  return compiled;
}

/** What a value of each union definition (by schema `title`) may be, for "expected ..." messages. */
const UNION_EXPECTED: Readonly<Record<string, string>> = {
  duration: "a duration with a unit, such as '30d', '1h', '15m', '250ms' or '12d18h'",
  'duration distribution': "a duration such as '150ms' or a distribution such as {dist: lognormal, mean: 150ms, sigma: 0.6}",
  'amount distribution': 'a distribution such as {dist: fixed, value: 600} or {dist: lognormal, mean: 600, sigma: 0.9}',
  shares: 'a list of shares summing to 1, {zipf: s} or {equal: true}',
  declines: "'none' or a mapping with random_rate, invalid_pan_rate and mix",
  fault: 'a fault mapping such as {kind: host_down, host: switch, from: 1h, duration: 15m}',
  'fee model': "a fee preset name such as 'ru-2019' or a fee model mapping (docs/fees.md)",
  'local time': "a local time 'HH:MM' such as '23:00' (quoted)",
  'UTC offset': "a UTC offset such as '+07:00' or 'Z' (quoted)",
};

const TYPE_PHRASE: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  null: 'an empty value',
};

const TAG_NOUN: Readonly<Record<string, string>> = { dist: 'distribution', kind: 'fault kind' };

/** Converts an ajv instancePath (JSON pointer) to a path, with list indexes as numbers. */
function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(segment);
      out.push(index);
      node = node[index];
    } else {
      out.push(segment);
      node = isObj(node) ? node[segment] : undefined;
    }
  }
  return out;
}

function where(path: Path): string {
  return path.length === 0 ? 'at the top level' : `in ${formatPath(path)}`;
}

function firstSentence(text: unknown): string {
  if (typeof text !== 'string') return '';
  // A sentence ends at a period followed by a capital letter ("e.g. 30d" does not end one).
  const end = text.search(/\.\s+[A-Z]/);
  return (end < 0 ? text : text.slice(0, end)).replace(/\.$/, '');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
}

/**
 * Runs the JSON Schema check, reports each failure in plain words, and returns the paths of the
 * values that failed (the semantic stage leaves them alone).
 */
function checkStructure(loaded: LoadedDocument, root: Obj, report: Reporter): Path[] {
  const validate = schemaValidator();
  if (validate(root)) return [];
  const errors: readonly ErrorObject[] = validate.errors ?? [];
  const bad: Path[] = [];
  // Titles of the union definitions that failed, by instance path (from their `if` errors).
  const unionTitle = new Map<string, string>();
  for (const e of errors) {
    const title = (e.parentSchema as { title?: unknown } | undefined)?.title;
    if (e.keyword === 'if' && typeof title === 'string') unionTitle.set(e.instancePath, title);
  }
  for (const e of errors) {
    const path = pointerToPath(e.instancePath, root);
    const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
    const data: unknown = e.data;
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'if':
      case 'propertyNames':
      case 'oneOf':
        // `if`: reported through its branch; `propertyNames`: through its inner error.
        // `oneOf`: with a discriminator, the selected branch reports; nothing to add.
        continue;
      case 'additionalProperties': {
        const key = String(params['additionalProperty']);
        const known = Object.keys((parent['properties'] as Obj | undefined) ?? {});
        const hint = didYouMean(key, known) || (known.length > 0 ? `; expected one of: ${known.join(', ')}` : '');
        report.add([...path, key], 'unknown_key', `unknown key '${key}' ${where(path)}${hint}`, 'key');
        bad.push([...path, key]);
        continue;
      }
      case 'required': {
        const key = String(params['missingProperty']);
        const properties = (parent['properties'] as Record<string, { description?: unknown }> | undefined) ?? {};
        const about = firstSentence(properties[key]?.description);
        report.add([...path, key], 'missing_key', `missing required key '${key}' ${where(path)}${about ? ` (${lowerFirst(about)})` : ''}`, 'value', path);
        bad.push([...path, key]);
        continue;
      }
      case 'discriminator': {
        const tag = String(params['tag']);
        const choices = ((parent['oneOf'] as { properties?: Record<string, { const?: unknown }> }[] | undefined) ?? []).map(
          (branch) => branch.properties?.[tag]?.const,
        );
        const value = isObj(data) ? data[tag] : undefined;
        const noun = TAG_NOUN[tag] ?? tag;
        if (value === undefined) {
          report.add([...path, tag], 'missing_key', `missing required key '${tag}' ${where(path)} (the ${noun}: one of ${quoteList(choices)})`, 'value', path);
        } else {
          const hint = typeof value === 'string' ? didYouMean(value, choices.map(String)) : '';
          report.add([...path, tag], 'invalid_choice', `unknown ${noun} ${describeValue(value)}; expected one of ${quoteList(choices)}${hint}`);
        }
        bad.push(path);
        continue;
      }
      case 'type': {
        const title = unionTitle.get(e.instancePath) ?? (typeof parent['title'] === 'string' ? parent['title'] : undefined);
        const expected = (title !== undefined ? UNION_EXPECTED[title] : undefined) ?? TYPE_PHRASE[String(params['type'])] ?? String(params['type']);
        report.add(path, 'wrong_type', `expected ${expected}; got ${describeValue(data)}`);
        break;
      }
      case 'pattern': {
        const pattern = String(params['pattern']);
        if (e.propertyName !== undefined) {
          reportBadKey(loaded, report, path, e.propertyName, pattern);
          bad.push([...path, e.propertyName]);
          continue;
        }
        const text = String(data);
        let message: string;
        if (pattern === DURATION_PATTERN) {
          const parsed = parseDurationDetailed(text);
          message = parsed.ok ? `expected ${UNION_EXPECTED['duration']}` : parsed.reason;
        } else if (pattern === NAME_PATTERN) {
          message = `a scenario name may use only lower-case letters, digits, '_' and '-'; got '${text}'`;
        } else if (pattern === START_PATTERN) {
          message = `expected an ISO 8601 date-time with offset, such as '2018-12-20T00:00:00+03:00'; got '${text}'`;
        } else if (pattern === LOCAL_TIME_PATTERN) {
          message = `expected a local time 'HH:MM' from 00:00 to 23:59, such as '23:00'; got '${text}'`;
        } else if (pattern === UTC_OFFSET_PATTERN) {
          message = `expected a UTC offset '+HH:MM' or '-HH:MM' (or 'Z'), such as '+07:00'; got '${text}'`;
        } else {
          message = `'${text}' does not have the expected form (${pattern})`;
        }
        report.add(path, 'invalid_format', message);
        break;
      }
      case 'minLength':
        report.add(path, 'invalid_format', 'must not be empty');
        break;
      case 'enum': {
        const allowed = (params['allowedValues'] as unknown[] | undefined) ?? [];
        const hint = typeof data === 'string' ? didYouMean(data, allowed.map(String)) : '';
        const message =
          path.length === 1 && path[0] === 'currency'
            ? `unknown currency ${describeValue(data)}; known currencies: ${allowed.join(', ')}${hint}`
            : `expected one of ${quoteList(allowed)}; got ${describeValue(data)}${hint}`;
        report.add(path, 'invalid_choice', message);
        break;
      }
      case 'const': {
        const title = unionTitle.get(e.instancePath);
        const expected = title !== undefined ? UNION_EXPECTED[title] : undefined;
        report.add(path, 'invalid_choice', `expected ${expected ?? describeValue(params['allowedValue'])}; got ${describeValue(data)}`);
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const min = parent['minimum'];
        const max = parent['maximum'];
        const got = describeValue(data);
        let message: string;
        if (typeof min === 'number' && typeof max === 'number') {
          message = min === 0 && max === 1 ? `must be between 0 and 1 (a share or probability); got ${got}` : `must be between ${min} and ${max}; got ${got}`;
        } else if (e.keyword === 'exclusiveMinimum') {
          message = `must be greater than ${formatNumber(Number(params['limit']))}; got ${got}`;
        } else if (e.keyword === 'minimum') {
          message = params['limit'] === 0 ? `must not be negative; got ${got}` : `must be at least ${formatNumber(Number(params['limit']))}; got ${got}`;
        } else {
          message = `must be at most ${formatNumber(Number(params['limit']))}; got ${got}`;
        }
        report.add(path, 'out_of_range', message);
        break;
      }
      case 'minItems':
      case 'maxItems': {
        const length = Array.isArray(data) ? data.length : 0;
        const min = parent['minItems'];
        const max = parent['maxItems'];
        const message =
          min !== undefined && min === max
            ? `expected exactly ${String(min)} values (${lowerFirst(firstSentence(parent['description']))}); got ${length}`
            : e.keyword === 'minItems'
              ? `expected at least ${String(min)} item(s); got ${length}`
              : `expected at most ${String(max)} item(s); got ${length}`;
        report.add(path, 'count_mismatch', message);
        break;
      }
      case 'minProperties':
      case 'maxProperties': {
        const keys = Object.keys((parent['properties'] as Obj | undefined) ?? {});
        if (keys.length > 0 && parent['maxProperties'] === 1) {
          const message = `expected exactly one of the keys ${quoteList(keys)}`;
          report.add(path, e.keyword === 'minProperties' ? 'missing_key' : 'conflicting_keys', message);
        } else {
          report.add(path, 'count_mismatch', `expected at least ${String(parent['minProperties'])} entry; got none`);
        }
        break;
      }
      default:
        report.add(path, 'wrong_type', `is not valid (${e.message ?? e.keyword})`);
    }
    bad.push(path);
  }
  return bad;
}

/** A mapping key of the wrong shape (only the response codes of `declines.mix` are checked). */
function reportBadKey(loaded: LoadedDocument, report: Reporter, path: Path, key: string, pattern: string): void {
  const keyNode = keyNodeAt(loaded, [...path, key]);
  let message: string;
  if (isScalar(keyNode) && typeof keyNode.value === 'number') {
    message = `response code ${keyNode.source ?? key} was read as the number ${key}; write codes in quotes, e.g. "${key.padStart(2, '0')}"`;
  } else if (pattern === RESPONSE_CODE_PATTERN) {
    message = `'${key}' is not an ISO 8583 response code (two digits or capital letters, e.g. "05")`;
  } else {
    message = `key '${key}' does not have the expected form (${pattern})`;
  }
  report.add([...path, key], 'invalid_format', message, 'key');
}

// =============================================================================================
// Semantic stage: defaults, relations between values, resolution.

const BAD = Symbol('bad');
type Raw = unknown;

function isPrefix(a: Path, b: Path): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function flatHourly(): number[] {
  return Array.from({ length: 24 }, () => 1 / 24);
}

/** A UTC offset `+HH:MM`, `-HH:MM` or `Z` in µs (no range check). */
function offsetUs(offset: string): number {
  if (offset === 'Z') return 0;
  const minutes = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6));
  return (offset.startsWith('-') ? -minutes : minutes) * 60_000_000;
}

/**
 * Calendar fields of `start`: weekday (0 = Monday), µs since local midnight and the UTC offset in
 * µs, or a reason.
 */
function parseStart(text: string): { weekday: number; localUs: number; offsetUs: number } | string {
  const m = new RegExp(START_PATTERN).exec(text);
  if (!m) return `expected an ISO 8601 date-time with offset; got '${text}'`;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = Number(m[6] ?? '0');
  const fractionUs = Number((m[7] ?? '').padEnd(6, '0'));
  const offset = m[8] ?? 'Z';
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined) return 'unreadable date';
  if (month < 1 || month > 12) return `month ${month} does not exist in '${text}'`;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (day < 1 || date.getUTCDate() !== day) return `day ${day} does not exist in month ${month} of ${year} in '${text}'`;
  if (hour > 23 || minute > 59 || second > 59) return `time of day out of range in '${text}'`;
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) return `offset out of range in '${text}'`;
  return {
    weekday: (date.getUTCDay() + 6) % 7,
    localUs: ((hour * 60 + minute) * 60 + second) * 1_000_000 + fractionUs,
    offsetUs: offsetUs(offset),
  };
}

class Resolver {
  private exponent: number | undefined;
  private currency: string | undefined;

  constructor(
    private readonly loaded: LoadedDocument,
    private readonly root: Obj,
    private readonly bad: readonly Path[],
    private readonly report: Reporter,
  ) {}

  // ---- reading raw values --------------------------------------------------------------------

  /**
   * The raw value at `path`: `fallback` when absent, `BAD` when it (or something inside it, or a
   * container on the way) failed the structural check.
   */
  private raw(path: Path, fallback?: Raw): Raw | typeof BAD {
    for (const b of this.bad) if (isPrefix(b, path) || isPrefix(path, b)) return BAD;
    let node: unknown = this.root;
    for (const segment of path) {
      if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
      else if (isObj(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
      else if (isObj(node) || node === undefined) return fallback;
      else return BAD;
    }
    return node === undefined ? fallback : node;
  }

  /** The raw value at `path` as written, ignoring structural errors (for iterating over lists and maps). */
  private peek(path: Path): unknown {
    let node: unknown = this.root;
    for (const segment of path) {
      if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
      else if (isObj(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
      else return undefined;
    }
    return node;
  }

  private present(path: Path): boolean {
    let node: unknown = this.root;
    for (const segment of path) {
      if (isObj(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
      else if (Array.isArray(node) && typeof segment === 'number' && segment < node.length) node = node[segment];
      else return false;
    }
    return true;
  }

  private number(path: Path, fallback?: number): number | undefined {
    const v = this.raw(path, fallback);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }

  private integer(path: Path, fallback?: number): number | undefined {
    const v = this.number(path, fallback);
    return v !== undefined && Number.isSafeInteger(v) ? v : undefined;
  }

  private boolean(path: Path, fallback: boolean): boolean | undefined {
    const v = this.raw(path, fallback);
    return typeof v === 'boolean' ? v : undefined;
  }

  private string(path: Path, fallback?: string): string | undefined {
    const v = this.raw(path, fallback);
    return typeof v === 'string' ? v : undefined;
  }

  private numbers(path: Path, fallback?: readonly number[]): number[] | undefined {
    const v = this.raw(path, fallback);
    return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : undefined;
  }

  private strings(path: Path, fallback?: readonly string[]): string[] | undefined {
    const v = this.raw(path, fallback);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  }

  /** A duration in µs; `min` is 'positive' or 'non-negative' (checked, reported at `path`). */
  private duration(path: Path, fallback: string | undefined, min: 'positive' | 'non-negative' | 'any' = 'non-negative'): number | undefined {
    const v = this.raw(path, fallback);
    if (typeof v !== 'string') return undefined;
    return this.durationValue(v, path, min);
  }

  private durationValue(text: string, path: Path, min: 'positive' | 'non-negative' | 'any'): number | undefined {
    const parsed = parseDurationDetailed(text);
    if (!parsed.ok) {
      this.report.add(path, 'invalid_format', parsed.reason);
      return undefined;
    }
    if (min === 'positive' && parsed.us <= 0) {
      this.report.add(path, 'out_of_range', `must be longer than 0; got ${text}`);
      return undefined;
    }
    if (min === 'non-negative' && parsed.us < 0) {
      this.report.add(path, 'out_of_range', `must not be negative; got ${text}`);
      return undefined;
    }
    return parsed.us;
  }

  /** A duration distribution, resolved; `fallback` (already resolved) when absent. */
  private durationDist(path: Path, fallback: DurationDist | Raw): DurationDist | undefined {
    if (!this.present(path)) return isResolvedDist(fallback) ? fallback : this.distFromRaw(fallback, path);
    const v = this.raw(path);
    return v === BAD ? undefined : this.distFromRaw(v, path);
  }

  private distFromRaw(v: Raw, path: Path): DurationDist | undefined {
    if (typeof v === 'string') {
      const us = this.durationValue(v, path, 'non-negative');
      return us === undefined ? undefined : { kind: 'fixed', valueUs: us };
    }
    if (!isObj(v)) return undefined;
    const field = (key: string, min: 'positive' | 'non-negative'): number | undefined => {
      const x = v[key];
      return typeof x === 'string' ? this.durationValue(x, [...path, key], min) : undefined;
    };
    switch (v['dist']) {
      case 'fixed': {
        const valueUs = field('value', 'non-negative');
        return valueUs === undefined ? undefined : { kind: 'fixed', valueUs };
      }
      case 'exponential': {
        const meanUs = field('mean', 'positive');
        return meanUs === undefined ? undefined : { kind: 'exponential', meanUs };
      }
      case 'lognormal': {
        const meanUs = field('mean', 'positive');
        const sigma = v['sigma'];
        return meanUs === undefined || typeof sigma !== 'number' ? undefined : { kind: 'lognormal', meanUs, sigma };
      }
      case 'uniform': {
        const minUs = field('min', 'non-negative');
        const maxUs = field('max', 'non-negative');
        if (minUs === undefined || maxUs === undefined) return undefined;
        if (minUs > maxUs) {
          this.report.add([...path, 'max'], 'out_of_range', `max ${formatDuration(maxUs)} is below min ${formatDuration(minUs)}`);
          return undefined;
        }
        return { kind: 'uniform', minUs, maxUs };
      }
      default:
        return undefined;
    }
  }

  /** Major units -> integer minor units of the scenario currency. */
  private minor(amount: number | undefined, path: Path): number | undefined {
    if (amount === undefined || this.exponent === undefined) return undefined;
    const m = Math.round(amount * 10 ** this.exponent);
    if (Number.isSafeInteger(m)) return m;
    this.report.add(path, 'out_of_range', `${formatNumber(amount)} ${this.currency ?? ''} is too large to count exactly in minor units`);
    return undefined;
  }

  private money(path: Path, fallback?: number): number | undefined {
    return this.minor(this.number(path, fallback), path);
  }

  /** An amount distribution in minor units; for a ticket, amounts must be at least one minor unit. */
  private amountDist(path: Path, fallback: Raw, ticket: boolean): AmountDist | undefined {
    const v = this.raw(path, fallback);
    if (!isObj(v)) return undefined;
    const tooSmall = (key: string, amount: number): void => {
      this.report.add([...path, key], 'out_of_range', `${formatNumber(amount)} ${this.currency ?? ''} rounds to 0 minor units; a purchase amount must be positive`);
    };
    if (v['dist'] === 'fixed' && typeof v['value'] === 'number') {
      const valueMinor = this.minor(v['value'], [...path, 'value']);
      if (valueMinor === undefined) return undefined;
      if (ticket && valueMinor <= 0) return void tooSmall('value', v['value']);
      return { kind: 'fixed', valueMinor };
    }
    if (v['dist'] === 'lognormal' && typeof v['mean'] === 'number' && typeof v['sigma'] === 'number') {
      const meanMinor = this.minor(v['mean'], [...path, 'mean']);
      if (meanMinor === undefined) return undefined;
      if (meanMinor <= 0) return void tooSmall('mean', v['mean']);
      return { kind: 'lognormal', meanMinor, sigma: v['sigma'] };
    }
    return undefined;
  }

  /** Reports a `bad_sum` unless `values` sum to 1 within the tolerance. */
  private sumsToOne(values: readonly number[], path: Path, what: string): boolean {
    const total = sum(values);
    if (Math.abs(total - 1) <= SUM_TOLERANCE) return true;
    this.report.add(path, 'bad_sum', `${what} sum to ${formatNumber(total)}; they must sum to 1 (within ${SUM_TOLERANCE})`);
    return false;
  }

  /** Reports each name given more than once (at its second and later places). */
  private checkUnique(names: readonly string[], path: (i: number) => Path, what: string): boolean {
    const first = new Map<string, number>();
    let ok = true;
    names.forEach((name, i) => {
      const j = first.get(name);
      if (j === undefined) first.set(name, i);
      else {
        ok = false;
        this.report.add(path(i), 'duplicate_name', `${what} '${name}' is given twice (first at index ${j}); names must be unique`);
      }
    });
    return ok;
  }

  private host(path: Path, fallback: { servers: number; service: DurationDist | Raw }): HostSpec | undefined {
    const servers = this.integer([...path, 'servers'], fallback.servers);
    const service = this.durationDist([...path, 'service'], fallback.service);
    return servers === undefined || service === undefined ? undefined : { servers, service };
  }

  // ---- sections ------------------------------------------------------------------------------

  resolve(overrides: ScenarioOverrides): Scenario | undefined {
    const r = this.report;
    const name = this.string(['name']);
    const description = this.string(['description'], DEFAULTS.description);
    const seed = this.integer(['seed'], DEFAULTS.seed);
    const shards = this.integer(['shards'], DEFAULTS.shards);

    const start = this.string(['start'], DEFAULTS.start);
    let calendar: { weekday: number; localUs: number; offsetUs: number } | undefined;
    if (start !== undefined) {
      const parsed = parseStart(start);
      if (typeof parsed === 'string') r.add(['start'], 'invalid_format', parsed);
      else calendar = parsed;
    }

    const fileDurationUs = this.duration(['duration'], undefined, 'positive');
    const bucketUs = this.duration(['bucket'], DEFAULTS.bucket, 'positive');
    const warmupUs = this.duration(['warmup'], DEFAULTS.warmup, 'non-negative');
    if (fileDurationUs !== undefined && warmupUs !== undefined && warmupUs >= fileDurationUs) {
      r.add(['warmup'], 'out_of_range', `warmup ${formatDuration(warmupUs)} must be shorter than the duration ${formatDuration(fileDurationUs)}`);
    }

    this.currency = this.string(['currency'], DEFAULTS.currency);
    this.exponent = this.currency === undefined ? undefined : CURRENCY_EXPONENTS[this.currency];

    const cards = this.cards();
    const issuers = this.issuers();
    const acquirers = this.acquirers();
    const sw = this.switchSpec();
    const links = this.links();
    const merchants = this.merchants();
    const channelWeights = this.channels(merchants);
    const demand = this.demand();
    const wallet = this.wallet(issuers, channelWeights);
    const declines = this.declines();
    const faults = fileDurationUs === undefined ? undefined : this.faults(fileDurationUs);
    const crossBorderIssuers = this.foreignIssuers();
    const money = this.moneySpec(calendar?.offsetUs, crossBorderIssuers);

    // Timers and buckets.
    if (merchants !== undefined && acquirers !== undefined) this.checkTimeouts(merchants.terminalTimeoutUs, acquirers);
    if (fileDurationUs !== undefined && bucketUs !== undefined) {
      if (fileDurationUs % bucketUs !== 0) {
        const onBucket = this.present(['bucket']);
        r.add(
          onBucket ? ['bucket'] : ['duration'],
          'bucket_not_divisor',
          `the bucket ${formatDuration(bucketUs)}${onBucket ? '' : ' (default)'} does not divide the duration ${formatDuration(fileDurationUs)}; the run must be a whole number of buckets`,
        );
      }
      if (merchants !== undefined && bucketUs < merchants.terminalTimeoutUs) {
        const onBucket = this.present(['bucket']);
        r.add(
          onBucket ? ['bucket'] : ['merchants', 'terminal_timeout'],
          'bucket_too_short',
          `the bucket ${formatDuration(bucketUs)} is shorter than merchants.terminal_timeout ${formatDuration(merchants.terminalTimeoutUs)}; every purchase must resolve before the bucket after the one it started in closes`,
        );
      }
    }

    // Command-line overrides.
    let runSeed = seed;
    if (overrides.seed !== undefined) {
      if (Number.isSafeInteger(overrides.seed) && overrides.seed >= 0) runSeed = overrides.seed;
      else r.override('--seed', `the seed must be a whole number >= 0; got ${describeValue(overrides.seed)}`);
    }
    let durationUs = fileDurationUs;
    if (overrides.durationUs !== undefined) {
      const d = overrides.durationUs;
      if (!Number.isSafeInteger(d) || d <= 0) {
        r.override('--duration', `the duration must be a positive whole number of microseconds; got ${describeValue(d)}`);
      } else {
        durationUs = d;
        if (bucketUs !== undefined && d % bucketUs !== 0) {
          r.override('--duration', `${formatDuration(d)} is not a whole number of buckets (bucket ${formatDuration(bucketUs)})`);
        }
        if (warmupUs !== undefined && warmupUs >= d) {
          r.override('--duration', `${formatDuration(d)} is not longer than the warmup ${formatDuration(warmupUs)}`);
        }
      }
    }

    if (
      name === undefined ||
      description === undefined ||
      runSeed === undefined ||
      shards === undefined ||
      start === undefined ||
      calendar === undefined ||
      durationUs === undefined ||
      bucketUs === undefined ||
      warmupUs === undefined ||
      this.currency === undefined ||
      this.exponent === undefined ||
      cards === undefined ||
      issuers === undefined ||
      acquirers === undefined ||
      sw === undefined ||
      links === undefined ||
      merchants === undefined ||
      channelWeights === undefined ||
      demand === undefined ||
      wallet === undefined ||
      declines === undefined ||
      faults === undefined ||
      money === undefined
    ) {
      return undefined;
    }
    return {
      name,
      description,
      path: this.loaded.absPath,
      sha256: this.loaded.sha256,
      seed: runSeed,
      shards,
      start,
      startWeekday: calendar.weekday,
      startLocalUs: calendar.localUs,
      durationUs,
      bucketUs,
      warmupUs,
      currency: this.currency,
      currencyExponent: this.exponent,
      cards,
      issuers,
      acquirers,
      switch: sw,
      links,
      merchants,
      demand,
      channelWeights,
      wallet,
      declines,
      faults: clipFaults(faults, durationUs),
      ...(money.spec !== undefined && { money: money.spec }),
    };
  }

  private cards(): CardsSpec | undefined {
    const p = (...keys: string[]): Path => ['cards', ...keys];
    const d = DEFAULTS.cards;
    const count = this.integer(p('count'));
    const activeShare = this.number(p('active_share'), d.active_share);
    const debit = this.number(p('products', 'debit'), d.products.debit);
    const credit = this.number(p('products', 'credit'), d.products.credit);
    if (debit !== undefined && credit !== undefined) this.sumsToOne([debit, credit], p('products'), 'the debit and credit shares');
    const expiredShare = this.number(p('expired_share'), d.expired_share);
    const blockedShare = this.number(p('blocked_share'), d.blocked_share);
    if (expiredShare !== undefined && blockedShare !== undefined && expiredShare + blockedShare > 1) {
      this.report.add(
        this.present(p('blocked_share')) ? p('blocked_share') : p('expired_share'),
        'out_of_range',
        `expired_share + blocked_share = ${formatNumber(expiredShare + blockedShare)}; together they cannot exceed 1`,
      );
    }
    const unlimitedFunds = this.boolean(p('unlimited_funds'), d.unlimited_funds);
    const debitBalance = this.amountDist(p('balance', 'debit'), d.balance.debit, false);
    const creditLimit = this.amountDist(p('balance', 'credit'), d.balance.credit, false);
    const debitIncomePerDayMinor = this.money(p('income_per_day', 'debit'), d.income_per_day.debit);
    const creditRepaymentPerDayMinor = this.money(p('income_per_day', 'credit'), d.income_per_day.credit);
    if (
      count === undefined ||
      activeShare === undefined ||
      credit === undefined ||
      expiredShare === undefined ||
      blockedShare === undefined ||
      unlimitedFunds === undefined ||
      debitBalance === undefined ||
      creditLimit === undefined ||
      debitIncomePerDayMinor === undefined ||
      creditRepaymentPerDayMinor === undefined
    ) {
      return undefined;
    }
    return {
      count,
      activeShare,
      creditShare: credit,
      expiredShare,
      blockedShare,
      unlimitedFunds,
      debitBalance,
      creditLimit,
      debitIncomePerDayMinor,
      creditRepaymentPerDayMinor,
    };
  }

  /**
   * The parts common to issuers and acquirers: names, shares, hosts. `names` is returned even when
   * the rest fails, so that references to the parties can still be checked.
   */
  private party(role: 'issuer' | 'acquirer'): { names?: string[]; shares?: number[]; hosts?: HostSpec[] } {
    const plural = `${role}s`;
    const p = (...keys: (string | number)[]): Path => [plural, ...keys];
    const count = this.integer(p('count'));
    const given = this.strings(p('names'));
    let names: string[] | undefined;
    let namesOk = true;
    if (given !== undefined && this.present(p('names'))) {
      names = given;
      if (count !== undefined && given.length !== count) {
        namesOk = false;
        this.report.add(p('names'), 'count_mismatch', `${given.length} name${given.length === 1 ? '' : 's'} for ${count} ${plural} (count); give exactly one name per ${role}`);
      }
      if (!this.checkUnique(given, (i) => p('names', i), `${role} name`)) namesOk = false;
    } else if (count !== undefined && !this.present(p('names'))) {
      const label = role === 'issuer' ? 'Issuer' : 'Acquirer';
      names = Array.from({ length: count }, (_, i) => `${label} ${i + 1}`);
    }

    let shares: number[] | undefined;
    const rawShares = this.raw(p('shares'), DEFAULTS.shares);
    if (Array.isArray(rawShares)) {
      const list = this.numbers(p('shares'));
      if (list !== undefined) {
        let ok = this.sumsToOne(list, p('shares'), `the ${role} shares`);
        if (count !== undefined && list.length !== count) {
          ok = false;
          this.report.add(p('shares'), 'count_mismatch', `${list.length} share${list.length === 1 ? '' : 's'} for ${count} ${plural} (count); give exactly one share per ${role}`);
        }
        if (ok) shares = list;
      }
    } else if (isObj(rawShares) && count !== undefined) {
      const s = rawShares['zipf'];
      if (typeof s === 'number') {
        const weights = Array.from({ length: count }, (_, k) => (k + 1) ** -s);
        const total = sum(weights);
        shares = weights.map((w) => w / total);
      } else if (rawShares['equal'] === true) {
        shares = Array.from({ length: count }, () => 1 / count);
      }
    }

    const defaults = role === 'issuer' ? DEFAULTS.issuers.host : DEFAULTS.acquirers.host;
    const base = this.host(p('host'), defaults);
    const overrides = new Map<string, HostSpec | undefined>();
    const rawHosts = this.peek(p('hosts'));
    if (isObj(rawHosts)) {
      for (const key of Object.keys(rawHosts)) {
        if (names !== undefined && !names.includes(key)) {
          this.report.add(p('hosts', key), 'unknown_name', `unknown ${role} '${key}' in ${plural}.hosts${didYouMean(key, names) || `; the ${plural} are ${quoteList(names)}`}`, 'key');
          continue;
        }
        if (base !== undefined) overrides.set(key, this.host(p('hosts', key), base));
      }
    }
    let hosts: HostSpec[] | undefined;
    if (names !== undefined && base !== undefined && [...overrides.values()].every((h) => h !== undefined)) {
      hosts = names.map((n) => overrides.get(n) ?? base);
    }
    return namesOk && names !== undefined ? { names, ...(shares && { shares }), ...(hosts && { hosts }) } : { ...(names && { names }) };
  }

  private issuerNames: string[] | undefined;
  private acquirerNames: string[] | undefined;

  private issuers(): IssuerSpec[] | undefined {
    const { names, shares, hosts } = this.party('issuer');
    this.issuerNames = names;
    const walletNames = this.strings(['issuers', 'wallet'], DEFAULTS.issuers.wallet);
    let walletOk = walletNames !== undefined;
    if (walletNames !== undefined && names !== undefined) {
      walletNames.forEach((w, i) => {
        if (!names.includes(w)) {
          walletOk = false;
          this.report.add(['issuers', 'wallet', i], 'unknown_name', `unknown issuer '${w}' in issuers.wallet${didYouMean(w, names) || `; the issuers are ${quoteList(names)}`}`);
        }
      });
      if (!this.checkUnique(walletNames, (i) => ['issuers', 'wallet', i], 'wallet issuer')) walletOk = false;
    }
    const activity = new Map<string, number>();
    const rawActivity = this.peek(['issuers', 'activity']);
    if (isObj(rawActivity) && names !== undefined) {
      for (const key of Object.keys(rawActivity)) {
        if (!names.includes(key)) {
          walletOk = false;
          this.report.add(['issuers', 'activity', key], 'unknown_name', `unknown issuer '${key}' in issuers.activity${didYouMean(key, names) || `; the issuers are ${quoteList(names)}`}`, 'key');
          continue;
        }
        const v = this.number(['issuers', 'activity', key]);
        if (v === undefined) walletOk = false;
        else activity.set(key, v);
      }
    } else if (this.raw(['issuers', 'activity']) === BAD) {
      walletOk = false;
    }
    if (names === undefined || shares === undefined || hosts === undefined || !walletOk || walletNames === undefined) return undefined;
    const out: IssuerSpec[] = [];
    for (const [i, name] of names.entries()) {
      const share = shares[i];
      const host = hosts[i];
      if (share === undefined || host === undefined) return undefined;
      out.push({ name, share, wallet: walletNames.includes(name), activity: activity.get(name) ?? 1, host });
    }
    return out;
  }

  private acquirers(): AcquirerSpec[] | undefined {
    const { names, shares, hosts } = this.party('acquirer');
    this.acquirerNames = names;
    const timeout = this.duration(['acquirers', 'timeout'], DEFAULTS.acquirers.timeout, 'positive');
    const perName = new Map<string, number | undefined>();
    const rawTimeouts = this.peek(['acquirers', 'timeouts']);
    if (isObj(rawTimeouts)) {
      for (const key of Object.keys(rawTimeouts)) {
        if (names !== undefined && !names.includes(key)) {
          this.report.add(['acquirers', 'timeouts', key], 'unknown_name', `unknown acquirer '${key}' in acquirers.timeouts${didYouMean(key, names) || `; the acquirers are ${quoteList(names)}`}`, 'key');
          continue;
        }
        perName.set(key, this.duration(['acquirers', 'timeouts', key], undefined, 'positive'));
      }
    }
    if (names === undefined || shares === undefined || hosts === undefined || timeout === undefined) return undefined;
    if ([...perName.values()].some((t) => t === undefined)) return undefined;
    const out: AcquirerSpec[] = [];
    for (const [i, name] of names.entries()) {
      const share = shares[i];
      const host = hosts[i];
      if (share === undefined || host === undefined) return undefined;
      out.push({ name, share, host, timeoutUs: perName.get(name) ?? timeout });
    }
    return out;
  }

  private switchSpec(): SwitchSpec | undefined {
    const d = DEFAULTS.switch;
    const name = this.string(['switch', 'name'], d.name);
    const host = this.host(['switch', 'host'], d.host);
    const detokenize = this.durationDist(['switch', 'detokenize'], d.detokenize);
    const issuerTimeoutUs = this.duration(['switch', 'issuer_timeout'], d.issuer_timeout, 'positive');
    const s = (key: string): Path => ['switch', 'stand_in', key];
    const enabled = this.boolean(s('enabled'), d.stand_in.enabled);
    const maxAmountMinor = this.money(s('max_amount'), d.stand_in.max_amount);
    const maxCountPerDay = this.integer(s('max_count_per_day'), d.stand_in.max_count_per_day);
    const maxAmountPerDayMinor = this.money(s('max_amount_per_day'), d.stand_in.max_amount_per_day);
    if (
      name === undefined ||
      host === undefined ||
      detokenize === undefined ||
      issuerTimeoutUs === undefined ||
      enabled === undefined ||
      maxAmountMinor === undefined ||
      maxCountPerDay === undefined ||
      maxAmountPerDayMinor === undefined
    ) {
      return undefined;
    }
    return { name, host, detokenize, issuerTimeoutUs, standIn: { enabled, maxAmountMinor, maxCountPerDay, maxAmountPerDayMinor } };
  }

  private links(): LinksSpec | undefined {
    const d = DEFAULTS.links;
    const terminalAcquirer = this.durationDist(['links', 'terminal_acquirer'], d.terminal_acquirer);
    const acquirerSwitch = this.durationDist(['links', 'acquirer_switch'], d.acquirer_switch);
    const switchIssuer = this.durationDist(['links', 'switch_issuer'], d.switch_issuer);
    if (terminalAcquirer === undefined || acquirerSwitch === undefined || switchIssuer === undefined) {
      // The response links default to these; still check the ones written.
      for (const key of ['issuer_switch', 'switch_acquirer', 'acquirer_terminal'] as const) {
        if (this.present(['links', key])) this.durationDist(['links', key], undefined);
      }
      return undefined;
    }
    const issuerSwitch = this.durationDist(['links', 'issuer_switch'], switchIssuer);
    const switchAcquirer = this.durationDist(['links', 'switch_acquirer'], acquirerSwitch);
    const acquirerTerminal = this.durationDist(['links', 'acquirer_terminal'], terminalAcquirer);
    if (issuerSwitch === undefined || switchAcquirer === undefined || acquirerTerminal === undefined) return undefined;
    return { terminalAcquirer, acquirerSwitch, switchIssuer, issuerSwitch, switchAcquirer, acquirerTerminal };
  }

  private merchants(): MerchantsSpec | undefined {
    const d = DEFAULTS.merchants;
    const p = (...keys: (string | number)[]): Path => ['merchants', ...keys];
    const terminals = this.integer(p('terminals'));
    const terminalsPerMerchant = this.integer(p('terminals_per_merchant'), d.terminals_per_merchant);
    const terminalTimeoutUs = this.duration(p('terminal_timeout'), d.terminal_timeout, 'positive');
    const caps = (['chip', 'contactless', 'nfc_token', 'qr'] as const).map((c) => this.number(p('capabilities', c), d.capabilities[c]));

    let categories: CategorySpec[] | undefined;
    const rawCategories = this.peek(p('categories'));
    const count = Array.isArray(rawCategories) ? rawCategories.length : 0;
    const resolved: (CategorySpec | undefined)[] = [];
    for (let i = 0; i < count; i++) {
      const name = this.string(p('categories', i, 'name'));
      const mcc = this.integer(p('categories', i, 'mcc'));
      const share = this.number(p('categories', i, 'share'));
      const ticket = this.amountDist(p('categories', i, 'ticket'), undefined, true);
      const cardNotPresent = this.boolean(p('categories', i, 'card_not_present'), d.card_not_present);
      resolved.push(
        name === undefined || mcc === undefined || share === undefined || ticket === undefined || cardNotPresent === undefined
          ? undefined
          : { name, mcc, share, ticket, cardNotPresent },
      );
    }
    // Names and shares are checked on what was written, even if another field of a category is bad.
    if (Array.isArray(rawCategories)) {
      const names: string[] = [];
      const namePaths: Path[] = [];
      const shares: number[] = [];
      let sharesOk = true;
      for (let i = 0; i < count; i++) {
        const n = this.string(p('categories', i, 'name'));
        if (n !== undefined) {
          names.push(n);
          namePaths.push(p('categories', i, 'name'));
        }
        const s = this.number(p('categories', i, 'share'));
        if (s === undefined) sharesOk = false;
        else shares.push(s);
      }
      const unique = this.checkUnique(names, (i) => namePaths[i] ?? p('categories'), 'category name');
      const summed = sharesOk && count > 0 ? this.sumsToOne(shares, p('categories'), 'the category shares') : sharesOk;
      if (unique && summed && resolved.every((c) => c !== undefined)) categories = resolved as CategorySpec[];
    }

    const [chip, contactless, nfcToken, qr] = caps;
    if (
      terminals === undefined ||
      terminalsPerMerchant === undefined ||
      terminalTimeoutUs === undefined ||
      chip === undefined ||
      contactless === undefined ||
      nfcToken === undefined ||
      qr === undefined ||
      categories === undefined
    ) {
      return undefined;
    }
    return { terminals, terminalsPerMerchant, categories, capabilityShare: [chip, contactless, nfcToken, qr, 0], terminalTimeoutUs };
  }

  private channels(merchants: MerchantsSpec | undefined): number[] | undefined {
    const d = DEFAULTS.channels;
    const chip = this.number(['channels', 'chip'], d.chip);
    const contactless = this.number(['channels', 'contactless'], d.contactless);
    const qr = this.number(['channels', 'qr'], d.qr);
    const nfcToken = this.number(['channels', 'nfc_token'], d.nfc_token);
    if (chip === undefined || contactless === undefined || qr === undefined || nfcToken === undefined) return undefined;
    if (chip + contactless + qr <= 0) {
      this.report.add(['channels'], 'no_channel', 'the card channels chip, contactless and qr all have weight 0; at least one must be positive');
      return undefined;
    }
    if (merchants !== undefined && merchants.categories.some((c) => !c.cardNotPresent)) {
      const cap = merchants.capabilityShare;
      const usable = chip * (cap[0] ?? 0) + contactless * (cap[1] ?? 0) + qr * (cap[3] ?? 0);
      if (usable <= 0) {
        this.report.add(
          this.present(['merchants', 'capabilities']) ? ['merchants', 'capabilities'] : ['channels'],
          'no_channel',
          'no card channel is both supported by terminals (merchants.capabilities) and given a positive weight (channels); card-present purchases could not happen',
        );
        return undefined;
      }
    }
    return [chip, contactless, nfcToken, qr, 1];
  }

  private demand(): DemandSpec | undefined {
    const d = DEFAULTS.demand;
    const perCardGiven = this.present(['demand', 'per_card_per_day']);
    const perSecondGiven = this.present(['demand', 'per_second']);
    if (perCardGiven && perSecondGiven) {
      this.report.add(['demand', 'per_second'], 'conflicting_keys', 'give either per_card_per_day or per_second, not both', 'key');
      return undefined;
    }
    if (perSecondGiven) {
      const constantPerSecond = this.number(['demand', 'per_second']);
      if (constantPerSecond === undefined) return undefined;
      // A constant rate: the hourly and weekly profiles do not apply.
      return { perCardPerDay: 0, constantPerSecond, hourly: flatHourly(), weekly: [1, 1, 1, 1, 1, 1, 1] };
    }
    const perCardPerDay = this.number(['demand', 'per_card_per_day'], d.per_card_per_day);
    const hourly = this.numbers(['demand', 'hourly'], d.hourly);
    const weekly = this.numbers(['demand', 'weekly'], d.weekly);
    const hourlyOk = hourly !== undefined && this.sumsToOne(hourly, ['demand', 'hourly'], 'the hourly weights');
    if (weekly !== undefined && weekly.every((w) => w === 0)) {
      this.report.add(['demand', 'weekly'], 'out_of_range', 'every weekly multiplier is 0; no purchase would ever happen');
      return undefined;
    }
    if (perCardPerDay === undefined || hourly === undefined || !hourlyOk || weekly === undefined) return undefined;
    return { perCardPerDay, constantPerSecond: 0, hourly: [...hourly], weekly: [...weekly] };
  }

  private wallet(issuers: IssuerSpec[] | undefined, channelWeights: number[] | undefined): WalletSpec | undefined {
    const d = DEFAULTS.wallet;
    const p = (...keys: string[]): Path => ['wallet', ...keys];
    const present = this.present(['wallet']);
    if (present && this.raw(['wallet']) === BAD) return undefined;
    const enabled = present ? this.boolean(p('enabled'), d.enabled) : false;
    const name = this.string(p('name'), d.name);
    const eligibleShare = this.number(p('eligible_share'), d.eligible_share);
    const bassP = this.number(p('bass', 'p'), d.bass.p);
    const bassQ = this.number(p('bass', 'q'), d.bass.q);
    const stepUpShare = this.number(p('step_up_share'), d.step_up_share);
    const provisioningFailure = this.number(p('provisioning_failure'), d.provisioning_failure);
    const uplift = this.number(p('uplift'), d.uplift);
    if (enabled === true && this.issuerNames !== undefined) {
      const walletNames = this.strings(['issuers', 'wallet'], DEFAULTS.issuers.wallet);
      if (walletNames !== undefined && walletNames.length === 0) {
        this.report.add(['wallet'], 'wallet_no_issuer', 'the wallet is enabled but no issuer offers it; list the wallet issuers in issuers.wallet', 'key');
        return undefined;
      }
    }
    const tokenWeight = channelWeights?.[2];
    if (
      enabled === undefined ||
      name === undefined ||
      eligibleShare === undefined ||
      bassP === undefined ||
      bassQ === undefined ||
      stepUpShare === undefined ||
      provisioningFailure === undefined ||
      uplift === undefined ||
      tokenWeight === undefined ||
      issuers === undefined
    ) {
      return undefined;
    }
    return { enabled, name, eligibleShare, bassP, bassQ, stepUpShare, provisioningFailure, uplift, tokenWeight };
  }

  private declines(): DeclinesSpec | undefined {
    const d = DEFAULTS.declines;
    const raw = this.raw(['declines'], d);
    const defaultMix = Object.entries(d.mix)
      .map(([code, weight]) => ({ code, weight }))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
    if (raw === 'none') return { randomRateCardPresent: 0, randomRateCardNotPresent: 0, mix: defaultMix, invalidPanRate: 0 };
    if (!isObj(raw)) return undefined;
    const randomRateCardPresent = this.number(['declines', 'random_rate', 'card_present'], d.random_rate.card_present);
    const randomRateCardNotPresent = this.number(['declines', 'random_rate', 'card_not_present'], d.random_rate.card_not_present);
    const invalidPanRate = this.number(['declines', 'invalid_pan_rate'], d.invalid_pan_rate);
    let mix: { code: string; weight: number }[] | undefined;
    const rawMix = this.raw(['declines', 'mix'], d.mix);
    if (isObj(rawMix)) {
      const entries = Object.entries(rawMix).filter((e): e is [string, number] => typeof e[1] === 'number');
      let ok = entries.length === Object.keys(rawMix).length;
      if (Object.prototype.hasOwnProperty.call(rawMix, '00')) {
        ok = false;
        this.report.add(['declines', 'mix', '00'], 'invalid_choice', "'00' is the approval code; it cannot be in the mix of decline codes", 'key');
      }
      if (!this.sumsToOne(entries.map((e) => e[1]), ['declines', 'mix'], 'the decline mix weights')) ok = false;
      // Sorted by code: one canonical order, whatever the order in the file.
      if (ok) mix = entries.map(([code, weight]) => ({ code, weight })).sort((a, b) => (a.code < b.code ? -1 : 1));
    }
    if (randomRateCardPresent === undefined || randomRateCardNotPresent === undefined || invalidPanRate === undefined || mix === undefined) {
      return undefined;
    }
    return { randomRateCardPresent, randomRateCardNotPresent, mix, invalidPanRate };
  }

  // ---- money: fees, clearing, cross-border issuers --------------------------------------------

  /**
   * `issuers.foreign` as a flag per issuer (their purchases are cross-border). Checked whether or
   * not the scenario has fees; undefined when a name is wrong (reported) or the issuers are.
   */
  private foreignIssuers(): boolean[] | undefined {
    const names = this.issuerNames;
    const foreign = this.strings(['issuers', 'foreign'], DEFAULTS.issuers.foreign);
    if (foreign === undefined) return undefined;
    let ok = true;
    foreign.forEach((f, i) => {
      if (names !== undefined && !names.includes(f)) {
        ok = false;
        this.report.add(['issuers', 'foreign', i], 'unknown_name', `unknown issuer '${f}' in issuers.foreign${didYouMean(f, names) || `; the issuers are ${quoteList(names)}`}`);
      }
    });
    if (!this.checkUnique(foreign, (i) => ['issuers', 'foreign', i], 'foreign issuer')) ok = false;
    return ok && names !== undefined ? names.map((n) => foreign.includes(n)) : undefined;
  }

  /**
   * The money of the run: `{}` when the scenario has no `fees` (a plain queueing network), the
   * resolved `MoneySpec` otherwise; undefined when something is wrong (reported).
   * @param startOffsetUs - UTC offset of `start` (undefined when `start` is in error).
   */
  private moneySpec(startOffsetUs: number | undefined, crossBorderIssuers: boolean[] | undefined): { spec?: MoneySpec } | undefined {
    if (!this.present(['fees'])) {
      if (!this.present(['clearing'])) return {};
      this.report.add(
        ['clearing'],
        'missing_key',
        "clearing needs a fee model: add fees: (a preset such as 'ru-2019', or a model; docs/fees.md)",
        'key',
      );
      return undefined;
    }

    let feeModel: FeeModel | undefined;
    const raw = this.raw(['fees']);
    if (raw !== BAD && this.currency !== undefined && this.exponent !== undefined) {
      const result = resolveFeeModel(raw, { currency: this.currency });
      for (const issue of result.errors) this.feeIssue(issue, false);
      for (const issue of result.warnings) this.feeIssue(issue, true);
      if (result.errors.length === 0) feeModel = result.model;
    }

    const d = DEFAULTS.clearing;
    const p = (...keys: string[]): Path => ['clearing', ...keys];
    const cutoff = this.localTime(p('cutoff'), d.cutoff);
    const cutoffs = this.perAcquirer('cutoffs', (path) => this.localTime(path));
    const zones = this.perAcquirer('time_zones', (path) => this.utcOffset(path));
    const settlementDays = this.integer(p('settlement_days'), d.settlement_days);
    const merchantPayoutDays = this.integer(p('merchant_payout_days'), d.merchant_payout_days);
    const chargebackShare = this.number(p('chargebacks', 'share'), d.chargebacks.share);
    const chargebackDelay = this.durationDist(p('chargebacks', 'delay'), d.chargebacks.delay);
    const chargebackWindowUs = this.duration(p('chargebacks', 'window'), d.chargebacks.window, 'positive');
    const settlementCurrencies = this.settlementCurrencies(feeModel);
    const names = this.acquirerNames;
    if (
      feeModel === undefined ||
      startOffsetUs === undefined ||
      crossBorderIssuers === undefined ||
      names === undefined ||
      cutoff === undefined ||
      cutoffs === undefined ||
      zones === undefined ||
      settlementDays === undefined ||
      merchantPayoutDays === undefined ||
      chargebackShare === undefined ||
      chargebackDelay === undefined ||
      chargebackWindowUs === undefined ||
      settlementCurrencies === undefined
    ) {
      return undefined;
    }
    return {
      spec: {
        feeModel,
        cutoffLocalUs: names.map((n) => cutoffs.get(n) ?? cutoff),
        acquirerZoneShiftUs: names.map((n) => (zones.get(n) ?? startOffsetUs) - startOffsetUs),
        settlementDays,
        merchantPayoutDays,
        chargebackShare,
        chargebackDelay,
        chargebackWindowUs,
        crossBorderIssuers,
        issuerSettlementCurrency: settlementCurrencies,
      },
    };
  }

  /**
   * An error or warning of `resolveFeeModel`, whose path is relative to `fees`: placed at that
   * node, or at the nearest enclosing node written in the file.
   */
  private feeIssue(issue: FeeFormatIssue, warning: boolean): void {
    const path: Path = ['fees', ...issue.path];
    const code = scenarioCode(issue.code);
    const at = issue.code === 'unknown_key' ? 'key' : 'value';
    // Messages of the fee module often start with their key ("pct: ..."), which the path says already.
    const lead = `${String(path[path.length - 1])}: `;
    const message = issue.message.startsWith(lead) ? issue.message.slice(lead.length) : issue.message;
    if (warning) this.report.warn(path, code, message, at);
    else this.report.add(path, code, message, at);
  }

  /** A local time 'HH:MM' as µs after midnight. */
  private localTime(path: Path, fallback?: string): number | undefined {
    const text = this.string(path, fallback);
    if (text === undefined || !new RegExp(LOCAL_TIME_PATTERN).test(text)) return undefined;
    return (Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5))) * 60_000_000;
  }

  /** A UTC offset '+HH:MM' / '-HH:MM' / 'Z' in µs, between -12:00 and +14:00 (the offsets in use). */
  private utcOffset(path: Path): number | undefined {
    const text = this.string(path);
    if (text === undefined || !new RegExp(UTC_OFFSET_PATTERN).test(text)) return undefined;
    const us = offsetUs(text);
    if (Number(text.slice(4, 6)) > 59 || us < -12 * 3_600_000_000 || us > 14 * 3_600_000_000) {
      this.report.add(path, 'out_of_range', `UTC offsets lie between -12:00 and +14:00 (minutes below 60); got '${text}'`);
      return undefined;
    }
    return us;
  }

  /**
   * A `clearing` mapping keyed by acquirer name (`cutoffs`, `time_zones`), each value read by
   * `read`; unknown names are reported with the nearest one. Undefined when any entry is wrong.
   */
  /**
   * `clearing.settlement_currencies`: each issuer's settlement currency (default the scenario's).
   * A currency other than the scenario's needs a rate between the two in the fee model's fx.rates.
   */
  private settlementCurrencies(feeModel: FeeModel | undefined): string[] | undefined {
    const names = this.issuerNames;
    const base = this.currency;
    const raw = this.peek(['clearing', 'settlement_currencies']);
    if (names === undefined || base === undefined) return undefined;
    const out = names.map(() => base);
    let ok = true;
    if (isObj(raw)) {
      for (const name of Object.keys(raw)) {
        const path: Path = ['clearing', 'settlement_currencies', name];
        const i = names.indexOf(name);
        if (i < 0) {
          ok = false;
          this.report.add(path, 'unknown_name', `unknown issuer '${name}' in clearing.settlement_currencies${didYouMean(name, names) || `; the issuers are ${quoteList(names)}`}`, 'key');
          continue;
        }
        const code = raw[name];
        if (typeof code !== 'string' || CURRENCY_EXPONENTS[code] === undefined) {
          ok = false;
          this.report.add(path, 'invalid_choice', `unknown currency ${describeValue(code)}; known currencies are ${quoteList(Object.keys(CURRENCY_EXPONENTS))}`);
          continue;
        }
        if (code !== base && feeModel !== undefined) {
          const rates = feeModel.fx.rates;
          if (!rates.some((r) => (r.from === code && r.to === base) || (r.from === base && r.to === code))) {
            ok = false;
            this.report.add(path, 'missing_key', `settling ${name} in ${code} needs a rate: add fees: {fx: {rates: {"${code}/${base}": <rate>}}}`);
            continue;
          }
        }
        out[i] = code;
      }
    } else if (this.raw(['clearing', 'settlement_currencies']) === BAD) {
      ok = false;
    }
    return ok ? out : undefined;
  }

  private perAcquirer(key: string, read: (path: Path) => number | undefined): Map<string, number> | undefined {
    const out = new Map<string, number>();
    const names = this.acquirerNames;
    const raw = this.peek(['clearing', key]);
    let ok = true;
    if (isObj(raw)) {
      for (const name of Object.keys(raw)) {
        const path: Path = ['clearing', key, name];
        if (names !== undefined && !names.includes(name)) {
          ok = false;
          this.report.add(path, 'unknown_name', `unknown acquirer '${name}' in clearing.${key}${didYouMean(name, names) || `; the acquirers are ${quoteList(names)}`}`, 'key');
          continue;
        }
        const value = read(path);
        if (value === undefined) ok = false;
        else out.set(name, value);
      }
    } else if (this.raw(['clearing', key]) === BAD) {
      ok = false;
    }
    return ok ? out : undefined;
  }

  /** A host reference: "switch", "issuer:<name>" or "acquirer:<name>". */
  private hostRef(path: Path): HostRef | undefined {
    const text = this.string(path);
    if (text === undefined) return undefined;
    const refs = ['switch', ...(this.issuerNames ?? []).map((n) => `issuer:${n}`), ...(this.acquirerNames ?? []).map((n) => `acquirer:${n}`)];
    if (text.trim() === 'switch') return { role: 'switch', index: 0 };
    const m = /^(issuer|acquirer):\s*(.+)$/.exec(text.trim());
    if (m) {
      const role = m[1] as 'issuer' | 'acquirer';
      const names = role === 'issuer' ? this.issuerNames : this.acquirerNames;
      if (names === undefined) return undefined; // the names themselves are in error
      const index = names.indexOf((m[2] ?? '').trim());
      if (index >= 0) return { role, index };
      this.report.add(path, 'unknown_name', `unknown ${role} '${(m[2] ?? '').trim()}'${didYouMean(text, refs) || `; the ${role}s are ${quoteList(names)}`}`);
      return undefined;
    }
    this.report.add(path, 'unknown_name', `unknown host '${text}'; expected "switch", "issuer:<name>" or "acquirer:<name>"${didYouMean(text, refs)}`);
    return undefined;
  }

  private faults(runUs: number): FaultSpec[] | undefined {
    const list = this.raw(['faults'], DEFAULTS.faults);
    if (list === BAD) {
      // Some fault is structurally wrong; still check the others.
      const rawList = this.root['faults'];
      if (!Array.isArray(rawList)) return undefined;
      rawList.forEach((_, i) => this.fault(i, runUs));
      return undefined;
    }
    if (!Array.isArray(list)) return undefined;
    const out: FaultSpec[] = [];
    let ok = true;
    list.forEach((_, i) => {
      const f = this.fault(i, runUs);
      if (f === undefined) ok = false;
      else out.push(f);
    });
    return ok ? out : undefined;
  }

  private fault(i: number, runUs: number): FaultSpec | undefined {
    const p = (...keys: string[]): Path => ['faults', i, ...keys];
    const raw = this.root['faults'];
    const item: unknown = Array.isArray(raw) ? raw[i] : undefined;
    if (!isObj(item)) return undefined;
    const kind = item['kind'];
    if (kind !== 'host_down' && kind !== 'capacity' && kind !== 'latency') return undefined;

    // The window.
    const fromUs = this.duration(p('from'), undefined, 'any');
    const toGiven = this.present(p('to'));
    const durationGiven = this.present(p('duration'));
    let toUs: number | undefined;
    let endPath = p('to');
    if (toGiven && durationGiven) {
      this.report.add(p('duration'), 'conflicting_keys', 'give either to or duration, not both', 'key');
    } else if (!toGiven && !durationGiven) {
      this.report.add(p('to'), 'missing_key', `missing the end of the fault window in faults[${i}]: give to (a time from the start) or duration (a length)`, 'value', p());
    } else if (toGiven) {
      toUs = this.duration(p('to'), undefined, 'any');
    } else {
      endPath = p('duration');
      const lengthUs = this.duration(p('duration'), undefined, 'any');
      toUs = lengthUs === undefined || fromUs === undefined ? undefined : fromUs + lengthUs;
    }
    let windowOk = fromUs !== undefined && toUs !== undefined;
    if (fromUs !== undefined && fromUs < 0) {
      windowOk = false;
      this.report.add(p('from'), 'fault_window', `the fault starts at ${formatDuration(fromUs)}, before the start of the run`);
    }
    if (fromUs !== undefined && toUs !== undefined && fromUs >= 0) {
      if (fromUs >= toUs) {
        windowOk = false;
        this.report.add(endPath, 'fault_window', `the fault window is empty: it ends at ${formatDuration(toUs)}, not after its start ${formatDuration(fromUs)}`);
      } else if (toUs > runUs) {
        windowOk = false;
        this.report.add(endPath, 'fault_window', `the fault ends at ${formatDuration(toUs)}, after the end of the run at ${formatDuration(runUs)}`);
      }
    }

    if (kind === 'host_down') {
      const host = this.hostRef(p('host'));
      const hung = this.boolean(p('hung'), false);
      if (!windowOk || host === undefined || hung === undefined || fromUs === undefined || toUs === undefined) return undefined;
      return { kind, host, hung, fromUs, toUs };
    }
    if (kind === 'capacity') {
      const host = this.hostRef(p('host'));
      const servers = this.integer(p('servers'));
      if (!windowOk || host === undefined || servers === undefined || fromUs === undefined || toUs === undefined) return undefined;
      return { kind, host, servers, fromUs, toUs };
    }
    const link = this.string(p('link'));
    const addUs = this.duration(p('add'), undefined, 'non-negative');
    let party = -1;
    let partyOk = true;
    const partyName = this.string(p('party'));
    if (this.present(p('party'))) {
      partyOk = false;
      if (partyName !== undefined && link !== undefined) {
        const issuerSide = link === 'switch_issuer' || link === 'issuer_switch';
        const role = issuerSide ? 'issuer' : 'acquirer';
        const names = issuerSide ? this.issuerNames : this.acquirerNames;
        if (names !== undefined) {
          party = names.indexOf(partyName);
          if (party >= 0) partyOk = true;
          else {
            this.report.add(
              p('party'),
              'unknown_name',
              `unknown ${role} '${partyName}' (the ${link} link belongs to ${role}s)${didYouMean(partyName, names) || `; the ${role}s are ${quoteList(names)}`}`,
            );
          }
        }
      }
    }
    if (!windowOk || !partyOk || link === undefined || addUs === undefined || fromUs === undefined || toUs === undefined) return undefined;
    if (!(LINK_KEYS as readonly string[]).includes(link)) return undefined;
    return { kind, link: LINK_FIELD[link as LinkKey], party, addUs, fromUs, toUs };
  }

  /** Every acquirer's timer must expire before its terminals give up. */
  private checkTimeouts(terminalTimeoutUs: number, acquirers: readonly AcquirerSpec[]): void {
    const reported = new Set<string>();
    const overrides = this.raw(['acquirers', 'timeouts'], {});
    for (const a of acquirers) {
      if (a.timeoutUs < terminalTimeoutUs) continue;
      const own = isObj(overrides) && Object.prototype.hasOwnProperty.call(overrides, a.name);
      const path: Path = own
        ? ['acquirers', 'timeouts', a.name]
        : this.present(['acquirers', 'timeout'])
          ? ['acquirers', 'timeout']
          : ['merchants', 'terminal_timeout'];
      const key = formatPath(path);
      if (reported.has(key)) continue;
      reported.add(key);
      this.report.add(
        path,
        'timeout_order',
        `the timeout of acquirer '${a.name}' (${formatDuration(a.timeoutUs)}) must be shorter than merchants.terminal_timeout (${formatDuration(terminalTimeoutUs)}): the terminal must outlive its acquirer's timer`,
      );
    }
  }
}

const LINK_FIELD: Readonly<Record<LinkKey, keyof LinksSpec>> = {
  terminal_acquirer: 'terminalAcquirer',
  acquirer_switch: 'acquirerSwitch',
  switch_issuer: 'switchIssuer',
  issuer_switch: 'issuerSwitch',
  switch_acquirer: 'switchAcquirer',
  acquirer_terminal: 'acquirerTerminal',
};

function isResolvedDist(v: unknown): v is DurationDist {
  return isObj(v) && typeof v['kind'] === 'string';
}

/** Faults of a run shortened by `--duration`: windows past the end are clipped, or dropped if they start after it. */
function clipFaults(faults: readonly FaultSpec[], durationUs: number): FaultSpec[] {
  const out: FaultSpec[] = [];
  for (const f of faults) {
    if (f.fromUs >= durationUs) continue;
    out.push(f.toUs > durationUs ? { ...f, toUs: durationUs } : f);
  }
  return out;
}
