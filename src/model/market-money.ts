import {
  FX_SCALE,
  FxTable,
  createChargebackBreakdown,
  createFeeBreakdown,
  currencyExponent,
  fxConvert,
  mulDivRoundHalfEven,
  type ChargebackBreakdown,
  type FeeBreakdown,
  type PurchaseInput,
  type SettlementBook,
} from '../economics/index.js';
import type { FeeParts } from '../economics/fee-types.js';
import type { MarketsSpec, Scenario } from '../scenario/types.js';
import type { Booking } from './booking.js';
import { MarketCounter } from './markets.js';

/**
 * The money of several markets (clearing.ts with `markets:`). A run's amounts are in the
 * scenario's currency (the scheme's, in which the fee model prices); at clearing, each purchase
 * is booked in its merchant's currency: the amount and every fee converted at the day's rate
 * (fees.fx.rates), half to even, part by part. The settlement book then converts the issuer's
 * side into the issuer's settlement currency (its market's) and swaps the difference through the
 * FX account, as for any foreign issuer. A rate between two currencies other than the scenario's
 * is the cross rate through it. A purchase is cross-border (for the fee model) when its card's
 * market is not its merchant's. Its bookings ignore the `rate` the one-market booking takes
 * (booking.ts): they convert from the merchant's currency, not from the scenario's.
 */
export class MarketMoney implements Booking {
  /** Book currency index of each acquirer's market currency. */
  private readonly acqCur: Int32Array;
  private readonly acqCode: readonly string[];
  private readonly base: string;
  private readonly baseExp: number;
  private readonly spec: MarketsSpec;
  private readonly p: PurchaseInput = { amountMinor: 0, product: 0, mcc: 0, channelClass: 0, crossBorder: false };
  private readonly b: FeeBreakdown = createFeeBreakdown();
  private readonly cb: ChargebackBreakdown = createChargebackBreakdown();
  /** markets.csv's cleared fields, [(day * markets + market) * MarketCounter.Fields + field] (the others stay 0). */
  readonly days: Float64Array;
  private readonly dayCount: number;

  constructor(
    sc: Scenario,
    private readonly currencies: readonly string[],
    private readonly fx: FxTable,
  ) {
    const spec = sc.markets!;
    this.spec = spec;
    this.base = sc.currency;
    this.baseExp = currencyExponent(sc.currency);
    this.acqCode = spec.acquirerMarket.map((m) => spec.list[m]!.currency);
    this.acqCur = Int32Array.from(this.acqCode, (c) => currencies.indexOf(c));
    this.dayCount = Math.ceil((sc.durationUs + sc.startLocalUs) / 86_400_000_000) + 1;
    this.days = new Float64Array(this.dayCount * spec.list.length * MarketCounter.Fields);
  }

  /** Whether a purchase of this issuer's card at this acquirer's merchant crosses a border. */
  isCross(issuer: number, acquirer: number): boolean {
    return this.spec.issuerMarket[issuer] !== this.spec.acquirerMarket[acquirer];
  }

  /** Units of `to` per unit of `from` on `day` (x 1e8), through the scenario currency when neither is it. */
  private rate(from: string, to: string, day: number): number {
    if (from === to) return FX_SCALE;
    if (from === this.base || to === this.base || this.fx.has(from, to)) return this.fx.rateE8(from, to, day);
    return mulDivRoundHalfEven(this.fx.rateE8(from, this.base, day), this.fx.rateE8(this.base, to, day), FX_SCALE);
  }

  /** An amount of the scenario currency in the acquirer's currency on `day`. */
  local(x: number, acquirer: number, day: number): number {
    const to = this.acqCode[acquirer]!;
    if (to === this.base || x === 0) return x;
    return fxConvert(x, this.rate(this.base, to, day), this.baseExp, currencyExponent(to));
  }

