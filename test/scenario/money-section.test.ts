/**
 * Money of a scenario: `fees` (resolved by the economics module), `clearing` and
 * `issuers.foreign`, resolved to `Scenario.money`; their mistakes located to line and column.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveFeeModel } from '../../src/economics/index.js';
import { parseScenario, type MoneySpec, type ScenarioError } from '../../src/scenario/index.js';
import { fixture, loadFixture, located } from './_fixtures.js';

const MINIMAL = readFileSync(fixture('minimal.yaml'), 'utf8');
const HOUR_US = 3_600_000_000;
const DAY_US = 24 * HOUR_US;

/** The minimal fixture (two issuers, one acquirer) with sections appended. */
function parse(extra: string): ReturnType<typeof parseScenario> {
  return parseScenario(`${MINIMAL}${extra}`, 'inline.yaml');
}

function money(extra: string): MoneySpec {
  const { scenario, errors } = parse(extra);
  expect(errors).toEqual([]);
  if (scenario?.money === undefined) throw new Error('no money resolved');
  return scenario.money;
}

const e = (code: string, path: string, line: number, column: number): ReturnType<typeof located>[number] => ({ code, path, line, column });

describe('money defaults', () => {
  it('is absent without fees: a plain queueing network has no money', () => {
    const { scenario, errors, warnings } = parse('');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(scenario).toBeDefined();
    expect(scenario?.money).toBeUndefined();
  });

  it('resolves a preset name with every clearing default (sources §2.6, §2.7)', () => {
    const { scenario, errors, warnings } = parse('fees: ru-2019\n');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    const m = scenario?.money;
    expect(m?.feeModel).toEqual(resolveFeeModel('ru-2019', { currency: 'RUB' }).model);
    expect(m && { ...m, feeModel: m.feeModel.name }).toEqual({
      feeModel: 'ru-2019',
      cutoffLocalUs: [23 * HOUR_US],
      acquirerZoneShiftUs: [0],
      settlementDays: 1,
      merchantPayoutDays: 1,
      chargebackShare: 0.001,
      chargebackDelay: { kind: 'lognormal', meanUs: 30 * DAY_US, sigma: 0.8 },
      chargebackWindowUs: 120 * DAY_US,
      crossBorderIssuers: [false, false],
      issuerSettlementCurrency: ['RUB', 'RUB'],
    });
  });

  it('reads {model: preset} as the preset, and a preset with overrides', () => {
    expect(money('fees: { model: ru-2019 }\n')).toEqual(money('fees: ru-2019\n'));
    expect(money('fees: { model: ru-2019, name: ru-tweaked }\n').feeModel.name).toBe('ru-tweaked');
  });

  it('fills the clearing defaults around the keys given', () => {
    const m = money('fees: ru-2019\nclearing: { settlement_days: 3, chargebacks: { share: 0.01 } }\n');
    expect([m.cutoffLocalUs, m.settlementDays, m.merchantPayoutDays, m.chargebackShare, m.chargebackWindowUs]).toEqual([
      [23 * HOUR_US],
      3,
      1,
      0.01,
      120 * DAY_US,
    ]);
  });

  it('reads an unquoted cut-off as a time (YAML 1.2 has no base-60 numbers)', () => {
    expect(money('fees: ru-2019\nclearing: { cutoff: 21:30 }\n').cutoffLocalUs).toEqual([21.5 * HOUR_US]);
  });
});

