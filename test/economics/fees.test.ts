import { describe, expect, it } from 'vitest';
import {
  CHANNEL_CARD_NOT_PRESENT,
  CHANNEL_CARD_PRESENT,
  CHANNEL_QR,
  CHANNEL_WALLET_TOKEN,
  channelClassOf,
  createChargebackBreakdown,
  createFeeBreakdown,
  FeePricer,
  partyNets,
  PRODUCT_COMMERCIAL,
  PRODUCT_CREDIT,
  PRODUCT_DEBIT,
  PRODUCT_PREMIUM,
  resolveFeeModel,
  type FeeBreakdown,
  type FeeModel,
  type PurchaseInput,
} from '../../src/economics/index.js';

function model(raw: unknown, currency?: string): FeeModel {
  const r = resolveFeeModel(raw, currency ? { currency } : {});
  expect(r.errors).toEqual([]);
  if (!r.model) throw new Error('no model');
  return r.model;
}

function price(m: FeeModel, p: Partial<PurchaseInput> & { amountMinor: number }): FeeBreakdown {
  const out = createFeeBreakdown();
  new FeePricer(m).price({ product: PRODUCT_DEBIT, mcc: 5999, channelClass: CHANNEL_CARD_PRESENT, crossBorder: false, ...p }, out);
  return out;
}

/** The money fields only. */
function fees(b: FeeBreakdown) {
  const { interchange, schemeFeeIssuer, schemeFeeAcquirer, merchantDiscount, platformFee, cardholderFxFee } = b;
  return { interchange, schemeFeeIssuer, schemeFeeAcquirer, merchantDiscount, platformFee, cardholderFxFee };
}

describe('cn-ndrc-2016 (amounts in fen)', () => {
  const m = model('cn-ndrc-2016');

  it('debit fee is capped at CNY 13 on a CNY 10,000 purchase; network fee 0.0325 % = its CNY 3.25 cap', () => {
    // 0.35 % x 1 000 000 = 3 500 > cap 1 300. 0.0325 % x 1 000 000 = 325 = cap 325.
    // MDR (IC++) = 1 300 + 325 + 0.10 % x 1 000 000 (1 000) = 2 625.
    expect(fees(price(m, { amountMinor: 1_000_000, mcc: 5411 }))).toEqual({
      interchange: 1_300,
      schemeFeeIssuer: 325,
      schemeFeeAcquirer: 325,
      merchantDiscount: 2_625,
      platformFee: 0,
      cardholderFxFee: 0,
    });
  });

  it('network fee cap CNY 3.25 each side binds on CNY 20,000', () => {
    // 0.0325 % x 2 000 000 = 650 -> cap 325; IC cap 1 300; MDR = 1 300 + 325 + 2 000 = 3 625.
    const b = price(m, { amountMinor: 2_000_000 });
    expect([b.interchange, b.schemeFeeIssuer, b.schemeFeeAcquirer, b.merchantDiscount]).toEqual([1_300, 325, 325, 3_625]);
  });

  it('credit: 0.45 % uncapped; network-fee ties round half to even', () => {
    // CNY 1,000: IC 450; 0.0325 % = 32.5 -> 32; MDR = 450 + 32 + 100 = 582.
    const a = price(m, { amountMinor: 100_000, product: PRODUCT_CREDIT });
    expect([a.interchange, a.schemeFeeIssuer, a.schemeFeeAcquirer, a.merchantDiscount]).toEqual([450, 32, 32, 582]);
    // CNY 3,000: IC 1 350; 97.5 -> 98; MDR = 1 350 + 98 + 300 = 1 748.
    const b = price(m, { amountMinor: 300_000, product: PRODUCT_PREMIUM });
    expect([b.interchange, b.schemeFeeIssuer, b.schemeFeeAcquirer, b.merchantDiscount]).toEqual([1_350, 98, 98, 1_748]);
    // CNY 100,000 credit: 0.45 % = 45 000, no cap.
    expect(price(m, { amountMinor: 10_000_000, product: PRODUCT_COMMERCIAL }).interchange).toBe(45_000);
  });

  it('non-profit merchants (hospital 8062) pay no issuer or network fee', () => {
    // CNY 100: IC 0, scheme 0, MDR = acquirer margin 0.10 % x 10 000 = 10.
    expect(fees(price(m, { amountMinor: 10_000, mcc: 8062, product: PRODUCT_CREDIT }))).toEqual({
      interchange: 0,
      schemeFeeIssuer: 0,
      schemeFeeAcquirer: 0,
      merchantDiscount: 10,
      platformFee: 0,
      cardholderFxFee: 0,
    });
  });
});

