/** The shipped scenarios validate and resolve to the numbers their comments promise. */
import { describe, expect, it } from 'vitest';
import { loadScenario, parseDuration, type Scenario } from '../../src/scenario/index.js';
import { scenarioFile } from './_fixtures.js';

function load(name: string): Scenario {
  const { scenario, errors } = loadScenario(scenarioFile(name));
  expect(errors).toEqual([]);
  if (scenario === undefined) throw new Error(`${name} did not resolve`);
  return scenario;
}

const us = (text: string): number => parseDuration(text) ?? NaN;

describe('scenarios/russia.yaml', () => {
  const s = load('russia.yaml');

  it('starts on Thursday 2018-12-20 at midnight Moscow time and runs 30 days in hourly buckets', () => {
    expect([s.startWeekday, s.startLocalUs, s.durationUs, s.bucketUs, s.seed]).toEqual([3, 0, us('30d'), us('1h'), 20181220]);
  });

  it('has 12 issuers with Zipf(1.1) card shares', () => {
    const h = Array.from({ length: 12 }, (_, k) => (k + 1) ** -1.1).reduce((a, b) => a + b, 0);
    expect(s.issuers).toHaveLength(12);
    expect(s.issuers[0]?.share).toBeCloseTo(1 / h, 12);
    expect(s.issuers[11]?.share).toBeCloseTo(12 ** -1.1 / h, 12);
    expect(s.issuers.reduce((a, i) => a + i.share, 0)).toBeCloseTo(1, 12);
  });

  it('enables the wallet at Rosselkhozbank and Gazprombank only', () => {
    expect(s.issuers.filter((i) => i.wallet).map((i) => i.name)).toEqual(['Rosselkhozbank', 'Gazprombank']);
    expect(s.wallet.enabled).toBe(true);
    expect(s.wallet.tokenWeight).toBe(1.23);
  });

  it('resolves the faults to hosts, links and microsecond windows', () => {
    expect(s.faults).toEqual([
      { kind: 'host_down', host: { role: 'issuer', index: 1 }, hung: false, fromUs: us('12d18h'), toUs: us('12d18h15m') },
      { kind: 'latency', link: 'switchIssuer', party: -1, addUs: 300_000, fromUs: us('20d12h'), toUs: us('20d14h') },
    ]);
  });

  it('returns responses over the request links when none are given', () => {
    expect(s.links.issuerSwitch).toEqual(s.links.switchIssuer);
    expect(s.links.switchAcquirer).toEqual(s.links.acquirerSwitch);
    expect(s.links.acquirerTerminal).toEqual(s.links.terminalAcquirer);
  });

  it('converts stand-in limits to kopecks', () => {
    expect(s.switch.standIn).toEqual({ enabled: true, maxAmountMinor: 1_500_000, maxCountPerDay: 5, maxAmountPerDayMinor: 3_000_000 });
  });

  it('indexes channel weights and capabilities by channel number', () => {
    expect(s.channelWeights).toEqual([0.4, 0.42, 1.23, 0.0375, 1]);
    expect(s.merchants.capabilityShare).toEqual([1, 1, 1, 0.05, 0]);
  });

  it('has one card-not-present category among ten', () => {
    expect(s.merchants.categories).toHaveLength(10);
    expect(s.merchants.categories.filter((c) => c.cardNotPresent).map((c) => c.name)).toEqual(['ecommerce']);
  });
  it('prices with ru-2019 and writes out the clearing defaults (sources §2.6, §2.7)', () => {
    const m = s.money;
    expect(m?.feeModel.name).toBe('ru-2019');
    expect(m?.cutoffLocalUs).toEqual(Array.from({ length: 8 }, () => us('23h')));
    expect(m?.acquirerZoneShiftUs).toEqual(Array.from({ length: 8 }, () => 0));
    expect([m?.settlementDays, m?.merchantPayoutDays, m?.chargebackShare, m?.chargebackWindowUs]).toEqual([1, 1, 0.001, us('120d')]);
    expect(m?.chargebackDelay).toEqual({ kind: 'lognormal', meanUs: us('30d'), sigma: 0.8 });
    expect(m?.crossBorderIssuers.some((x) => x)).toBe(false);
  });
});

describe.each(['issuer-outage.yaml', 'russia-national.yaml'])('scenarios/%s', (name) => {
  it('prices with ru-2019 and the clearing defaults written out, like russia.yaml', () => {
    const s = load(name);
    const m = s.money;
    expect(m?.feeModel).toEqual(load('russia.yaml').money?.feeModel);
    expect(new Set(m?.cutoffLocalUs)).toEqual(new Set([us('23h')]));
    expect(new Set(m?.acquirerZoneShiftUs)).toEqual(new Set([0]));
    expect(m?.cutoffLocalUs).toHaveLength(s.acquirers.length);
    expect([m?.settlementDays, m?.merchantPayoutDays, m?.chargebackShare, m?.chargebackWindowUs]).toEqual([1, 1, 0.001, us('120d')]);
    expect(m?.chargebackDelay).toEqual({ kind: 'lognormal', meanUs: us('30d'), sigma: 0.8 });
    expect(m?.crossBorderIssuers).toEqual(s.issuers.map(() => false));
  });
});