describe('clearing written out', () => {
  const { scenario, errors, warnings } = loadFixture('money-clearing.yaml');
  const m = scenario?.money;

  it('resolves', () => {
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(m?.feeModel.name).toBe('ru-2019');
  });

  it('gives each acquirer the common cut-off or its own', () => {
    // North, East, West: cutoff 22:00, East 20:30.
    expect(m?.cutoffLocalUs).toEqual([22 * HOUR_US, 20.5 * HOUR_US, 22 * HOUR_US]);
  });

  it('shifts an acquirer east of start (+03:00) forward and one west of it back', () => {
    // North: start's zone; East +07:00: 4 h ahead; West +01:00: 2 h behind.
    expect(m?.acquirerZoneShiftUs).toEqual([0, 4 * HOUR_US, -2 * HOUR_US]);
  });

  it('resolves lags and chargebacks', () => {
    expect([m?.settlementDays, m?.merchantPayoutDays, m?.chargebackShare, m?.chargebackWindowUs]).toEqual([2, 0, 0.05, 30 * DAY_US]);
    expect(m?.chargebackDelay).toEqual({ kind: 'exponential', meanUs: 600_000_000 });
  });

  it('marks the foreign issuers cross-border', () => {
    expect(m?.crossBorderIssuers).toEqual([false, false, true]);
  });

  it('measures shifts from the offset of start, whatever it is', () => {
    const at = (start: string, zone: string): number | undefined => {
      const text = MINIMAL.replace('duration: 1d', `duration: 1d\nstart: "${start}"`);
      const { scenario: s, errors: errs } = parseScenario(`${text}fees: ru-2019\nclearing: { time_zones: { Acquirer 1: "${zone}" } }\n`, 'inline.yaml');
      expect(errs).toEqual([]);
      return s?.money?.acquirerZoneShiftUs[0];
    };
    expect(at('2018-12-20T00:00:00Z', '-05:00')).toBe(-5 * HOUR_US);
    expect(at('2018-12-20T00:00:00+05:30', 'Z')).toBe(-5.5 * HOUR_US);
    expect(at('2018-12-20T00:00:00-03:00', '+08:00')).toBe(11 * HOUR_US);
    expect(at('2018-12-20T00:00:00+03:00', '+03:00')).toBe(0);
  });
});

describe('fee-model warnings', () => {
  it('come back with the scenario, located like errors', () => {
    const fees = [
      'fees:',
      '  interchange:',
      '    - { name: debit, product: debit, pct: 1.2 }',
      '  acquirer: { pricing: blended, mdr: [{ name: standard, pct: 1.9 }] }',
      '',
    ].join('\n');
    const { scenario, errors, warnings } = parse(fees);
    expect(errors).toEqual([]);
    expect(scenario?.money?.feeModel.name).toBe('custom');
    // minimal.yaml has 10 lines; `interchange:` is line 12.
    expect(located(warnings)).toEqual([e('fee_model', 'fees.interchange', 13, 5)]);
    expect(warnings[0]?.message).toMatch(/no interchange rule covers some purchases/);
  });
});

type Case = [what: string, file: string, expected: ReturnType<typeof e>[], messages?: RegExp[]];

const CASES: Case[] = [
  [
    'an unknown preset, with the nearest name',
    'money-unknown-preset.yaml',
    [e('invalid_choice', 'fees.model', 11, 10)],
    [/^unknown fee preset "ru-2091"; did you mean "ru-2019"\?/],
  ],
  [
    'an interchange rate above 100 % deep in a model, and a misspelled key of an MDR rule',
    'money-fee-rule.yaml',
    [e('out_of_range', 'fees.interchange[1].pct', 16, 12), e('unknown_key', 'fees.acquirer.mdr[0].fixd', 20, 49)],
    [/150 % is more than 100 % of the purchase/, /did you mean "fixed"\?/],
  ],
  [
    'a problem of a node not written in the file, at the nearest one that is',
    'money-three-party.yaml',
    [e('missing_key', 'fees.platform', 12, 3)],
    [/^a three-party model needs platform\.merchant_fee$/],
  ],
  ['fees of the wrong type', 'money-fees-type.yaml', [e('wrong_type', 'fees', 10, 7)], [/expected a fee preset name such as 'ru-2019'/]],
  [
    'clearing without fees',
    'money-clearing-no-fees.yaml',
    [e('missing_key', 'clearing', 10, 1)],
    [/^clearing needs a fee model: add fees:/],
  ],
  [
    'unknown and repeated names in issuers.foreign, clearing.cutoffs and clearing.time_zones',
    'money-names.yaml',
    [
      e('unknown_name', 'issuers.foreign[0]', 7, 13),
      e('duplicate_name', 'issuers.foreign[2]', 7, 36),
      e('unknown_name', 'clearing.cutoffs["Nort Acquiring"]', 19, 5),
      e('unknown_name', 'clearing.time_zones["Souht Acquiring"]', 21, 5),
    ],
    [/did you mean 'Beta Bank'\?/, /given twice/, /did you mean 'North Acquiring'\?/, /did you mean 'South Acquiring'\?/],
  ],
  [
    'times, offsets, lags and chargebacks out of shape or range',
    'money-formats.yaml',
    [
      e('invalid_format', 'clearing.cutoff', 12, 11),
      e('wrong_type', 'clearing.cutoffs["Acquirer 1"]', 13, 26),
      e('out_of_range', 'clearing.time_zones["Acquirer 1"]', 14, 29),
      e('invalid_format', 'clearing.time_zones["Acquirer 2"]', 14, 51),
      e('out_of_range', 'clearing.settlement_days', 15, 20),
      e('wrong_type', 'clearing.merchant_payout_days', 16, 25),
      e('out_of_range', 'clearing.chargebacks.share', 17, 25),
      e('wrong_type', 'clearing.chargebacks.delay', 17, 37),
      e('out_of_range', 'clearing.chargebacks.window', 17, 49),
      e('unknown_key', 'clearing.chargebacks.windw', 17, 53),
    ],
    [
      /expected a local time 'HH:MM' from 00:00 to 23:59.*got '24:00'/,
      /expected a local time 'HH:MM'.*got 2100/,
      /between -12:00 and \+14:00.*'\+15:00'/,
      /expected a UTC offset/,
      /between 0 and 30; got 31/,
      /whole number/,
      /between 0 and 1/,
      /expected a duration/,
      /longer than 0/,
      /did you mean 'window'\?/,
    ],
  ],
];