describe('ru-2019 (amounts in kopecks)', () => {
  const m = model('ru-2019');

  it('grocery debit RUB 600, card present', () => {
    // IC 1.0 % = 600; issuer scheme 0.05 % = 30; acquirer 0.10 % = 60 + RUB 0.5/auth = 110;
    // MDR = 600 + 110 + margin 0.5 % (300) = 1 010.
    expect(fees(price(m, { amountMinor: 60_000, mcc: 5411 }))).toEqual({
      interchange: 600,
      schemeFeeIssuer: 30,
      schemeFeeAcquirer: 110,
      merchantDiscount: 1_010,
      platformFee: 0,
      cardholderFxFee: 0,
    });
  });

  it('credit e-commerce RUB 1,800: the e-commerce rule (priority 1) beats the MCC rules', () => {
    // 1.6 + 0.3 = 1.9 % x 180 000 = 3 420; sI 90; sA 180 + 50 = 230; MDR = 3 420 + 230 + 900 = 4 550.
    const b = price(m, { amountMinor: 180_000, mcc: 5411, product: PRODUCT_CREDIT, channelClass: CHANNEL_CARD_NOT_PRESENT });
    expect([b.interchange, b.schemeFeeIssuer, b.schemeFeeAcquirer, b.merchantDiscount]).toEqual([3_420, 90, 230, 4_550]);
  });

  it('catering debit via wallet token RUB 1,100; apparel debit; pharmacy falls to the standard rate', () => {
    // 1.5 % x 110 000 = 1 650; sI 55; sA 110 + 50 = 160; MDR 1 650 + 160 + 550 = 2 360.
    const c = price(m, { amountMinor: 110_000, mcc: 5812, channelClass: CHANNEL_WALLET_TOKEN });
    expect([c.interchange, c.schemeFeeIssuer, c.schemeFeeAcquirer, c.merchantDiscount]).toEqual([1_650, 55, 160, 2_360]);
    // Apparel 0.9 % of RUB 3,000 = 2 700.
    expect(price(m, { amountMinor: 300_000, mcc: 5651 }).interchange).toBe(2_700);
    // Pharmacy 5912 has no programme rate: standard debit 1.2 % of RUB 650 = 780.
    expect(price(m, { amountMinor: 65_000, mcc: 5912 }).interchange).toBe(780);
    // Taxi credit 1.3 % of RUB 250 = 325.
    expect(price(m, { amountMinor: 25_000, mcc: 4121, product: PRODUCT_CREDIT }).interchange).toBe(325);
  });

  it('cross-border (China-issued card) RUB 3,500: IF 1.5 % and 0.6 % assessment', () => {
    // IC 1.5 % = 5 250; sI 0.05 % = 175; sA = 0.10 % (350) + 50 + 0.6 % (2 100) = 2 500;
    // MDR = 5 250 + 2 500 + 1 750 = 9 500; UnionPay rail: no cardholder FX fee.
    expect(fees(price(m, { amountMinor: 350_000, mcc: 5651, product: PRODUCT_PREMIUM, crossBorder: true }))).toEqual({
      interchange: 5_250,
      schemeFeeIssuer: 175,
      schemeFeeAcquirer: 2_500,
      merchantDiscount: 9_500,
      platformFee: 0,
      cardholderFxFee: 0,
    });
  });

  it('every domestic MDR lands in the sourced 1.5-2.5 % range (per-auth fee aside)', () => {
    const pricer = new FeePricer(m);
    const out = createFeeBreakdown();
    const v = 10_000_000; // RUB 100,000
    for (const mcc of [4121, 5200, 5261, 5411, 5499, 5541, 5542, 5641, 5651, 5661, 5691, 5699, 5712, 5812, 5814, 5912, 5999, 4814]) {
      for (let product = 0; product < 4; product++) {
        for (let channel = 0; channel < 4; channel++) {
          pricer.price({ amountMinor: v, product, mcc, channelClass: channel, crossBorder: false }, out);
          const rate = (out.merchantDiscount - 50) / v;
          expect(rate).toBeGreaterThanOrEqual(0.015);
          expect(rate).toBeLessThanOrEqual(0.025);
        }
      }
    }
  });
});

