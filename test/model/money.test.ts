/**
 * Money in the run, end to end: clearing by acquirer cut-off, pricing, settlement and chargebacks
 * as the network produces them.
 *
 * 1. Random small scenarios (issuers, acquirers, declines, faults, cut-offs, time zones,
 *    chargebacks, foreign issuers) under random fee models (presets rebased to RUB, or generated
 *    models): every run verifies its books, and the test re-derives from the book's own rows that
 *    cycles net to zero, that money is conserved, and that clearing saw exactly the approved
 *    purchases of the throughput table.
 * 2. Fee models never touch the purchases: runs under different models are identical
 *    authorization by authorization, and one run under several models prices one stream.
 * 3. Cut-off semantics by hand (inclusive cut-off, time-zone shifts, chargebacks in later cycles).
 * 4. A chargeback reverses the purchase flows, fee by fee, as the policy says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHANNEL_CARD_NOT_PRESENT,
  CHANNEL_CARD_PRESENT,
  CHANNEL_QR,
  CHANNEL_WALLET_TOKEN,
  FEE_PRESET_NAMES,
  FeePricer,
  KIND,
  KIND_COUNT,
  LedgerInvariantError,
  POSTING_KINDS,
  PRODUCT_CREDIT,
  PRODUCT_DEBIT,
  ACCOUNT_TYPES,
  compareModels,
  createFeeBreakdown,
  type FeeModel,
  type PurchaseInput,
  type SettlementBook,
} from '../../src/economics/index.js';
import { Streams } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Clearing } from '../../src/model/clearing.js';
import { Network, OUTCOME_APPROVED, type RunResult, type TransactionRecord } from '../../src/model/network.js';
import { N_ARRIVALS, N_FIELDS, T_APPROVED, T_ATTEMPTS, T_DECLINED, T_FIELDS, T_REVERSALS, T_STAND_IN, T_TIMED_OUT, T_VALUE_APPROVED } from '../../src/model/stats.js';
import type { AmountDist, DurationDist, FaultSpec, Scenario } from '../../src/scenario/types.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_MIN, feeModel, presetInRub, RUB_RATES, withMoney, type MoneyOptions } from '../helpers/money.js';
import { exponential, fixed, plainNetwork } from '../helpers/scenarios.js';

const US_PER_S = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Random fee models in the declarative format of docs/fees.md
// ---------------------------------------------------------------------------------------------

/** Decimal strings, read exactly by the fee format. */
const pct = (ppm: number): string => (ppm / 10_000).toFixed(4);
const major = (minor: number): string => (minor / 100).toFixed(2);

/**
 * Disjoint MCC sets for specific rules: disjoint rules never overlap, and each is nested in the
 * catch-all, so the rule set is valid by construction (no `overlap`, no `matches_nothing`).
 */
const MCC_SLOTS: readonly unknown[] = [5411, '5541-5542', 4121, 5399, [5812, 5814], '8000-8999', 5999];
const CP_CHANNELS = ['card_present', 'wallet_token', 'qr'] as const;
const PRODUCTS = ['debit', 'credit', 'premium', 'commercial'] as const;

const subsetArb = <T>(xs: readonly T[]): fc.Arbitrary<T[]> => fc.subarray([...xs], { minLength: 1 });

/** clamp(ppm(V) + fixed, floor, cap), at most ~4 % + RUB 3 at the RUB 10 minimum amount. */
const ruleFeeArb = fc
  .record({
    ppm: fc.integer({ min: 0, max: 40_000 }),
    fixed: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
    floor: fc.option(fc.integer({ min: 0, max: 150 }), { nil: undefined }),
    capOver: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: undefined }),
  })
  .map((f) => ({
    pct: pct(f.ppm),
    ...(f.fixed !== undefined ? { fixed: major(f.fixed) } : {}),
    ...(f.floor !== undefined ? { floor: major(f.floor) } : {}),
    ...(f.capOver !== undefined ? { cap: major((f.floor ?? 0) + f.capOver) } : {}),
  }));

const specificRuleArb = fc.record({
  product: fc.option(subsetArb(PRODUCTS), { nil: undefined }),
  channel: fc.option(subsetArb(CP_CHANNELS), { nil: undefined }),
  domestic: fc.boolean(),
  fee: ruleFeeArb,
});

type SpecificRule = typeof specificRuleArb extends fc.Arbitrary<infer T> ? T : never;

function rules(prefix: string, catchAll: Record<string, unknown> | null, specific: SpecificRule[], extra: Record<string, unknown>[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (catchAll !== null) out.push({ name: `${prefix}-all`, ...catchAll });
  specific.forEach((r, i) =>
    out.push({
      name: `${prefix}-${i}`,
      mcc: MCC_SLOTS[i],
      ...(r.product !== undefined ? { product: r.product } : {}),
      ...(r.channel !== undefined ? { channel: r.channel } : {}),
      ...(r.domestic ? { region: 'domestic' } : {}),
      ...r.fee,
    }),
  );
  return [...out, ...extra];
}

const sideArb = fc
  .record({
    ppm: fc.integer({ min: 0, max: 5_000 }),
    cap: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
    perAuth: fc.integer({ min: 0, max: 100 }),
    perItem: fc.integer({ min: 0, max: 50 }),
    crossBorder: fc.integer({ min: 0, max: 10_000 }),
    exempt: fc.boolean(),
  })
  .map((s) => ({
    pct: pct(s.ppm),
    ...(s.cap !== undefined ? { cap: major(s.cap) } : {}),
    per_auth: major(s.perAuth),
    per_item: major(s.perItem),
    cross_border_pct: pct(s.crossBorder),
    ...(s.exempt ? { exempt_mcc: [8398] } : {}),
  }));

const chargebackPolicyArb = fc.record({
  refund_merchant_discount: fc.boolean(),
  refund_scheme_fees: fc.boolean(),
  refund_fx_fee: fc.boolean(),
  fee: fc.integer({ min: 0, max: 5_000 }).map(major),
});

const fourPartyArb = fc
  .record({
    catchAll: fc.option(ruleFeeArb, { nil: null }),
    specific: fc.array(specificRuleArb, { maxLength: MCC_SLOTS.length }),
    cnp: fc.option(ruleFeeArb, { nil: undefined }),
    crossBorder: fc.option(ruleFeeArb, { nil: undefined }),
    issuer: sideArb,
    acquirer: sideArb,
    blended: fc.boolean(),
    mdrAll: ruleFeeArb,
    mdrSpecific: fc.array(specificRuleArb, { maxLength: MCC_SLOTS.length }),
    margin: ruleFeeArb,
    fxPpm: fc.integer({ min: 0, max: 30_000 }),
    chargeback: fc.option(chargebackPolicyArb, { nil: undefined }),
  })
  .map((g) => ({
    name: 'generated-4p',
    type: 'four_party',
    interchange: rules(
      'ic',
      g.catchAll,
      g.specific,
      [
        ...(g.cnp !== undefined ? [{ name: 'ic-cnp', channel: 'card_not_present', priority: 1, ...g.cnp }] : []),
        ...(g.crossBorder !== undefined ? [{ name: 'ic-xb', region: 'cross_border', priority: 2, ...g.crossBorder }] : []),
      ],
    ),
    scheme_fees: { issuer: g.issuer, acquirer: g.acquirer },
    acquirer: g.blended ? { pricing: 'blended', mdr: rules('mdr', g.mdrAll, g.mdrSpecific, []) } : { pricing: 'interchange_plus_plus', margin: g.margin },
    fx: { cardholder_fee_pct: pct(g.fxPpm) },
    ...(g.chargeback !== undefined ? { chargeback: g.chargeback } : {}),
  }));

const threePartyArb = fc
  .record({ fee: ruleFeeArb, fxPpm: fc.integer({ min: 0, max: 20_000 }), chargeback: fc.option(chargebackPolicyArb, { nil: undefined }) })
  .map((g) => ({
    name: 'generated-3p',
    type: 'three_party',
    platform: { merchant_fee: g.fee, withdrawal: { pct: '0.1', min: '0.1', free_quota: '1000' } },
    fx: { cardholder_fee_pct: pct(g.fxPpm) },
    ...(g.chargeback !== undefined ? { chargeback: g.chargeback } : {}),
  }));

/** A preset (rebased to RUB by the FX rates), sometimes with another chargeback policy. */
const presetArb = fc
  .record({ name: fc.constantFrom(...FEE_PRESET_NAMES), chargeback: fc.option(chargebackPolicyArb, { nil: undefined }) })
  .map((p) => ({ model: p.name, fx: { rates: { ...RUB_RATES } }, ...(p.chargeback !== undefined ? { chargeback: p.chargeback } : {}) }));

/** A raw `fees:` node that resolves in RUB. */
const rawFeesArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(presetArb, presetArb, fourPartyArb, fourPartyArb, threePartyArb);

// ---------------------------------------------------------------------------------------------
// Random small scenarios
// ---------------------------------------------------------------------------------------------

const CATEGORY_POOL = [
  { name: 'grocery', mcc: 5411, cardNotPresent: false },
  { name: 'fuel', mcc: 5541, cardNotPresent: false },
  { name: 'taxi', mcc: 4121, cardNotPresent: false },
  { name: 'online', mcc: 5399, cardNotPresent: true },
  { name: 'cafe', mcc: 5812, cardNotPresent: false },
  { name: 'charity', mcc: 8398, cardNotPresent: false },
  { name: 'misc', mcc: 5999, cardNotPresent: false },
  { name: 'hotel', mcc: 7011, cardNotPresent: true },
] as const;

const sharesArb = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: 10 }), { minLength: n, maxLength: n }).map((w) => {
    const t = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / t);
  });