describe.each(['tandem.yaml', 'bench-hold-1k.yaml', 'bench-hold-100k.yaml'])('scenarios/%s', (name) => {
  it('has no money (a plain queueing network)', () => {
    expect(load(name).money).toBeUndefined();
  });
});

describe('scenarios/tandem.yaml', () => {
  const s = load('tandem.yaml');

  it('is the reference tandem network of docs/sources.md §B.2: 1000/s for 1000 s, the first 10 s left out', () => {
    expect(s.demand.constantPerSecond).toBe(1000);
    expect(s.demand.perCardPerDay).toBe(0);
    expect(s.durationUs).toBe(1_000_000_000);
    expect(s.warmupUs).toBe(10_000_000);
  });

  it('has stations at utilizations 0.8, 0.7 and 0.9', () => {
    const utilization = (h: { servers: number; service: { kind: string; meanUs?: number } }): number =>
      (1000 * (h.service.meanUs ?? NaN)) / 1e6 / h.servers;
    expect(s.acquirers[0]?.host.service).toEqual({ kind: 'exponential', meanUs: 3200 });
    expect(s.switch.host.service).toEqual({ kind: 'exponential', meanUs: 5600 });
    expect(s.issuers[0]?.host.service).toEqual({ kind: 'exponential', meanUs: 3600 });
    expect([s.acquirers[0], s.switch, s.issuers[0]].map((p) => utilization(p?.host ?? s.switch.host))).toEqual([0.8, 0.7, 0.9]);
  });

  it('adds 5 ms between stations and 10 ms on the way back', () => {
    const fixedUs = Object.values(s.links).map((d) => (d.kind === 'fixed' ? d.valueUs : NaN));
    const total = fixedUs.reduce((a, b) => a + b, 0);
    expect(total).toBe(20_000);
    expect(s.links.acquirerSwitch).toEqual({ kind: 'fixed', valueUs: 5000 });
    expect(s.links.switchIssuer).toEqual({ kind: 'fixed', valueUs: 5000 });
    expect(s.links.issuerSwitch).toEqual({ kind: 'fixed', valueUs: 10_000 });
  });

  it('approves everything: unlimited funds, no declines, no stand-in, no wallet, no faults', () => {
    expect(s.cards.unlimitedFunds).toBe(true);
    expect([s.cards.expiredShare, s.cards.blockedShare]).toEqual([0, 0]);
    expect([s.declines.randomRateCardPresent, s.declines.randomRateCardNotPresent, s.declines.invalidPanRate]).toEqual([0, 0, 0]);
    expect(s.switch.standIn.enabled).toBe(false);
    expect(s.wallet.enabled).toBe(false);
    expect(s.faults).toEqual([]);
  });
});

describe('scenarios/smoke.yaml', () => {
  const s = load('smoke.yaml');

  it('runs one hour in 10-minute buckets from 18:00', () => {
    expect([s.durationUs, s.bucketUs, s.startLocalUs]).toEqual([us('1h'), us('10m'), us('18h')]);
  });

  it('has two of each party, with per-name overrides applied', () => {
    expect(s.issuers.map((i) => [i.name, i.host.servers])).toEqual([
      ['Alpha Bank', 4],
      ['Beta Bank', 2],
    ]);
    expect(s.issuers[1]?.host.service).toEqual(s.issuers[0]?.host.service);
    expect(s.acquirers.map((a) => a.timeoutUs)).toEqual([15_000_000, 12_000_000]);
  });

  it('enables the wallet at both issuers', () => {
    expect(s.wallet.enabled).toBe(true);
    expect(s.issuers.every((i) => i.wallet)).toBe(true);
  });

  it('has fees, a mid-hour cut-off at South Acquiring, quick chargebacks and a foreign issuer', () => {
    const m = s.money;
    expect(m?.feeModel.name).toBe('ru-2019');
    expect(m?.cutoffLocalUs).toEqual([us('23h'), us('18h30m')]);
    expect([m?.chargebackShare, m?.chargebackDelay]).toEqual([0.05, { kind: 'exponential', meanUs: us('10m') }]);
    expect(m?.crossBorderIssuers).toEqual([false, true]);
  });

  it('has one two-minute outage of Beta Bank', () => {
    expect(s.faults).toEqual([{ kind: 'host_down', host: { role: 'issuer', index: 1 }, hung: false, fromUs: us('30m'), toUs: us('32m') }]);
  });
});
