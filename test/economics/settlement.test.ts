import { describe, expect, it } from 'vitest';
import {
  createChargebackBreakdown,
  createFeeBreakdown,
  FeePricer,
  KIND,
  Ledger,
  LedgerInvariantError,
  resolveFeeModel,
  SettlementBook,
  type FeeModel,
  type PurchaseInput,
} from '../../src/economics/index.js';

const ru = resolveFeeModel('ru-2019').model as FeeModel;

function newBook(onPosting?: (...a: number[]) => void) {
  return new SettlementBook({
    issuers: ['Rosselkhozbank', 'Gazprombank'],
    acquirers: ['Sberbank', 'VTB'],
    currencies: ['RUB'],
    schemeName: 'UnionPay',
    merchantPayoutDays: 2,
    interbankSettlementDays: 1,
    ...(onPosting ? { onPosting } : {}),
  });
}

describe('a purchase and its chargeback, to the kopeck', () => {
  // RUB 1,000 grocery debit, card present: IC 1.0 % = 1 000; sI 0.05 % = 50;
  // sA 0.10 % = 100 + 50 per auth = 150; MDR = 1 000 + 150 + 0.5 % (500) = 1 650.
  const purchase: PurchaseInput = { amountMinor: 100_000, product: 0, mcc: 5411, channelClass: 0, crossBorder: false };

  function run() {
    const postings: number[][] = [];
    const book = newBook((...a) => postings.push(a));
    const pricer = new FeePricer(ru);
    const b = createFeeBreakdown();
    pricer.price(purchase, b);
    book.clear(0, 0, 1, 0, purchase, b);
    const cb = createChargebackBreakdown();
    pricer.priceChargeback(purchase.amountMinor, b, cb);
    book.chargeback(3, 2, 1, 0, cb);
    return { book, postings, b };
  }

  it('the breakdown is as computed by hand', () => {
    const { b } = run();
    expect([b.interchange, b.schemeFeeIssuer, b.schemeFeeAcquirer, b.merchantDiscount]).toEqual([1_000, 50, 150, 1_650]);
  });

  it('ledger balances after the chargeback: the merchant is out its MDR, the acquirer keeps margin + returned interchange', () => {
    const { book } = run();
    const L = book.ledger;
    expect(L.balance(L.cardholders(1), 0)).toBe(0); // -100 000 + 100 000
    expect(L.balance(L.issuer(1), 0)).toBe(-50); // +1 000 - 50 - 1 000
    expect(L.balance(L.scheme(), 0)).toBe(200); // 50 + 150
    expect(L.balance(L.acquirer(0), 0)).toBe(1_500); // 1 650 - 1 000 - 150 + 1 000
    expect(L.balance(L.merchants(0), 0)).toBe(-1_650); // 100 000 - 1 650 - 100 000
    expect(L.balance(L.issuer(0), 0)).toBe(0);
    expect(L.kindTotal(KIND.interchange_reversal, 0)).toBe(1_000);
    expect(L.kindCount(KIND.merchant_discount_reversal, 0)).toBe(0);
    expect(L.totalDebits(0)).toBe(100_000 + 1_000 + 50 + 150 + 1_650 + 100_000 + 1_000);
    book.verify();
  });

  it('streams every non-zero posting with its kind, accounts and day', () => {
    const { book, postings } = run();
    const L = book.ledger;
    expect(postings).toEqual([
      [KIND.purchase, L.cardholders(1), L.merchants(0), 100_000, 0, 0],
      [KIND.interchange, L.acquirer(0), L.issuer(1), 1_000, 0, 0],
      [KIND.scheme_fee_issuer, L.issuer(1), L.scheme(), 50, 0, 0],
      [KIND.scheme_fee_acquirer, L.acquirer(0), L.scheme(), 150, 0, 0],
      [KIND.merchant_discount, L.merchants(0), L.acquirer(0), 1_650, 0, 0],
      [KIND.chargeback, L.merchants(0), L.cardholders(1), 100_000, 0, 2],
      [KIND.interchange_reversal, L.issuer(1), L.acquirer(0), 1_000, 0, 2],
    ]);
    const [k, d, c, a, cur, day] = postings[1] as number[];
    expect(L.postingRow(k as number, d as number, c as number, a as number, cur as number, day as number)).toEqual({
      day: 0,
      kind: 'interchange',
      debit_account: 'Sberbank',
      credit_account: 'Gazprombank',
      currency: 'RUB',
      amount_minor: 1_000,
    });
    expect(L.accountName(L.cardholders(1))).toBe('cardholders of Gazprombank');
    expect(L.accountName(L.merchants(1))).toBe('merchants of VTB');
  });

  it('settlement rows: gross obligations, nets, netting ratio, T+N days', () => {
    const { book } = run();
    const rows = [...book.settlementRows()];
    const row = (cycle: number, type: string, name: string) => rows.find((r) => r.cycle === cycle && r.participant_type === type && r.participant === name);
    // Cycle 0: issuer owes V + sI = 100 050, is owed a = 1 000: net -99 050; ratio 99 050 / 101 050.
    expect(row(0, 'issuer', 'Gazprombank')).toEqual({
      cycle: 0,
      settlement_day: 1,
      participant_type: 'issuer',
      participant: 'Gazprombank',
      currency: 'RUB',
      gross_debit_minor: 100_050,
      gross_credit_minor: 1_000,
      fees_minor: 950,
      net_position_minor: -99_050,
      netting_ratio: 0.980208,
    });
    // Scheme: owed 100 000 + 50 + 1 000 + 150, owes 1 000 + 100 000: net 200.
    expect(row(0, 'scheme', 'UnionPay')).toMatchObject({ gross_debit_minor: 101_000, gross_credit_minor: 101_200, fees_minor: 200, net_position_minor: 200 });
    // Acquirer: owes a + sA = 1 150, is owed V: net 98 850.
    expect(row(0, 'acquirer', 'Sberbank')).toMatchObject({ gross_debit_minor: 1_150, gross_credit_minor: 100_000, fees_minor: -1_150, net_position_minor: 98_850 });
    // Merchants of Sberbank: paid out V - MDR = 98 350 at T+2.
    expect(row(0, 'merchant', 'Sberbank')).toMatchObject({ settlement_day: 2, gross_debit_minor: 1_650, gross_credit_minor: 100_000, net_position_minor: 98_350 });
    // Cycle 3 (the chargeback): issuer receives V back and returns the interchange.
    expect(row(3, 'issuer', 'Gazprombank')).toMatchObject({ settlement_day: 4, gross_debit_minor: 1_000, gross_credit_minor: 100_000, net_position_minor: 99_000 });
    expect(row(3, 'acquirer', 'Sberbank')).toMatchObject({ gross_debit_minor: 100_000, gross_credit_minor: 1_000, net_position_minor: -99_000 });
    expect(row(3, 'scheme', 'UnionPay')).toMatchObject({ net_position_minor: 0, netting_ratio: 0 });
    expect(row(3, 'merchant', 'Sberbank')).toMatchObject({ settlement_day: 5, gross_debit_minor: 100_000, net_position_minor: -100_000 });
    // Untouched participants and cycles have no rows.
    expect(rows.filter((r) => r.participant === 'Rosselkhozbank' || r.participant === 'VTB')).toEqual([]);
    expect(rows.filter((r) => r.cycle === 1 || r.cycle === 2)).toEqual([]);
    // Interbank nets sum to zero in each cycle.
    for (const cy of [0, 3]) {
      expect(rows.filter((r) => r.cycle === cy && r.participant_type !== 'merchant').reduce((s, r) => s + r.net_position_minor, 0)).toBe(0);
    }
  });

  it('fee rows per day with effective rates', () => {
    const { book } = run();
    expect([...book.feeRows()]).toEqual([
      { day: 0, participant_type: 'acquirer', fee_type: 'interchange', currency: 'RUB', count: 1, value_minor: 100_000, fee_minor: 1_000, effective_rate_bps: 100 },
      { day: 0, participant_type: 'issuer', fee_type: 'scheme_fee_issuer', currency: 'RUB', count: 1, value_minor: 100_000, fee_minor: 50, effective_rate_bps: 5 },
      { day: 0, participant_type: 'acquirer', fee_type: 'scheme_fee_acquirer', currency: 'RUB', count: 1, value_minor: 100_000, fee_minor: 150, effective_rate_bps: 15 },
      { day: 0, participant_type: 'merchant', fee_type: 'merchant_discount', currency: 'RUB', count: 1, value_minor: 100_000, fee_minor: 1_650, effective_rate_bps: 165 },
      { day: 2, participant_type: 'issuer', fee_type: 'interchange_reversal', currency: 'RUB', count: 1, value_minor: 100_000, fee_minor: 1_000, effective_rate_bps: 100 },
    ]);
  });
});

