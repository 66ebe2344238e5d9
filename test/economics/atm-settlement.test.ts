/** ATM withdrawals in the books: interchange from the issuer to the ATM's acquirer, fees.csv, settlement and the ledger invariants. */
import { describe, expect, it } from 'vitest';
import { ATM_CROSS_BORDER, ATM_OFF_US, ATM_ON_US, priceWithdrawal, type AtmFees } from '../../src/economics/atm-legs.js';
import { FX_SCALE, KIND, LedgerInvariantError, SettlementBook } from '../../src/economics/index.js';

const RUB = 0;
const CNY = 1;

function newBook(onPosting?: (...a: number[]) => void): SettlementBook {
  return new SettlementBook({
    issuers: ['Gazprombank', 'Bank of China'],
    acquirers: ['Sberbank', 'VTB'],
    currencies: ['RUB', 'CNY'],
    schemeName: 'UnionPay',
    merchantPayoutDays: 1,
    interbankSettlementDays: 1,
    ...(onPosting ? { onPosting } : {}),
  });
}

const PRICES = {
  offUs: { interchangeMinor: 2_000, feePpm: 10_000, feeMinMinor: 10_000 },
  crossBorder: { interchangeMinor: 7_400, feePpm: 10_000, feeMinMinor: 0 },
};

describe('ATM withdrawal fees', () => {
  it('are free on-us, the interchange and the off-us fee (1 %, at least the minimum) off-us, the cross-border ones abroad', () => {
    const out: AtmFees = { interchangeMinor: -1, cardholderFeeMinor: -1 };
    expect({ ...priceWithdrawal(PRICES, ATM_ON_US, 500_000, out) }).toEqual({ interchangeMinor: 0, cardholderFeeMinor: 0 });
    expect({ ...priceWithdrawal(PRICES, ATM_OFF_US, 500_000, out) }).toEqual({ interchangeMinor: 2_000, cardholderFeeMinor: 10_000 });
    expect({ ...priceWithdrawal(PRICES, ATM_OFF_US, 2_000_050, out) }).toEqual({ interchangeMinor: 2_000, cardholderFeeMinor: 20_000 });
    expect({ ...priceWithdrawal(PRICES, ATM_CROSS_BORDER, 500_000, out) }).toEqual({ interchangeMinor: 7_400, cardholderFeeMinor: 5_000 });
  });
});

describe('an ATM withdrawal in the books', () => {
  // RUB 5,000 off-us: interchange RUB 20 from Gazprombank to Sberbank's ATM, the cardholder's fee RUB 100.
  function run() {
    const postings: number[][] = [];
    const book = newBook((...a) => postings.push(a));
    book.withdrawal(0, 0, 0, 0, 500_000, 2_000, 10_000);
    return { book, postings };
  }

  it('posts the cash to the ATM acquirer and the interchange from the issuer to it: the reverse of a purchase', () => {
    const { book, postings } = run();
    const L = book.ledger;
    expect(postings).toEqual([
      [KIND.atm_withdrawal, L.cardholders(0), L.acquirer(0), 500_000, RUB, 0],
      [KIND.atm_interchange, L.issuer(0), L.acquirer(0), 2_000, RUB, 0],
      [KIND.atm_cardholder_fee, L.cardholders(0), L.issuer(0), 10_000, RUB, 0],
    ]);
    expect(L.balance(L.issuer(0), RUB)).toBe(10_000 - 2_000);
    expect(L.balance(L.acquirer(0), RUB)).toBe(500_000 + 2_000);
    expect(L.balance(L.merchants(0), RUB)).toBe(0);
    book.verify();
  });

  it('reports the interchange in fees.csv as paid by the issuer, and pays no merchant discount', () => {
    const rows = [...run().book.feeRows()];
    expect(rows.map((r) => [r.participant_type, r.fee_type, r.count, r.value_minor, r.fee_minor])).toEqual([
      ['issuer', 'atm_interchange', 1, 500_000, 2_000],
      ['cardholder', 'atm_cardholder_fee', 1, 500_000, 10_000],
    ]);
  });

  it('settles the cash and the interchange from the issuer to the acquirer through the scheme; no merchant position', () => {
    const rows = [...run().book.settlementRows()];
    const net = (type: string, name: string) => rows.find((r) => r.participant_type === type && r.participant === name)?.net_position_minor;
    expect(net('issuer', 'Gazprombank')).toBe(-502_000);
    expect(net('scheme', 'UnionPay')).toBe(0);
    expect(net('acquirer', 'Sberbank')).toBe(502_000);
    expect(rows.find((r) => r.participant_type === 'merchant')).toBeUndefined();
    const fees = (type: string) => rows.find((r) => r.participant_type === type)!.fees_minor;
    expect([fees('issuer'), fees('acquirer')]).toEqual([-2_000, 2_000]);
  });

  it('converts a foreign card\'s side and swaps it at the scheme; every invariant holds in both currencies', () => {
    const book = newBook();
    // RUB 5,000 with a China-issued card at 0.103 CNY per RUB: conv(500 000) = 51 500 fen.
    const rate = Math.round(0.103 * FX_SCALE);
    book.withdrawal(0, 0, 1, 1, 500_000, 7_400, 5_000, RUB, CNY, rate);
    const L = book.ledger;
    expect(L.balance(L.cardholders(1), CNY)).toBe(-(51_500 + 515));
    expect(L.balance(L.acquirer(1), RUB)).toBe(500_000 + 7_400);
    expect(L.kindTotal(KIND.atm_interchange_issuer_leg, CNY)).toBe(762);
    expect(L.kindTotal(KIND.fx_conversion_out, CNY)).toBe(51_500 + 762);
    expect(L.kindTotal(KIND.fx_conversion_in, RUB)).toBe(507_400);
    const rows = [...book.feeRows()];
    expect(rows.map((r) => [r.participant_type, r.fee_type, r.currency, r.fee_minor])).toEqual([
      ['issuer', 'atm_interchange', 'CNY', 762],
      ['cardholder', 'atm_cardholder_fee', 'CNY', 515],
    ]);
    book.verify();
  });

  it('the invariants catch a withdrawal whose cash reached the ledger without its obligations', () => {
    const { book } = run();
    const L = book.ledger;
    L.post(KIND.atm_withdrawal, L.cardholders(0), L.acquirer(0), 1, RUB, 0);
    expect(() => book.verify()).toThrow(LedgerInvariantError);
  });
});
