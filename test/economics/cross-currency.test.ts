/**
 * Cross-currency settlement: a China-issued UnionPay card spent in Russia. The acquirer side stays
 * in RUB, the issuer settles and bills in CNY, and the scheme swaps the difference with the FX
 * account. Every number below is computed by hand (docs/fees.md has the same worked example).
 */
import { describe, expect, it } from 'vitest';
import {
  createChargebackBreakdown,
  createFeeBreakdown,
  FeePricer,
  FX_SCALE,
  fxConvert,
  FxTable,
  KIND,
  LedgerInvariantError,
  resolveFeeModel,
  SettlementBook,
  type FeeBreakdown,
  type FeeModel,
  type PurchaseInput,
  type SettlementRow,
} from '../../src/economics/index.js';

const RUB = 0;
const CNY = 1;
const USD = 2;

function newBook(onPosting?: (...a: number[]) => void) {
  return new SettlementBook({
    issuers: ['Bank of China', 'Gazprombank', 'Chase'],
    acquirers: ['Sberbank'],
    currencies: ['RUB', 'CNY', 'USD'],
    schemeName: 'UnionPay',
    merchantPayoutDays: 1,
    interbankSettlementDays: 1,
    ...(onPosting ? { onPosting } : {}),
  });
}

// ru-2019 with a 1 % cardholder FX fee, so that every issuer-side part is non-zero.
const model = resolveFeeModel({ model: 'ru-2019', fx: { cardholder_fee_pct: 1, rates: { 'CNY/RUB': [9.7, 9.5] } } }).model as FeeModel;
const fx = new FxTable(model.fx.rates);
// RUB 1,234.56 grocery debit, card present, cross-border.
const purchase: PurchaseInput = { amountMinor: 123_456, product: 0, mcc: 5411, channelClass: 0, crossBorder: true };
const BOC = 0;
const SBER = 0;

function rows(book: SettlementBook, cycle: number): Record<string, SettlementRow> {
  const out: Record<string, SettlementRow> = {};
  for (const r of book.settlementRows()) if (r.cycle === cycle) out[`${r.participant_type} ${r.currency}`] = r;
  return out;
}

