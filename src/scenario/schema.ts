/**
 * The scenario file format: its defaults (as they would be written in YAML) and its JSON Schema
 * (draft-07). The schema checks structure only (types, known keys, enums, ranges of single numbers);
 * relations between values (shares summing to 1, names that must exist, fault windows inside the
 * run, ...) are checked in `validate.ts`.
 *
 * Two schemas differ only in `fees`:
 * - `scenarioValidationSchema`, checked by `validate.ts` with ajv, takes any string or mapping
 *   there: the fee model is checked by `resolveFeeModel` (src/economics), which says more;
 * - `scenarioSchema`, printed by `sim schema` for editors, embeds the fee model's own schema
 *   (`FEE_MODEL_JSON_SCHEMA`) so that editors complete its keys too.
 *
 * Every default lives in `DEFAULTS` once; the schema's `default` annotations and the resolution in
 * `validate.ts` both read it. The sources of the numbers are in docs/scenario-format.md.
 */

import { FEE_MODEL_JSON_SCHEMA, FEE_PRESET_NAMES } from '../economics/index.js';
import { DURATION_PATTERN } from './duration.js';

/** Scenario names: lower-case letters, digits, `_` and `-` (they name output folders). */
export const NAME_PATTERN = '^[a-z0-9_-]+$';

/** ISO 8601 date-time with an explicit offset: `2018-12-20T00:00:00+03:00`, seconds and fraction optional. */
export const START_PATTERN =
  '^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]{1,6}))?)?(Z|[+-][0-9]{2}:[0-9]{2})$';

/** A local time of day `HH:MM`, 00:00 to 23:59 (clearing cut-offs). */
export const LOCAL_TIME_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

/** A UTC offset `+07:00`, `-03:30` or `Z` (acquirer time zones); the range is checked in validate.ts. */
export const UTC_OFFSET_PATTERN = '^(Z|[+-][0-9]{2}:[0-9]{2})$';

/** ISO 8583 response codes: two characters, digits or capital letters. */
export const RESPONSE_CODE_PATTERN = '^[0-9A-Z]{2}$';

/** Currencies the simulator knows, with the decimal places of their minor unit (ISO 4217). */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = { RUB: 2, CNY: 2, USD: 2, EUR: 2, JPY: 0 };

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

/** Hour-of-day weights of purchases (DOMAIN §2.11), hour 0 first; they sum to 1. */
export const DEFAULT_HOURLY: readonly number[] = [
  0.004, 0.004, 0.004, 0.004, 0.004, 0.004, 0.012, 0.03, 0.045, 0.055, 0.065, 0.07, 0.072, 0.068, 0.062, 0.064,
  0.068, 0.083, 0.087, 0.073, 0.055, 0.037, 0.02, 0.01,
];

/** Day-of-week multipliers, Monday first: Saturday x1.15, Sunday x0.90 (DOMAIN §2.11, §6.3). */
export const DEFAULT_WEEKLY: readonly number[] = [1, 1, 1, 1, 1, 1.15, 0.9];

/**
 * Defaults of every optional key, written as they would be in a scenario file (durations as
 * strings, amounts in major units). Issuer and acquirer names default to "Issuer 1", "Issuer 2", ...
 * and "Acquirer 1", ...; response-direction links default to their request-direction twins.
 */
