/**
 * The structure stage of the scenario pipeline: the document is checked against the JSON Schema
 * (`scenarioValidationSchema`, with ajv) and each failure is reported in plain words at its line
 * and column. The paths of the values that failed are returned: the section resolvers leave them
 * alone, so that one mistake gives one error.
 */

import type { ErrorObject } from 'ajv';
import { isScalar } from 'yaml';
import { type Obj, type Path, isObj, quoteList } from './context.js';
import { DURATION_PATTERN, parseDurationDetailed } from './duration.js';
import { describeValue, didYouMean, formatNumber, formatPath } from './errors.js';
import { keyNodeAt, type LoadedDocument } from './load.js';
import type { Reporter } from './report.js';
import { LOCAL_TIME_PATTERN, NAME_PATTERN, RESPONSE_CODE_PATTERN, START_PATTERN, UTC_OFFSET_PATTERN } from './schema-blocks.js';
import { scenarioValidator } from './structure-validator.js';

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

/** Messages of the string formats of the schema, by pattern. */
const PATTERN_MESSAGE: Readonly<Record<string, (text: string) => string>> = {
  [DURATION_PATTERN]: (text) => {
    const parsed = parseDurationDetailed(text);
    return parsed.ok ? `expected ${UNION_EXPECTED['duration']}` : parsed.reason;
  },
  [NAME_PATTERN]: (text) => `a scenario name may use only lower-case letters, digits, '_' and '-'; got '${text}'`,
  [START_PATTERN]: (text) => `expected an ISO 8601 date-time with offset, such as '2018-12-20T00:00:00+03:00'; got '${text}'`,
  [LOCAL_TIME_PATTERN]: (text) => `expected a local time 'HH:MM' from 00:00 to 23:59, such as '23:00'; got '${text}'`,
  [UTC_OFFSET_PATTERN]: (text) => `expected a UTC offset '+HH:MM' or '-HH:MM' (or 'Z'), such as '+07:00'; got '${text}'`,
};

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

/** One ajv failure, with what its handler needs. */
interface Failure {
  readonly e: ErrorObject;
  readonly path: Path;
  readonly parent: Record<string, unknown>;
  readonly data: unknown;
  readonly params: Record<string, unknown>;
  /** Title of the union definition that failed at this instance path, if any. */
  readonly unionTitle: string | undefined;
  readonly loaded: LoadedDocument;
  readonly report: Reporter;
}

/** Reports a failure; returns the path that is now bad, or undefined when nothing is (nothing reported). */
type Handler = (f: Failure) => Path | undefined;

const skip: Handler = () => undefined;

function unknownKey({ path, parent, params, report }: Failure): Path {
  const key = String(params['additionalProperty']);
  const known = Object.keys((parent['properties'] as Obj | undefined) ?? {});
  const hint = didYouMean(key, known) || (known.length > 0 ? `; expected one of: ${known.join(', ')}` : '');
  report.add([...path, key], 'unknown_key', `unknown key '${key}' ${where(path)}${hint}`, 'key');
  return [...path, key];
}

function missingKey({ path, parent, params, report }: Failure): Path {
  const key = String(params['missingProperty']);
  const properties = (parent['properties'] as Record<string, { description?: unknown }> | undefined) ?? {};
  const about = firstSentence(properties[key]?.description);
  report.add([...path, key], 'missing_key', `missing required key '${key}' ${where(path)}${about ? ` (${lowerFirst(about)})` : ''}`, 'value', path);
  return [...path, key];
}

function badTag({ path, parent, params, data, report }: Failure): Path {
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
  return path;
}

function wrongType({ path, parent, params, data, unionTitle, report }: Failure): Path {
  const title = unionTitle ?? (typeof parent['title'] === 'string' ? parent['title'] : undefined);
  const expected = (title !== undefined ? UNION_EXPECTED[title] : undefined) ?? TYPE_PHRASE[String(params['type'])] ?? String(params['type']);
  report.add(path, 'wrong_type', `expected ${expected}; got ${describeValue(data)}`);
  return path;
}

