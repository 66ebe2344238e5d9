/** What a scenario resolves to when it gives only the required keys, and how given values combine with defaults. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../src/scenario/index.js';
import { DEFAULT_HOURLY, DEFAULT_WEEKLY } from '../../src/scenario/schema.js';
import { fixture, loadFixture } from './_fixtures.js';

const MINIMAL = readFileSync(fixture('minimal.yaml'), 'utf8');

/** The minimal fixture with top-level sections appended (they must not already be in it). */
function withSections(extra: string): Scenario {
  const { scenario, errors } = parseScenario(`${MINIMAL}\n${extra}\n`, 'inline.yaml');
  expect(errors).toEqual([]);
  if (scenario === undefined) throw new Error('did not resolve');
  return scenario;
}

/** The minimal fixture with one line replaced. */
function replacing(line: string, by: string): Scenario {
  expect(MINIMAL).toContain(line);
  const { scenario, errors } = parseScenario(MINIMAL.replace(line, by), 'inline.yaml');
  expect(errors).toEqual([]);
  if (scenario === undefined) throw new Error('did not resolve');
  return scenario;
}

describe('defaults of the minimal scenario', () => {
  const { scenario: s, errors } = loadFixture('minimal.yaml');
  if (s === undefined) throw new Error(JSON.stringify(errors));

  it('run: seed 1, start 2018-12-20 00:00 +03:00 (a Thursday), bucket 1h, no warmup, RUB', () => {
    expect([s.seed, s.start, s.startWeekday, s.startLocalUs, s.bucketUs, s.warmupUs, s.currency, s.currencyExponent, s.description]).toEqual([
      1,
      '2018-12-20T00:00:00+03:00',
      3,
      0,
      3_600_000_000,
      0,
      'RUB',
      2,
      '',
    ]);
  });

  it('cards', () => {
    expect(s.cards).toEqual({
      count: 1000,
      activeShare: 0.6,
      creditShare: 0.15,
      expiredShare: 0.003,
      blockedShare: 0.001,
      unlimitedFunds: false,
      debitBalance: { kind: 'lognormal', meanMinor: 900_000, sigma: 1 },
      creditLimit: { kind: 'lognormal', meanMinor: 6_000_000, sigma: 0.7 },
      debitIncomePerDayMinor: 18_000,
      creditRepaymentPerDayMinor: 15_000,
    });
  });

  it('issuers: generated names, equal shares, 24 servers of lognormal 150 ms, no wallet', () => {
    const host = { servers: 24, service: { kind: 'lognormal', meanUs: 150_000, sigma: 0.6 } };
    expect(s.issuers).toEqual([
      { name: 'Issuer 1', share: 0.5, wallet: false, activity: 1, host },
      { name: 'Issuer 2', share: 0.5, wallet: false, activity: 1, host },
    ]);
  });

  it('acquirers: 40 servers of lognormal 40 ms, 15 s timeout', () => {
    expect(s.acquirers).toEqual([
      { name: 'Acquirer 1', share: 1, host: { servers: 40, service: { kind: 'lognormal', meanUs: 40_000, sigma: 0.3 } }, timeoutUs: 15_000_000 },
    ]);
  });

  it('switch: 160 servers of lognormal 80 ms, 10 ms detokenization, 10 s issuer timer, stand-in on', () => {
    expect(s.switch).toEqual({
      name: 'Switch',
      host: { servers: 160, service: { kind: 'lognormal', meanUs: 80_000, sigma: 0.3 } },
      detokenize: { kind: 'fixed', valueUs: 10_000 },
      issuerTimeoutUs: 10_000_000,
      standIn: { enabled: true, maxAmountMinor: 1_500_000, maxCountPerDay: 5, maxAmountPerDayMinor: 3_000_000 },
    });
  });

  it('links: responses like requests', () => {
    const ta = { kind: 'lognormal', meanUs: 80_000, sigma: 0.4 };
    const hop = { kind: 'lognormal', meanUs: 30_000, sigma: 0.2 };
    expect(s.links).toEqual({
      terminalAcquirer: ta,
      acquirerSwitch: hop,
      switchIssuer: hop,
      issuerSwitch: hop,
      switchAcquirer: hop,
      acquirerTerminal: ta,
    });
  });

  it('merchants: 3 terminals per merchant, 30 s terminal timer, QR on 5 % of terminals', () => {
    expect(s.merchants.terminalsPerMerchant).toBe(3);
    expect(s.merchants.terminalTimeoutUs).toBe(30_000_000);
    expect(s.merchants.capabilityShare).toEqual([1, 1, 1, 0.05, 0]);
    expect(s.merchants.categories[0]?.cardNotPresent).toBe(false);
  });

  it('channels, demand, wallet, declines and faults', () => {
    expect(s.channelWeights).toEqual([0.4, 0.42, 1.23, 0.002, 1]);
    expect(s.demand).toEqual({ perCardPerDay: 0.2, constantPerSecond: 0, hourly: DEFAULT_HOURLY, weekly: DEFAULT_WEEKLY });
    expect(s.wallet).toEqual({
      enabled: false,
      name: 'Huawei Pay',
      eligibleShare: 0.15,
      bassP: 0.0005,
      bassQ: 0.08,
      stepUpShare: 0.3,
      provisioningFailure: 0.05,
      uplift: 1.2,
      tokenWeight: 1.23,
    });
    expect(s.declines).toEqual({
      randomRateCardPresent: 0.02,
      randomRateCardNotPresent: 0.06,
      invalidPanRate: 0.01,
      mix: [
        { code: '05', weight: 0.4 },
        { code: '55', weight: 0.16 },
        { code: '59', weight: 0.2 },
        { code: '61', weight: 0.1 },
        { code: '65', weight: 0.06 },
        { code: '96', weight: 0.08 },
      ],
    });
    expect(s.faults).toEqual([]);
  });
});

