import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FEE_MODEL_JSON_SCHEMA } from '../../src/economics/index.js';
import { DEFAULT_HOURLY, DEFAULTS, SCENARIO_SCHEMA_ID, scenarioSchema, scenarioValidationSchema } from '../../src/scenario/schema.js';
import { fixture, scenarioFile } from './_fixtures.js';

type Schema = Record<string, unknown>;

/** Every (sub)schema with the path to it, and for properties their name and whether required. */
function* walk(schema: unknown, path: string): Generator<{ path: string; schema: Schema; property?: { name: string; required: boolean } }> {
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as Schema;
  yield { path, schema: s };
  const required = new Set((s['required'] as string[] | undefined) ?? []);
  for (const [name, sub] of Object.entries((s['properties'] as Schema | undefined) ?? {})) {
    yield { path: `${path}.${name}`, schema: sub as Schema, property: { name, required: required.has(name) } };
    for (const inner of walk(sub, `${path}.${name}`)) if (inner.path !== `${path}.${name}`) yield inner;
  }
  for (const key of ['additionalProperties', 'items', 'if', 'then', 'else', 'propertyNames']) {
    if (typeof s[key] === 'object') yield* walk(s[key], `${path}/${key}`);
  }
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    for (const [i, sub] of ((s[key] as unknown[] | undefined) ?? []).entries()) yield* walk(sub, `${path}/${key}[${i}]`);
  }
  for (const [name, sub] of Object.entries((s['definitions'] as Schema | undefined) ?? {})) yield* walk(sub, `#/definitions/${name}`);
}

/**
 * The scenario format's own schema. `scenarioSchema` (printed for editors) differs from it only in
 * `fees`, which embeds the economics module's fee-model schema (checked in its own tests).
 */
const all = [...walk(scenarioValidationSchema, '')];

/** Optional properties with no literal default, and why. */
const NO_DEFAULT: Readonly<Record<string, string>> = {
  names: 'generated from count: "Issuer 1", "Issuer 2", ...',
  per_second: 'the alternative to per_card_per_day, which has the default',
  party: 'absent means every link of the class',
  to: 'the fault end is given by to or by duration',
  duration: 'the fault end is given by to or by duration',
  fees: 'absent: no money (a plain queueing network)',
  fraud: 'absent: no labelled fraud (59 is a random decline)',
  clearing: 'applies only with fees; each of its keys has a default',
  absolute: 'a calibration band is absolute or relative',
  relative: 'a calibration band is absolute or relative',
  days: 'a calibration scope key: absent means the whole run',
  day: 'a calibration scope key (wallet_adoption requires it)',
  channel: 'a calibration scope key: absent means every channel',
  issuer: 'a calibration scope key: absent means every issuer',
  code: 'a calibration scope key (decline_share requires it)',
  where: 'a calibration scope key of column metrics: absent means every row',
  aggregate: 'required by column metrics, refused by the others',
  networks: 'absent: no competing networks',
  a: 'a dynamic-QR limit of class A only when given (PBOC: unlimited by agreement)',
  no_cvm_limit: 'absent: no contactless no-CVM limit',
  choice: 'absent: each platform takes its share of purchases',
  adoption: 'absent: acceptance and holdings stay as they start',
  merchant_fee: "networks.adoption: required for a card instrument's logit, refused for a platform's (its fees give it)",
  share: "a platform's share: required without networks.choice, refused with it",
  calendar: 'absent: every day is ordinary and settlement counts calendar days',
  markets: 'absent: the scenario is one market',
  processor: 'absent: issuer-to-scheme (no domestic processor)',
  link: 'absent: no link (the hub, or a link of no time)',
  atm: 'absent: no ATMs',
  wallets: 'absent: `wallet:` (a list of one) or no wallet',
  devices: "absent: a wallet runs on any phone",
  issuers: "a wallet's issuers: absent means issuers.wallet",
  eligible_share: "a wallet's pool share: 0.15, or 1 with devices",
  tsp: "absent: the wallet's tokens are detokenized in switch.detokenize",
  token: 'absent: plain tokens (provisioned at once, no keys)',
  tsm: 'required with a secure-element token, refused otherwise',
  phones: 'absent: no phone brands (wallets without devices)',
  rollout: 'absent: terminal capabilities do not change',
  chip: 'a rollout channel: absent means its share stays (merchants.capabilities has the defaults)',
  contactless: 'a rollout channel: absent means its share stays',
  nfc_token: 'a rollout channel: absent means its share stays',
  qr: 'a rollout channel: absent means its share stays',
  schedule: 'a rollout is a schedule or Bass adoption',
  bass: 'a rollout is a schedule or Bass adoption (a wallet\'s bass has its default)',
  start: "a Bass rollout's day-0 share: absent means merchants.capabilities",
};

