/**
 * Property tests: random fee models and random purchase streams.
 * - The ledger and settlement invariants always hold (book.verify()).
 * - The pricer's lookup tables agree with a naive linear-scan reference pricer (BigInt rounding).
 * - Ledger balances agree with balances computed independently from the breakdowns, also for
 *   cross-currency purchases, chargebacks and authorizations (issuer currency != transaction
 *   currency, converted with an independent BigInt reference).
 * - The fee format's semantic checks agree with a brute-force enumeration of purchases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createChargebackBreakdown,
  createFeeBreakdown,
  FeePricer,
  MCC_COUNT,
  resolveFeeModel,
  SettlementBook,
  type ChargebackBreakdown,
  type FeeBreakdown,
  type FeeModel,
  type FeeRule,
  type FeeSpec,
  type MccRange,
  type PurchaseInput,
  type SchemeSideFees,
} from '../../src/economics/index.js';

// ---------------------------------------------------------------------------------------------
// Reference pricer (independent of src: linear scan, BigInt half-even rounding)
// ---------------------------------------------------------------------------------------------

function refPpm(v: number, ppm: number): number {
  const n = BigInt(v) * BigInt(ppm);
  let q = n / 1_000_000n;
  const r2 = 2n * (n % 1_000_000n);
  if (r2 > 1_000_000n || (r2 === 1_000_000n && q % 2n === 1n)) q += 1n;
  return Number(q);
}

/** x minor units of a currency with `fromExp` decimals at `rateE8` into one with `toExp`, half to even (BigInt). */
function refConv(x: number, rateE8: number, fromExp: number, toExp: number): number {
  const n = BigInt(x) * BigInt(rateE8) * 10n ** BigInt(toExp);
  const d = 100_000_000n * 10n ** BigInt(fromExp);
  let q = n / d;
  const r2 = 2n * (n % d);
  if (r2 > d || (r2 === d && q % 2n === 1n)) q += 1n;
  return Number(q);
}

function refFee(f: FeeSpec, v: number): number {
  let x = refPpm(v, f.ratePpm) + f.fixedMinor;
  if (f.capMinor !== null) x = Math.min(x, f.capMinor);
  return Math.max(x, f.floorMinor);
}

const bits = (x: number) => [0, 1, 2, 3].filter((i) => x & (1 << i)).length;
const inRanges = (rs: readonly MccRange[] | null, mcc: number) => rs === null || rs.some(([a, b]) => mcc >= a && mcc <= b);
const size = (r: FeeRule) => bits(r.products) * bits(r.channels) * bits(r.regions) * (r.mcc === null ? MCC_COUNT + 1 : r.mcc.reduce((s, [a, b]) => s + b - a + 1, 0));

function refWinner(rules: readonly FeeRule[], p: PurchaseInput): number {
  const region = p.crossBorder ? 1 : 0;
  let best = -1;
  rules.forEach((r, i) => {
    if (!(r.products & (1 << p.product)) || !(r.channels & (1 << p.channelClass)) || !(r.regions & (1 << region)) || !inRanges(r.mcc, p.mcc)) return;
    const b = best < 0 ? undefined : rules[best];
    if (b === undefined || r.priority > b.priority || (r.priority === b.priority && size(r) < size(b))) best = i;
  });
  return best;
}

function refSide(s: SchemeSideFees, p: PurchaseInput): number {
  if (inRanges(s.exemptMcc, p.mcc) && s.exemptMcc.length > 0) return 0;
  let x = refPpm(p.amountMinor, s.value.ratePpm);
  if (s.value.capMinor !== null) x = Math.min(x, s.value.capMinor);
  x = Math.max(x, s.value.floorMinor);
  return x + s.perAuthMinor + s.perItemMinor + (p.crossBorder ? refPpm(p.amountMinor, s.crossBorderPpm) : 0);
}