function badPattern({ e, path, params, data, loaded, report }: Failure): Path {
  const pattern = String(params['pattern']);
  if (e.propertyName !== undefined) {
    reportBadKey(loaded, report, path, e.propertyName, pattern);
    return [...path, e.propertyName];
  }
  const text = String(data);
  const known = Object.hasOwn(PATTERN_MESSAGE, pattern) ? PATTERN_MESSAGE[pattern] : undefined;
  const message = known?.(text) ?? `'${text}' does not have the expected form (${pattern})`;
  report.add(path, 'invalid_format', message);
  return path;
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

function badEnum({ path, params, data, report }: Failure): Path {
  const allowed = (params['allowedValues'] as unknown[] | undefined) ?? [];
  const hint = typeof data === 'string' ? didYouMean(data, allowed.map(String)) : '';
  const message =
    path.length === 1 && path[0] === 'currency'
      ? `unknown currency ${describeValue(data)}; known currencies: ${allowed.join(', ')}${hint}`
      : `expected one of ${quoteList(allowed)}; got ${describeValue(data)}${hint}`;
  report.add(path, 'invalid_choice', message);
  return path;
}

function badConst({ path, params, data, unionTitle, report }: Failure): Path {
  const expected = unionTitle !== undefined ? UNION_EXPECTED[unionTitle] : undefined;
  report.add(path, 'invalid_choice', `expected ${expected ?? describeValue(params['allowedValue'])}; got ${describeValue(data)}`);
  return path;
}

function outOfRange({ e, path, parent, params, data, report }: Failure): Path {
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
  return path;
}

function badItemCount({ e, path, parent, data, report }: Failure): Path {
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
  return path;
}

function badEntryCount({ e, path, parent, report }: Failure): Path {
  const keys = Object.keys((parent['properties'] as Obj | undefined) ?? {});
  if (keys.length > 0 && parent['maxProperties'] === 1) {
    const message = `expected exactly one of the keys ${quoteList(keys)}`;
    report.add(path, e.keyword === 'minProperties' ? 'missing_key' : 'conflicting_keys', message);
  } else {
    report.add(path, 'count_mismatch', `expected at least ${String(parent['minProperties'])} entry; got none`);
  }
  return path;
}

function otherwise({ e, path, report }: Failure): Path {
  report.add(path, 'wrong_type', `is not valid (${e.message ?? e.keyword})`);
  return path;
}

/**
 * The handler of each ajv keyword. `if`: reported through its branch; `propertyNames`: through its
 * inner error; `oneOf`: with a discriminator, the selected branch reports; nothing to add.
 */
const HANDLERS: Readonly<Record<string, Handler>> = {
  if: skip,
  propertyNames: skip,
  oneOf: skip,
  additionalProperties: unknownKey,
  required: missingKey,
  discriminator: badTag,
  type: wrongType,
  pattern: badPattern,
  minLength: ({ path, report }) => {
    report.add(path, 'invalid_format', 'must not be empty');
    return path;
  },
  enum: badEnum,
  const: badConst,
  minimum: outOfRange,
  maximum: outOfRange,
  exclusiveMinimum: outOfRange,
  exclusiveMaximum: outOfRange,
  minItems: badItemCount,
  maxItems: badItemCount,
  minProperties: badEntryCount,
  maxProperties: badEntryCount,
};

/**
 * Runs the JSON Schema check, reports each failure in plain words, and returns the paths of the
 * values that failed (the section resolvers leave them alone).
 */
export function checkStructure(loaded: LoadedDocument, root: Obj, report: Reporter): Path[] {
  const validate = scenarioValidator();
  if (validate(root)) return [];
  const errors: readonly ErrorObject[] = validate.errors ?? [];
  const bad: Path[] = [];
  // Titles of the union definitions that failed, by instance path (from their `if` errors).
  const unionTitles = new Map<string, string>();
  for (const e of errors) {
    const title = (e.parentSchema as { title?: unknown } | undefined)?.title;
    if (e.keyword === 'if' && typeof title === 'string') unionTitles.set(e.instancePath, title);
  }
  for (const e of errors) {
    const failure: Failure = {
      e,
      path: pointerToPath(e.instancePath, root),
      parent: (e.parentSchema ?? {}) as Record<string, unknown>,
      data: e.data,
      params: e.params as Record<string, unknown>,
      unionTitle: unionTitles.get(e.instancePath),
      loaded,
      report,
    };
    const handler = (Object.hasOwn(HANDLERS, e.keyword) ? HANDLERS[e.keyword] : undefined) ?? otherwise;
    const badPath = handler(failure);
    if (badPath !== undefined) bad.push(badPath);
  }
  return bad;
}