describe('given values with defaults', () => {
  it('a response link defaults to its request twin as given', () => {
    const s = withSections('links: { switch_issuer: 5ms, acquirer_switch: { dist: uniform, min: 1ms, max: 3ms } }');
    expect(s.links.issuerSwitch).toEqual({ kind: 'fixed', valueUs: 5000 });
    expect(s.links.switchAcquirer).toEqual({ kind: 'uniform', minUs: 1000, maxUs: 3000 });
  });

  it('a constant rate flattens the hourly and weekly profiles', () => {
    const s = withSections('demand: { per_second: 250 }');
    expect(s.demand.constantPerSecond).toBe(250);
    expect(s.demand.perCardPerDay).toBe(0);
    expect(s.demand.hourly).toEqual(Array.from({ length: 24 }, () => 1 / 24));
    expect(s.demand.weekly).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('declines: none sets every random rate to 0', () => {
    const s = withSections('declines: none');
    expect([s.declines.randomRateCardPresent, s.declines.randomRateCardNotPresent, s.declines.invalidPanRate]).toEqual([0, 0, 0]);
  });

  it('the decline mix is sorted by response code', () => {
    const s = withSections('declines: { mix: { "61": 0.5, "05": 0.25, "51": 0.25 } }');
    expect(s.declines.mix.map((m) => m.code)).toEqual(['05', '51', '61']);
  });

  it('a wallet section enables the wallet; enabled: false turns it off', () => {
    expect(replacing('issuers: { count: 2 }', 'issuers: { count: 2, wallet: [Issuer 2] }\nwallet: {}').wallet.enabled).toBe(true);
    expect(withSections('wallet: { enabled: false }').wallet.enabled).toBe(false);
  });

  it('Zipf shares: share of the k-th is k^-s over the sum', () => {
    const s = replacing('issuers: { count: 2 }', 'issuers: { count: 3, shares: { zipf: 1 } }');
    expect(s.issuers.map((i) => i.share)).toEqual([1 / (11 / 6), 1 / 2 / (11 / 6), 1 / 3 / (11 / 6)]);
  });

  it('a per-name host override keeps what it does not set', () => {
    const s = replacing(
      'issuers: { count: 2 }',
      'issuers:\n  count: 2\n  host: { servers: 10, service: 20ms }\n  hosts: { Issuer 2: { servers: 3 } }',
    );
    expect(s.issuers.map((i) => i.host)).toEqual([
      { servers: 10, service: { kind: 'fixed', valueUs: 20_000 } },
      { servers: 3, service: { kind: 'fixed', valueUs: 20_000 } },
    ]);
  });

  it('the start sets weekday and local time in the offset written', () => {
    const s = replacing('duration: 1d', 'duration: 1d\nstart: "2018-12-23T18:30:15.5+03:00"');
    expect(s.startWeekday).toBe(6);
    expect(s.startLocalUs).toBe(((18 * 60 + 30) * 60 + 15.5) * 1e6);
  });

  it('amounts use the currency exponent: JPY has no minor unit', () => {
    const s = replacing('duration: 1d', 'duration: 1d\ncurrency: JPY');
    expect(s.currencyExponent).toBe(0);
    expect(s.merchants.categories[0]?.ticket).toEqual({ kind: 'fixed', valueMinor: 100 });
    expect(s.switch.standIn.maxAmountMinor).toBe(15_000);
  });

  it('amounts round to the nearest minor unit', () => {
    const s = replacing('value: 100 }', 'value: 99.995 }');
    expect(s.merchants.categories[0]?.ticket).toEqual({ kind: 'fixed', valueMinor: 10_000 });
  });

  it('anchors, aliases and merge keys resolve like written-out values', () => {
    const { scenario, errors } = loadFixture('anchors.yaml');
    expect(errors).toEqual([]);
    expect(scenario?.acquirers[0]?.host).toEqual({ servers: 12, service: { kind: 'exponential', meanUs: 20_000 } });
    expect(scenario?.switch.host.service).toEqual({ kind: 'exponential', meanUs: 20_000 });
    expect(scenario?.merchants.categories.map((c) => [c.name, c.mcc])).toEqual([
      ['shop', 5411],
      ['other', 5411],
    ]);
  });

  it('has no money without fees, and the fee model of a preset with them', () => {
    expect(parseScenario(MINIMAL, 'inline.yaml').scenario?.money).toBeUndefined();
    const { scenario, errors } = parseScenario(`${MINIMAL}\nfees: ru-2019\n`, 'inline.yaml');
    expect(errors).toEqual([]);
    expect(scenario?.money?.feeModel.name).toBe('ru-2019');
  });
});