function refPrice(m: FeeModel, p: PurchaseInput) {
  const fx = p.crossBorder ? refPpm(p.amountMinor, m.fx.cardholderFeePpm) : 0;
  if (m.type === 'three_party') {
    return { interchange: 0, schemeFeeIssuer: 0, schemeFeeAcquirer: 0, merchantDiscount: 0, platformFee: refFee(m.platform?.merchantFee as FeeSpec, p.amountMinor), cardholderFxFee: fx };
  }
  const w = refWinner(m.interchange, p);
  const interchange = w < 0 ? 0 : refFee(m.interchange[w] as FeeRule, p.amountMinor);
  const schemeFeeIssuer = refSide(m.schemeIssuer, p);
  const schemeFeeAcquirer = refSide(m.schemeAcquirer, p);
  let merchantDiscount: number;
  if (m.acquirer.pricing === 'blended') {
    const k = refWinner(m.acquirer.mdr, p);
    merchantDiscount = k < 0 ? 0 : refFee(m.acquirer.mdr[k] as FeeRule, p.amountMinor);
  } else {
    merchantDiscount = interchange + schemeFeeAcquirer + refFee(m.acquirer.margin, p.amountMinor);
  }
  return { interchange, schemeFeeIssuer, schemeFeeAcquirer, merchantDiscount, platformFee: 0, cardholderFxFee: fx };
}

function money(b: FeeBreakdown) {
  const { interchange, schemeFeeIssuer, schemeFeeAcquirer, merchantDiscount, platformFee, cardholderFxFee } = b;
  return { interchange, schemeFeeIssuer, schemeFeeAcquirer, merchantDiscount, platformFee, cardholderFxFee };
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

/** MCCs are drawn near a few hot spots so that rules and purchases actually meet. */
const mccArb = fc.oneof(fc.integer({ min: 5400, max: 5420 }), fc.integer({ min: 5530, max: 5545 }), fc.integer({ min: 0, max: 9999 }));

function normalise(rs: [number, number][]): MccRange[] {
  const sorted = rs.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const feeSpecArb: fc.Arbitrary<FeeSpec> = fc.record({
  ratePpm: fc.integer({ min: 0, max: 60_000 }),
  fixedMinor: fc.integer({ min: 0, max: 300 }),
  capMinor: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
  floorMinor: fc.integer({ min: 0, max: 100 }),
});

const ruleArb: fc.Arbitrary<FeeRule> = fc
  .record({
    products: fc.integer({ min: 1, max: 15 }),
    channels: fc.integer({ min: 1, max: 15 }),
    regions: fc.integer({ min: 1, max: 3 }),
    mcc: fc.option(fc.array(fc.tuple(mccArb, mccArb), { minLength: 1, maxLength: 3 }), { nil: null }),
    priority: fc.integer({ min: 0, max: 3 }),
    fee: feeSpecArb,
  })
  .map((r, ) => ({ name: 'r', priority: r.priority, products: r.products, channels: r.channels, regions: r.regions, mcc: r.mcc === null ? null : normalise(r.mcc), ...r.fee }));

const sideArb: fc.Arbitrary<SchemeSideFees> = fc.record({
  value: fc.record({ ratePpm: fc.integer({ min: 0, max: 3_000 }), fixedMinor: fc.constant(0), capMinor: fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: null }), floorMinor: fc.integer({ min: 0, max: 20 }) }),
  perAuthMinor: fc.integer({ min: 0, max: 50 }),
  perItemMinor: fc.integer({ min: 0, max: 50 }),
  crossBorderPpm: fc.integer({ min: 0, max: 10_000 }),
  exemptMcc: fc.array(fc.tuple(mccArb, mccArb), { maxLength: 2 }).map(normalise),
});