describe('a cross-currency purchase, to the fen and the kopeck', () => {
  // CNY/RUB 9.7 on day 0, so RUB -> CNY is 1e16 / 970 000 000 = 10 309 278.35... -> 10 309 278.
  const rate = fx.rateE8('RUB', 'CNY', 0);

  function run() {
    const postings: number[][] = [];
    const book = newBook((...a) => postings.push(a));
    const b = createFeeBreakdown();
    new FeePricer(model).price(purchase, b);
    book.clear(0, 0, BOC, SBER, purchase, b, RUB, CNY, rate);
    return { book, postings, b };
  }

  it('the breakdown and the rate are as computed by hand', () => {
    const { b } = run();
    expect(rate).toBe(10_309_278);
    // IC cross-border 1.5 % = 1 851.84 -> 1 852; sI 0.05 % = 61.728 -> 62; sA 0.10 % (123.456 -> 123) + 50 per auth
    // + 0.6 % cross-border (740.736 -> 741) = 914; MDR = 1 852 + 914 + 0.5 % (617.28 -> 617) = 3 383; FX 1 % = 1 234.56 -> 1 235.
    expect([b.interchange, b.schemeFeeIssuer, b.schemeFeeAcquirer, b.merchantDiscount, b.platformFee, b.cardholderFxFee]).toEqual([1_852, 62, 914, 3_383, 0, 1_235]);
  });

  it('posts the acquirer side in RUB, the issuer side converted part by part into CNY, and the swap with the FX account', () => {
    const { book, postings } = run();
    const L = book.ledger;
    const [ch, is, sc, aq, me, fxa] = [L.cardholders(BOC), L.issuer(BOC), L.scheme(), L.acquirer(SBER), L.merchants(SBER), L.fx()];
    // conv(123 456) = 12 727.42 -> 12 727; conv(1 852) = 190.93 -> 191; conv(62) = 6.39 -> 6; conv(1 235) = 127.32 -> 127.
    expect(postings).toEqual([
      [KIND.purchase_issuer_leg, ch, sc, 12_727, CNY, 0],
      [KIND.purchase_acquirer_leg, sc, me, 123_456, RUB, 0],
      [KIND.interchange_acquirer_leg, aq, sc, 1_852, RUB, 0],
      [KIND.interchange_issuer_leg, sc, is, 191, CNY, 0],
      [KIND.scheme_fee_issuer, is, sc, 6, CNY, 0],
      [KIND.scheme_fee_acquirer, aq, sc, 914, RUB, 0],
      [KIND.merchant_discount, me, aq, 3_383, RUB, 0],
      [KIND.cardholder_fx_fee, ch, is, 127, CNY, 0],
      // The scheme sells conv(V) - conv(a) = 12 727 - 191 = 12 536 fen and buys V - a = 121 604 kopecks.
      [KIND.fx_conversion_out, sc, fxa, 12_536, CNY, 0],
      [KIND.fx_conversion_in, fxa, sc, 121_604, RUB, 0],
    ]);
    expect(L.accountName(fxa)).toBe('FX settlement');
    expect(L.accountType(fxa)).toBe('fx');
    const bal = (a: number, c: number) => L.balance(a, c);
    expect([bal(ch, CNY), bal(is, CNY), bal(sc, CNY), bal(fxa, CNY)]).toEqual([-12_854, 312, 6, 12_536]);
    expect([bal(sc, RUB), bal(aq, RUB), bal(me, RUB), bal(fxa, RUB)]).toEqual([914, 617, 120_073, -121_604]);
    // Nothing of the issuer side in RUB, nothing of the acquirer side in CNY.
    expect([bal(ch, RUB), bal(is, RUB), bal(aq, CNY), bal(me, CNY)]).toEqual([0, 0, 0, 0]);
    // The FX desk paid RUB 1,216.04 (CNY 125.3649 at 9.7) for CNY 125.36: the roundings stay with it.
    book.verify();
  });

  it('the scheme nets exactly its fees in each currency; each currency nets to zero with the FX account', () => {
    const { book } = run();
    const r = rows(book, 0);
    expect(Object.keys(r).sort()).toEqual(['acquirer RUB', 'fx CNY', 'fx RUB', 'issuer CNY', 'merchant RUB', 'scheme CNY', 'scheme RUB']);
    // Issuer: owes conv(V) + conv(sI) = 12 733, is owed conv(a) = 191.
    expect(r['issuer CNY']).toMatchObject({ participant: 'Bank of China', settlement_day: 1, gross_debit_minor: 12_733, gross_credit_minor: 191, fees_minor: 185, net_position_minor: -12_542 });
    // Scheme in CNY: owed 12 727 + 6 by the issuer, owes 191 to it and 12 536 to the FX account: net = conv(sI).
    expect(r['scheme CNY']).toMatchObject({ gross_debit_minor: 12_727, gross_credit_minor: 12_733, fees_minor: 6, net_position_minor: 6 });
    // Scheme in RUB: owed a + sA = 2 766 by the acquirer and 121 604 by the FX account, owes V: net = sA.
    expect(r['scheme RUB']).toMatchObject({ gross_debit_minor: 123_456, gross_credit_minor: 124_370, fees_minor: 914, net_position_minor: 914 });
    expect(r['acquirer RUB']).toMatchObject({ gross_debit_minor: 2_766, gross_credit_minor: 123_456, net_position_minor: 120_690 });
    expect(r['merchant RUB']).toMatchObject({ gross_debit_minor: 3_383, gross_credit_minor: 123_456, net_position_minor: 120_073 });
    expect(r['fx CNY']).toEqual({
      cycle: 0,
      settlement_day: 1,
      participant_type: 'fx',
      participant: 'FX settlement',
      currency: 'CNY',
      gross_debit_minor: 0,
      gross_credit_minor: 12_536,
      fees_minor: 0,
      net_position_minor: 12_536,
      netting_ratio: 1,
    });
    expect(r['fx RUB']).toMatchObject({ gross_debit_minor: 121_604, gross_credit_minor: 0, fees_minor: 0, net_position_minor: -121_604 });
    expect(-12_542 + 6 + 12_536).toBe(0);
    expect(914 + 120_690 - 121_604).toBe(0);
    expect(book.netPosition(0, 'fx', 0, CNY)).toBe(12_536);
    expect(book.cardholderCollections(BOC, CNY)).toBe(12_854);
    expect(book.cardholderCollections(BOC, RUB)).toBe(0);
  });

  it('fees.csv: each fee once, in its payer`s currency; no rows for the legs or the conversion', () => {
    const { book } = run();
    expect([...book.feeRows()].map((f) => [f.participant_type, f.fee_type, f.currency, f.count, f.value_minor, f.fee_minor])).toEqual([
      ['acquirer', 'interchange', 'RUB', 1, 123_456, 1_852],
      ['issuer', 'scheme_fee_issuer', 'CNY', 1, 12_727, 6],
      ['acquirer', 'scheme_fee_acquirer', 'RUB', 1, 123_456, 914],
      ['merchant', 'merchant_discount', 'RUB', 1, 123_456, 3_383],
      ['cardholder', 'cardholder_fx_fee', 'CNY', 1, 12_727, 127],
    ]);
  });
});