describe('us-reg-ii, eu-ifr, eu-interregional', () => {
  it('Reg II: USD 100 debit -> USD 0.27 (sources §1.2 worked example)', () => {
    // 0.05 % x 10 000 = 5 + 22 = 27 cents.
    expect(price(model('us-reg-ii'), { amountMinor: 10_000 }).interchange).toBe(27);
  });

  it('IFR: 0.3 % credit and 0.2 % debit', () => {
    const m = model('eu-ifr');
    expect(price(m, { amountMinor: 5_000, product: PRODUCT_CREDIT }).interchange).toBe(15);
    expect(price(m, { amountMinor: 4_900 }).interchange).toBe(10); // 9.8 -> 10
    expect(price(m, { amountMinor: 2_500 }).interchange).toBe(5);
    expect(price(m, { amountMinor: 2_500, crossBorder: true }).interchange).toBe(5); // intra-EEA alike
  });

  it('inter-regional: non-EEA card-not-present debit 1.15 %, card present still 0.2 %', () => {
    const m = model('eu-interregional');
    expect(price(m, { amountMinor: 10_000, crossBorder: true, channelClass: CHANNEL_CARD_NOT_PRESENT }).interchange).toBe(115);
    expect(price(m, { amountMinor: 10_000, crossBorder: true, channelClass: CHANNEL_CARD_NOT_PRESENT, product: PRODUCT_CREDIT }).interchange).toBe(150);
    expect(price(m, { amountMinor: 10_000, crossBorder: true }).interchange).toBe(20);
    // The EU presets charge a cardholder FX fee of 1.5 % on cross-border purchases: EUR 100 -> 150 cents.
    expect(price(m, { amountMinor: 10_000, crossBorder: true }).cardholderFxFee).toBe(150);
    expect(price(m, { amountMinor: 10_000, crossBorder: false }).cardholderFxFee).toBe(0);
  });
});

describe('wallet-3party-cn', () => {
  const m = model('wallet-3party-cn');

  it('one platform fee on the merchant, no interchange or scheme fees', () => {
    // CNY 90 x 0.6 % = 54 fen.
    expect(fees(price(m, { amountMinor: 9_000, channelClass: CHANNEL_QR }))).toEqual({
      interchange: 0,
      schemeFeeIssuer: 0,
      schemeFeeAcquirer: 0,
      merchantDiscount: 0,
      platformFee: 54,
      cardholderFxFee: 0,
    });
  });
});

describe('custom models', () => {
  it('percent + fixed with cap and floor, blended MDR per category, cardholder FX fee', () => {
    const m = model({
      currency: 'RUB',
      interchange: [
        { name: 'all', pct: '1.0', fixed: '0.20', cap: '50', floor: '0.30' },
        { name: 'fuel', mcc: '5541-5542', pct: '0.5', priority: 1 },
      ],
      scheme_fees: { issuer: { pct: '0.02', floor: '0.05', per_item: '0.01' }, acquirer: { pct: '0.03', cap: '1', per_auth: '0.02' } },
      acquirer: {
        pricing: 'blended',
        mdr: [
          { name: 'default', pct: '2.0' },
          { name: 'fuel', mcc: [5541, 5542], pct: '1.2', fixed: '1' },
        ],
      },
      fx: { cardholder_fee_pct: '1.5' },
    });
    // RUB 5.00 (500): IC 1 % = 5 + 20 = 25 -> floor 30. sI: 0.02 % = 0.1 -> 0, floor 5, + 1 item = 6.
    // sA: 0.03 % = 0.15 -> 0, + 2 auth = 2. MDR 2 % = 10.
    expect(fees(price(m, { amountMinor: 500 }))).toEqual({
      interchange: 30,
      schemeFeeIssuer: 6,
      schemeFeeAcquirer: 2,
      merchantDiscount: 10,
      platformFee: 0,
      cardholderFxFee: 0,
    });
    // RUB 10,000 (1 000 000): IC 10 000 + 20 -> cap 5 000. sI 200 + 1 = 201. sA 300 -> cap 100, + 2 = 102.
    // MDR 20 000. Cross-border: FX fee 1.5 % = 15 000.
    expect(fees(price(m, { amountMinor: 1_000_000, crossBorder: true }))).toEqual({
      interchange: 5_000,
      schemeFeeIssuer: 201,
      schemeFeeAcquirer: 102,
      merchantDiscount: 20_000,
      platformFee: 0,
      cardholderFxFee: 15_000,
    });
    // Fuel RUB 1,000: IC 0.5 % = 500 (priority); MDR 1.2 % = 1 200 + 100 = 1 300 (specific rule).
    const f = price(m, { amountMinor: 100_000, mcc: 5542 });
    expect([f.interchange, f.merchantDiscount, f.interchangeRule, f.mdrRule]).toEqual([500, 1_300, 1, 1]);
  });

  it('specificity: a nested rule wins without a priority', () => {
    const m = model({
      currency: 'USD',
      interchange: [
        { name: 'debit', product: 'debit', pct: '1' },
        { name: 'debit-grocery-cp', product: 'debit', mcc: 5411, channel: 'card_present', pct: '0.5' },
        { name: 'credit', product: ['credit', 'premium', 'commercial'], pct: '2' },
      ],
    });
    expect(price(m, { amountMinor: 10_000, mcc: 5411 }).interchange).toBe(50);
    expect(price(m, { amountMinor: 10_000, mcc: 5411, channelClass: CHANNEL_CARD_NOT_PRESENT }).interchange).toBe(100);
    expect(price(m, { amountMinor: 10_000, mcc: 5411, product: PRODUCT_CREDIT }).interchange).toBe(200);
    // An invalid MCC matches only rules without an MCC list.
    expect(price(m, { amountMinor: 10_000, mcc: 12_345 }).interchange).toBe(100);
    // Out-of-range products and channel classes are refused, not priced from a neighbouring cell.
    expect(() => price(m, { amountMinor: 10_000, product: 4 })).toThrow(RangeError);
    expect(() => price(m, { amountMinor: 10_000, channelClass: -1 })).toThrow(RangeError);
  });

  it('party nets sum to zero and match the fee identities (sources §4.2: m = a + s_A + margin)', () => {
    const b = price(model('ru-2019'), { amountMinor: 60_000, mcc: 5411 });
    const n = partyNets(60_000, b);
    expect(n).toEqual({ cardholder: -60_000, issuer: 600 - 30, scheme: 30 + 110, acquirer: 1_010 - 600 - 110, merchant: 60_000 - 1_010 });
    expect(n.cardholder + n.issuer + n.scheme + n.acquirer + n.merchant).toBe(0);
  });
});