const modelArb: fc.Arbitrary<FeeModel> = fc
  .record({
    threeParty: fc.boolean(),
    interchange: fc.array(ruleArb, { maxLength: 6 }),
    issuer: sideArb,
    acquirer: sideArb,
    blended: fc.boolean(),
    mdr: fc.array(ruleArb, { maxLength: 4 }),
    margin: feeSpecArb,
    platform: feeSpecArb,
    fxPpm: fc.integer({ min: 0, max: 30_000 }),
    refundMd: fc.boolean(),
    refundScheme: fc.boolean(),
    refundFx: fc.boolean(),
    cbFee: fc.integer({ min: 0, max: 3_000 }),
  })
  .map((r) => ({
    name: 'random',
    sources: [],
    type: r.threeParty ? 'three_party' : 'four_party',
    currency: 'RUB',
    exponent: 2,
    minAmountMinor: 1_000,
    interchange: r.threeParty ? [] : r.interchange.map((x, i) => ({ ...x, name: `ic${i}` })),
    schemeIssuer: r.issuer,
    schemeAcquirer: r.acquirer,
    acquirer: r.blended ? { pricing: 'blended', mdr: r.mdr.map((x, i) => ({ ...x, name: `mdr${i}` })) } : { pricing: 'interchange_plus_plus', margin: r.margin },
    platform: r.threeParty ? { merchantFee: r.platform, withdrawal: { ratePpm: 1_000, minMinor: 10, freeQuotaMinor: 100_000 } } : null,
    fx: { cardholderFeePpm: r.fxPpm, billingCurrency: null, rates: [] },
    chargeback: { refundMerchantDiscount: r.refundMd, refundSchemeFees: r.refundScheme, refundFxFee: r.refundFx, feeMinor: r.cbFee },
    avoidedCostOfCashPpm: 12_600,
  }));

const purchaseArb: fc.Arbitrary<PurchaseInput> = fc.record({
  amountMinor: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 50_000_000 })),
  product: fc.integer({ min: 0, max: 3 }),
  mcc: mccArb,
  channelClass: fc.integer({ min: 0, max: 3 }),
  crossBorder: fc.boolean(),
});

/** RUB/CNY-like, CNY/RUB-like, extreme and tie-prone rates, x 1e8. */
const rateArb = fc.oneof(
  fc.integer({ min: 1_000_000, max: 20_000_000 }),
  fc.integer({ min: 100_000_000, max: 20_000_000_000 }),
  fc.integer({ min: 1, max: 100_000 }),
  fc.constantFrom(10_309_278, 1_250_000, 5_000_000_000, 50_000_000),
);

/** Currencies of the book below; JPY (0 decimals) exercises the exponents of a conversion. */
const CURRENCIES = ['RUB', 'CNY', 'JPY'] as const;
const EXP = [2, 2, 0] as const;
const currencyArb = fc.integer({ min: 0, max: 2 });

type Fx = { issuerCurrency: number; rateE8: number; chargebackRateE8: number };
const fxArb: fc.Arbitrary<Fx> = fc.record({ issuerCurrency: currencyArb, rateE8: rateArb, chargebackRateE8: rateArb });

