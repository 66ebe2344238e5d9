/** Chargebacks reverse the purchase flows fee by fee as the policy says; authorizations that never clear pay per-authorization fees. */
import { describe, expect, it } from 'vitest';
import { CHANNEL_CARD_NOT_PRESENT, CHANNEL_CARD_PRESENT, CHANNEL_QR, CHANNEL_WALLET_TOKEN, FeePricer, KIND, PRODUCT_CREDIT, PRODUCT_DEBIT, createFeeBreakdown, type PurchaseInput } from '../../src/economics/index.js';
import { Network, OUTCOME_APPROVED, type RunResult } from '../../src/model/network.js';
import { N_ARRIVALS, N_FIELDS, T_APPROVED, T_ATTEMPTS } from '../../src/model/stats.js';
import type { FaultSpec } from '../../src/scenario/types.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_MIN, feeModel, presetInRub, RUB_RATES, withMoney } from '../helpers/money.js';
import { fixed, plainNetwork } from '../helpers/scenarios.js';
import { US_PER_S } from '../helpers/random-runs.js';
import { sumField, twoByTwo, bareClearing } from '../helpers/clearing.js';

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