describe('the JSON Schema', () => {
  it('is valid draft-07 and compiles under ajv strict mode (the editor schema)', () => {
    const ajv = new Ajv({ discriminator: true, strict: true });
    expect(ajv.validateSchema(scenarioSchema)).toBe(true);
    expect(() => ajv.compile(scenarioSchema)).not.toThrow();
  });

  it('is valid draft-07 and compiles under ajv strict mode with union types (the validation schema)', () => {
    const ajv = new Ajv({ discriminator: true, strict: true, allowUnionTypes: true });
    expect(ajv.validateSchema(scenarioValidationSchema)).toBe(true);
    expect(() => ajv.compile(scenarioValidationSchema)).not.toThrow();
  });

  it('survives a JSON round trip unchanged (sim schema prints it as JSON)', () => {
    expect(JSON.parse(JSON.stringify(scenarioSchema))).toEqual(scenarioSchema);
  });

  it('leaves fees to resolveFeeModel when validating, and embeds the fee-model schema for editors', () => {
    const properties = (s: Schema): Record<string, Schema> => s['properties'] as Record<string, Schema>;
    expect(properties(scenarioValidationSchema)['fees']?.['type']).toEqual(['string', 'object']);
    const { fees, ...rest } = properties(scenarioSchema);
    const { fees: _permissive, ...validationRest } = properties(scenarioValidationSchema);
    // The editor schema leaves out ajv's `discriminator` keyword (schema.ts) and adds a `$id`.
    const strip = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(strip) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'discriminator').map(([k, x]) => [k, strip(x)])) : v;
    expect(rest).toEqual(strip(validationRest));
    expect(fees?.['anyOf']).toEqual(FEE_MODEL_JSON_SCHEMA['anyOf']);
    expect(fees?.['anyOf']).not.toBe(FEE_MODEL_JSON_SCHEMA['anyOf']);
    expect(fees?.['description']).toEqual(properties(scenarioValidationSchema)['fees']?.['description']);
    expect({ ...scenarioSchema, properties: {} }).toEqual({ ...(strip(scenarioValidationSchema) as Schema), $id: SCENARIO_SCHEMA_ID, properties: {} });
  });

  it('closes every mapping with additionalProperties', () => {
    // A discriminated union is closed when each of its branches is.
    const closed = (n: Schema): boolean =>
      n['additionalProperties'] !== undefined ||
      (Array.isArray(n['oneOf']) && (n['oneOf'] as Schema[]).every((branch) => branch['additionalProperties'] === false));
    const open = all.filter((n) => n.schema['type'] === 'object' && !closed(n.schema)).map((n) => n.path);
    expect(open).toEqual([]);
  });

  it('describes every property', () => {
    const undescribed = all.filter((n) => n.property && typeof n.schema['description'] !== 'string').map((n) => n.path);
    expect(undescribed).toEqual([]);
  });

  it('gives a default to every optional property, except the few without a literal one', () => {
    const missing = all
      .filter((n) => n.property && !n.property.required && !('default' in n.schema) && !(n.property.name in NO_DEFAULT))
      .filter((n) => n.property?.name !== 'dist' && n.property?.name !== 'kind')
      .map((n) => n.path);
    expect(missing).toEqual([]);
  });

  it('has defaults that are valid values of their own property', () => {
    const ajv = new Ajv({ discriminator: true, strict: false });
    const definitions = scenarioSchema['definitions'];
    const invalid: string[] = [];
    for (const n of all) {
      if (!('default' in n.schema)) continue;
      const validate = ajv.compile({ ...n.schema, definitions });
      if (!validate(n.schema['default'])) invalid.push(n.path);
    }
    expect(invalid).toEqual([]);
  });

  it.each(['russia.yaml', 'russia-national.yaml', 'issuer-outage.yaml', 'smoke.yaml', 'tandem.yaml'])(
    'accepts scenarios/%s with a plain validator (the editor schema, fee model included)',
    (name) => {
      const validate = new Ajv({ discriminator: true }).compile(scenarioSchema);
      expect(validate(parse(readFileSync(scenarioFile(name), 'utf8')))).toBe(true);
    },
  );

  it('lets editors flag a misspelled fee-model key', () => {
    const validate = new Ajv({ discriminator: true }).compile(scenarioSchema);
    const doc = parse(readFileSync(fixture('minimal.yaml'), 'utf8')) as Record<string, unknown>;
    expect(validate({ ...doc, fees: { model: 'ru-2019', acquirer: { margn: { pct: 0.6 } } } })).toBe(false);
    expect(validate({ ...doc, fees: { model: 'ru-2019', acquirer: { margin: { pct: 0.6 } } } })).toBe(true);
  });

  it('accepts the minimal fixture with a plain validator', () => {
    const validate = new Ajv({ discriminator: true }).compile(scenarioSchema);
    expect(validate(parse(readFileSync(fixture('minimal.yaml'), 'utf8')))).toBe(true);
  });
});

describe('DEFAULTS', () => {
  it('has hourly weights that sum to 1 and 24 of them', () => {
    expect(DEFAULT_HOURLY).toHaveLength(24);
    expect(DEFAULT_HOURLY.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('has a decline mix that sums to 1 without the approval code', () => {
    expect(Object.values(DEFAULTS.declines.mix).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Object.keys(DEFAULTS.declines.mix)).not.toContain('00');
  });
});