describe('a chargeback that refunds everything, with an FX fee and a handling fee', () => {
  it('leaves only the handling fee with the acquirer', () => {
    const m = resolveFeeModel({
      model: 'ru-2019',
      fx: { cardholder_fee_pct: '1.5' },
      chargeback: { refund_merchant_discount: true, refund_scheme_fees: true, refund_fx_fee: true, fee: 25 },
    }).model as FeeModel;
    const pricer = new FeePricer(m);
    const book = newBook();
    const p: PurchaseInput = { amountMinor: 350_000, product: 2, mcc: 5651, channelClass: 0, crossBorder: true };
    const b = createFeeBreakdown();
    pricer.price(p, b);
    // Cross-border: IC 5 250; sI 175; sA 2 500; MDR 9 500; FX 1.5 % = 5 250.
    expect([b.interchange, b.schemeFeeIssuer, b.schemeFeeAcquirer, b.merchantDiscount, b.cardholderFxFee]).toEqual([5_250, 175, 2_500, 9_500, 5_250]);
    book.clear(0, 0, 0, 1, p, b);
    const L = book.ledger;
    expect(L.balance(L.cardholders(0), 0)).toBe(-355_250);
    expect(L.balance(L.issuer(0), 0)).toBe(5_250 + 5_250 - 175);
    const cb = createChargebackBreakdown();
    pricer.priceChargeback(p.amountMinor, b, cb);
    book.chargeback(5, 5, 0, 1, cb);
    book.verify();
    expect(L.balance(L.cardholders(0), 0)).toBe(0);
    expect(L.balance(L.issuer(0), 0)).toBe(0);
    expect(L.balance(L.scheme(), 0)).toBe(0);
    expect(L.balance(L.acquirer(1), 0)).toBe(2_500); // RUB 25 handling fee
    expect(L.balance(L.merchants(1), 0)).toBe(-2_500);
    expect(book.cardholderCollections(0)).toBe(0);
  });
});