type Event =
  | ({ kind: 'purchase'; p: PurchaseInput; issuer: number; acquirer: number; currency: number; cycle: number; chargebackAfter: number | null } & Fx)
  | ({ kind: 'auth'; issuer: number; acquirer: number; currency: number; cycle: number; mcc: number } & Fx);

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.record({ kind: fc.constant('purchase' as const), p: purchaseArb, issuer: fc.integer({ min: 0, max: 2 }), acquirer: fc.integer({ min: 0, max: 1 }), currency: currencyArb, cycle: fc.integer({ min: 0, max: 6 }), chargebackAfter: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }) }), fxArb).map(([e, x]) => ({ ...e, ...x })) },
  { weight: 1, arbitrary: fc.tuple(fc.record({ kind: fc.constant('auth' as const), issuer: fc.integer({ min: 0, max: 2 }), acquirer: fc.integer({ min: 0, max: 1 }), currency: currencyArb, cycle: fc.integer({ min: 0, max: 6 }), mcc: mccArb }), fxArb).map(([e, x]) => ({ ...e, ...x })) },
);

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('random fee models and purchase streams', () => {
  it('the pricer agrees with the reference pricer', () => {
    fc.assert(
      fc.property(modelArb, fc.array(purchaseArb, { minLength: 1, maxLength: 40 }), (m, ps) => {
        const pricer = new FeePricer(m);
        const out = createFeeBreakdown();
        for (const p of ps) {
          pricer.price(p, out);
          expect(money(out)).toEqual(refPrice(m, p));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ledger and settlement invariants always hold, and balances match an independent tally (cross-currency included)', () => {
    fc.assert(
      fc.property(modelArb, fc.array(eventArb, { minLength: 1, maxLength: 60 }), (m, events) => {
        const pricer = new FeePricer(m);
        const book = new SettlementBook({ issuers: ['I0', 'I1', 'I2'], acquirers: ['A0', 'A1'], currencies: [...CURRENCIES], merchantPayoutDays: 2 });
        const L = book.ledger;
        const nCur = CURRENCIES.length;
        // Independent tally: [currency][account] of net money received.
        const tally = CURRENCIES.map(() => new Map<number, number>());
        const move = (c: number, from: number, to: number, x: number) => {
          const t = tally[c] as Map<number, number>;
          t.set(from, (t.get(from) ?? 0) - x);
          t.set(to, (t.get(to) ?? 0) + x);
        };
        // What issuers, scheme and acquirers keep, per currency.
        const kept = CURRENCIES.map(() => 0);
        const keep = (c: number, x: number) => {
          kept[c] = (kept[c] as number) + x;
        };
        let crossEvents = 0;
        for (const e of events) {
          if (e.kind === 'purchase') {
            const b: FeeBreakdown = createFeeBreakdown();
            pricer.price(e.p, b);
            const [ch, is, sc, aq, me, fx] = [L.cardholders(e.issuer), L.issuer(e.issuer), L.scheme(), L.acquirer(e.acquirer), L.merchants(e.acquirer), L.fx()];
            const T = e.currency;
            const I = e.issuerCurrency;
            if (I === T) {
              book.clear(e.cycle, e.cycle, e.issuer, e.acquirer, e.p, b, T);
              move(T, ch, me, e.p.amountMinor);
              move(T, aq, is, b.interchange);
              move(T, is, sc, b.schemeFeeIssuer);
              move(T, aq, sc, b.schemeFeeAcquirer);
              move(T, me, aq, b.merchantDiscount);
              move(T, me, sc, b.platformFee);
              move(T, ch, is, b.cardholderFxFee);
              keep(T, b.merchantDiscount + b.platformFee + b.cardholderFxFee);
            } else {
              crossEvents++;
              book.clear(e.cycle, e.cycle, e.issuer, e.acquirer, e.p, b, T, I, e.rateE8);
              const conv = (x: number) => refConv(x, e.rateE8, EXP[T] as number, EXP[I] as number);
              const [v, a] = [e.p.amountMinor, b.interchange];
              move(I, ch, sc, conv(v));
              move(T, sc, me, v);
              move(T, aq, sc, a);
              move(I, sc, is, conv(a));
              move(I, is, sc, conv(b.schemeFeeIssuer));
              move(T, aq, sc, b.schemeFeeAcquirer);
              move(T, me, aq, b.merchantDiscount);
              move(T, me, sc, b.platformFee);
              move(I, ch, is, conv(b.cardholderFxFee));
              move(I, sc, fx, conv(v) - conv(a));
              move(T, fx, sc, v - a);
              keep(I, conv(a) + conv(b.cardholderFxFee));
              keep(T, b.merchantDiscount + b.platformFee - a);
            }
            if (e.chargebackAfter !== null) {
              const cb: ChargebackBreakdown = createChargebackBreakdown();
              pricer.priceChargeback(e.p.amountMinor, b, cb);
              const cy = e.cycle + e.chargebackAfter;
              if (I === T) {
                book.chargeback(cy, cy, e.issuer, e.acquirer, cb, T);
                move(T, me, ch, cb.amount);
                move(T, is, aq, cb.interchange);
                move(T, sc, is, cb.schemeFeeIssuer);
                move(T, sc, aq, cb.schemeFeeAcquirer);
                move(T, aq, me, cb.merchantDiscount);
                move(T, sc, me, cb.platformFee);
                move(T, is, ch, cb.cardholderFxFee);
                move(T, me, aq, cb.chargebackFee);
                keep(T, cb.chargebackFee - cb.merchantDiscount - cb.platformFee - cb.cardholderFxFee);
              } else {
                // At the chargeback day's rate.
                book.chargeback(cy, cy, e.issuer, e.acquirer, cb, T, I, e.chargebackRateE8);
                const conv = (x: number) => refConv(x, e.chargebackRateE8, EXP[T] as number, EXP[I] as number);
                const [v, a] = [cb.amount, cb.interchange];
                move(T, me, sc, v);
                move(I, sc, ch, conv(v));
                move(I, is, sc, conv(a));
                move(T, sc, aq, a);
                move(I, sc, is, conv(cb.schemeFeeIssuer));
                move(T, sc, aq, cb.schemeFeeAcquirer);
                move(T, aq, me, cb.merchantDiscount);
                move(T, sc, me, cb.platformFee);
                move(I, is, ch, conv(cb.cardholderFxFee));
                move(T, me, aq, cb.chargebackFee);
                move(T, sc, fx, v - a);
                move(I, fx, sc, conv(v) - conv(a));
                keep(I, -conv(a) - conv(cb.cardholderFxFee));
                keep(T, a + cb.chargebackFee - cb.merchantDiscount - cb.platformFee);
              }
            }
          } else {
            const fi = pricer.authFeeIssuer(e.mcc);
            const fa = pricer.authFeeAcquirer(e.mcc);
            const I = e.issuerCurrency;
            book.authorizationFees(e.cycle, e.cycle, e.issuer, e.acquirer, fi, fa, e.currency, I, e.rateE8);
            const fiI = I === e.currency ? fi : refConv(fi, e.rateE8, EXP[e.currency] as number, EXP[I] as number);
            move(I, L.issuer(e.issuer), L.scheme(), fiI);
            move(e.currency, L.acquirer(e.acquirer), L.scheme(), fa);
          }
        }
        book.verify();
        for (let c = 0; c < nCur; c++) {
          for (let a = 0; a < L.accountCount; a++) expect(L.balance(a, c)).toBe((tally[c] as Map<number, number>).get(a) ?? 0);
          let fees = L.balance(L.scheme(), c);
          for (let i = 0; i < 3; i++) fees += L.balance(L.issuer(i), c);
          for (let j = 0; j < 2; j++) fees += L.balance(L.acquirer(j), c);
          expect(fees).toBe(kept[c]);
          // Money that left cardholders = reached merchants + kept by intermediaries + taken in by the FX account.
          let cardOut = 0;
          for (let i = 0; i < 3; i++) cardOut -= L.balance(L.cardholders(i), c);
          let merchIn = 0;
          for (let j = 0; j < 2; j++) merchIn += L.balance(L.merchants(j), c);
          expect(cardOut).toBe(merchIn + fees + L.balance(L.fx(), c));
        }
        // Every cycle's interbank rows (the FX account's included) net to zero per currency, read
        // from the CSV rows themselves; the scheme nets exactly its fees; the FX account earns no fee.
        const sums = new Map<string, number>();
        let fxRows = 0;
        for (const r of book.settlementRows()) {
          expect(r.gross_debit_minor).toBeGreaterThanOrEqual(0);
          expect(r.gross_credit_minor).toBeGreaterThanOrEqual(0);
          expect(r.netting_ratio).toBeGreaterThanOrEqual(0);
          expect(r.netting_ratio).toBeLessThanOrEqual(1);
          if (r.participant_type === 'scheme') expect(r.net_position_minor).toBe(r.fees_minor);
          if (r.participant_type === 'fx') {
            fxRows++;
            expect(r.fees_minor).toBe(0);
          }
          if (r.participant_type === 'merchant') continue;
          const k = `${r.cycle}|${r.currency}`;
          sums.set(k, (sums.get(k) ?? 0) + r.net_position_minor);
        }
        for (const v of sums.values()) expect(v).toBe(0);
        if (crossEvents === 0) expect(fxRows).toBe(0);
        // fees.csv never carries the legs or the conversions.
        for (const f of book.feeRows()) expect(f.fee_type).not.toMatch(/_leg$|^fx_conversion|^purchase$|^chargeback$/);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The fee format's rule-set checks against brute force
// ---------------------------------------------------------------------------------------------

const rawRuleArb = fc.record(
  {
    product: fc.subarray(['debit', 'credit', 'premium', 'commercial'], { minLength: 1 }),
    channel: fc.subarray(['card_present', 'card_not_present', 'wallet_token', 'qr'], { minLength: 1 }),
    region: fc.subarray(['domestic', 'cross_border'], { minLength: 1 }),
    mcc: fc.array(fc.oneof(fc.integer({ min: 5410, max: 5416 }), fc.tuple(fc.integer({ min: 5410, max: 5416 }), fc.integer({ min: 5410, max: 5416 })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`)), { minLength: 1, maxLength: 2 }),
    priority: fc.integer({ min: 0, max: 1 }),
  },
  { requiredKeys: [] },
);

describe('fee-model rule checks agree with brute force', () => {
  // Rules only mention MCCs 5410-5416, so these codes (plus one outside) reach every MCC class.
  const MCCS = [0, 5409, 5410, 5411, 5412, 5413, 5414, 5415, 5416, 5417];
  const cells: PurchaseInput[] = [];
  for (const mcc of MCCS) for (let product = 0; product < 4; product++) for (let ch = 0; ch < 4; ch++) for (const cb of [false, true]) cells.push({ amountMinor: 100_000, product, mcc, channelClass: ch, crossBorder: cb });
  const PRODUCTS = ['debit', 'credit', 'premium', 'commercial'];
  const CHANNELS = ['card_present', 'card_not_present', 'wallet_token', 'qr'];
  const matches = (r: Record<string, unknown>, p: PurchaseInput): boolean => {
    const inList = (k: string, v: string) => r[k] === undefined || (r[k] as string[]).includes(v);
    const mccOk =
      r['mcc'] === undefined ||
      (r['mcc'] as (number | string)[]).some((x) => {
        if (typeof x === 'number') return x === p.mcc;
        const [a, b] = x.split('-').map(Number) as [number, number];
        return p.mcc >= a && p.mcc <= b;
      });
    return inList('product', PRODUCTS[p.product] as string) && inList('channel', CHANNELS[p.channelClass] as string) && inList('region', p.crossBorder ? 'cross_border' : 'domestic') && mccOk;
  };

  it('no overlap / matches-nothing error <=> every rule wins somewhere and equal-priority rules are nested or disjoint', () => {
    fc.assert(
      fc.property(fc.array(rawRuleArb, { minLength: 1, maxLength: 5 }), (raws) => {
        const rules = raws.map((r, i) => ({ ...r, name: `r${i}`, pct: 1 }));
        const res = resolveFeeModel({ currency: 'RUB', interchange: rules });
        const sets = rules.map((r) => new Set(cells.map((p, k) => (matches(r, p) ? k : -1)).filter((k) => k >= 0)));
        // Brute-force "overlap": equal priority, common cell, neither a subset of the other.
        let overlap = false;
        for (let i = 0; i < rules.length; i++) {
          for (let j = i + 1; j < rules.length; j++) {
            if ((rules[i]?.priority ?? 0) !== (rules[j]?.priority ?? 0)) continue; // default priority 0
            const a = sets[i] as Set<number>;
            const b = sets[j] as Set<number>;
            const common = [...a].some((k) => b.has(k));
            const aInB = [...a].every((k) => b.has(k));
            const bInA = [...b].every((k) => a.has(k));
            if (common && aInB === bInA) overlap = true;
          }
        }
        expect(res.errors.some((e) => e.code === 'overlap')).toBe(overlap);
        if (!overlap) {
          // Brute-force winner per cell: highest priority, then the smallest match set.
          const won = new Set<number>();
          for (let k = 0; k < cells.length; k++) {
            let best = -1;
            rules.forEach((r, i) => {
              if (!(sets[i] as Set<number>).has(k)) return;
              const b = best < 0 ? undefined : rules[best];
              if (b === undefined || (r.priority ?? 0) > (b.priority ?? 0) || ((r.priority ?? 0) === (b.priority ?? 0) && (sets[i] as Set<number>).size < (sets[best] as Set<number>).size)) best = i;
            });
            if (best >= 0) won.add(best);
          }
          const shadowed = rules.some((_, i) => !won.has(i));
          expect(res.errors.some((e) => e.code === 'matches_nothing')).toBe(shadowed);
          if (!shadowed) {
            // And the pricer picks exactly the brute-force winner.
            const pricer = new FeePricer(res.model as FeeModel);
            const out = createFeeBreakdown();
            for (let k = 0; k < cells.length; k++) {
              pricer.price(cells[k] as PurchaseInput, out);
              const matching = rules.map((_, i) => i).filter((i) => (sets[i] as Set<number>).has(k));
              if (matching.length === 0) expect(out.interchangeRule).toBe(-1);
              else expect(matching).toContain(out.interchangeRule);
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