describe('rounding ties go to the even neighbour, and the FX account keeps the difference', () => {
  it('RUB 750,000.00 and RUB 250,000.00 at CNY/RUB 9.7 are exact ties', () => {
    // 0.75 x 10 309 278 = 7 731 958.5 -> 7 731 958 (even); 0.25 x 10 309 278 = 2 577 319.5 -> 2 577 320 (even).
    expect(fxConvert(75_000_000, 10_309_278, 2, 2)).toBe(7_731_958);
    expect(fxConvert(25_000_000, 10_309_278, 2, 2)).toBe(2_577_320);
    const postings: number[][] = [];
    const book = newBook((...a) => postings.push(a));
    const b: FeeBreakdown = { ...createFeeBreakdown() };
    book.clear(0, 0, BOC, SBER, { ...purchase, amountMinor: 75_000_000 }, b, RUB, CNY, 10_309_278);
    book.clear(0, 0, BOC, SBER, { ...purchase, amountMinor: 25_000_000 }, b, RUB, CNY, 10_309_278);
    expect(postings.filter((p) => p[0] === KIND.purchase_issuer_leg).map((p) => p[3])).toEqual([7_731_958, 2_577_320]);
    book.verify();
  });

  it('a US card at USD/RUB 80: V, a and sI all tie; the parts are converted, not the sum', () => {
    // RUB -> USD 0.0125 (rateE8 1 250 000): V 123 400 -> 1 542.5 -> 1 542; a 1 880 -> 23.5 -> 24;
    // sI 200 -> 2.5 -> 2; FX fee 40 -> 0.5 -> 0 (posted as nothing).
    const postings: number[][] = [];
    const book = newBook((...a) => postings.push(a));
    const b: FeeBreakdown = { ...createFeeBreakdown(), interchange: 1_880, schemeFeeIssuer: 200, schemeFeeAcquirer: 300, merchantDiscount: 2_500, cardholderFxFee: 40 };
    const p: PurchaseInput = { ...purchase, amountMinor: 123_400 };
    book.clear(0, 0, 2, SBER, p, b, RUB, USD, 1_250_000);
    const L = book.ledger;
    const amounts = (k: number) => postings.filter((x) => x[0] === k).map((x) => [x[3], x[4]]);
    expect(amounts(KIND.purchase_issuer_leg)).toEqual([[1_542, USD]]);
    expect(amounts(KIND.interchange_issuer_leg)).toEqual([[24, USD]]);
    expect(amounts(KIND.scheme_fee_issuer)).toEqual([[2, USD]]);
    expect(amounts(KIND.cardholder_fx_fee)).toEqual([]);
    // conv(V) - conv(a) = 1 518, whereas conv(V - a) = conv(121 520) = 1 519 exactly: the scheme
    // sells 1 518 cents for RUB 1,215.20 and the FX account is one cent short of the rate.
    expect(fxConvert(121_520, 1_250_000, 2, 2)).toBe(1_519);
    expect(amounts(KIND.fx_conversion_out)).toEqual([[1_518, USD]]);
    expect(amounts(KIND.fx_conversion_in)).toEqual([[121_520, RUB]]);
    expect(L.balance(L.scheme(), USD)).toBe(2);
    expect(L.balance(L.scheme(), RUB)).toBe(300);
    expect(book.netPosition(0, 'scheme', 0, USD)).toBe(2);
    expect(book.netPosition(0, 'scheme', 0, RUB)).toBe(300);
    book.verify();
  });
});

