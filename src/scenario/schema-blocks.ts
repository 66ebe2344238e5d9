/**
 * The building blocks of the scenario's JSON Schema (draft-07): the string formats, the
 * currencies and link classes the format knows, one function per kind of property, and the
 * definitions shared by several sections (durations, distributions, shares). Each section's own
 * fragment sits next to its resolver in `sections/`; `schema.ts` puts them together.
 *
 * Each block returns a fresh object so that the printed schema has no shared references and every
 * property carries its own description and default.
 */

import { DURATION_PATTERN } from './duration.js';

/** Scenario names: lower-case letters, digits, `_` and `-` (they name output folders). */
export const NAME_PATTERN = '^[a-z0-9_-]+$';

/** ISO 8601 date-time with an explicit offset: `2018-12-20T00:00:00+03:00`, seconds and fraction optional. */
export const START_PATTERN =
  '^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]{1,6}))?)?(Z|[+-][0-9]{2}:[0-9]{2})$';

/** A local time of day `HH:MM`, 00:00 to 23:59 (clearing cut-offs). */
export const LOCAL_TIME_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

/** A UTC offset `+07:00`, `-03:30` or `Z` (acquirer time zones); the range is checked in sections/money.ts. */
export const UTC_OFFSET_PATTERN = '^(Z|[+-][0-9]{2}:[0-9]{2})$';

/** ISO 8583 response codes: two characters, digits or capital letters. */
export const RESPONSE_CODE_PATTERN = '^[0-9A-Z]{2}$';

/** Currencies the simulator knows, with the decimal places of their minor unit (ISO 4217). */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = { RUB: 2, CNY: 2, USD: 2, EUR: 2, JPY: 0, KZT: 2, BYN: 2, UZS: 2, HUF: 2, RSD: 2, THB: 2, KRW: 0 };

/** The six link classes, request direction first, then the response direction. */
export const LINK_KEYS = [
  'terminal_acquirer',
  'acquirer_switch',
  'switch_issuer',
  'issuer_switch',
  'switch_acquirer',
  'acquirer_terminal',
] as const;
export type LinkKey = (typeof LINK_KEYS)[number];

// ---------------------------------------------------------------------------------------------
// Blocks.

/** A JSON Schema node. */
export type JsonSchema = Record<string, unknown>;

export function withDefault(schema: JsonSchema, def: unknown): JsonSchema {
  return def === undefined ? schema : { ...schema, default: def };
}

export function duration(description: string, def?: string): JsonSchema {
  return withDefault({ $ref: '#/definitions/duration', description }, def);
}

export function durationDist(description: string, def?: unknown): JsonSchema {
  return withDefault({ $ref: '#/definitions/durationDist', description }, def);
}

export function amountDist(description: string, def?: unknown): JsonSchema {
  return withDefault({ $ref: '#/definitions/amountDist', description }, def);
}

export function probability(description: string, def?: number): JsonSchema {
  return withDefault({ type: 'number', minimum: 0, maximum: 1, description }, def);
}

export function nonNegative(description: string, def?: number): JsonSchema {
  return withDefault({ type: 'number', minimum: 0, description }, def);
}

export function positive(description: string, def?: number): JsonSchema {
  return withDefault({ type: 'number', exclusiveMinimum: 0, description }, def);
}

export function integer(description: string, minimum: number, def?: number, maximum?: number): JsonSchema {
  // Every integer is bounded, at worst by the largest integer a double holds exactly.
  return withDefault({ type: 'integer', minimum, maximum: maximum ?? Number.MAX_SAFE_INTEGER, description }, def);
}

export function localTime(description: string, def?: string): JsonSchema {
  return withDefault({ type: 'string', title: 'local time', pattern: LOCAL_TIME_PATTERN, description }, def);
}

export function utcOffset(description: string): JsonSchema {
  return { type: 'string', title: 'UTC offset', pattern: UTC_OFFSET_PATTERN, description };
}

export function boolean(description: string, def: boolean): JsonSchema {
  return { type: 'boolean', description, default: def };
}