const msArb = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min: min * 1000, max: max * 1000 });

const serviceArb: fc.Arbitrary<DurationDist> = fc.oneof(
  msArb(2, 60).map((u) => ({ kind: 'exponential', meanUs: u }) as const),
  msArb(2, 60).map((u) => ({ kind: 'fixed', valueUs: u }) as const),
  fc.record({ m: msArb(2, 60), s: fc.double({ min: 0.1, max: 1, noNaN: true }) }).map((x) => ({ kind: 'lognormal', meanUs: x.m, sigma: x.s }) as const),
);

const linkArb: fc.Arbitrary<DurationDist> = fc.oneof(
  fc.constant({ kind: 'fixed', valueUs: 0 } as const),
  msArb(1, 40).map((u) => ({ kind: 'fixed', valueUs: u }) as const),
  fc.record({ a: msArb(1, 20), b: msArb(0, 60) }).map((x) => ({ kind: 'uniform', minUs: x.a, maxUs: x.a + x.b }) as const),
);

const ticketArb: fc.Arbitrary<AmountDist> = fc.oneof(
  fc.integer({ min: 1, max: 10_000 }).map((v) => ({ kind: 'fixed', valueMinor: v }) as const),
  fc.record({ m: fc.integer({ min: 100, max: 10_000 }), s: fc.double({ min: 0.2, max: 1.5, noNaN: true }) }).map((x) => ({ kind: 'lognormal', meanMinor: x.m, sigma: x.s }) as const),
);

interface Gen {
  seed: number;
  issuerShares: number[];
  acquirerShares: number[];
  issuerHosts: { servers: number; service: DurationDist }[];
  acquirerHosts: { servers: number; service: DurationDist; timeoutS: number }[];
  switchHost: { servers: number; service: DurationDist };
  issuerTimeoutS: number;
  terminalTimeoutS: number;
  standIn: { enabled: boolean; maxAmountMinor: number; maxCountPerDay: number; maxAmountPerDayMinor: number };
  links: DurationDist[];
  ratePerSecond: number;
  durationMin: number;
  bucketMin: number;
  startMinute: number;
  cards: { count: number; activeShare: number; creditShare: number; expiredShare: number; blockedShare: number; unlimited: boolean; debitMean: number; creditMean: number };
  categories: { pick: number[]; shares: number[]; tickets: AmountDist[] };
  capability: number[];
  channelWeights: number[];
  wallet: { enabled: boolean; issuers: boolean[] };
  declines: { cp: number; cnp: number; invalidPan: number; mix: number };
  faults: { issuer: number; hung: boolean; fromFrac: number; lenS: number }[];
  otherFaults: { kind: 'switch' | 'acquirer' | 'latency'; hung: boolean; fromFrac: number; lenS: number }[];
  warmupFrac: number;
}

const genArb: fc.Arbitrary<Gen> = fc
  .record({ nIss: fc.integer({ min: 1, max: 4 }), nAcq: fc.integer({ min: 1, max: 4 }), nCat: fc.integer({ min: 1, max: 4 }) })
  .chain(({ nIss, nAcq, nCat }) =>
    fc.record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      issuerShares: sharesArb(nIss),
      acquirerShares: sharesArb(nAcq),
      issuerHosts: fc.array(fc.record({ servers: fc.integer({ min: 1, max: 4 }), service: serviceArb }), { minLength: nIss, maxLength: nIss }),
      acquirerHosts: fc.array(fc.record({ servers: fc.integer({ min: 1, max: 4 }), service: serviceArb, timeoutS: fc.integer({ min: 2, max: 15 }) }), {
        minLength: nAcq,
        maxLength: nAcq,
      }),
      switchHost: fc.record({ servers: fc.integer({ min: 2, max: 8 }), service: serviceArb }),
      issuerTimeoutS: fc.integer({ min: 1, max: 10 }),
      terminalTimeoutS: fc.integer({ min: 3, max: 40 }),
      standIn: fc.record({
        enabled: fc.boolean(),
        maxAmountMinor: fc.integer({ min: 0, max: 30_000 }),
        maxCountPerDay: fc.integer({ min: 0, max: 5 }),
        maxAmountPerDayMinor: fc.integer({ min: 0, max: 60_000 }),
      }),
      links: fc.array(linkArb, { minLength: 6, maxLength: 6 }),
      ratePerSecond: fc.integer({ min: 1, max: 15 }),
      durationMin: fc.integer({ min: 10, max: 90 }),
      bucketMin: fc.constantFrom(2, 5, 10),
      startMinute: fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1380, max: 1439 })),
      cards: fc.record({
        count: fc.integer({ min: 200, max: 5000 }),
        activeShare: fc.double({ min: 0.3, max: 1, noNaN: true }),
        creditShare: fc.double({ min: 0, max: 1, noNaN: true }),
        expiredShare: fc.double({ min: 0, max: 0.1, noNaN: true }),
        blockedShare: fc.double({ min: 0, max: 0.1, noNaN: true }),
        unlimited: fc.boolean().map((b) => b && false), // finite funds, so that 51 happens
        debitMean: fc.integer({ min: 1_000, max: 300_000 }),
        creditMean: fc.integer({ min: 1_000, max: 500_000 }),
      }),
      categories: fc.record({
        pick: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: nCat, maxLength: nCat }),
        shares: sharesArb(nCat),
        tickets: fc.array(ticketArb, { minLength: nCat, maxLength: nCat }),
      }),
      capability: fc.tuple(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map((c) => [...c, 0]),
      channelWeights: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 5, maxLength: 5 }).map((w) => [w[0]! + 1, ...w.slice(1)]),
      wallet: fc.record({ enabled: fc.boolean(), issuers: fc.array(fc.boolean(), { minLength: nIss, maxLength: nIss }) }),
      declines: fc.record({
        cp: fc.double({ min: 0, max: 0.15, noNaN: true }),
        cnp: fc.double({ min: 0, max: 0.3, noNaN: true }),
        invalidPan: fc.double({ min: 0, max: 0.05, noNaN: true }),
        mix: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
      }),
      faults: fc.array(
        fc.record({ issuer: fc.integer({ min: 0, max: nIss - 1 }), hung: fc.boolean(), fromFrac: fc.double({ min: 0, max: 0.9, noNaN: true }), lenS: fc.integer({ min: 5, max: 300 }) }),
        { maxLength: 3 },
      ),
      otherFaults: fc.array(
        fc.record({
          kind: fc.constantFrom('switch', 'acquirer', 'latency'),
          hung: fc.boolean(),
          fromFrac: fc.double({ min: 0, max: 0.9, noNaN: true }),
          lenS: fc.integer({ min: 5, max: 120 }),
        }),
        { maxLength: 1 },
      ),
      warmupFrac: fc.constantFrom(0, 0, 0.2),
    }),
  );

