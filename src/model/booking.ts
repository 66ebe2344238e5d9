import type { ChargebackBreakdown, FeeBreakdown, PurchaseInput, SettlementBook } from '../economics/index.js';

/**
 * How clearing (clearing.ts) books an event in a settlement book: which currencies and rate its
 * two sides take, and whether a purchase crosses a border. One implementation per run, chosen
 * when clearing is built, so each call site sees one class:
 * - `OneMarket`: every amount in the scenario currency on the acquirer's side (book currency 0),
 *   the issuer's side converted at `rate`, cross-border by the scenario's foreign issuers;
 * - `MarketMoney` (market-money.ts): each event in its merchant's currency, with the rate from it
 *   to the issuer's; `rate` is not used there.
 * `ic` is the issuer's book currency and `rate` the rate from the scenario currency to it (x 1e8).
 */
export interface Booking {
  /** Whether a purchase of this issuer's card at this acquirer's merchant crosses a border (for the fee model). */
  isCross(issuer: number, acquirer: number): boolean;
  /** A purchase priced in the scenario currency (`p`, `b`). */
  clear(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, p: PurchaseInput, b: FeeBreakdown, ic: number, rate: number): void;
  chargeback(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, cb: ChargebackBreakdown, ic: number, rate: number): void;
  authorizationFees(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, fi: number, fa: number, ic: number, rate: number): void;
  withdrawal(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, amountMinor: number, interchangeMinor: number, cardholderFeeMinor: number, ic: number, rate: number): void;
  fraudWriteOff(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, amountMinor: number, ic: number, rate: number): void;
  /** Counts a cleared purchase (markets.csv; nothing with one market). */
  countCleared(day: number, acquirer: number, amountMinor: number): void;
}

/** One market: the scenario currency on the acquirer's side, the issuer's converted at `rate`. */
export class OneMarket implements Booking {
  constructor(private readonly crossBorderIssuers: readonly boolean[]) {}

  isCross(issuer: number, _acquirer: number): boolean {
    return this.crossBorderIssuers[issuer] === true;
  }

  clear(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, p: PurchaseInput, b: FeeBreakdown, ic: number, rate: number): void {
    book.clear(cycle, day, issuer, acquirer, p, b, 0, ic, rate);
  }

  chargeback(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, cb: ChargebackBreakdown, ic: number, rate: number): void {
    book.chargeback(cycle, day, issuer, acquirer, cb, 0, ic, rate);
  }

  authorizationFees(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, fi: number, fa: number, ic: number, rate: number): void {
    book.authorizationFees(cycle, day, issuer, acquirer, fi, fa, 0, ic, rate);
  }

  withdrawal(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, amountMinor: number, interchangeMinor: number, cardholderFeeMinor: number, ic: number, rate: number): void {
    book.withdrawal(cycle, day, issuer, acquirer, amountMinor, interchangeMinor, cardholderFeeMinor, 0, ic, rate);
  }

  fraudWriteOff(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, amountMinor: number, ic: number, rate: number): void {
    book.fraudWriteOff(cycle, day, issuer, acquirer, amountMinor, 0, ic, rate);
  }

  countCleared(): void {}
}