describe('a chargeback across currencies at the rate of its own day', () => {
  // Day 30: CNY/RUB 9.5, so RUB -> CNY is 1e16 / 950 000 000 = 10 526 315.79 -> 10 526 316.
  const rate0 = fx.rateE8('RUB', 'CNY', 0);
  const rate30 = fx.rateE8('RUB', 'CNY', 30);

  function run() {
    const postings: number[][] = [];
    const book = newBook((...a) => postings.push(a));
    const pricer = new FeePricer(model);
    const b = createFeeBreakdown();
    pricer.price(purchase, b);
    book.clear(0, 0, BOC, SBER, purchase, b, RUB, CNY, rate0);
    const cb = createChargebackBreakdown();
    pricer.priceChargeback(purchase.amountMinor, b, cb);
    postings.length = 0;
    book.chargeback(31, 30, BOC, SBER, cb, RUB, CNY, rate30);
    return { book, postings, cb };
  }

  it('posts the refund and the reversals in CNY at the new rate, the merchant side in RUB, and swaps back', () => {
    const { book, postings, cb } = run();
    expect(rate30).toBe(10_526_316);
    // ru-2019 defaults: the scheme fees and the MDR stay, the FX fee is refunded, no handling fee.
    expect([cb.amount, cb.interchange, cb.schemeFeeIssuer, cb.schemeFeeAcquirer, cb.merchantDiscount, cb.cardholderFxFee, cb.chargebackFee]).toEqual([123_456, 1_852, 0, 0, 0, 1_235, 0]);
    const L = book.ledger;
    const [ch, is, sc, aq, me, fxa] = [L.cardholders(BOC), L.issuer(BOC), L.scheme(), L.acquirer(SBER), L.merchants(SBER), L.fx()];
    // conv'(123 456) = 12 995.37 -> 12 995; conv'(1 852) = 194.95 -> 195; conv'(1 235) = 130.0000026 -> 130.
    expect(postings).toEqual([
      [KIND.chargeback_acquirer_leg, me, sc, 123_456, RUB, 30],
      [KIND.chargeback_issuer_leg, sc, ch, 12_995, CNY, 30],
      [KIND.interchange_reversal_issuer_leg, is, sc, 195, CNY, 30],
      [KIND.interchange_reversal_acquirer_leg, sc, aq, 1_852, RUB, 30],
      [KIND.cardholder_fx_fee_reversal, is, ch, 130, CNY, 30],
      // The scheme sells V - a = 121 604 kopecks back and buys conv'(V) - conv'(a) = 12 800 fen.
      [KIND.fx_conversion_out, sc, fxa, 121_604, RUB, 30],
      [KIND.fx_conversion_in, fxa, sc, 12_800, CNY, 30],
    ]);
    // After both: the cardholder paid 12 854 fen and got 13 125 back (the rouble rose); the issuer
    // returned more interchange and FX fee than it got (312 - 195 - 130 = -13); the scheme keeps
    // its fees; the FX account is out 12 800 - 12 536 = 264 fen and flat in RUB.
    expect([L.balance(ch, CNY), L.balance(is, CNY), L.balance(sc, CNY), L.balance(fxa, CNY)]).toEqual([271, -13, 6, -264]);
    expect([L.balance(sc, RUB), L.balance(aq, RUB), L.balance(me, RUB), L.balance(fxa, RUB)]).toEqual([914, 2_469, -3_383, 0]);
    expect(book.cardholderCollections(BOC, CNY)).toBe(-271);
    book.verify();
  });

  it('settlement of the chargeback cycle nets to zero per currency with the FX account', () => {
    const { book } = run();
    const r = rows(book, 31);
    expect(r['issuer CNY']).toMatchObject({ settlement_day: 32, gross_debit_minor: 195, gross_credit_minor: 12_995, fees_minor: -195, net_position_minor: 12_800 });
    expect(r['scheme CNY']).toMatchObject({ gross_debit_minor: 12_995, gross_credit_minor: 12_995, fees_minor: 0, net_position_minor: 0 });
    expect(r['scheme RUB']).toMatchObject({ gross_debit_minor: 123_456, gross_credit_minor: 123_456, net_position_minor: 0 });
    expect(r['acquirer RUB']).toMatchObject({ gross_debit_minor: 123_456, gross_credit_minor: 1_852, net_position_minor: -121_604 });
    expect(r['merchant RUB']).toMatchObject({ settlement_day: 32, gross_debit_minor: 123_456, net_position_minor: -123_456 });
    expect(r['fx CNY']).toMatchObject({ gross_debit_minor: 12_800, gross_credit_minor: 0, net_position_minor: -12_800 });
    expect(r['fx RUB']).toMatchObject({ gross_debit_minor: 0, gross_credit_minor: 121_604, net_position_minor: 121_604 });
    const fees = [...book.feeRows()].filter((f) => f.day === 30).map((f) => [f.participant_type, f.fee_type, f.currency, f.value_minor, f.fee_minor]);
    expect(fees).toEqual([
      ['issuer', 'interchange_reversal', 'CNY', 12_995, 195],
      ['issuer', 'cardholder_fx_fee_reversal', 'CNY', 12_995, 130],
    ]);
  });
});