const LINK_KEYS = ['terminalAcquirer', 'acquirerSwitch', 'switchIssuer', 'issuerSwitch', 'switchAcquirer', 'acquirerTerminal'] as const;

function buildScenario(g: Gen): Scenario {
  const base = plainNetwork({
    ratePerSecond: g.ratePerSecond,
    durationS: g.durationMin * 60,
    bucketS: g.bucketMin * 60,
    acquirer: [1, fixed(1)],
    switch: [g.switchHost.servers, g.switchHost.service],
    issuer: [1, fixed(1)],
    seed: g.seed,
  });
  const durationUs = base.durationUs;
  const window = (fromFrac: number, lenS: number) => {
    const fromUs = Math.floor(fromFrac * durationUs);
    return { fromUs, toUs: Math.min(durationUs, fromUs + lenS * US_PER_S) };
  };
  const faults: FaultSpec[] = g.faults.map((f) => ({ kind: 'host_down', host: { role: 'issuer', index: f.issuer }, hung: f.hung, ...window(f.fromFrac, f.lenS) }));
  for (const f of g.otherFaults) {
    if (f.kind === 'latency') faults.push({ kind: 'latency', link: 'switchIssuer', party: -1, addUs: 3 * US_PER_S, ...window(f.fromFrac, f.lenS) });
    else faults.push({ kind: 'host_down', host: { role: f.kind, index: 0 }, hung: f.hung, ...window(f.fromFrac, f.lenS) });
  }
  const cats = g.categories.pick.map((k, i) => ({ ...CATEGORY_POOL[k]!, share: g.categories.shares[i]!, ticket: g.categories.tickets[i]! }));
  return {
    ...base,
    startLocalUs: g.startMinute * US_PER_MIN,
    warmupUs: Math.floor((g.warmupFrac * durationUs) / base.bucketUs) * base.bucketUs,
    cards: {
      ...base.cards,
      count: g.cards.count,
      activeShare: g.cards.activeShare,
      creditShare: g.cards.creditShare,
      expiredShare: g.cards.expiredShare,
      blockedShare: g.cards.blockedShare,
      unlimitedFunds: g.cards.unlimited,
      debitBalance: { kind: 'lognormal', meanMinor: g.cards.debitMean, sigma: 0.8 },
      creditLimit: { kind: 'lognormal', meanMinor: g.cards.creditMean, sigma: 0.8 },
    },
    issuers: g.issuerShares.map((share, i) => ({ name: `Issuer ${i}`, share, wallet: g.wallet.issuers[i]!, activity: 1, host: { servers: g.issuerHosts[i]!.servers, service: g.issuerHosts[i]!.service } })),
    acquirers: g.acquirerShares.map((share, i) => ({
      name: `Acquirer ${i}`,
      share,
      host: { servers: g.acquirerHosts[i]!.servers, service: g.acquirerHosts[i]!.service },
      timeoutUs: g.acquirerHosts[i]!.timeoutS * US_PER_S,
    })),
    switch: { ...base.switch, issuerTimeoutUs: g.issuerTimeoutS * US_PER_S, standIn: g.standIn },
    links: Object.fromEntries(LINK_KEYS.map((k, i) => [k, g.links[i]!])) as unknown as Scenario['links'],
    merchants: { ...base.merchants, terminals: 200, terminalsPerMerchant: 2, categories: cats, capabilityShare: g.capability, terminalTimeoutUs: g.terminalTimeoutS * US_PER_S },
    channelWeights: g.channelWeights,
    wallet: g.wallet.enabled
      ? { enabled: true, name: 'Wallet', eligibleShare: 0.5, bassP: 20, bassQ: 0.5, stepUpShare: 0.2, provisioningFailure: 0.1, uplift: 1.5, tokenWeight: 2 }
      : base.wallet,
    declines: {
      randomRateCardPresent: g.declines.cp,
      randomRateCardNotPresent: g.declines.cnp,
      mix: [
        { code: '05', weight: g.declines.mix },
        { code: '57', weight: 1 - g.declines.mix },
      ],
      invalidPanRate: g.declines.invalidPan,
    },
    faults,
  };
}

interface MoneyGen {
  /** Per acquirer: cut-off in scenario-local terms, as a fraction of the run (inside it mostly). */
  cutoffs: { inRun: boolean; frac: number; minute: number }[];
  shifts: number[];
  settlementDays: number;
  merchantPayoutDays: number;
  chargebackShare: number;
  chargebackDelay: DurationDist;
  chargebackWindowMin: number;
  foreign: boolean[];
}

const moneyGenArb = (nIss: number, nAcq: number): fc.Arbitrary<MoneyGen> =>
  fc.record({
    cutoffs: fc.array(fc.record({ inRun: fc.double({ min: 0, max: 1, noNaN: true }).map((u) => u < 0.75), frac: fc.double({ min: -0.1, max: 1.1, noNaN: true }), minute: fc.integer({ min: 0, max: 1439 }) }), {
      minLength: nAcq,
      maxLength: nAcq,
    }),
    // Acquirer zones from 12 h west to 14 h east of the scenario's, in quarter hours.
    shifts: fc.array(fc.integer({ min: -48, max: 56 }).map((q) => q * 15 * US_PER_MIN), { minLength: nAcq, maxLength: nAcq }),
    settlementDays: fc.integer({ min: 0, max: 3 }),
    merchantPayoutDays: fc.integer({ min: 0, max: 3 }),
    chargebackShare: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 0.5, noNaN: true })),
    chargebackDelay: fc.oneof(
      fc.integer({ min: 0, max: 10 * US_PER_MIN }).map((u) => ({ kind: 'fixed', valueUs: u }) as const),
      fc.integer({ min: US_PER_MIN, max: 20 * US_PER_MIN }).map((u) => ({ kind: 'exponential', meanUs: u }) as const),
      fc.integer({ min: US_PER_MIN, max: 20 * US_PER_MIN }).map((u) => ({ kind: 'lognormal', meanUs: u, sigma: 0.7 }) as const),
    ),
    chargebackWindowMin: fc.integer({ min: 1, max: 24 * 60 }),
    foreign: fc.array(fc.boolean(), { minLength: nIss, maxLength: nIss }),
  });

const mod = (x: number, m: number): number => ((x % m) + m) % m;

function moneyOptions(sc: Scenario, m: MoneyGen, fees: Record<string, unknown> | FeeModel): MoneyOptions {
  return {
    feeModel: fees,
    // A cut-off inside the run is given in scenario-local time and converted to the acquirer's.
    cutoffLocalUs: m.cutoffs.map((c, j) =>
      c.inRun ? mod(sc.startLocalUs + Math.round(c.frac * sc.durationUs) + m.shifts[j]!, US_PER_DAY) : c.minute * US_PER_MIN,
    ),
    acquirerZoneShiftUs: m.shifts,
    settlementDays: m.settlementDays,
    merchantPayoutDays: m.merchantPayoutDays,
    chargebackShare: m.chargebackShare,
    chargebackDelay: m.chargebackDelay,
    chargebackWindowUs: m.chargebackWindowMin * US_PER_MIN,
    crossBorderIssuers: m.foreign,
  };
}

const caseArb = genArb.chain((g) =>
  fc.record({ g: fc.constant(g), m: moneyGenArb(g.issuerShares.length, g.acquirerShares.length), fees: rawFeesArb }),
);

// ---------------------------------------------------------------------------------------------
// Checks derived from the book's own rows
// ---------------------------------------------------------------------------------------------

const sumField = (r: RunResult, field: number): number => {
  let s = 0;
  for (let b = 0; b < r.buckets; b++) s += r.throughput[b * T_FIELDS + field]!;
  return s;
};