describe('money errors', () => {
  it.each(CASES)('%s (%s)', (_what, file, expected, messages) => {
    const { scenario, errors } = loadFixture(file);
    expect(scenario).toBeUndefined();
    expect(located(errors)).toEqual(expected);
    messages?.forEach((re, i) => expect(errors[i]?.message).toMatch(re));
  });

  it('locates an unknown preset given as a plain string at the string', () => {
    const { errors } = parse('fees: ru-2091\n');
    expect(located(errors)).toEqual([e('invalid_choice', 'fees', 11, 7)]);
    expect(errors[0]?.message).toMatch(/did you mean "ru-2019"\?/);
  });

  it('refuses a preset in another currency without a rate', () => {
    const { errors } = parse('fees: { model: cn-ndrc-2016 }\n');
    expect(located(errors)).toEqual([e('fee_model', 'fees.model', 11, 16)]);
    expect(errors[0]?.message).toMatch(/CNY.*RUB/);
  });

  it('checks issuers.foreign without fees too', () => {
    const { errors } = parseScenario(MINIMAL.replace('issuers: { count: 2 }', 'issuers: { count: 2, foreign: [Issuer 3] }'), 'inline.yaml');
    expect(located(errors)).toEqual([e('unknown_name', 'issuers.foreign[0]', 5, 32)]);
  });

  it('reports every error with a place in the file', () => {
    const all: ScenarioError[] = CASES.flatMap(([, file]) => loadFixture(file).errors);
    expect(all.every((x) => x.line > 0 && x.column > 0)).toBe(true);
  });
});

describe('clearing.settlement_currencies', () => {
  it('resolves a foreign issuer settling in CNY when the fee model has the rate, and rejects one without', async () => {
    const { parseScenario } = await import('../../src/scenario/index.js');
    const { readFileSync } = await import('node:fs');
    const base = readFileSync('scenarios/smoke.yaml', 'utf8');
    expect(base).toMatch(/settlement_currencies: \{ Beta Bank: CNY \}/);
    const ok = parseScenario(base, 'ok.yaml');
    expect(ok.errors).toEqual([]);
    expect(ok.scenario!.money!.issuerSettlementCurrency).toEqual(['RUB', 'CNY']);
    const noRate = parseScenario(base.replace('{ Beta Bank: CNY }', '{ Beta Bank: JPY }'), 'bad.yaml');
    expect(noRate.errors.map((e) => [e.code, e.path])).toEqual([['missing_key', 'clearing.settlement_currencies["Beta Bank"]']]);
    expect(noRate.errors[0]!.message).toMatch(/needs a rate: add fees: \{fx: \{rates: \{"JPY\/RUB"/);
    expect(noRate.errors[0]!.line).toBeGreaterThan(0);
    const unknown = parseScenario(base.replace('{ Beta Bank: CNY }', '{ Beta Bnk: CNY }'), 'bad2.yaml');
    expect(unknown.errors[0]!.message).toMatch(/unknown issuer 'Beta Bnk'.*did you mean 'Beta Bank'/);
  });
});