export const DEFAULTS = {
  description: '',
  seed: 1,
  shards: 1,
  start: '2018-12-20T00:00:00+03:00',
  bucket: '1h',
  warmup: '0s',
  currency: 'RUB',
  cards: {
    active_share: 0.6,
    products: { debit: 0.85, credit: 0.15 },
    expired_share: 0.003,
    blocked_share: 0.001,
    unlimited_funds: false,
    balance: {
      debit: { dist: 'lognormal', mean: 9000, sigma: 1.0 },
      credit: { dist: 'lognormal', mean: 60000, sigma: 0.7 },
    },
    income_per_day: { debit: 180, credit: 150 },
  },
  shares: { equal: true },
  issuers: {
    host: { servers: 24, service: { dist: 'lognormal', mean: '150ms', sigma: 0.6 } },
    wallet: [] as string[],
    foreign: [] as string[],
    activity: {} as Record<string, number>,
  },
  acquirers: {
    host: { servers: 40, service: { dist: 'lognormal', mean: '40ms', sigma: 0.3 } },
    timeout: '15s',
  },
  switch: {
    name: 'Switch',
    host: { servers: 160, service: { dist: 'lognormal', mean: '80ms', sigma: 0.3 } },
    detokenize: '10ms',
    issuer_timeout: '10s',
    stand_in: { enabled: true, max_amount: 15000, max_count_per_day: 5, max_amount_per_day: 30000 },
  },
  links: {
    terminal_acquirer: { dist: 'lognormal', mean: '80ms', sigma: 0.4 },
    acquirer_switch: { dist: 'lognormal', mean: '30ms', sigma: 0.2 },
    switch_issuer: { dist: 'lognormal', mean: '30ms', sigma: 0.2 },
  },
  merchants: {
    terminals_per_merchant: 3,
    terminal_timeout: '30s',
    capabilities: { chip: 1, contactless: 1, nfc_token: 1, qr: 0.05 },
    card_not_present: false,
  },
  channels: { chip: 0.4, contactless: 0.42, qr: 0.002, nfc_token: 1.23 },
  demand: { per_card_per_day: 0.2, hourly: DEFAULT_HOURLY, weekly: DEFAULT_WEEKLY },
  wallet: {
    enabled: true,
    name: 'Huawei Pay',
    eligible_share: 0.15,
    bass: { p: 0.0005, q: 0.08 },
    step_up_share: 0.3,
    provisioning_failure: 0.05,
    uplift: 1.2,
  },
  declines: {
    random_rate: { card_present: 0.02, card_not_present: 0.06 },
    invalid_pan_rate: 0.01,
    mix: { '05': 0.4, '59': 0.2, '55': 0.16, '61': 0.1, '96': 0.08, '65': 0.06 } as Record<string, number>,
  },
  faults: [] as unknown[],
  /** Applies only when the scenario has `fees` (DOMAIN §2.6, §2.7). */
  clearing: {
    cutoff: '23:00',
    cutoffs: {} as Record<string, string>,
    time_zones: {} as Record<string, string>,
    settlement_currencies: {} as Record<string, string>,
    settlement_days: 1,
    merchant_payout_days: 1,
    chargebacks: { share: 0.001, delay: { dist: 'lognormal', mean: '30d', sigma: 0.8 }, window: '120d' },
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Schema building blocks. Each returns a fresh object so that the printed schema has no shared
// references and every property carries its own description and default.

type JsonSchema = Record<string, unknown>;

function withDefault(schema: JsonSchema, def: unknown): JsonSchema {
  return def === undefined ? schema : { ...schema, default: def };
}

function duration(description: string, def?: string): JsonSchema {
  return withDefault({ $ref: '#/definitions/duration', description }, def);
}

function durationDist(description: string, def?: unknown): JsonSchema {
  return withDefault({ $ref: '#/definitions/durationDist', description }, def);
}

function amountDist(description: string, def?: unknown): JsonSchema {
  return withDefault({ $ref: '#/definitions/amountDist', description }, def);
}

function probability(description: string, def?: number): JsonSchema {
  return withDefault({ type: 'number', minimum: 0, maximum: 1, description }, def);
}

function nonNegative(description: string, def?: number): JsonSchema {
  return withDefault({ type: 'number', minimum: 0, description }, def);
}

function positive(description: string, def?: number): JsonSchema {
  return withDefault({ type: 'number', exclusiveMinimum: 0, description }, def);
}

function integer(description: string, minimum: number, def?: number, maximum?: number): JsonSchema {
  // Every integer is bounded, at worst by the largest integer a double holds exactly.
  return withDefault({ type: 'integer', minimum, maximum: maximum ?? Number.MAX_SAFE_INTEGER, description }, def);
}

function localTime(description: string, def?: string): JsonSchema {
  return withDefault({ type: 'string', title: 'local time', pattern: LOCAL_TIME_PATTERN, description }, def);
}

function utcOffset(description: string): JsonSchema {
  return { type: 'string', title: 'UTC offset', pattern: UTC_OFFSET_PATTERN, description };
}

function boolean(description: string, def: boolean): JsonSchema {
  return { type: 'boolean', description, default: def };
}

function object(description: string, properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema {
  return { type: 'object', description, additionalProperties: false, properties, ...extra };
}

/** A host: `who` names it in descriptions; `overrideOf` is set for per-name overrides. */
function host(who: string, def: { servers: number; service: unknown }, overrideOf?: string): JsonSchema {
  const fallback = overrideOf === undefined ? '' : ` Defaults to ${overrideOf}.`;
  return object(
    overrideOf === undefined ? `The host of ${who}: a multi-server first-come-first-served queue.` : `Host overrides for ${who}.`,
    {
      servers: integer(`Number of parallel servers (concurrent authorizations) of the host.${fallback}`, 1, def.servers, 1_000_000),
      service: durationDist(`Service time of one authorization at the host.${fallback}`, def.service),
    },
  );
}

function party(role: 'issuer' | 'acquirer'): Record<string, JsonSchema> {
  const plural = `${role}s`;
  const defaults = role === 'issuer' ? DEFAULTS.issuers : DEFAULTS.acquirers;
  const share = role === 'issuer' ? 'cards' : 'terminals';
  return {
    count: integer(`Number of ${plural} (at most 10,000). Required.`, 1, undefined, 10_000),
    shares: withDefault(
      {
        $ref: '#/definitions/shares',
        description: `Share of all ${share} held by each ${role}: a list of \`count\` shares summing to 1, {zipf: s} or {equal: true}.`,
      },
      DEFAULTS.shares,
    ),
    names: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: `Unique names of the ${plural}, \`count\` of them. Defaults to "${role === 'issuer' ? 'Issuer' : 'Acquirer'} 1", "${role === 'issuer' ? 'Issuer' : 'Acquirer'} 2", ...`,
    },
    host: withDefault(host(`every ${role}`, defaults.host), defaults.host),
    hosts: {
      type: 'object',
      description: `Per-${role} host overrides, keyed by ${role} name.`,
      additionalProperties: host(`one ${role}`, defaults.host, `${plural}.host`),
      default: {},
    },
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * The `fees` node of the validation schema: any string or mapping (`resolveFeeModel` checks it).
 * The title names it in "expected ..." messages.
 */
const FEES_VALIDATION: JsonSchema = {
  title: 'fee model',
  type: ['string', 'object'],
  description: `Fee model of the run (docs/fees.md): a preset name (${FEE_PRESET_NAMES.join(', ')}), {model: <preset>, ...overrides} or a full model. Absent: no money (no clearing, fees or settlement).`,
};

/** The JSON Schema (draft-07) of a scenario file, with `fees` left to `resolveFeeModel`; for ajv (needs `allowUnionTypes`). */
export const scenarioValidationSchema: Readonly<JsonSchema> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Quartet scenario',
  description:
    'A scenario of the Quartet four-party card network simulator. Durations are strings with a unit (30d, 1h, 15m, 10s, 250ms, 100us, 12d18h); money amounts are numbers in major units of `currency`.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'duration', 'cards', 'issuers', 'acquirers', 'merchants'],
  definitions: {
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
          object(
            'Always the same duration.',
            { dist: { const: 'fixed', description: 'Fixed value.' }, value: duration('The duration.') },
            { required: ['dist', 'value'] },
          ),
          object(
            'Exponential distribution (memoryless), for Poisson-like service.',
            { dist: { const: 'exponential', description: 'Exponential distribution.' }, mean: duration('Mean.') },
            { required: ['dist', 'mean'] },
          ),
          object(
            'Lognormal distribution: right-skewed, for service times and latencies.',
            {
              dist: { const: 'lognormal', description: 'Lognormal distribution.' },
              mean: duration('Arithmetic mean (not the median).'),
              sigma: { type: 'number', minimum: 0, description: 'Standard deviation of ln(x).' },
            },
            { required: ['dist', 'mean', 'sigma'] },
          ),
          object(
            'Uniform distribution between min and max.',
            {
              dist: { const: 'uniform', description: 'Uniform distribution.' },
              min: duration('Smallest value.'),
              max: duration('Largest value.'),
            },
            { required: ['dist', 'min', 'max'] },
          ),
        ],
      },
    },
    amountDist: {
      title: 'amount distribution',
      description: 'A distribution of an amount in major units of `currency`: {dist: fixed, value} or {dist: lognormal, mean, sigma}.',
      type: 'object',
      discriminator: { propertyName: 'dist' },
      oneOf: [
        object(
          'Always the same amount.',
          { dist: { const: 'fixed', description: 'Fixed value.' }, value: nonNegative('The amount, in major units.') },
          { required: ['dist', 'value'] },
        ),
        object(
          'Lognormal distribution of amounts.',
          {
            dist: { const: 'lognormal', description: 'Lognormal distribution.' },
            mean: positive('Arithmetic mean, in major units.'),
            sigma: { type: 'number', minimum: 0, description: 'Standard deviation of ln(x).' },
          },
          { required: ['dist', 'mean', 'sigma'] },
        ),
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
    fault: {
      title: 'fault',
      description: 'A fault injected during a window of the run: host_down, capacity or latency.',
      type: 'object',
      discriminator: { propertyName: 'kind' },
      oneOf: [
        object(
          'A host is down: refused (callers see it at once) or hung (requests are never answered).',
          {
            kind: { const: 'host_down', description: 'A host outage.' },
            host: { type: 'string', minLength: 1, description: 'The host: "switch", "issuer:<name>" or "acquirer:<name>".' },
            from: duration('Start of the window, from the start of the run (e.g. 12d18h).'),
            to: duration('End of the window, from the start of the run. Give `to` or `duration`.'),
            duration: duration('Length of the window. Give `to` or `duration`.'),
            hung: boolean('true: requests are taken and never answered, so callers time out; false: refused at once.', false),
          },
          { required: ['kind', 'host', 'from'] },
        ),
        object(
          'A host runs with a different number of servers.',
          {
            kind: { const: 'capacity', description: 'A capacity change.' },
            host: { type: 'string', minLength: 1, description: 'The host: "switch", "issuer:<name>" or "acquirer:<name>".' },
            servers: integer('Number of servers during the window (0 stops service; requests queue).', 0, undefined, 1_000_000),
            from: duration('Start of the window, from the start of the run.'),
            to: duration('End of the window, from the start of the run. Give `to` or `duration`.'),
            duration: duration('Length of the window. Give `to` or `duration`.'),
          },
          { required: ['kind', 'host', 'servers', 'from'] },
        ),
        object(
          'Extra latency on a link class.',
          {
            kind: { const: 'latency', description: 'A latency increase.' },
            link: { enum: [...LINK_KEYS], description: 'The link class.' },
            party: {
              type: 'string',
              minLength: 1,
              description:
                'Restrict to the links of one party: an issuer name for switch_issuer / issuer_switch, an acquirer name for the others. Default: every link of the class.',
            },
            add: duration('Latency added to every message on the link.'),
            from: duration('Start of the window, from the start of the run.'),
            to: duration('End of the window, from the start of the run. Give `to` or `duration`.'),
            duration: duration('Length of the window. Give `to` or `duration`.'),
          },
          { required: ['kind', 'link', 'add', 'from'] },
        ),
      ],
    },
  },
  properties: {
    name: { type: 'string', pattern: NAME_PATTERN, description: 'Short name of the scenario ([a-z0-9_-]+). Required.' },
    description: { type: 'string', description: 'Free text describing the scenario.', default: DEFAULTS.description },
    seed: integer('Seed of every random stream of the run (the CLI --seed overrides it).', 0, DEFAULTS.seed, Number.MAX_SAFE_INTEGER),
    shards: integer(
      'Independent shards (regions) the network is split into: each has its share of the cards and terminals, its own issuer and acquirer hosts and its slice of the switch (servers split among shards), and random streams of its own. Shards run in parallel on worker threads (--workers); the merged outputs do not depend on the number of workers.',
      1,
      DEFAULTS.shards,
      1024,
    ),
    start: {
      type: 'string',
      pattern: START_PATTERN,
      description: 'Calendar time of t = 0, ISO 8601 with offset; sets the weekday and local hour of the run.',
      default: DEFAULTS.start,
    },
    duration: duration('Length of the simulated run, such as 30d. Required; the CLI option --duration can shorten it.'),
    bucket: duration('Width of the statistics buckets; must divide the duration and be at least the terminal timeout.', DEFAULTS.bucket),
    warmup: duration('Purchases starting before this time are left out of the statistics; shorter than the duration.', DEFAULTS.warmup),
    currency: {
      enum: Object.keys(CURRENCY_EXPONENTS),
      description: 'ISO 4217 currency of every amount in the file.',
      default: DEFAULTS.currency,
    },
    cards: object(
      'The card population.',
      {
        count: integer('Number of cards (at most 1,000,000,000). Required.', 1, undefined, 1_000_000_000),
        active_share: probability('Share of cards that make purchases at all.', DEFAULTS.cards.active_share),
        products: object(
          'Shares of debit and credit cards; they sum to 1.',
          {
            debit: probability('Share of debit cards.', DEFAULTS.cards.products.debit),
            credit: probability('Share of credit cards.', DEFAULTS.cards.products.credit),
          },
          { default: DEFAULTS.cards.products },
        ),
        expired_share: probability('Share of expired cards (declined 54).', DEFAULTS.cards.expired_share),
        blocked_share: probability('Share of lost or stolen cards (declined 41/43).', DEFAULTS.cards.blocked_share),
        unlimited_funds: boolean('When true, funds never run out (plain queueing networks).', DEFAULTS.cards.unlimited_funds),
        balance: object(
          'Starting funds: available balance of debit cards, open-to-buy of credit cards.',
          {
            debit: amountDist('Starting balance of a debit card.', DEFAULTS.cards.balance.debit),
            credit: amountDist('Credit limit (starting open-to-buy) of a credit card.', DEFAULTS.cards.balance.credit),
          },
          { default: DEFAULTS.cards.balance },
        ),
        income_per_day: object(
          'Replenishment per card per day (salary, repayments), applied lazily at authorization.',
          {
            debit: nonNegative('Income per debit card per day, major units.', DEFAULTS.cards.income_per_day.debit),
            credit: nonNegative('Repayment per credit card per day, major units.', DEFAULTS.cards.income_per_day.credit),
          },
          { default: DEFAULTS.cards.income_per_day },
        ),
      },
      { required: ['count'] },
    ),
    issuers: object(
      'The card issuers, generated from a count.',
      {
        ...party('issuer'),
        wallet: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Names of the issuers whose cardholders can provision wallet tokens.',
          default: DEFAULTS.issuers.wallet,
        },
        foreign: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Names of the issuers whose cards are foreign to the acquiring market: their purchases are cross-border (fees).',
          default: DEFAULTS.issuers.foreign,
        },
        activity: {
          type: 'object',
          description:
            "Purchase rate of an issuer's active cards relative to the others (demand.per_card_per_day), keyed by issuer name; e.g. 10 for visiting tourists' cards at 2 purchases a day against 0.2 (DOMAIN §6.3). Default 1.",
          additionalProperties: { type: 'number', exclusiveMinimum: 0, maximum: 1000, description: 'Multiplier of the per-card purchase rate.' },
          default: DEFAULTS.issuers.activity,
        },
      },
      { required: ['count'] },
    ),
    acquirers: object(
      'The acquirers, generated from a count.',
      {
        ...party('acquirer'),
        timeout: duration("The acquirer's timer on the switch; on expiry it declines and reverses.", DEFAULTS.acquirers.timeout),
        timeouts: {
          type: 'object',
          description: 'Per-acquirer timeout overrides, keyed by acquirer name.',
          additionalProperties: duration('Timeout of this acquirer. Defaults to acquirers.timeout.'),
          default: {},
        },
      },
      { required: ['count'] },
    ),
    switch: object(
      'The scheme switch.',
      {
        name: { type: 'string', minLength: 1, description: 'Name of the switch (the scheme).', default: DEFAULTS.switch.name },
        host: withDefault(host('the switch', DEFAULTS.switch.host), DEFAULTS.switch.host),
        detokenize: durationDist('Extra switch service time for a wallet-token purchase.', DEFAULTS.switch.detokenize),
        issuer_timeout: duration("The switch's timer on the issuer; on expiry stand-in applies.", DEFAULTS.switch.issuer_timeout),
        stand_in: object(
          'Stand-in processing (STIP): the switch approves for an issuer that does not answer, within limits.',
          {
            enabled: boolean('Whether the switch stands in for issuers.', DEFAULTS.switch.stand_in.enabled),
            max_amount: nonNegative('Per-transaction amount limit, major units.', DEFAULTS.switch.stand_in.max_amount),
            max_count_per_day: integer('Per-card count limit per local calendar day.', 0, DEFAULTS.switch.stand_in.max_count_per_day),
            max_amount_per_day: nonNegative('Per-card cumulative amount limit per day, major units.', DEFAULTS.switch.stand_in.max_amount_per_day),
          },
          { default: DEFAULTS.switch.stand_in },
        ),
      },
      { default: {} },
    ),
    links: object(
      'One-way network latency of each link class.',
      {
        terminal_acquirer: durationDist('Terminal -> acquirer.', DEFAULTS.links.terminal_acquirer),
        acquirer_switch: durationDist('Acquirer -> switch.', DEFAULTS.links.acquirer_switch),
        switch_issuer: durationDist('Switch -> issuer.', DEFAULTS.links.switch_issuer),
        issuer_switch: durationDist('Issuer -> switch (response). Defaults to switch_issuer.', DEFAULTS.links.switch_issuer),
        switch_acquirer: durationDist('Switch -> acquirer (response). Defaults to acquirer_switch.', DEFAULTS.links.acquirer_switch),
        acquirer_terminal: durationDist('Acquirer -> terminal (response). Defaults to terminal_acquirer.', DEFAULTS.links.terminal_acquirer),
      },
      { default: {} },
    ),
    merchants: object(
      'The acceptance network: terminals and merchant categories.',
      {
        terminals: integer('Number of terminals (at most 100,000,000). Required.', 1, undefined, 100_000_000),
        terminals_per_merchant: integer('Terminals per merchant location.', 1, DEFAULTS.merchants.terminals_per_merchant),
        terminal_timeout: duration("The terminal's timer on its acquirer; longer than every acquirer timeout.", DEFAULTS.merchants.terminal_timeout),
        capabilities: object(
          'Share of card-present terminals supporting each channel.',
          {
            chip: probability('Chip (contact EMV).', DEFAULTS.merchants.capabilities.chip),
            contactless: probability('Contactless card.', DEFAULTS.merchants.capabilities.contactless),
            nfc_token: probability('Wallet token over NFC.', DEFAULTS.merchants.capabilities.nfc_token),
            qr: probability('QR code.', DEFAULTS.merchants.capabilities.qr),
          },
          { default: DEFAULTS.merchants.capabilities },
        ),
        categories: {
          type: 'array',
          minItems: 1,
          description: 'Merchant categories; their shares of purchase count sum to 1. Required.',
          items: object(
            'A merchant category.',
            {
              name: { type: 'string', minLength: 1, description: 'Unique name of the category.' },
              mcc: integer('ISO 18245 merchant category code.', 0, undefined, 9999),
              share: probability('Share of purchase count.'),
              ticket: amountDist('Purchase amount distribution, major units.'),
              card_not_present: boolean('E-commerce category: its terminals take only the ecommerce channel.', DEFAULTS.merchants.card_not_present),
            },
            { required: ['name', 'mcc', 'share', 'ticket'] },
          ),
        },
      },
      { required: ['terminals', 'categories'] },
    ),
    channels: object(
      'Relative weights of the card-present channels a purchase picks among (those its terminal and card support).',
      {
        chip: nonNegative('Chip (contact).', DEFAULTS.channels.chip),
        contactless: nonNegative('Contactless card.', DEFAULTS.channels.contactless),
        qr: nonNegative('QR code.', DEFAULTS.channels.qr),
        nfc_token: nonNegative('Wallet token, for a token holder at an NFC terminal.', DEFAULTS.channels.nfc_token),
      },
      { default: DEFAULTS.channels },
    ),
    demand: object(
      'Purchase arrivals: per_card_per_day shaped by hourly and weekly, or a constant per_second (exactly one).',
      {
        per_card_per_day: positive('Purchases per active card per day (default when per_second is absent).', DEFAULTS.demand.per_card_per_day),
        per_second: positive('Constant arrival rate, purchases per second; hourly and weekly are then ignored (flat).'),
        hourly: {
          type: 'array',
          items: nonNegative('Weight of one hour.'),
          minItems: 24,
          maxItems: 24,
          description: '24 weights of the hours of the local day, hour 0 first, summing to 1.',
          default: DEFAULTS.demand.hourly,
        },
        weekly: {
          type: 'array',
          items: nonNegative('Multiplier of one day.'),
          minItems: 7,
          maxItems: 7,
          description: '7 multipliers of the daily total, Monday first.',
          default: DEFAULTS.demand.weekly,
        },
      },
      { default: {} },
    ),
    wallet: object(
      'The phone wallet (tokens over NFC). Absent: no wallet.',
      {
        enabled: boolean('Whether the wallet runs (true when the section is present).', DEFAULTS.wallet.enabled),
        name: { type: 'string', minLength: 1, description: 'Name of the wallet.', default: DEFAULTS.wallet.name },
        eligible_share: probability('Share of active cards of wallet issuers whose holders have a capable phone (the Bass pool).', DEFAULTS.wallet.eligible_share),
        bass: object(
          'Bass diffusion coefficients of token adoption, per day.',
          {
            p: nonNegative('Innovation coefficient p: adoption hazard per day of a holder nobody has influenced.', DEFAULTS.wallet.bass.p),
            q: nonNegative('Imitation coefficient q: extra hazard per day per unit of adopted share of the pool.', DEFAULTS.wallet.bass.q),
          },
          { default: DEFAULTS.wallet.bass },
        ),
        step_up_share: probability('Share of provisioning attempts needing an OTP step-up.', DEFAULTS.wallet.step_up_share),
        provisioning_failure: probability('Share of provisioning attempts that fail.', DEFAULTS.wallet.provisioning_failure),
        uplift: positive("Multiplier of a token holder's purchase rate.", DEFAULTS.wallet.uplift),
      },
      { default: { enabled: false } },
    ),
    declines: {
      title: 'declines',
      description: 'Random (non-emergent) declines by issuers, or `none` for no random declines at all.',
      default: DEFAULTS.declines,
      if: { type: 'string' },
      then: { const: 'none' },
      else: object('Random decline rates and response-code mix.', {
        random_rate: object(
          'Random decline rate per authorization decided by the issuer.',
          {
            card_present: probability('Card-present purchases.', DEFAULTS.declines.random_rate.card_present),
            card_not_present: probability('Card-not-present (e-commerce) purchases.', DEFAULTS.declines.random_rate.card_not_present),
          },
          { default: DEFAULTS.declines.random_rate },
        ),
        invalid_pan_rate: probability('Share of card-not-present attempts with a mistyped card number (declined 14).', DEFAULTS.declines.invalid_pan_rate),
        mix: {
          type: 'object',
          description: 'ISO 8583 response codes of random declines (quoted, e.g. "05") and their weights, summing to 1.',
          propertyNames: { pattern: RESPONSE_CODE_PATTERN },
          additionalProperties: probability('Weight of this response code.'),
          minProperties: 1,
          default: DEFAULTS.declines.mix,
        },
      }),
    },
    faults: {
      type: 'array',
      items: { $ref: '#/definitions/fault' },
      description: 'Faults injected during the run.',
      default: DEFAULTS.faults,
    },
    fees: FEES_VALIDATION,
    clearing: object(
      'Clearing, settlement and chargebacks of the money flows (DOMAIN §2.6, §2.7). Only with fees; every key has a default.',
      {
        cutoff: localTime(
          "Daily clearing cut-off, 'HH:MM' local time of each acquirer: purchases after it clear in the next cycle (23:00, DOMAIN §2.6, A).",
          DEFAULTS.clearing.cutoff,
        ),
        cutoffs: {
          type: 'object',
          description: 'Per-acquirer cut-off overrides, keyed by acquirer name.',
          additionalProperties: localTime("Cut-off of this acquirer, 'HH:MM' in its local time. Defaults to clearing.cutoff."),
          default: DEFAULTS.clearing.cutoffs,
        },
        time_zones: {
          type: 'object',
          description: "UTC offset of each acquirer's clearing day ('+07:00'), keyed by acquirer name. Default: the offset of start.",
          additionalProperties: utcOffset("UTC offset of this acquirer, '+07:00', '-03:30' or 'Z'."),
          default: DEFAULTS.clearing.time_zones,
        },
        settlement_currencies: {
          type: 'object',
          description:
            "Settlement currency of an issuer with the scheme, keyed by issuer name (e.g. a Chinese issuer of visiting cardholders: CNY or USD, DOMAIN §2.6); its cardholders are billed in it. Default: the scenario currency. The rate comes from fees.fx.rates.",
          additionalProperties: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code.' },
          default: DEFAULTS.clearing.settlement_currencies,
        },
        settlement_days: integer(
          'Interbank net settlement of a clearing cycle on day T + this (T+1, DOMAIN §2.6, A).',
          0,
          DEFAULTS.clearing.settlement_days,
          30,
        ),
        merchant_payout_days: integer(
          'Acquirers pay merchants on day T + this (T+1, DOMAIN §2.6, A).',
          0,
          DEFAULTS.clearing.merchant_payout_days,
          30,
        ),
        chargebacks: object(
          'Cardholder disputes of cleared purchases.',
          {
            share: probability(
              "Share of cleared purchases charged back (0.1 %, below Visa's 0.9 % monitoring threshold, DOMAIN §2.7, A).",
              DEFAULTS.clearing.chargebacks.share,
            ),
            delay: durationDist(
              'Delay from the purchase to the chargeback; draws beyond the window are not filed.',
              DEFAULTS.clearing.chargebacks.delay,
            ),
            window: duration('Dispute window after the purchase (120 days: Visa, Mastercard, DOMAIN §2.7).', DEFAULTS.clearing.chargebacks.window),
          },
          { default: DEFAULTS.clearing.chargebacks },
        ),
      },
    ),
  },
};

/**
 * The JSON Schema (draft-07) of a scenario file for editors, printed by `sim schema`: the
 * validation schema with the fee model's own schema under `fees`.
 */
export const scenarioSchema: Readonly<JsonSchema> = {
  ...scenarioValidationSchema,
  properties: {
    ...(scenarioValidationSchema['properties'] as Record<string, JsonSchema>),
    // A copy: the printed schema shares no objects with the economics module.
    fees: { title: 'fee model', ...(JSON.parse(JSON.stringify(FEE_MODEL_JSON_SCHEMA)) as JsonSchema), description: FEES_VALIDATION['description'] },
  },
};
