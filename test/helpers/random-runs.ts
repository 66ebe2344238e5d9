/**
 * Random small scenarios and random fee models for property tests of money in a run, and the
 * checks that re-derive a run's books from its own rows (used by clearing-properties.test.ts).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { FEE_PRESET_NAMES, KIND, KIND_COUNT, POSTING_KINDS, ACCOUNT_TYPES, compareModels, type FeeModel, type SettlementBook } from '../../src/economics/index.js';
import { type RunResult } from '../../src/model/network.js';
import { T_APPROVED, T_ATTEMPTS, T_DECLINED, T_TIMED_OUT, T_VALUE_APPROVED } from '../../src/model/stats.js';
import type { AmountDist, DurationDist, FaultSpec, Scenario } from '../../src/scenario/types.js';
import { US_PER_DAY, US_PER_MIN, RUB_RATES, type MoneyOptions } from './money.js';
import { fixed, plainNetwork } from './scenarios.js';
import { sumField } from './clearing.js';

export const US_PER_S = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Random fee models in the declarative format of docs/fees.md
// ---------------------------------------------------------------------------------------------

/** Decimal strings, read exactly by the fee format. */
export const pct = (ppm: number): string => (ppm / 10_000).toFixed(4);
export const major = (minor: number): string => (minor / 100).toFixed(2);

/**
 * Disjoint MCC sets for specific rules: disjoint rules never overlap, and each is nested in the
 * catch-all, so the rule set is valid by construction (no `overlap`, no `matches_nothing`).
 */
export const MCC_SLOTS: readonly unknown[] = [5411, '5541-5542', 4121, 5399, [5812, 5814], '8000-8999', 5999];
export const CP_CHANNELS = ['card_present', 'wallet_token', 'qr'] as const;
export const PRODUCTS = ['debit', 'credit', 'premium', 'commercial'] as const;

export const subsetArb = <T>(xs: readonly T[]): fc.Arbitrary<T[]> => fc.subarray([...xs], { minLength: 1 });

/** clamp(ppm(V) + fixed, floor, cap), at most ~4 % + RUB 3 at the RUB 10 minimum amount. */
export const ruleFeeArb = fc
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

export const specificRuleArb = fc.record({
  product: fc.option(subsetArb(PRODUCTS), { nil: undefined }),
  channel: fc.option(subsetArb(CP_CHANNELS), { nil: undefined }),
  domestic: fc.boolean(),
  fee: ruleFeeArb,
});

export type SpecificRule = typeof specificRuleArb extends fc.Arbitrary<infer T> ? T : never;

export function rules(prefix: string, catchAll: Record<string, unknown> | null, specific: SpecificRule[], extra: Record<string, unknown>[]): Record<string, unknown>[] {
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

export const sideArb = fc
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

export const chargebackPolicyArb = fc.record({
  refund_merchant_discount: fc.boolean(),
  refund_scheme_fees: fc.boolean(),
  refund_fx_fee: fc.boolean(),
  fee: fc.integer({ min: 0, max: 5_000 }).map(major),
});

export const fourPartyArb = fc
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

export const threePartyArb = fc
  .record({ fee: ruleFeeArb, fxPpm: fc.integer({ min: 0, max: 20_000 }), chargeback: fc.option(chargebackPolicyArb, { nil: undefined }) })
  .map((g) => ({
    name: 'generated-3p',
    type: 'three_party',
    platform: { merchant_fee: g.fee, withdrawal: { pct: '0.1', min: '0.1', free_quota: '1000' } },
    fx: { cardholder_fee_pct: pct(g.fxPpm) },
    ...(g.chargeback !== undefined ? { chargeback: g.chargeback } : {}),
  }));

/** A preset (rebased to RUB by the FX rates), sometimes with another chargeback policy. */
export const presetArb = fc
  .record({ name: fc.constantFrom(...FEE_PRESET_NAMES), chargeback: fc.option(chargebackPolicyArb, { nil: undefined }) })
  .map((p) => ({ model: p.name, fx: { rates: { ...RUB_RATES } }, ...(p.chargeback !== undefined ? { chargeback: p.chargeback } : {}) }));

/** A raw `fees:` node that resolves in RUB. */
export const rawFeesArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(presetArb, presetArb, fourPartyArb, fourPartyArb, threePartyArb);

// ---------------------------------------------------------------------------------------------
// Random small scenarios
// ---------------------------------------------------------------------------------------------

export const CATEGORY_POOL = [
  { name: 'grocery', mcc: 5411, cardNotPresent: false },
  { name: 'fuel', mcc: 5541, cardNotPresent: false },
  { name: 'taxi', mcc: 4121, cardNotPresent: false },
  { name: 'online', mcc: 5399, cardNotPresent: true },
  { name: 'cafe', mcc: 5812, cardNotPresent: false },
  { name: 'charity', mcc: 8398, cardNotPresent: false },
  { name: 'misc', mcc: 5999, cardNotPresent: false },
  { name: 'hotel', mcc: 7011, cardNotPresent: true },
] as const;

export const sharesArb = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: 10 }), { minLength: n, maxLength: n }).map((w) => {
    const t = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / t);
  });