/** Every posting of the first fee model, tallied outside the ledger. */
class PostingTally {
  readonly balance = new Map<number, number>();
  readonly kindTotal = new Float64Array(KIND_COUNT);
  readonly kindCount = new Float64Array(KIND_COUNT);
  readonly listener = (kind: number, debit: number, credit: number, amount: number): void => {
    this.balance.set(debit, (this.balance.get(debit) ?? 0) - amount);
    this.balance.set(credit, (this.balance.get(credit) ?? 0) + amount);
    this.kindTotal[kind]! += amount;
    this.kindCount[kind]!++;
  };
}

const EXTERNAL = new Set(['cardholder', 'merchant']);

/** The checks (a), (b), (c) of the brief, for the first book of a run. */
function checkBooks(sc: Scenario, r: RunResult, tally: PostingTally): void {
  const cl = r.clearing!;
  const book: SettlementBook = cl.books[0]!;
  const L = book.ledger;
  const money = sc.money!;

  // (a) Every cycle's interbank net positions sum to zero per currency; each row settles on its day.
  const rows = [...book.settlementRows()];
  const cycleSums = new Map<string, number>();
  const totals = new Map<string, number>();
  for (const row of rows) {
    expect(row.net_position_minor).toBe(row.gross_credit_minor - row.gross_debit_minor);
    expect(row.settlement_day).toBe(row.cycle + (row.participant_type === 'merchant' ? money.merchantPayoutDays : money.settlementDays));
    const key = `${row.participant_type}|${row.participant}|${row.currency}`;
    totals.set(key, (totals.get(key) ?? 0) + row.net_position_minor);
    if (row.participant_type === 'merchant') continue;
    const k = `${row.cycle}|${row.currency}`;
    cycleSums.set(k, (cycleSums.get(k) ?? 0) + row.net_position_minor);
  }
  for (const [k, s] of cycleSums) expect({ cycle: k, sum: s }).toEqual({ cycle: k, sum: 0 });
  // Cycles are consecutive from the first purchase's on: none is later than the last cut-off the run reaches.
  const lastCycle = rows.reduce((m, row) => Math.max(m, row.cycle), -1);
  expect(lastCycle).toBeLessThan(book.cycleCount);

  // The ledger's accounts, as rows; they agree with the postings tallied outside the ledger.
  const acct = new Map<string, number>();
  for (const a of L.accountRows()) acct.set(a.account, a.balance_minor);
  for (let a = 0; a < L.accountCount; a++) expect(L.balance(a, 0)).toBe(tally.balance.get(a) ?? 0);
  for (let k = 0; k < KIND_COUNT; k++) {
    expect(L.kindTotal(k, 0)).toBe(tally.kindTotal[k]);
    expect(L.kindCount(k, 0)).toBe(tally.kindCount[k]);
  }
  const bal = (name: string): number => acct.get(name) ?? 0;
  const sumOf = (names: string[]): number => names.reduce((s, n) => s + bal(n), 0);
  const issuers = sc.issuers.map((i) => i.name);
  const acquirers = sc.acquirers.map((a) => a.name);
  // Settled nets over all cycles = ledger balances (issuers after what they collect from cardholders).
  const settled = (type: string, name: string): number => totals.get(`${type}|${name}|${sc.currency}`) ?? 0;
  for (const a of acquirers) {
    expect(settled('merchant', a)).toBe(bal(`merchants of ${a}`));
    expect(settled('acquirer', a) - settled('merchant', a)).toBe(bal(a));
  }
  for (const i of issuers) expect(settled('issuer', i) - bal(`cardholders of ${i}`)).toBe(bal(i));
  expect(settled('scheme', sc.switch.name)).toBe(bal(sc.switch.name));

  // (b) Money that left cardholders = what reached merchants + all fees kept by intermediaries.
  const cardOut = 0 - sumOf(issuers.map((i) => `cardholders of ${i}`));
  const merchIn = sumOf(acquirers.map((a) => `merchants of ${a}`));
  const intermediaries = sumOf([...issuers, sc.switch.name, ...acquirers]);
  let feesKept = 0;
  let fxNet = 0;
  for (const f of book.feeRows()) {
    expect(f.currency).toBe(sc.currency);
    const kind = POSTING_KINDS.find((k) => k.name === f.fee_type)!;
    expect(f.participant_type).toBe(ACCOUNT_TYPES[kind.from]);
    if (EXTERNAL.has(ACCOUNT_TYPES[kind.from])) feesKept += f.fee_minor;
    if (EXTERNAL.has(ACCOUNT_TYPES[kind.to])) feesKept -= f.fee_minor;
    if (f.fee_type === 'cardholder_fx_fee') fxNet += f.fee_minor;
    if (f.fee_type === 'cardholder_fx_fee_reversal') fxNet -= f.fee_minor;
  }
  expect(cardOut).toBe(merchIn + feesKept);
  expect(intermediaries).toBe(feesKept);
  const chargedBack = tally.kindTotal[KIND.chargeback]!;
  expect(cardOut).toBe(sumField(r, T_VALUE_APPROVED) - chargedBack + fxNet);

  // (c) Clearing saw exactly the approved purchases of the throughput table (all buckets).
  const approved = sumField(r, T_APPROVED);
  const value = sumField(r, T_VALUE_APPROVED);
  expect(cl.cleared).toBe(approved);
  expect(tally.kindCount[KIND.purchase]).toBe(approved);
  expect(tally.kindTotal[KIND.purchase]).toBe(value);
  // Only requests the switch handled pay per-authorization fees: at most every unapproved one.
  expect(cl.authOnly).toBeLessThanOrEqual(sumField(r, T_DECLINED) + sumField(r, T_TIMED_OUT));
  expect(sumField(r, T_ATTEMPTS)).toBe(approved + sumField(r, T_DECLINED) + sumField(r, T_TIMED_OUT));
  expect(tally.kindCount[KIND.chargeback]).toBe(cl.chargebacks);
  const all = compareModels(cl.compare).models[0]!.channels.at(-1)!;
  expect([all.purchases, all.valueMinor]).toEqual([approved, value]);
}

/** What the property runs exercised, so that it cannot pass vacuously. */
const seen = { runs: 0, approved: 0, declined51: 0, standIn: 0, reversals: 0, timedOut: 0, chargebacks: 0, multiCycle: 0, crossBorderFx: 0, authOnlyFees: 0, generated: 0, presets: 0 };

describe('random scenarios under random fee models', () => {
  it('every run verifies its books, and its rows net to zero, conserve money and match the throughput', () => {
    for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] = 0;
    fc.assert(
      fc.property(caseArb, ({ g, m, fees }) => {
        const plain = buildScenario(g);
        const sc = withMoney(plain, moneyOptions(plain, m, fees));
        const tally = new PostingTally();
        let r: RunResult;
        try {
          r = new Network(sc, { seed: g.seed, onPosting: tally.listener }).run();
        } catch (e) {
          if (e instanceof LedgerInvariantError) throw new Error(`books do not verify: ${e.message}`);
          throw e;
        }
        checkBooks(sc, r, tally);
        const cl = r.clearing!;
        seen.runs++;
        seen.approved += cl.cleared;
        seen.declined51 += r.declines.filter((_, i) => r.codes[i % r.codes.length] === '51').reduce((a, b) => a + b, 0);
        seen.standIn += sumField(r, T_STAND_IN);
        seen.reversals += sumField(r, T_REVERSALS);
        seen.timedOut += sumField(r, T_TIMED_OUT);
        seen.chargebacks += cl.chargebacks;
        if (cl.books[0]!.cycleCount > 1) seen.multiCycle++;
        if (tally.kindTotal[KIND.cardholder_fx_fee]! > 0) seen.crossBorderFx++;
        if (tally.kindTotal[KIND.scheme_auth_fee_acquirer]! + tally.kindTotal[KIND.scheme_auth_fee_issuer]! > 0) seen.authOnlyFees++;
        if ('model' in fees) seen.presets++;
        else seen.generated++;
      }),
      { seed: 20_181_220, numRuns: 40, endOnFailure: true },
    );
    // The generator reaches every mechanism the property is about.
    expect(seen.runs).toBe(40);
    for (const [k, v] of Object.entries(seen)) expect({ [k]: v > 0 }).toEqual({ [k]: true });
  });

  it('the generated fee models are valid and cover both pricings and both model types', () => {
    const raws = fc.sample(rawFeesArb, { seed: 7, numRuns: 200 });
    const models = raws.map((raw) => feeModel(raw));
    expect(new Set(models.map((x) => x.type))).toEqual(new Set(['four_party', 'three_party']));
    expect(new Set(models.filter((x) => x.type === 'four_party').map((x) => x.acquirer.pricing))).toEqual(new Set(['blended', 'interchange_plus_plus']));
    expect(models.every((x) => x.currency === 'RUB')).toBe(true);
  });
});