export function object(description: string, properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema {
  return { type: 'object', description, additionalProperties: false, properties, ...extra };
}

/**
 * One branch of a tagged union (`dist`, `kind`): the tag's constant first, then `fields`;
 * `required` defaults to the tag and every field.
 */
export function tagged(
  tag: string,
  value: string,
  tagDescription: string,
  description: string,
  fields: Record<string, JsonSchema>,
  required: readonly string[] = [tag, ...Object.keys(fields)],
): JsonSchema {
  return object(description, { [tag]: { const: value, description: tagDescription }, ...fields }, { required: [...required] });
}

/** The `fixed` branch of a distribution (of durations or of amounts). */
function fixedDist(description: string, value: JsonSchema): JsonSchema {
  return tagged('dist', 'fixed', 'Fixed value.', description, { value });
}

/** The `lognormal` branch of a distribution: the arithmetic mean and the sigma of ln(x). */
function lognormalDist(description: string, mean: JsonSchema): JsonSchema {
  return tagged('dist', 'lognormal', 'Lognormal distribution.', description, {
    mean,
    sigma: { type: 'number', minimum: 0, description: 'Standard deviation of ln(x).' },
  });
}

/** The definitions every section may refer to (`#/definitions/...`); the fault's is in sections/faults.ts. */
export const SHARED_DEFINITIONS: Readonly<Record<string, JsonSchema>> = {
  duration: {
    title: 'duration',
    description:
      'A duration: a number with a unit (d, h, m, s, ms, us), or several largest unit first, e.g. 30d, 250ms, 3.2ms, 12d18h.',
    type: 'string',
    pattern: DURATION_PATTERN,
  },
  durationDist: {
    title: 'duration distribution',
    description:
      'A distribution of a duration: a plain duration (fixed), or {dist: fixed, value}, {dist: exponential, mean}, {dist: lognormal, mean, sigma} or {dist: uniform, min, max}.',
    if: { type: 'string' },
    then: { $ref: '#/definitions/duration' },
    else: {
      type: 'object',
      discriminator: { propertyName: 'dist' },
      oneOf: [
        fixedDist('Always the same duration.', duration('The duration.')),
        tagged('dist', 'exponential', 'Exponential distribution.', 'Exponential distribution (memoryless), for Poisson-like service.', {
          mean: duration('Mean.'),
        }),
        lognormalDist('Lognormal distribution: right-skewed, for service times and latencies.', duration('Arithmetic mean (not the median).')),
        tagged('dist', 'uniform', 'Uniform distribution.', 'Uniform distribution between min and max.', {
          min: duration('Smallest value.'),
          max: duration('Largest value.'),
        }),
        tagged('dist', 'mixture', 'Mixture of distributions.', 'A mixture: each draw comes from one part, chosen with chance weight / total weight (docs/latency.md).', {
          of: {
            type: 'array',
            minItems: 1,
            description: 'The parts.',
            items: object('A part of the mixture.', {
              weight: positive('Weight of the part.'),
              value: { $ref: '#/definitions/durationDist', description: 'The distribution of the part.' },
            }, { required: ['weight', 'value'] }),
          },
        }),
      ],
    },
  },
  amountDist: {
    title: 'amount distribution',
    description: 'A distribution of an amount in major units of `currency`: {dist: fixed, value} or {dist: lognormal, mean, sigma}.',
    type: 'object',
    discriminator: { propertyName: 'dist' },
    oneOf: [
      fixedDist('Always the same amount.', nonNegative('The amount, in major units.')),
      lognormalDist('Lognormal distribution of amounts.', positive('Arithmetic mean, in major units.')),
    ],
  },
  shares: {
    title: 'shares',
    description: 'Shares of a population among parties: a list of numbers summing to 1, {zipf: s} or {equal: true}.',
    if: { type: 'array' },
    then: { type: 'array', items: probability('Share of one party, in list order of the names.') },
    else: object(
      'A generated set of shares.',
      {
        zipf: nonNegative('Zipf exponent s: share of the k-th party is k^-s / sum of j^-s.', 1),
        equal: { const: true, description: 'Every party gets 1/count.', default: true },
      },
      { minProperties: 1, maxProperties: 1 },
    ),
  },
};