describe('chargebacks and authorization fees', () => {
  it('default policy: interchange returned, scheme fees and MDR kept, FX fee refunded', () => {
    const m = model({ model: 'eu-ifr' });
    const p = new FeePricer(m);
    const b = createFeeBreakdown();
    p.price({ amountMinor: 10_000, product: PRODUCT_DEBIT, mcc: 5999, channelClass: CHANNEL_CARD_PRESENT, crossBorder: true }, b);
    // IC 20, sI 5, sA 5 + 2 + 40 (0.4 % cross-border) = 47, MDR 20 + 47 + 10 = 77, FX 150.
    expect(fees(b)).toEqual({ interchange: 20, schemeFeeIssuer: 5, schemeFeeAcquirer: 47, merchantDiscount: 77, platformFee: 0, cardholderFxFee: 150 });
    const cb = createChargebackBreakdown();
    p.priceChargeback(10_000, b, cb);
    expect(cb).toEqual({ amount: 10_000, interchange: 20, schemeFeeIssuer: 0, schemeFeeAcquirer: 0, merchantDiscount: 0, platformFee: 0, cardholderFxFee: 150, chargebackFee: 0 });
  });

  it('a policy that refunds everything and charges a handling fee', () => {
    const m = model({ model: 'ru-2019', chargeback: { refund_merchant_discount: true, refund_scheme_fees: true, refund_fx_fee: false, fee: 25 } });
    const p = new FeePricer(m);
    const b = createFeeBreakdown();
    p.price({ amountMinor: 60_000, product: PRODUCT_DEBIT, mcc: 5411, channelClass: CHANNEL_CARD_PRESENT, crossBorder: false }, b);
    const cb = createChargebackBreakdown();
    p.priceChargeback(60_000, b, cb);
    expect(cb).toEqual({ amount: 60_000, interchange: 600, schemeFeeIssuer: 30, schemeFeeAcquirer: 110, merchantDiscount: 1_010, platformFee: 0, cardholderFxFee: 0, chargebackFee: 2_500 });
  });

  it('per-authorization fees of authorizations that do not clear', () => {
    const ru = new FeePricer(model('ru-2019'));
    expect([ru.authFeeIssuer(5411), ru.authFeeAcquirer(5411)]).toEqual([0, 50]);
    const cn = new FeePricer(model({ model: 'cn-ndrc-2016', scheme_fees: { issuer: { per_auth: '0.01' } } }));
    expect([cn.authFeeIssuer(5411), cn.authFeeIssuer(8062)]).toEqual([1, 0]); // exempt MCC
  });
});

describe('channel classes of the scenario channels', () => {
  it('maps chip/contactless/nfc_token/qr/ecommerce', () => {
    expect(['chip', 'contactless', 'nfc_token', 'qr', 'ecommerce', 'atm'].map(channelClassOf)).toEqual([
      CHANNEL_CARD_PRESENT,
      CHANNEL_CARD_PRESENT,
      CHANNEL_WALLET_TOKEN,
      CHANNEL_QR,
      CHANNEL_CARD_NOT_PRESENT,
      -1,
    ]);
  });
});