describe('the checks themselves', () => {
  const plain = buildScenario(fc.sample(genArb, { seed: 3, numRuns: 1 })[0]!);
  const run = (): { sc: Scenario; r: RunResult; tally: PostingTally } => {
    const sc = withMoney(plain, { feeModel: 'ru-2019', chargebackShare: 0.2, chargebackDelay: exponential(60_000), chargebackWindowUs: US_PER_DAY });
    const tally = new PostingTally();
    return { sc, r: new Network(sc, { seed: 5, onPosting: tally.listener }).run(), tally };
  };

  it('pass on an untouched run', () => {
    const { sc, r, tally } = run();
    expect(r.clearing!.cleared).toBeGreaterThan(0);
    checkBooks(sc, r, tally);
  });

  it('catch a purchase booked in the ledger but not in settlement or the throughput', () => {
    const { sc, r, tally } = run();
    const L = r.clearing!.books[0]!.ledger;
    L.post(KIND.purchase, L.cardholders(0), L.merchants(0), 100, 0, 0);
    expect(() => checkBooks(sc, r, tally)).toThrow();
  });

  it('catch a posting the ledger never saw', () => {
    const { sc, r, tally } = run();
    tally.listener(KIND.interchange, 0, 1, 7);
    expect(() => checkBooks(sc, r, tally)).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Same purchases under different fee models
// ---------------------------------------------------------------------------------------------

function channelTotals(r: RunResult, k: number): number[] {
  const acc = r.clearing!.compare;
  const n = acc.chCount.length / acc.models.length;
  return [...acc.chCount.subarray(k * n, (k + 1) * n), ...acc.chValue.subarray(k * n, (k + 1) * n)];
}

describe('fee models never touch the purchases', () => {
  it('runs under [A] and [B] are identical authorization by authorization; one run under [A, B, C] prices one stream', () => {
    fc.assert(
      fc.property(caseArb, rawFeesArb, rawFeesArb, ({ g, m, fees }, rawB, rawC) => {
        const plain = buildScenario(g);
        const sc = withMoney(plain, moneyOptions(plain, m, fees));
        const A = sc.money!.feeModel;
        const B = feeModel(rawB);
        const C = feeModel(rawC);
        const trace = (models: FeeModel[]): { r: RunResult; tx: number[] } => {
          const tx: number[] = [];
          const r = new Network(sc, {
            seed: g.seed,
            feeModels: models,
            onTransaction: (x) => tx.push(x.startUs, x.card, x.terminal, x.amountMinor, x.outcome, x.latencyUs),
          }).run();
          return { r, tx };
        };
        const a = trace([A]);
        const b = trace([B]);
        const abc = trace([A, B, C]);
        for (const other of [b, abc]) {
          expect(other.tx).toEqual(a.tx);
          expect(other.r.throughput).toEqual(a.r.throughput);
          expect(other.r.nodes).toEqual(a.r.nodes);
          expect(other.r.declines).toEqual(a.r.declines);
          expect(other.r.wallet).toEqual(a.r.wallet);
          expect(other.r.latencyHistogram).toEqual(a.r.latencyHistogram);
          expect([other.r.events, other.r.transactions]).toEqual([a.r.events, a.r.transactions]);
          // The chargeback stream is drawn per cleared purchase, whatever the models.
          expect([other.r.clearing!.cleared, other.r.clearing!.chargebacks, other.r.clearing!.authOnly]).toEqual([
            a.r.clearing!.cleared,
            a.r.clearing!.chargebacks,
            a.r.clearing!.authOnly,
          ]);
        }
        // One stream, three prices: the same counts and values for every model...
        const cl = abc.r.clearing!;
        expect(cl.books).toHaveLength(3);
        for (let k = 0; k < 3; k++) expect(channelTotals(abc.r, k)).toEqual(channelTotals(a.r, 0));
        const cmp = compareModels(cl.compare);
        expect(cmp.models.map((x) => x.name)).toEqual([A.name, B.name, C.name]);
        const pick = (metric: string) => cmp.rows.filter((row) => row.metric === metric);
        for (const metric of ['purchases', 'value_minor']) {
          const rows = pick(metric);
          expect(rows).toHaveLength(3 * 5);
          for (const row of rows) {
            const first = rows.find((x) => x.channel === row.channel)!;
            expect(row.value).toBe(first.value);
            expect(row.diff_vs_first).toBe(0);
          }
        }
        // ...and each model's book is the book a run under that model alone keeps.
        expect([...cl.books[0]!.settlementRows()]).toEqual([...a.r.clearing!.books[0]!.settlementRows()]);
        expect([...cl.books[0]!.feeRows()]).toEqual([...a.r.clearing!.books[0]!.feeRows()]);
        expect([...cl.books[1]!.settlementRows()]).toEqual([...b.r.clearing!.books[0]!.settlementRows()]);
        expect([...cl.books[1]!.feeRows()]).toEqual([...b.r.clearing!.books[0]!.feeRows()]);
        for (const book of cl.books) {
          expect([book.ledger.kindCount(KIND.purchase, 0), book.ledger.kindTotal(KIND.purchase, 0), book.ledger.kindTotal(KIND.chargeback, 0)]).toEqual([
            cl.cleared,
            sumField(a.r, T_VALUE_APPROVED),
            a.r.clearing!.books[0]!.ledger.kindTotal(KIND.chargeback, 0),
          ]);
        }
      }),
      { seed: 4_242, numRuns: 8, endOnFailure: true },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Cut-off semantics by hand
// ---------------------------------------------------------------------------------------------

/** Two issuers (the second foreign), two acquirers, starting at 18:00 local, three days long. */
function twoByTwo(o: MoneyOptions, startLocalUs = 18 * US_PER_HOUR, durationS = 3 * 86_400): Scenario {
  const base = plainNetwork({ ratePerSecond: 1, durationS, bucketS: 3600, acquirer: [1, fixed(1)], switch: [1, fixed(1)], issuer: [1, fixed(1)] });
  const sc: Scenario = {
    ...base,
    startLocalUs,
    issuers: [
      { ...base.issuers[0]!, name: 'Home Bank', share: 0.5 },
      { ...base.issuers[0]!, name: 'Foreign Bank', share: 0.5 },
    ],
    acquirers: [
      { ...base.acquirers[0]!, name: 'North', share: 0.5 },
      { ...base.acquirers[0]!, name: 'South', share: 0.5 },
    ],
  };
  return withMoney(sc, { crossBorderIssuers: [1], chargebackShare: 0, ...o });
}

/** A Clearing outside a network: purchases are handed to it by hand. */
function bareClearing(sc: Scenario, models?: FeeModel[], onPosting?: (kind: number, debit: number, credit: number, amount: number, currency: number, day: number) => void) {
  const sim = new Simulation();
  const cl = new Clearing(sc, sc.money!, models ?? [sc.money!.feeModel], sim, new Streams(1).get('clearing/chargebacks'), onPosting);
  const approve = (atUs: number, acquirer: number, amountMinor: number, o: { issuer?: number; mcc?: number; channel?: number; credit?: boolean } = {}): void => {
    sim.run(atUs);
    cl.approved({ atUs, issuer: o.issuer ?? 0, acquirer, mcc: o.mcc ?? 5411, channel: o.channel ?? 0, credit: o.credit ?? false, amountMinor });
  };
  return { sim, cl, approve };
}

/** Value cleared per cycle for the merchants of one acquirer (no chargebacks: gross credit = value). */
function clearedByCycle(cl: Clearing, acquirer: number): number[] {
  const book = cl.books[0]!;
  return Array.from({ length: book.cycleCount }, (_, c) => book.gross(c, 'merchant', acquirer).credit);
}

describe('clearing cut-offs, by hand', () => {
  const MIN = US_PER_MIN;
  const H = US_PER_HOUR;

  it('a purchase answered at or before the cut-off clears that day; one microsecond later, the next day', () => {
    // Start 18:00, North's cut-off 18:30 local, in the scenario's zone: t = 30 min is the cut-off.
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 18.5 * H }));
    approve(30 * MIN - 1, 0, 1);
    approve(30 * MIN, 0, 10);
    approve(30 * MIN + 1, 0, 100);
    // The next day's cut-off is 24 h later; midnight in between changes nothing.
    approve(6 * H, 0, 1_000);
    approve(24 * H + 30 * MIN, 0, 10_000);
    approve(24 * H + 30 * MIN + 1, 0, 100_000);
    expect(clearedByCycle(cl, 0)).toEqual([11, 11_100, 100_000]);
    expect([cl.cycleOf(0, 30 * MIN), cl.cycleOf(0, 30 * MIN + 1), cl.cycleOf(0, 24 * H + 30 * MIN + 1)]).toEqual([0, 1, 2]);
  });

  it("each acquirer's cut-off is in its own time zone: a shift moves a purchase across it", () => {
    // Both cut off at 18:30 local time. North keeps the scenario's zone; South is an hour west
    // (its local time is 17:00 at the start), so its cut-off comes at t = 1 h 30 min.
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 18.5 * H, acquirerZoneShiftUs: [0, -H] }));
    for (const acq of [0, 1]) {
      approve(40 * MIN, acq, 1); // 18:40 North time (after its cut-off), 17:40 South time (before)
      approve(90 * MIN, acq, 10); // South's cut-off exactly
      approve(90 * MIN + 1, acq, 100); // just after it
    }
    expect(clearedByCycle(cl, 0)).toEqual([0, 111]);
    expect(clearedByCycle(cl, 1)).toEqual([11, 100]);
  });

  it('an acquirer east of the scenario can already be past its cut-off at the start', () => {
    // South is 1 h east: 19:00 local at t = 0, after its 18:30 cut-off; its next is at t = 23 h 30 min.
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 18.5 * H, acquirerZoneShiftUs: [0, H] }));
    approve(0, 1, 1);
    approve(23.5 * H, 1, 10);
    approve(23.5 * H + 1, 1, 100);
    expect(clearedByCycle(cl, 1)).toEqual([0, 11, 100]);
  });

  it('a midnight cut-off closes the day at 00:00 local', () => {
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 0 }));
    approve(0, 0, 1); // 18:00 on day 0: after the day-0 cut-off (00:00), so the day-1 cycle
    approve(6 * H, 0, 10); // 00:00 on day 1: that cut-off exactly
    approve(6 * H + 1, 0, 100);
    expect(clearedByCycle(cl, 0)).toEqual([0, 11, 100]);
  });

  // Fixed (was a bug found by this test): the cycle index was clamped at 0, so for an acquirer west
  // of the scenario's zone, whose local clock starts on the eve of day 0, the eve's cut-off was
  // erased and purchases on either side of it were presented in one cycle. Cycles are now offset
  // by Clearing.cycleBase (1 here), and outputs subtract it.
  it('purchases on either side of a cut-off on the eve of day 0 (acquirer-local) clear in different cycles', () => {
    // Start 00:00; South is 2 h west (22:00 local at t = 0), cut-off 23:00 local, so at t = 1 h.
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 23 * H, acquirerZoneShiftUs: [0, -2 * H] }, 0));
    expect(cl.cycleBase).toBe(1);
    expect([cl.cycleOf(1, 30 * MIN), cl.cycleOf(1, 90 * MIN), cl.cycleOf(1, 25 * H + 1)]).toEqual([0, 1, 2]);
    approve(30 * MIN, 1, 1); // 22:30 South time, before its cut-off
    approve(90 * MIN, 1, 10); // 23:30 South time, after it
    approve(25 * H + 1, 1, 100); // just after 23:00 South time the next day (its day-0 cut-off)
    // Three purchases, each in its own clearing window.
    expect(clearedByCycle(cl, 1).filter((v) => v > 0)).toEqual([1, 10, 100]);
  });

  it('settlement rows settle T + N days after their cycle', () => {
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 18.5 * H, settlementDays: 2, merchantPayoutDays: 0 }));
    approve(MIN, 0, 5_000);
    approve(40 * MIN, 1, 5_000);
    const rows = [...cl.books[0]!.settlementRows()];
    expect(rows.filter((r) => r.participant_type === 'merchant').map((r) => [r.participant, r.cycle, r.settlement_day])).toEqual([
      ['North', 0, 0],
      ['South', 1, 1],
    ]);
    for (const r of rows.filter((x) => x.participant_type !== 'merchant')) expect(r.settlement_day).toBe(r.cycle + 2);
  });

  it('a chargeback lands in a later cycle than its purchase, even before the next cut-off', () => {
    // One minute later, still before the 23:00 cut-off: the dispute cannot join the cycle that
    // cleared the purchase, so it goes to the next one.
    const days: number[] = [];
    const sc = twoByTwo({ chargebackShare: 1, chargebackDelay: fixed(60_000), chargebackWindowUs: US_PER_DAY });
    const { sim, cl, approve } = bareClearing(sc, undefined, (kind, _d, _c, _a, _cur, day) => {
      if (kind === KIND.chargeback) days.push(day);
    });
    approve(MIN, 0, 10_000);
    sim.run();
    expect(cl.chargebacks).toBe(1);
    const book = cl.books[0]!;
    expect(book.cycleCount).toBe(2);
    expect(book.gross(0, 'merchant', 0).credit).toBe(10_000); // the purchase
    expect(book.gross(0, 'merchant', 0).debit).toBeLessThan(10_000); // its fees only
    expect(book.gross(1, 'merchant', 0).debit).toBe(10_000); // the chargeback (no handling fee in ru-2019)
    expect(days).toEqual([0]); // filed on day 0, the day it happened
  });

  it('a chargeback after later cut-offs lands in the cycle of its own time', () => {
    // 30 h after a purchase at 18:01: 00:01 on day 2, before that day's 23:00 cut-off: cycle 2.
    const sc = twoByTwo({ chargebackShare: 1, chargebackDelay: fixed(30 * 3_600_000), chargebackWindowUs: 2 * US_PER_DAY });
    const { sim, cl, approve } = bareClearing(sc);
    approve(MIN, 1, 10_000);
    sim.run();
    const book = cl.books[0]!;
    expect([0, 1, 2].map((c) => book.gross(c, 'merchant', 1).debit >= 10_000)).toEqual([false, false, true]);
  });

  it('a chargeback beyond the dispute window, or after the end of the run, is not filed', () => {
    const late = twoByTwo({ chargebackShare: 1, chargebackDelay: fixed(10 * 60_000), chargebackWindowUs: 5 * MIN });
    const a = bareClearing(late);
    a.approve(MIN, 0, 10_000);
    a.sim.run();
    expect(a.cl.chargebacks).toBe(0);
    const short = twoByTwo({ chargebackShare: 1, chargebackDelay: fixed(9 * 60_000), chargebackWindowUs: US_PER_DAY }, 18 * H, 600);
    const b = bareClearing(short);
    b.approve(MIN - 1, 0, 10_000); // 9 min later is just before the end of the run (t = 10 min)
    b.approve(MIN, 0, 10_000); // 9 min later is the end: not simulated
    b.sim.run();
    expect(b.cl.chargebacks).toBe(1);
  });
});