describe('authorization fees, three-party purchases', () => {
  it('books per-auth fees of declined authorizations beside a three-party purchase', () => {
    const w = resolveFeeModel('wallet-3party-cn').model as FeeModel;
    const pricer = new FeePricer(w);
    const book = new SettlementBook({ issuers: ['ICBC'], acquirers: ['Wallet'], currencies: ['CNY'] });
    const p: PurchaseInput = { amountMinor: 9_000, product: 0, mcc: 5814, channelClass: 3, crossBorder: false };
    const b = createFeeBreakdown();
    pricer.price(p, b);
    book.clear(0, 0, 0, 0, p, b);
    book.authorizationFees(0, 0, 0, 0, 3, 4);
    book.verify();
    const L = book.ledger;
    // Platform: 54 (0.6 % of CNY 90) + 3 + 4 (auth fees).
    expect(L.balance(L.scheme(), 0)).toBe(61);
    expect(L.balance(L.merchants(0), 0)).toBe(9_000 - 54);
    expect(L.balance(L.cardholders(0), 0)).toBe(-9_000);
    expect(L.balance(L.issuer(0), 0)).toBe(-3);
    expect(L.balance(L.acquirer(0), 0)).toBe(-4);
    const fees = [...book.feeRows()].map((r) => [r.fee_type, r.count, r.value_minor, r.fee_minor, r.effective_rate_bps]);
    expect(fees).toEqual([
      ['platform_fee', 1, 9_000, 54, 60],
      ['scheme_auth_fee_issuer', 1, 0, 3, null],
      ['scheme_auth_fee_acquirer', 1, 0, 4, null],
    ]);
  });
});

/** arr[i] += d on a typed array (tampering with internals to prove verify() notices). */
function bump(arr: Float64Array, i: number, d: number): void {
  arr[i] = (arr[i] as number) + d;
}