  private parts(src: FeeParts, dst: FeeParts, acquirer: number, day: number): void {
    dst.interchange = this.local(src.interchange, acquirer, day);
    dst.schemeFeeIssuer = this.local(src.schemeFeeIssuer, acquirer, day);
    dst.schemeFeeAcquirer = this.local(src.schemeFeeAcquirer, acquirer, day);
    dst.merchantDiscount = this.local(src.merchantDiscount, acquirer, day);
    dst.platformFee = this.local(src.platformFee, acquirer, day);
    dst.cardholderFxFee = this.local(src.cardholderFxFee, acquirer, day);
  }

  /** The last `sides` call: the acquirer's book currency and the rate to the issuer's (x 1e8). */
  private ac = 0;
  private r = FX_SCALE;

  /** Sets `ac` and `r` for a booking at `acquirer` with an issuer in book currency `ic` on `day` (fields, not a tuple: a purchase allocates nothing). */
  private sides(acquirer: number, day: number, ic: number): void {
    const ac = this.acqCur[acquirer]!;
    this.ac = ac;
    this.r = ac === ic ? FX_SCALE : this.rate(this.acqCode[acquirer]!, this.currencies[ic]!, day);
  }

  /** Books a purchase priced in the scenario currency (`p`, `b`) in the merchant's currency. */
  clear(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, p: PurchaseInput, b: FeeBreakdown, ic: number, _rate?: number): void {
    const q = this.p;
    q.amountMinor = this.local(p.amountMinor, acquirer, day);
    q.product = p.product;
    q.mcc = p.mcc;
    q.channelClass = p.channelClass;
    q.crossBorder = p.crossBorder;
    this.parts(b, this.b, acquirer, day);
    this.b.interchangeRule = b.interchangeRule;
    this.b.mdrRule = b.mdrRule;
    this.sides(acquirer, day, ic);
    book.clear(cycle, day, issuer, acquirer, q, this.b, this.ac, ic, this.r);
  }

  /** Counts a cleared purchase and its value in its merchant's currency (markets.csv). */
  countCleared(day: number, acquirer: number, amountMinor: number): void {
    const d = day < this.dayCount ? day : this.dayCount - 1;
    const at = (d * this.spec.list.length + this.spec.acquirerMarket[acquirer]!) * MarketCounter.Fields;
    this.days[at + MarketCounter.Cleared] = this.days[at + MarketCounter.Cleared]! + 1;
    this.days[at + MarketCounter.ClearedValue] = this.days[at + MarketCounter.ClearedValue]! + this.local(amountMinor, acquirer, day);
  }

  chargeback(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, cb: ChargebackBreakdown, ic: number, _rate?: number): void {
    const c = this.cb;
    this.parts(cb, c, acquirer, day);
    c.amount = this.local(cb.amount, acquirer, day);
    c.chargebackFee = this.local(cb.chargebackFee, acquirer, day);
    this.sides(acquirer, day, ic);
    book.chargeback(cycle, day, issuer, acquirer, c, this.ac, ic, this.r);
  }

  authorizationFees(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, fi: number, fa: number, ic: number, _rate?: number): void {
    this.sides(acquirer, day, ic);
    book.authorizationFees(cycle, day, issuer, acquirer, this.local(fi, acquirer, day), this.local(fa, acquirer, day), this.ac, ic, this.r);
  }

  withdrawal(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, amountMinor: number, interchangeMinor: number, cardholderFeeMinor: number, ic: number, _rate?: number): void {
    this.sides(acquirer, day, ic);
    const amount = this.local(amountMinor, acquirer, day);
    const interchange = this.local(interchangeMinor, acquirer, day);
    const fee = this.local(cardholderFeeMinor, acquirer, day);
    book.withdrawal(cycle, day, issuer, acquirer, amount, interchange, fee, this.ac, ic, this.r);
  }

  fraudWriteOff(book: SettlementBook, cycle: number, day: number, issuer: number, acquirer: number, amountMinor: number, ic: number, _rate?: number): void {
    this.sides(acquirer, day, ic);
    book.fraudWriteOff(cycle, day, issuer, acquirer, this.local(amountMinor, acquirer, day), this.ac, ic, this.r);
  }
}