describe('clearing cut-offs in a run', () => {
  /** 20 min from 18:00 at 20 purchases/s; North cuts off at 18:10 local, South at 18:10 in its own zone. */
  function scenario(southShiftUs: number): Scenario {
    const base = plainNetwork({
      ratePerSecond: 20,
      durationS: 1200,
      bucketS: 60,
      acquirer: [2, exponential(20)],
      switch: [4, exponential(10)],
      issuer: [2, exponential(20)],
      links: { terminalAcquirer: fixed(15), acquirerSwitch: fixed(5), switchIssuer: fixed(5), acquirerTerminal: fixed(15) },
      seed: 11,
    });
    const sc: Scenario = {
      ...base,
      startLocalUs: 18 * US_PER_HOUR,
      acquirers: [
        { ...base.acquirers[0]!, name: 'North', share: 0.5 },
        { ...base.acquirers[0]!, name: 'South', share: 0.5 },
      ],
      merchants: { ...base.merchants, categories: [{ ...base.merchants.categories[0]!, ticket: { kind: 'lognormal', meanMinor: 5_000, sigma: 0.7 } }] },
    };
    return withMoney(sc, { cutoffLocalUs: 18 * US_PER_HOUR + 10 * US_PER_MIN, acquirerZoneShiftUs: [0, southShiftUs], chargebackShare: 0 });
  }

  /** Expected value per (acquirer, cycle) from each purchase's answer time, computed here. */
  function expected(sc: Scenario, tx: { acquirer: number; atUs: number; amount: number }[]): number[][] {
    const m = sc.money!;
    const out = sc.acquirers.map(() => [0, 0, 0]);
    for (const x of tx) {
      const local = x.atUs + sc.startLocalUs + m.acquirerZoneShiftUs[x.acquirer]!;
      // The first cut-off at or after the answer: cut-off instants are k days + cutoff, k = cycle.
      const cycle = Math.ceil((local - m.cutoffLocalUs[x.acquirer]!) / US_PER_DAY);
      out[x.acquirer]![cycle]! += x.amount;
    }
    return out;
  }

  function run(southShiftUs: number): { sc: Scenario; got: number[][]; want: number[][] } {
    const sc = scenario(southShiftUs);
    const tx: { acquirer: number; atUs: number; amount: number }[] = [];
    const r = new Network(sc, {
      seed: 11,
      onTransaction: (x: TransactionRecord) => {
        if (x.outcome === OUTCOME_APPROVED) tx.push({ acquirer: x.acquirer, atUs: x.startUs + x.latencyUs, amount: x.amountMinor });
      },
    }).run();
    const got = [0, 1].map((a) => [0, 1, 2].map((c) => r.clearing!.books[0]!.gross(c, 'merchant', a).credit));
    return { sc, got, want: expected(sc, tx) };
  }

  it('each purchase clears in the cycle of the first cut-off at or after its answer, in its acquirer\'s zone', () => {
    const { got, want } = run(-5 * US_PER_MIN);
    expect(got).toEqual(want);
    // Both acquirers have purchases on both sides of their cut-offs, and South's comes 5 min later.
    for (const a of [0, 1]) expect(got[a]!.slice(0, 2).every((v) => v > 0)).toBe(true);
    const early = (a: number) => got[a]![0]! / (got[a]![0]! + got[a]![1]!);
    expect(early(0)).toBeGreaterThan(0.4);
    expect(early(0)).toBeLessThan(0.6);
    expect(early(1)).toBeGreaterThan(0.65);
  });

  it('shifting the zone moves purchases across the cut-off and nothing else', () => {
    const west = run(-15 * US_PER_MIN); // South's cut-off at t = 25 min: after the run
    const east = run(15 * US_PER_MIN); // South is past 18:10 from the start
    expect(west.got).toEqual(west.want);
    expect(east.got).toEqual(east.want);
    expect(west.got[1]![1]).toBe(0);
    expect(east.got[1]![0]).toBe(0);
    expect(west.got[1]![0]).toBe(east.got[1]![1]);
    expect(west.got[0]).toEqual(east.got[0]);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. A chargeback reverses the purchase flows
// ---------------------------------------------------------------------------------------------

/** Balances of the five parties of one purchase, computed by hand from its breakdown. */
interface Parties {
  cardholders: number;
  issuer: number;
  scheme: number;
  acquirer: number;
  merchants: number;
}

const CHANNEL_CLASS_OF: Record<number, number> = { 0: CHANNEL_CARD_PRESENT, 1: CHANNEL_CARD_PRESENT, 2: CHANNEL_WALLET_TOKEN, 3: CHANNEL_QR, 4: CHANNEL_CARD_NOT_PRESENT };

function purchaseInput(amountMinor: number, credit: boolean, mcc: number, channel: number, crossBorder: boolean): PurchaseInput {
  return { amountMinor, product: credit ? PRODUCT_CREDIT : PRODUCT_DEBIT, mcc, channelClass: CHANNEL_CLASS_OF[channel]!, crossBorder };
}

/** Purchase flows, and with `chargedBack` the reversals the model's policy makes. */
function byHand(pricer: FeePricer, p: PurchaseInput, chargedBack: boolean, into: Parties): void {
  const b = createFeeBreakdown();
  pricer.price(p, b);
  const V = p.amountMinor;
  into.cardholders -= V + b.cardholderFxFee;
  into.issuer += b.interchange + b.cardholderFxFee - b.schemeFeeIssuer;
  into.scheme += b.schemeFeeIssuer + b.schemeFeeAcquirer + b.platformFee;
  into.acquirer += b.merchantDiscount - b.interchange - b.schemeFeeAcquirer;
  into.merchants += V - b.merchantDiscount - b.platformFee;
  if (!chargedBack) return;
  const pol = pricer.model.chargeback;
  const fx = pol.refundFxFee ? b.cardholderFxFee : 0;
  const sI = pol.refundSchemeFees ? b.schemeFeeIssuer : 0;
  const sA = pol.refundSchemeFees ? b.schemeFeeAcquirer : 0;
  const md = pol.refundMerchantDiscount ? b.merchantDiscount : 0;
  const pf = pol.refundMerchantDiscount ? b.platformFee : 0;
  into.cardholders += V + fx;
  into.issuer += -b.interchange + sI - fx;
  into.scheme -= sI + sA + pf;
  into.acquirer += b.interchange + sA - md + pol.feeMinor;
  into.merchants += -V + md + pf - pol.feeMinor;
}

const zero = (): Parties => ({ cardholders: 0, issuer: 0, scheme: 0, acquirer: 0, merchants: 0 });

const POLICIES = [
  ['eu-ifr, default policy (keeps MDR and scheme fees, refunds FX)', () => presetInRub('eu-ifr')],
  [
    'eu-ifr refunding MDR and scheme fees but not FX, with a handling fee',
    () => feeModel({ model: 'eu-ifr', fx: { rates: { ...RUB_RATES } }, chargeback: { refund_merchant_discount: true, refund_scheme_fees: true, refund_fx_fee: false, fee: '2.50' } }),
  ],
  ['ru-2019 (blended MDR, per-auth fee, no FX fee)', () => presetInRub('ru-2019')],
  [
    'wallet-3party-cn refunding its platform fee, FX 1 %',
    () => feeModel({ model: 'wallet-3party-cn', fx: { cardholder_fee_pct: 1, rates: { ...RUB_RATES } }, chargeback: { refund_merchant_discount: true } }),
  ],
] as const;

describe('a chargeback reverses the purchase flows', () => {
  it.each(POLICIES)('one purchase, by hand from FeePricer: %s', (_what, make) => {
    const model = make();
    const sc = twoByTwo({ feeModel: model, chargebackShare: 1, chargebackDelay: fixed(60_000), chargebackWindowUs: US_PER_DAY });
    const { sim, cl, approve } = bareClearing(sc);
    // A foreign credit card at a North grocery: every fee of the model is non-zero.
    approve(US_PER_MIN, 0, 123_457, { issuer: 1, credit: true });
    const p = purchaseInput(123_457, true, 5411, 0, true);
    const pricer = new FeePricer(model);
    const after = zero();
    byHand(pricer, p, false, after);
    const L = cl.books[0]!.ledger;
    const balances = (): Parties => ({
      cardholders: L.balance(L.cardholders(1), 0),
      issuer: L.balance(L.issuer(1), 0),
      scheme: L.balance(L.scheme(), 0),
      acquirer: L.balance(L.acquirer(0), 0),
      merchants: L.balance(L.merchants(0), 0),
    });
    expect(balances()).toEqual(after);
    sim.run();
    expect(cl.chargebacks).toBe(1);
    const back = zero();
    byHand(pricer, p, true, back);
    expect(balances()).toEqual(back);
    // The cardholders are made whole but for the fees the policy does not refund.
    const b = createFeeBreakdown();
    pricer.price(p, b);
    expect(back.cardholders + 0).toBe(model.chargeback.refundFxFee ? 0 : 0 - b.cardholderFxFee);
    expect(back.merchants + 0).toBe(0 - (model.chargeback.refundMerchantDiscount ? 0 : b.merchantDiscount + b.platformFee) - model.chargeback.feeMinor);
    // The purchase's cycle pays the merchants V - fees; the chargeback's cycle takes V back.
    const book = cl.books[0]!;
    expect(book.netPosition(0, 'merchant', 0)).toBe(123_457 - b.merchantDiscount - b.platformFee);
    expect(book.gross(1, 'merchant', 0).debit).toBe(123_457 + model.chargeback.feeMinor);
    cl.verify();
  });

  it.each(POLICIES)('every purchase of a run, by hand from its transaction record: %s', (_what, make) => {
    const model = make();
    const base = twoByTwo({}, 18 * US_PER_HOUR, 900);
    const sc = withMoney(
      {
        ...base,
        demand: { ...base.demand, constantPerSecond: 10 },
        cards: { ...base.cards, creditShare: 0.4, unlimitedFunds: false, debitBalance: { kind: 'lognormal', meanMinor: 30_000, sigma: 1 } },
        merchants: {
          ...base.merchants,
          capabilityShare: [1, 0.5, 0, 0.3, 0],
          categories: [
            { name: 'grocery', mcc: 5411, share: 0.6, ticket: { kind: 'lognormal', meanMinor: 3_000, sigma: 0.8 }, cardNotPresent: false },
            { name: 'online', mcc: 5399, share: 0.4, ticket: { kind: 'lognormal', meanMinor: 8_000, sigma: 1 }, cardNotPresent: true },
          ],
        },
        channelWeights: [1, 1, 0, 1, 1],
        declines: { randomRateCardPresent: 0.05, randomRateCardNotPresent: 0.1, mix: [{ code: '05', weight: 1 }], invalidPanRate: 0.02 },
      },
      { feeModel: model, crossBorderIssuers: [1], chargebackShare: 1, chargebackDelay: fixed(120_000), chargebackWindowUs: US_PER_DAY, cutoffLocalUs: 18.1 * US_PER_HOUR },
    );
    const want = { iss: [zero(), zero()], acq: [zero(), zero()] };
    const pricer = new FeePricer(model);
    let expectedChargebacks = 0;
    let declined = 0;
    const r = new Network(sc, {
      seed: 9,
      onTransaction: (x) => {
        const mcc = sc.merchants.categories[x.category]!.mcc;
        if (x.outcome !== OUTCOME_APPROVED) {
          declined++;
          const fi = pricer.authFeeIssuer(mcc);
          const fa = pricer.authFeeAcquirer(mcc);
          want.iss[x.issuer]!.issuer -= fi;
          want.acq[x.acquirer]!.acquirer -= fa;
          want.acq[x.acquirer]!.scheme += fi + fa;
          return;
        }
        const at = x.startUs + x.latencyUs + 120 * US_PER_S;
        const cb = at < sc.durationUs;
        if (cb) expectedChargebacks++;
        const p = purchaseInput(x.amountMinor, x.credit, mcc, x.channel, x.issuer === 1);
        const d = zero();
        byHand(pricer, p, cb, d);
        want.iss[x.issuer]!.cardholders += d.cardholders;
        want.iss[x.issuer]!.issuer += d.issuer;
        want.acq[x.acquirer]!.scheme += d.scheme;
        want.acq[x.acquirer]!.acquirer += d.acquirer;
        want.acq[x.acquirer]!.merchants += d.merchants;
      },
    }).run();
    const cl = r.clearing!;
    expect(cl.chargebacks).toBe(expectedChargebacks);
    expect(expectedChargebacks).toBeGreaterThan(1000);
    expect(declined).toBeGreaterThan(0);
    const L = cl.books[0]!.ledger;
    for (const i of [0, 1]) {
      expect(L.balance(L.cardholders(i), 0)).toBe(want.iss[i]!.cardholders);
      expect(L.balance(L.issuer(i), 0)).toBe(want.iss[i]!.issuer);
    }
    for (const a of [0, 1]) {
      expect(L.balance(L.acquirer(a), 0)).toBe(want.acq[a]!.acquirer);
      expect(L.balance(L.merchants(a), 0)).toBe(want.acq[a]!.merchants);
    }
    expect(L.balance(L.scheme(), 0)).toBe(want.acq[0]!.scheme + want.acq[1]!.scheme);
  });
});

// ---------------------------------------------------------------------------------------------
// Per-authorization scheme fees of authorizations that do not clear
// ---------------------------------------------------------------------------------------------

describe('per-authorization fees of authorizations that never clear', () => {
  /** RUB 0.30 per authorization on the issuer side and RUB 0.50 on the acquirer side. */
  const AUTH_FEES = feeModel({
    name: 'auth-fees',
    interchange: [{ name: 'all', pct: 1 }],
    scheme_fees: { issuer: { pct: 0, per_auth: '0.30' }, acquirer: { pct: 0, per_auth: '0.50' } },
    acquirer: { pricing: 'interchange_plus_plus', margin: { pct: '0.1' } },
  });

  function run(fault: FaultSpec): { r: RunResult; switchArrivals: number } {
    const base = plainNetwork({ ratePerSecond: 5, durationS: 600, bucketS: 60, acquirer: [2, fixed(5)], switch: [2, fixed(5)], issuer: [2, fixed(5)], faults: [fault], seed: 3 });
    const sc = withMoney({ ...base, merchants: { ...base.merchants, terminalTimeoutUs: 5 * US_PER_S } }, { feeModel: AUTH_FEES, chargebackShare: 0 });
    const r = new Network(sc, { seed: 3 }).run();
    const switchHost = r.hosts.findIndex((h) => h.role === 'switch');
    let switchArrivals = 0;
    for (let b = 0; b < r.buckets; b++) switchArrivals += r.nodes[(b * r.hosts.length + switchHost) * N_FIELDS + N_ARRIVALS]!;
    return { r, switchArrivals };
  }

  it('are charged once per declined authorization that reached the scheme', () => {
    // The issuer refuses all run long and stand-in is off: the switch declines every purchase.
    const { r, switchArrivals } = run({ kind: 'host_down', host: { role: 'issuer', index: 0 }, hung: false, fromUs: 0, toUs: 600 * US_PER_S });
    const L = r.clearing!.books[0]!.ledger;
    const attempts = sumField(r, T_ATTEMPTS);
    expect(attempts).toBeGreaterThan(1000);
    expect(switchArrivals).toBe(attempts);
    expect(r.clearing!.authOnly).toBe(attempts);
    expect([L.kindCount(KIND.scheme_auth_fee_issuer, 0), L.kindCount(KIND.scheme_auth_fee_acquirer, 0)]).toEqual([attempts, attempts]);
    expect(L.balance(L.scheme(), 0)).toBe(80 * attempts);
  });

  // Fixed (was a bug found by this test): every purchase that did not end approved was charged
  // the per-authorization fees, even when its request never left the acquirer. Now only requests
  // the switch admitted pay them.
  it.each([
    ['refuses', false],
    ['hangs', true],
  ])('are not charged when the acquirer %s and no request reaches the scheme', (_what, hung) => {
    const { r, switchArrivals } = run({ kind: 'host_down', host: { role: 'acquirer', index: 0 }, hung, fromUs: 0, toUs: 600 * US_PER_S });
    expect(sumField(r, T_ATTEMPTS)).toBeGreaterThan(1000);
    expect(sumField(r, T_APPROVED)).toBe(0);
    expect(switchArrivals).toBe(0);
    const L = r.clearing!.books[0]!.ledger;
    expect([L.kindTotal(KIND.scheme_auth_fee_issuer, 0), L.kindTotal(KIND.scheme_auth_fee_acquirer, 0)]).toEqual([0, 0]);
  });
});
