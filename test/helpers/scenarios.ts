import type { DurationDist, HostSpec, Scenario } from '../../src/scenario/types.js';

const us = (ms: number): number => Math.round(ms * 1000);
export const fixed = (ms: number): DurationDist => ({ kind: 'fixed', valueUs: us(ms) });
export const exponential = (ms: number): DurationDist => ({ kind: 'exponential', meanUs: us(ms) });
const host = (servers: number, service: DurationDist): HostSpec => ({ servers, service });

/**
 * A resolved plain queueing network, built in code (not through YAML) so model tests do not
 * depend on the scenario pipeline: constant Poisson arrivals, unlimited funds, no declines,
 * one acquirer, the switch and one issuer.
 */
export function plainNetwork(o: {
  ratePerSecond: number;
  durationS: number;
  bucketS: number;
  acquirer: [number, DurationDist];
  switch: [number, DurationDist];
  issuer: [number, DurationDist];
  links?: Partial<Scenario['links']>;
  faults?: Scenario['faults'];
  seed?: number;
}): Scenario {
  const zero = fixed(0);
  return {
    name: 'plain',
    description: '',
    path: '(memory)',
    sha256: '',
    seed: o.seed ?? 1,
    shards: 1,
    start: '2018-12-20T00:00:00+03:00',
    startWeekday: 3,
    startLocalUs: 0,
    durationUs: o.durationS * 1_000_000,
    bucketUs: o.bucketS * 1_000_000,
    warmupUs: 0,
    currency: 'RUB',
    currencyExponent: 2,
    cards: {
      count: 1000,
      activeShare: 1,
      creditShare: 0,
      expiredShare: 0,
      blockedShare: 0,
      unlimitedFunds: true,
      debitBalance: { kind: 'fixed', valueMinor: 100000 },
      creditLimit: { kind: 'fixed', valueMinor: 100000 },
      debitIncomePerDayMinor: 0,
      creditRepaymentPerDayMinor: 0,
    },
    issuers: [{ name: 'Issuer', share: 1, wallet: false, activity: 1, host: host(...o.issuer) }],
    acquirers: [{ name: 'Acquirer', share: 1, host: host(...o.acquirer), timeoutUs: 15_000_000 }],
    switch: {
      name: 'Switch',
      host: host(...o.switch),
      detokenize: zero,
      issuerTimeoutUs: 10_000_000,
      standIn: { enabled: false, maxAmountMinor: 0, maxCountPerDay: 0, maxAmountPerDayMinor: 0 },
    },
    links: {
      terminalAcquirer: zero,
      acquirerSwitch: zero,
      switchIssuer: zero,
      issuerSwitch: zero,
      switchAcquirer: zero,
      acquirerTerminal: zero,
      ...o.links,
    },
    merchants: {
      terminals: 100,
      terminalsPerMerchant: 1,
      categories: [{ name: 'all', mcc: 5411, share: 1, ticket: { kind: 'fixed', valueMinor: 10000 }, cardNotPresent: false }],
      capabilityShare: [1, 0, 0, 0, 0],
      terminalTimeoutUs: 30_000_000,
    },
    demand: { perCardPerDay: 0, constantPerSecond: o.ratePerSecond, hourly: new Array(24).fill(1 / 24), weekly: new Array(7).fill(1) },
    channelWeights: [1, 0, 0, 0, 1],
    wallet: {
      enabled: false, name: 'none', eligibleShare: 0, bassP: 0, bassQ: 0, stepUpShare: 0,
      provisioningFailure: 0, uplift: 1, tokenWeight: 0,
    },
    wallets: [],
    phones: [],
    declines: { randomRateCardPresent: 0, randomRateCardNotPresent: 0, mix: [], invalidPanRate: 0 },
    faults: o.faults ?? [],
  };
}

/** The reference tandem network (docs/sources.md §B.2) at a given duration. */
export function benchTandem(durationS: number, seed = 1): Scenario {
  return plainNetwork({
    ratePerSecond: 1000,
    durationS,
    bucketS: 10,
    acquirer: [4, exponential(3.2)],
    switch: [8, exponential(5.6)],
    issuer: [4, exponential(3.6)],
    links: { acquirerSwitch: fixed(5), switchIssuer: fixed(5), issuerSwitch: fixed(10) },
    seed,
  });
}