describe('invariant violations are caught', () => {
  function ledger() {
    const L = new Ledger({ issuers: 1, acquirers: 1, currencies: ['RUB', 'CNY'] });
    L.post(KIND.purchase, L.cardholders(0), L.merchants(0), 1_000, 0);
    L.post(KIND.merchant_discount, L.merchants(0), L.acquirer(0), 20, 0);
    L.post(KIND.interchange, L.acquirer(0), L.issuer(0), 10, 0);
    L.post(KIND.purchase, L.cardholders(0), L.merchants(0), 500, 1);
    return L;
  }

  it('a consistent ledger verifies', () => {
    expect(() => ledger().verify()).not.toThrow();
  });

  it('posting in the wrong direction, a negative or fractional amount, a bad currency', () => {
    const L = ledger();
    expect(() => L.post(KIND.interchange, L.issuer(0), L.acquirer(0), 10, 0)).toThrow(LedgerInvariantError);
    expect(() => L.post(KIND.purchase, L.cardholders(0), L.acquirer(0), 10, 0)).toThrow(/must go from a cardholder to a merchant/);
    expect(() => L.post(KIND.purchase, L.cardholders(0), L.merchants(0), -5, 0)).toThrow(/positive safe integer/);
    expect(() => L.post(KIND.purchase, L.cardholders(0), L.merchants(0), 2.5, 0)).toThrow(LedgerInvariantError);
    expect(() => L.post(KIND.purchase, L.cardholders(0), L.merchants(0), 5, 2)).toThrow(LedgerInvariantError);
  });

  it('a tampered balance is reported with the numbers', () => {
    const L = ledger();
    bump((L as unknown as { bal: Float64Array }).bal, L.acquirer(0) * 2, 1);
    try {
      L.verify();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LedgerInvariantError);
      const err = e as LedgerInvariantError;
      expect(err.invariant).toBe('account_balance');
      expect(err.details).toMatchObject({ balance: 11, credits: 20, debits: 10, expected: 10 });
    }
  });

  it('debits that do not match credits', () => {
    const L = ledger();
    bump((L as unknown as { totCredit: Float64Array }).totCredit, 1, 7);
    expect(() => L.verify()).toThrow(/debits_equal_credits/);
  });

  it('money moved between account types behind the kinds` back breaks conservation', () => {
    const L = ledger();
    const raw = L as unknown as { bal: Float64Array; creditSum: Float64Array; debitSum: Float64Array };
    // Move 5 from the merchants to the acquirer consistently in sums and balances, but without a kind.
    bump(raw.bal, L.merchants(0) * 2, -5);
    bump(raw.debitSum, L.merchants(0) * 2, 5);
    bump(raw.bal, L.acquirer(0) * 2, 5);
    bump(raw.creditSum, L.acquirer(0) * 2, 5);
    expect(() => L.verify()).toThrow(LedgerInvariantError);
  });

  it('settlement nets that do not sum to zero, and settlement that disagrees with the ledger', () => {
    const book = newBook();
    const p: PurchaseInput = { amountMinor: 10_000, product: 0, mcc: 5411, channelClass: 0, crossBorder: false };
    const b = createFeeBreakdown();
    new FeePricer(ru).price(p, b);
    book.clear(0, 0, 0, 0, p, b);
    book.verify();
    const raw = (book as unknown as { totals: { gCredit: { data: Float64Array } } }).totals;
    bump(raw.gCredit.data, 0, 1); // issuer 0, cycle 0, RUB
    expect(() => book.verify()).toThrow(/settlement_zero_sum/);
    bump(raw.gCredit.data, 0, -1);
    const coll = (book as unknown as { totals: { collections: Float64Array } }).totals;
    bump(coll.collections, 0, 1);
    expect(() => book.verify()).toThrow(/settlement_vs_ledger/);
  });

  it('rejects unknown parties and negative cycles', () => {
    const book = newBook();
    const p: PurchaseInput = { amountMinor: 10_000, product: 0, mcc: 5411, channelClass: 0, crossBorder: false };
    const b = createFeeBreakdown();
    expect(() => book.clear(0, 0, 2, 0, p, b)).toThrow(/no issuer 2/);
    expect(() => book.clear(-1, 0, 0, 0, p, b)).toThrow(RangeError);
  });
});