describe('authorization fees of a foreign issuer', () => {
  it('the issuer`s fee is converted and paid in its currency; nothing is swapped', () => {
    const postings: number[][] = [];
    const book = newBook((...a) => postings.push(a));
    const L = book.ledger;
    // RUB 0.50 each; the issuer's at 0.10309278 = 5.15 -> 5 fen.
    book.authorizationFees(2, 2, BOC, SBER, 50, 50, RUB, CNY, 10_309_278);
    expect(postings).toEqual([
      [KIND.scheme_auth_fee_issuer, L.issuer(BOC), L.scheme(), 5, CNY, 2],
      [KIND.scheme_auth_fee_acquirer, L.acquirer(SBER), L.scheme(), 50, RUB, 2],
    ]);
    const r = rows(book, 2);
    expect(Object.keys(r).sort()).toEqual(['acquirer RUB', 'issuer CNY', 'scheme CNY', 'scheme RUB']);
    expect(r['scheme CNY']).toMatchObject({ gross_credit_minor: 5, net_position_minor: 5, fees_minor: 5 });
    expect(r['issuer CNY']).toMatchObject({ gross_debit_minor: 5, net_position_minor: -5 });
    book.verify();
  });
});

describe('the single-currency path is unchanged, and bad arguments are refused', () => {
  it('issuerCurrency = currency ignores the rate and posts exactly what the default call posts', () => {
    const a: number[][] = [];
    const c: number[][] = [];
    const b = createFeeBreakdown();
    new FeePricer(model).price(purchase, b);
    const one = newBook((...x) => a.push(x));
    const two = newBook((...x) => c.push(x));
    one.clear(0, 0, 1, 0, purchase, b);
    two.clear(0, 0, 1, 0, purchase, b, RUB, RUB, 123);
    expect(c).toEqual(a);
    expect(a.map((x) => x[0])).toEqual([KIND.purchase, KIND.interchange, KIND.scheme_fee_issuer, KIND.scheme_fee_acquirer, KIND.merchant_discount, KIND.cardholder_fx_fee]);
    expect([...two.settlementRows()]).toEqual([...one.settlementRows()]);
    expect([...one.settlementRows()].some((r) => r.participant_type === 'fx')).toBe(false);
    expect(FX_SCALE).toBe(100_000_000);
  });

  it('refuses a bad rate, a bad currency index, and a currency outside the currency table', () => {
    const book = newBook();
    const b = createFeeBreakdown();
    expect(() => book.clear(0, 0, 0, 0, purchase, b, RUB, CNY, 0)).toThrow(/FX rate/);
    expect(() => book.clear(0, 0, 0, 0, purchase, b, RUB, CNY, 1.5)).toThrow(RangeError);
    expect(() => book.clear(0, 0, 0, 0, purchase, b, RUB, 3, 10_000_000)).toThrow(/no currency index 3/);
    expect(() => book.chargeback(0, 0, 0, 0, createChargebackBreakdown(), RUB, CNY, -1)).toThrow(/FX rate/);
    expect(() => book.authorizationFees(0, 0, 0, 0, 1, 1, RUB, CNY, Number.NaN)).toThrow(/FX rate/);
    const odd = new SettlementBook({ issuers: ['i'], acquirers: ['a'], currencies: ['RUB', 'XTS'] });
    expect(() => odd.clear(0, 0, 0, 0, purchase, b, 0, 1, 10_000_000)).toThrow(/XTS: not in the currency table/);
    // Nothing was posted by the refused calls.
    expect(book.ledger.totalDebits(RUB) + book.ledger.totalDebits(CNY)).toBe(0);
    book.verify();
  });

  it('money moved onto the FX account under the wrong kind is caught', () => {
    const book = newBook();
    const b = createFeeBreakdown();
    new FeePricer(model).price(purchase, b);
    book.clear(0, 0, BOC, SBER, purchase, b, RUB, CNY, 10_309_278);
    book.verify();
    const L = book.ledger;
    const raw = L as unknown as { bal: Float64Array; creditSum: Float64Array; debitSum: Float64Array; totDebit: Float64Array; totCredit: Float64Array; kindSum: Float64Array };
    // Move 1 fen from the scheme to the FX account, consistently in sums, balances and totals, but
    // booked under a kind of another direction (issuer -> scheme).
    const at = (a: number) => a * 3 + CNY;
    raw.bal[at(L.scheme())]! -= 1;
    raw.debitSum[at(L.scheme())]! += 1;
    raw.bal[at(L.fx())]! += 1;
    raw.creditSum[at(L.fx())]! += 1;
    raw.totDebit[CNY]! += 1;
    raw.totCredit[CNY]! += 1;
    raw.kindSum[KIND.scheme_fee_issuer * 3 + CNY]! += 1;
    expect(() => L.verify()).toThrow(LedgerInvariantError);
    expect(() => L.verify()).toThrow(/type_balance.*accountType=issuer/);
  });
});