export const msArb = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min: min * 1000, max: max * 1000 });

export const serviceArb: fc.Arbitrary<DurationDist> = fc.oneof(
  msArb(2, 60).map((u) => ({ kind: 'exponential', meanUs: u }) as const),
  msArb(2, 60).map((u) => ({ kind: 'fixed', valueUs: u }) as const),
  fc.record({ m: msArb(2, 60), s: fc.double({ min: 0.1, max: 1, noNaN: true }) }).map((x) => ({ kind: 'lognormal', meanUs: x.m, sigma: x.s }) as const),
);

export const linkArb: fc.Arbitrary<DurationDist> = fc.oneof(
  fc.constant({ kind: 'fixed', valueUs: 0 } as const),
  msArb(1, 40).map((u) => ({ kind: 'fixed', valueUs: u }) as const),
  fc.record({ a: msArb(1, 20), b: msArb(0, 60) }).map((x) => ({ kind: 'uniform', minUs: x.a, maxUs: x.a + x.b }) as const),
);

export const ticketArb: fc.Arbitrary<AmountDist> = fc.oneof(
  fc.integer({ min: 1, max: 10_000 }).map((v) => ({ kind: 'fixed', valueMinor: v }) as const),
  fc.record({ m: fc.integer({ min: 100, max: 10_000 }), s: fc.double({ min: 0.2, max: 1.5, noNaN: true }) }).map((x) => ({ kind: 'lognormal', meanMinor: x.m, sigma: x.s }) as const),
);

export interface Gen {
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

export const genArb: fc.Arbitrary<Gen> = fc
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

export const LINK_KEYS = ['terminalAcquirer', 'acquirerSwitch', 'switchIssuer', 'issuerSwitch', 'switchAcquirer', 'acquirerTerminal'] as const;

export function buildScenario(g: Gen): Scenario {
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

export interface MoneyGen {
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

export const moneyGenArb = (nIss: number, nAcq: number): fc.Arbitrary<MoneyGen> =>
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

export const mod = (x: number, m: number): number => ((x % m) + m) % m;

export function moneyOptions(sc: Scenario, m: MoneyGen, fees: Record<string, unknown> | FeeModel): MoneyOptions {
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

export const caseArb = genArb.chain((g) =>
  fc.record({ g: fc.constant(g), m: moneyGenArb(g.issuerShares.length, g.acquirerShares.length), fees: rawFeesArb }),
);

// ---------------------------------------------------------------------------------------------
// Checks derived from the book's own rows
// ---------------------------------------------------------------------------------------------

/** Every posting of the first fee model, tallied outside the ledger. */
export class PostingTally {
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

export const EXTERNAL = new Set(['cardholder', 'merchant']);

/** The checks (a), (b), (c) of the brief, for the first book of a run. */
export function checkBooks(sc: Scenario, r: RunResult, tally: PostingTally): void {
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

