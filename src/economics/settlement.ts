/**
 * Clearing and settlement: a `SettlementBook` turns cleared purchases, chargebacks and fees into
 * ledger postings (economic incidence, see ledger.ts) and into per-cycle settlement positions
 * (who pays whom, when).
 *
 * Cycles are daily clearing cycles: `cycle` is the index of the day whose cut-off the item made
 * (a purchase after the 23:00 cut-off on day 3 clears in cycle 4). `day` is the day of the
 * purchase itself and keys fees.csv.
 *
 * Interbank obligations per cleared purchase (V = amount, a = interchange, sI/sA = scheme fees,
 * p = platform fee; each obligation is booked gross, and the scheme is the central
 * counterparty of the multilateral net):
 * - issuer -> scheme: V + sI;  scheme -> issuer: a
 * - acquirer -> scheme: a + sA + p;  scheme -> acquirer: V
 * so the nets are issuer a - V - sI, scheme sI + sA + p, acquirer V - a - sA - p: they sum to
 * zero per cycle and currency. They settle at T + `interbankSettlementDays`.
 * Merchant payouts (acquirer -> merchants of that acquirer): credit V, debit MDR m and p; net
 * V - m - p, paid at T + `merchantPayoutDays`. Chargebacks book the reverse obligations.
 * The issuer collects V + FX fee from its cardholders outside the interbank settlement.
 *
 * ## Cross-currency settlement (issuer currency != transaction currency)
 * A foreign issuer (a China-issued UnionPay card spent in Russia) settles with the scheme in its
 * own currency, and bills its cardholders in it (DOMAIN §2.6: cross-border settles in USD or CNY
 * via UPI). `clear`, `chargeback` and `authorizationFees` take `issuerCurrency` and `rateE8`
 * (units of the issuer currency per unit of the transaction currency, x 1e8, the rate of the day
 * of the event). With conv(x) = fxConvert(x, rateE8, ...) rounded half to even per amount:
 * - the acquirer side stays in the transaction currency: acquirer -> scheme a + sA + p,
 *   scheme -> acquirer V, merchant payout V - m - p, exactly as in a single-currency purchase;
 * - the issuer side is converted: the cardholder pays conv(V) + conv(fx) to the issuer, the
 *   issuer pays conv(V) + conv(sI) to the scheme and receives conv(a);
 * - the scheme swaps the rest with the FX account (its settlement bank / FX desk, a participant
 *   of its own, type `fx`): it sells conv(V) - conv(a) of the issuer currency and buys V - a of
 *   the transaction currency (`fx_conversion_out` / `fx_conversion_in`; a chargeback swaps back
 *   at its own day's rate). The converted parts are summed, never the sum converted, so the
 *   scheme nets exactly its fees in each currency (conv(sI) and sA + p) and every rounding
 *   difference stays on the FX account.
 * Each currency's interbank nets (FX account included) sum to zero per cycle on their own.
 * fees.csv reports each fee once, in the currency its payer pays it in (interchange: the
 * acquirer, transaction currency; interchange reversal, issuer scheme fee and FX fee: the issuer
 * or cardholder, issuer currency). The issuer's converted interchange, the principal legs and the
 * FX conversions are not fees and have no fees.csv rows.
 *
 * `verify()` checks the ledger, that every cycle's interbank nets (the FX account included) sum
 * to zero per currency, that each participant's settled nets (plus, for issuers, cardholder
 * collections) equal its ledger balance, and that fees.csv totals equal the ledger's per-kind
 * totals.
 *
 * Sharded runs: each shard (worker) keeps its own book, built with the same options (the full
 * issuer and acquirer lists, global indexes), and posts `book.snapshot()` to the main thread
 * (transfer list: `bookSnapshotBuffers(s)`). `SettlementBook.fromSnapshots(opts, snapshots)`
 * sums them: every accumulator is a sum of integers (positions touched: a logical or; cycles and
 * days seen: a max), so while the sums are safe integers the merged book's rows, ledger and
 * `verify()` are exactly those of one book that received every posting, whatever the grouping
 * and order of the shards. `onPosting` is not replayed on merge.
 */

import type { ChargebackBreakdown, FeeBreakdown, PurchaseInput } from './fees.js';
import { currencyExponent, fxConvert, FX_SCALE, isKnownCurrency } from './money.js';
import {
  ACCOUNT_TYPES,
  addInto,
  checkArray,
  KIND,
  KIND_COUNT,
  Ledger,
  LedgerInvariantError,
  ledgerSnapshotBuffers,
  POSTING_KINDS,
  sameNames,
  uniqueBuffers,
  type LedgerSnapshot,
  type PostingListener,
} from './ledger.js';

/** Participant types of settlement rows (`fx`: the scheme's settlement bank / FX desk). */
export const PARTICIPANT_TYPES = ['issuer', 'scheme', 'acquirer', 'merchant', 'fx'] as const;
export type ParticipantType = (typeof PARTICIPANT_TYPES)[number];

export interface SettlementOptions {
  readonly issuers: readonly string[];
  readonly acquirers: readonly string[];
  /** Currency codes; `currency` arguments are indexes into this list (default: the first). */
  readonly currencies: readonly string[];
  readonly schemeName?: string;
  /** Name of the FX account / participant (default "FX settlement"). */
  readonly fxName?: string;
  /** Merchant payout by acquirers at T + N days (default 1, DOMAIN §2.6 A). */
  readonly merchantPayoutDays?: number;
  /** Interbank net settlement at T + N days (default 1, DOMAIN §2.6 A). */
  readonly interbankSettlementDays?: number;
  /** Streams every ledger posting (for ledger.csv). */
  readonly onPosting?: PostingListener;
}

/** One settlement.csv row. */
export interface SettlementRow {
  cycle: number;
  /** Day offset (from day 0 of the run) on which this position settles. */
  settlement_day: number;
  participant_type: ParticipantType;
  /** For `merchant`: the acquirer whose merchants these are. */
  participant: string;
  currency: string;
  gross_debit_minor: number;
  gross_credit_minor: number;
  /** Fees received - fees paid, signed. */
  fees_minor: number;
  /** gross credit - gross debit: positive = the participant receives. */
  net_position_minor: number;
  /** |net| / (gross debit + gross credit), 6 decimals; 0 when nothing moved. */
  netting_ratio: number;
}

/** One fees.csv row: the postings of one fee type on one day, in one currency. */
export interface FeeRow {
  day: number;
  /** Who pays this fee. */
  participant_type: string;
  fee_type: string;
  currency: string;
  count: number;
  /** Value of the purchases (or withdrawals) the fee was charged on; 0 for authorization fees. */
  value_minor: number;
  fee_minor: number;
  /** fee / value in basis points, 2 decimals; null when the value is 0. */
  effective_rate_bps: number | null;
}

/**
 * Everything a `SettlementBook` accumulated, as plain data (strings, numbers, typed arrays):
 * survives `structuredClone` / `postMessage`; each typed array owns its buffer.
 * Per (cycle, participant, currency), `cycles` rows: `grossDebit`, `grossCredit`, `fees`,
 * `touched` (1 where a position was booked). Per (day, kind, currency), `days` rows: `feeCount`,
 * `feeValue`, `feeAmount`. Per (issuer, currency): `collections`. Participants are issuers,
 * scheme, acquirers, merchants-per-acquirer, the FX account.
 */
export interface BookSnapshot {
  readonly format: 'quartet.book/2';
  readonly issuers: readonly string[];
  readonly acquirers: readonly string[];
  readonly currencies: readonly string[];
  readonly schemeName: string;
  readonly fxName: string;
  readonly merchantPayoutDays: number;
  readonly interbankSettlementDays: number;
  /** Clearing cycles seen (highest cycle + 1): settlement rows used. */
  readonly cycles: number;
  /** Days seen (highest day + 1): fee rows used. */
  readonly days: number;
  readonly grossDebit: Float64Array;
  readonly grossCredit: Float64Array;
  readonly fees: Float64Array;
  readonly touched: Uint8Array;
  readonly feeCount: Float64Array;
  readonly feeValue: Float64Array;
  readonly feeAmount: Float64Array;
  readonly collections: Float64Array;
  readonly ledger: LedgerSnapshot;
}

/** The buffers of a book snapshot, for a `postMessage` transfer list (the snapshot is unusable in the sender afterwards). */
export function bookSnapshotBuffers(s: BookSnapshot): ArrayBuffer[] {
  const own = uniqueBuffers([s.grossDebit, s.grossCredit, s.fees, s.touched, s.feeCount, s.feeValue, s.feeAmount, s.collections]);
  for (const b of ledgerSnapshotBuffers(s.ledger)) if (!own.includes(b)) own.push(b);
  return own;
}

/**
 * The fees.csv fee type each posting kind counts toward, or -1 for postings that are not fees
 * (purchases, chargebacks, their cross-currency legs, FX conversions, and the receiving legs of
 * a cross-currency interchange and its reversal: a fee is reported once, on its payer's side).
 */
const FEE_TYPE_OF: readonly number[] = POSTING_KINDS.map((_, k) => {
  switch (k) {
    case KIND.purchase:
    case KIND.chargeback:
    case KIND.purchase_issuer_leg:
    case KIND.purchase_acquirer_leg:
    case KIND.chargeback_acquirer_leg:
    case KIND.chargeback_issuer_leg:
    case KIND.interchange_issuer_leg:
    case KIND.interchange_reversal_acquirer_leg:
    case KIND.fx_conversion_out:
    case KIND.fx_conversion_in:
      return -1;
    case KIND.interchange_acquirer_leg:
      return KIND.interchange;
    case KIND.interchange_reversal_issuer_leg:
      return KIND.interchange_reversal;
    default:
      return k;
  }
});

/** A growable Float64Array indexed by a leading "row" (cycle or day) of fixed width. */
class Grid {
  data: Float64Array;
  rows = 0;
  constructor(readonly width: number) {
    this.data = new Float64Array(width * 8);
  }
  ensure(row: number): void {
    if (!(row >= 0) || !Number.isInteger(row)) throw new RangeError(`cycle/day must be a non-negative integer, got ${row}`);
    if (row < this.rows) return;
    const need = (row + 1) * this.width;
    if (need > this.data.length) {
      let cap = this.data.length;
      while (cap < need) cap *= 2;
      const d = new Float64Array(cap);
      d.set(this.data);
      this.data = d;
    }
    this.rows = row + 1;
  }
  add(i: number, v: number): void {
    this.data[i] = (this.data[i] as number) + v;
  }
  get(i: number): number {
    return (this.data[i] as number | undefined) ?? 0;
  }
  /** A copy of the rows used. */
  used(): Float64Array {
    return this.data.slice(0, this.rows * this.width);
  }
  /** Grow to at least `rows` rows (as if row `rows - 1` had been seen). */
  growTo(rows: number): void {
    if (rows > 0) this.ensure(rows - 1);
  }
}

export class SettlementBook {
  /** The double-entry ledger the book posts to. */
  readonly ledger: Ledger;
  readonly issuerNames: readonly string[];
  readonly acquirerNames: readonly string[];
  readonly currencies: readonly string[];
  readonly schemeName: string;
  readonly fxName: string;
  readonly merchantPayoutDays: number;
  readonly interbankSettlementDays: number;
  private readonly nIss: number;
  private readonly nAcq: number;
  private readonly nCur: number;
  /** Settlement participants: issuers, scheme, acquirers, merchants-per-acquirer, the FX account. */
  private readonly nPart: number;
  /** Decimal places of each currency (-1: not in the currency table, no conversion possible). */
  private readonly exps: Int8Array;
  // Per (cycle, participant, currency)
  private readonly gDebit: Grid;
  private readonly gCredit: Grid;
  private readonly gFees: Grid;
  private readonly gTouched: Grid;
  // Per (day, kind, currency)
  private readonly fCount: Grid;
  private readonly fValue: Grid;
  private readonly fFee: Grid;
  /** Per (issuer, currency): net collected from cardholders. */
  private readonly collections: Float64Array;

  constructor(opts: SettlementOptions) {
    this.issuerNames = [...opts.issuers];
    this.acquirerNames = [...opts.acquirers];
    this.currencies = [...opts.currencies];
    this.schemeName = opts.schemeName ?? 'scheme';
    this.fxName = opts.fxName ?? 'FX settlement';
    this.merchantPayoutDays = opts.merchantPayoutDays ?? 1;
    this.interbankSettlementDays = opts.interbankSettlementDays ?? 1;
    this.ledger = new Ledger({
      issuers: this.issuerNames,
      acquirers: this.acquirerNames,
      currencies: this.currencies,
      schemeName: this.schemeName,
      fxName: this.fxName,
      ...(opts.onPosting ? { onPosting: opts.onPosting } : {}),
    });
    this.nIss = this.issuerNames.length;
    this.nAcq = this.acquirerNames.length;
    this.nCur = this.currencies.length;
    this.nPart = this.nIss + 1 + 2 * this.nAcq + 1;
    this.exps = Int8Array.from(this.currencies, (c) => (isKnownCurrency(c) ? currencyExponent(c) : -1));
    const w = this.nPart * this.nCur;
    this.gDebit = new Grid(w);
    this.gCredit = new Grid(w);
    this.gFees = new Grid(w);
    this.gTouched = new Grid(w);
    const fw = KIND_COUNT * this.nCur;
    this.fCount = new Grid(fw);
    this.fValue = new Grid(fw);
    this.fFee = new Grid(fw);
    this.collections = new Float64Array(this.nIss * this.nCur);
  }

  /** Index of a currency code in this book. */
  currencyIndex(code: string): number {
    return this.ledger.currencyIndex(code);
  }

  /** Number of cycles seen so far (the highest cycle + 1). */
  get cycleCount(): number {
    return this.gDebit.rows;
  }

  // Participant slots --------------------------------------------------------------------------

  private pIssuer(i: number): number {
    return i;
  }
  private pScheme(): number {
    return this.nIss;
  }
  private pAcquirer(j: number): number {
    return this.nIss + 1 + j;
  }
  private pMerchants(j: number): number {
    return this.nIss + 1 + this.nAcq + j;
  }
  private pFx(): number {
    return this.nPart - 1;
  }

  private book(cycle: number, participant: number, currency: number, debit: number, credit: number, fees: number): void {
    const i = (cycle * this.nPart + participant) * this.nCur + currency;
    this.gDebit.add(i, debit);
    this.gCredit.add(i, credit);
    this.gFees.add(i, fees);
    this.gTouched.data[i] = 1;
  }

  private feeStat(day: number, kind: number, currency: number, value: number, fee: number): void {
    if (fee === 0) return;
    const i = (day * KIND_COUNT + kind) * this.nCur + currency;
    this.fCount.add(i, 1);
    this.fValue.add(i, value);
    this.fFee.add(i, fee);
  }

  private ensure(cycle: number, day: number): void {
    this.gDebit.ensure(cycle);
    this.gCredit.ensure(cycle);
    this.gFees.ensure(cycle);
    this.gTouched.ensure(cycle);
    this.fCount.ensure(day);
    this.fValue.ensure(day);
    this.fFee.ensure(day);
  }

  private checkParties(issuer: number, acquirer: number, currency: number): void {
    if (!(issuer >= 0 && issuer < this.nIss && Number.isInteger(issuer))) throw new RangeError(`no issuer ${issuer}`);
    if (!(acquirer >= 0 && acquirer < this.nAcq && Number.isInteger(acquirer))) throw new RangeError(`no acquirer ${acquirer}`);
    if (!(currency >= 0 && currency < this.nCur && Number.isInteger(currency))) throw new RangeError(`no currency index ${currency}`);
  }

  private checkFx(currency: number, issuerCurrency: number, rateE8: number): void {
    if (!(issuerCurrency >= 0 && issuerCurrency < this.nCur && Number.isInteger(issuerCurrency))) throw new RangeError(`no currency index ${issuerCurrency}`);
    if (!(rateE8 > 0 && Number.isSafeInteger(rateE8))) throw new RangeError(`FX rate must be a positive integer x 1e8, got ${rateE8}`);
    for (const c of [currency, issuerCurrency]) {
      if ((this.exps[c] as number) < 0) throw new RangeError(`cannot convert ${this.currencies[c]}: not in the currency table`);
    }
  }

  /** conv(x): transaction -> issuer currency at `rateE8`, rounded half to even. */
  private conv(x: number, rateE8: number, from: number, to: number): number {
    return x === 0 ? 0 : fxConvert(x, rateE8, this.exps[from] as number, this.exps[to] as number);
  }

  /**
   * The scheme's swap with the FX account in one currency: `t` > 0 is an amount the scheme
   * sells to it (`fx_conversion_out`), `t` < 0 one it buys (`fx_conversion_in`).
   */
  private fxLeg(cycle: number, day: number, currency: number, t: number): void {
    if (t === 0) return;
    const L = this.ledger;
    if (t > 0) {
      L.post(KIND.fx_conversion_out, L.scheme(), L.fx(), t, currency, day);
      this.book(cycle, this.pScheme(), currency, t, 0, 0);
      this.book(cycle, this.pFx(), currency, 0, t, 0);
    } else {
      L.post(KIND.fx_conversion_in, L.fx(), L.scheme(), -t, currency, day);
      this.book(cycle, this.pFx(), currency, -t, 0, 0);
      this.book(cycle, this.pScheme(), currency, 0, -t, 0);
    }
  }

  // Events -------------------------------------------------------------------------------------

  /**
   * Clear one purchase priced as `b`, in clearing cycle `cycle` (a day index), bought on `day`,
   * between card issuer `issuer` and merchant acquirer `acquirer` (indexes), in currency index
   * `currency` (default 0). Posts the purchase and its fees to the ledger and books the interbank
   * and merchant-payout obligations.
   *
   * `issuerCurrency` (default `currency`): the currency index the issuer settles and bills its
   * cardholders in. When it differs, the issuer side is converted at `rateE8` (units of the
   * issuer currency per unit of the transaction currency, x 1e8, e.g. `FxTable.rateE8(txn,
   * issuer, day)`) and the scheme swaps the difference with the FX account (module comment).
   * `rateE8` is ignored when the currencies are the same.
   */
  clear(cycle: number, day: number, issuer: number, acquirer: number, p: PurchaseInput, b: FeeBreakdown, currency = 0, issuerCurrency = currency, rateE8 = FX_SCALE): void {
    if (issuerCurrency !== currency) {
      this.clearCross(cycle, day, issuer, acquirer, p, b, currency, issuerCurrency, rateE8);
      return;
    }
    this.checkParties(issuer, acquirer, currency);
    this.ensure(cycle, day);
    const L = this.ledger;
    const v = p.amountMinor;
    const a = b.interchange;
    const sI = b.schemeFeeIssuer;
    const sA = b.schemeFeeAcquirer;
    const m = b.merchantDiscount;
    const pf = b.platformFee;
    const fx = b.cardholderFxFee;
    const ch = L.cardholders(issuer);
    const is = L.issuer(issuer);
    const sc = L.scheme();
    const aq = L.acquirer(acquirer);
    const me = L.merchants(acquirer);
    L.post(KIND.purchase, ch, me, v, currency, day);
    L.post(KIND.interchange, aq, is, a, currency, day);
    L.post(KIND.scheme_fee_issuer, is, sc, sI, currency, day);
    L.post(KIND.scheme_fee_acquirer, aq, sc, sA, currency, day);
    L.post(KIND.merchant_discount, me, aq, m, currency, day);
    L.post(KIND.platform_fee, me, sc, pf, currency, day);
    L.post(KIND.cardholder_fx_fee, ch, is, fx, currency, day);
    // Interbank (gross obligations through the scheme) and merchant payout.
    this.book(cycle, this.pIssuer(issuer), currency, v + sI, a, a - sI);
    this.book(cycle, this.pScheme(), currency, a + v, v + sI + a + sA + pf, sI + sA + pf);
    this.book(cycle, this.pAcquirer(acquirer), currency, a + sA + pf, v, -(a + sA));
    this.book(cycle, this.pMerchants(acquirer), currency, m + pf, v, -(m + pf));
    const ci = issuer * this.nCur + currency;
    this.collections[ci] = (this.collections[ci] as number) + v + fx;
    this.feeStat(day, KIND.interchange, currency, v, a);
    this.feeStat(day, KIND.scheme_fee_issuer, currency, v, sI);
    this.feeStat(day, KIND.scheme_fee_acquirer, currency, v, sA);
    this.feeStat(day, KIND.merchant_discount, currency, v, m);
    this.feeStat(day, KIND.platform_fee, currency, v, pf);
    this.feeStat(day, KIND.cardholder_fx_fee, currency, v, fx);
  }

  private clearCross(cycle: number, day: number, issuer: number, acquirer: number, p: PurchaseInput, b: FeeBreakdown, t: number, i: number, rateE8: number): void {
    this.checkParties(issuer, acquirer, t);
    this.checkFx(t, i, rateE8);
    this.ensure(cycle, day);
    const L = this.ledger;
    // Transaction currency t: the acquirer side as is.
    const v = p.amountMinor;
    const a = b.interchange;
    const sA = b.schemeFeeAcquirer;
    const m = b.merchantDiscount;
    const pf = b.platformFee;
    // Issuer currency i: each part converted on its own.
    const vI = this.conv(v, rateE8, t, i);
    const aI = this.conv(a, rateE8, t, i);
    const sII = this.conv(b.schemeFeeIssuer, rateE8, t, i);
    const fxI = this.conv(b.cardholderFxFee, rateE8, t, i);
    const ch = L.cardholders(issuer);
    const is = L.issuer(issuer);
    const sc = L.scheme();
    const aq = L.acquirer(acquirer);
    const me = L.merchants(acquirer);
    L.post(KIND.purchase_issuer_leg, ch, sc, vI, i, day);
    L.post(KIND.purchase_acquirer_leg, sc, me, v, t, day);
    L.post(KIND.interchange_acquirer_leg, aq, sc, a, t, day);
    L.post(KIND.interchange_issuer_leg, sc, is, aI, i, day);
    L.post(KIND.scheme_fee_issuer, is, sc, sII, i, day);
    L.post(KIND.scheme_fee_acquirer, aq, sc, sA, t, day);
    L.post(KIND.merchant_discount, me, aq, m, t, day);
    L.post(KIND.platform_fee, me, sc, pf, t, day);
    L.post(KIND.cardholder_fx_fee, ch, is, fxI, i, day);
    // Interbank: issuer <-> scheme in i, acquirer <-> scheme in t, merchant payout in t.
    this.book(cycle, this.pIssuer(issuer), i, vI + sII, aI, aI - sII);
    this.book(cycle, this.pScheme(), i, aI, vI + sII, sII);
    this.book(cycle, this.pScheme(), t, v, a + sA + pf, sA + pf);
    this.book(cycle, this.pAcquirer(acquirer), t, a + sA + pf, v, -(a + sA));
    this.book(cycle, this.pMerchants(acquirer), t, m + pf, v, -(m + pf));
    // The scheme holds vI - aI of i and is short v - a of t: it swaps them with the FX account.
    this.fxLeg(cycle, day, i, vI - aI);
    this.fxLeg(cycle, day, t, a - v);
    const ci = issuer * this.nCur + i;
    this.collections[ci] = (this.collections[ci] as number) + vI + fxI;
    this.feeStat(day, KIND.interchange, t, v, a);
    this.feeStat(day, KIND.scheme_fee_issuer, i, vI, sII);
    this.feeStat(day, KIND.scheme_fee_acquirer, t, v, sA);
    this.feeStat(day, KIND.merchant_discount, t, v, m);
    this.feeStat(day, KIND.platform_fee, t, v, pf);
    this.feeStat(day, KIND.cardholder_fx_fee, i, vI, fxI);
  }

  /**
   * A chargeback of a cleared purchase, with the reversals from `FeePricer.priceChargeback`.
   * `cycle` is the clearing cycle of the chargeback, `day` the day it is filed.
   *
   * `issuerCurrency` and `rateE8` as in `clear`, with the rate of the chargeback's day: the
   * issuer side (refund to the cardholder, returned interchange, refunded issuer scheme fee and
   * FX fee) is converted at that rate, so the cardholder bears the FX move since the purchase.
   */
  chargeback(cycle: number, day: number, issuer: number, acquirer: number, cb: ChargebackBreakdown, currency = 0, issuerCurrency = currency, rateE8 = FX_SCALE): void {
    if (issuerCurrency !== currency) {
      this.chargebackCross(cycle, day, issuer, acquirer, cb, currency, issuerCurrency, rateE8);
      return;
    }
    this.checkParties(issuer, acquirer, currency);
    this.ensure(cycle, day);
    const L = this.ledger;
    const v = cb.amount;
    const a = cb.interchange;
    const sI = cb.schemeFeeIssuer;
    const sA = cb.schemeFeeAcquirer;
    const m = cb.merchantDiscount;
    const pf = cb.platformFee;
    const fx = cb.cardholderFxFee;
    const fee = cb.chargebackFee;
    const ch = L.cardholders(issuer);
    const is = L.issuer(issuer);
    const sc = L.scheme();
    const aq = L.acquirer(acquirer);
    const me = L.merchants(acquirer);
    L.post(KIND.chargeback, me, ch, v, currency, day);
    L.post(KIND.interchange_reversal, is, aq, a, currency, day);
    L.post(KIND.scheme_fee_issuer_reversal, sc, is, sI, currency, day);
    L.post(KIND.scheme_fee_acquirer_reversal, sc, aq, sA, currency, day);
    L.post(KIND.merchant_discount_reversal, aq, me, m, currency, day);
    L.post(KIND.platform_fee_reversal, sc, me, pf, currency, day);
    L.post(KIND.cardholder_fx_fee_reversal, is, ch, fx, currency, day);
    L.post(KIND.chargeback_fee, me, aq, fee, currency, day);
    // Reverse interbank obligations: scheme -> issuer V + sI, issuer -> scheme a;
    // acquirer -> scheme V, scheme -> acquirer a + sA + pf.
    this.book(cycle, this.pIssuer(issuer), currency, a, v + sI, sI - a);
    this.book(cycle, this.pScheme(), currency, v + sI + a + sA + pf, a + v, -(sI + sA + pf));
    this.book(cycle, this.pAcquirer(acquirer), currency, v, a + sA + pf, a + sA);
    this.book(cycle, this.pMerchants(acquirer), currency, v + fee, m + pf, m + pf - fee);
    const ci = issuer * this.nCur + currency;
    this.collections[ci] = (this.collections[ci] as number) - v - fx;
    this.feeStat(day, KIND.interchange_reversal, currency, v, a);
    this.feeStat(day, KIND.scheme_fee_issuer_reversal, currency, v, sI);
    this.feeStat(day, KIND.scheme_fee_acquirer_reversal, currency, v, sA);
    this.feeStat(day, KIND.merchant_discount_reversal, currency, v, m);
    this.feeStat(day, KIND.platform_fee_reversal, currency, v, pf);
    this.feeStat(day, KIND.cardholder_fx_fee_reversal, currency, v, fx);
    this.feeStat(day, KIND.chargeback_fee, currency, v, fee);
  }

  private chargebackCross(cycle: number, day: number, issuer: number, acquirer: number, cb: ChargebackBreakdown, t: number, i: number, rateE8: number): void {
    this.checkParties(issuer, acquirer, t);
    this.checkFx(t, i, rateE8);
    this.ensure(cycle, day);
    const L = this.ledger;
    const v = cb.amount;
    const a = cb.interchange;
    const sA = cb.schemeFeeAcquirer;
    const m = cb.merchantDiscount;
    const pf = cb.platformFee;
    const fee = cb.chargebackFee;
    const vI = this.conv(v, rateE8, t, i);
    const aI = this.conv(a, rateE8, t, i);
    const sII = this.conv(cb.schemeFeeIssuer, rateE8, t, i);
    const fxI = this.conv(cb.cardholderFxFee, rateE8, t, i);
    const ch = L.cardholders(issuer);
    const is = L.issuer(issuer);
    const sc = L.scheme();
    const aq = L.acquirer(acquirer);
    const me = L.merchants(acquirer);
    L.post(KIND.chargeback_acquirer_leg, me, sc, v, t, day);
    L.post(KIND.chargeback_issuer_leg, sc, ch, vI, i, day);
    L.post(KIND.interchange_reversal_issuer_leg, is, sc, aI, i, day);
    L.post(KIND.interchange_reversal_acquirer_leg, sc, aq, a, t, day);
    L.post(KIND.scheme_fee_issuer_reversal, sc, is, sII, i, day);
    L.post(KIND.scheme_fee_acquirer_reversal, sc, aq, sA, t, day);
    L.post(KIND.merchant_discount_reversal, aq, me, m, t, day);
    L.post(KIND.platform_fee_reversal, sc, me, pf, t, day);
    L.post(KIND.cardholder_fx_fee_reversal, is, ch, fxI, i, day);
    L.post(KIND.chargeback_fee, me, aq, fee, t, day);
    // Reverse interbank obligations: scheme -> issuer vI + sII, issuer -> scheme aI (in i);
    // acquirer -> scheme v, scheme -> acquirer a + sA + pf (in t).
    this.book(cycle, this.pIssuer(issuer), i, aI, vI + sII, sII - aI);
    this.book(cycle, this.pScheme(), i, vI + sII, aI, -sII);
    this.book(cycle, this.pScheme(), t, a + sA + pf, v, -(sA + pf));
    this.book(cycle, this.pAcquirer(acquirer), t, v, a + sA + pf, a + sA);
    this.book(cycle, this.pMerchants(acquirer), t, v + fee, m + pf, m + pf - fee);
    // The scheme holds v - a of t and is short vI - aI of i: it swaps them back with the FX account.
    this.fxLeg(cycle, day, t, v - a);
    this.fxLeg(cycle, day, i, aI - vI);
    const ci = issuer * this.nCur + i;
    this.collections[ci] = (this.collections[ci] as number) - vI - fxI;
    this.feeStat(day, KIND.interchange_reversal, i, vI, aI);
    this.feeStat(day, KIND.scheme_fee_issuer_reversal, i, vI, sII);
    this.feeStat(day, KIND.scheme_fee_acquirer_reversal, t, v, sA);
    this.feeStat(day, KIND.merchant_discount_reversal, t, v, m);
    this.feeStat(day, KIND.platform_fee_reversal, t, v, pf);
    this.feeStat(day, KIND.cardholder_fx_fee_reversal, i, vI, fxI);
    this.feeStat(day, KIND.chargeback_fee, t, v, fee);
  }

  /**
   * Per-authorization scheme fees of an authorization that does not clear (declined, reversed,
   * timed out): from `FeePricer.authFeeIssuer/authFeeAcquirer`. Cleared purchases already carry
   * their own authorization fee in the breakdown: do not call this for them.
   *
   * Both fees are in the transaction currency `currency`. With an `issuerCurrency` other than
   * `currency`, the issuer's fee is converted at `rateE8` (as in `clear`) and paid to the scheme
   * in the issuer currency; the scheme keeps it there, so nothing is swapped with the FX account.
   */
  authorizationFees(cycle: number, day: number, issuer: number, acquirer: number, issuerFeeMinor: number, acquirerFeeMinor: number, currency = 0, issuerCurrency = currency, rateE8 = FX_SCALE): void {
    this.checkParties(issuer, acquirer, currency);
    let fi = issuerFeeMinor;
    if (issuerCurrency !== currency) {
      this.checkFx(currency, issuerCurrency, rateE8);
      fi = this.conv(issuerFeeMinor, rateE8, currency, issuerCurrency);
    }
    const fa = acquirerFeeMinor;
    this.ensure(cycle, day);
    const L = this.ledger;
    L.post(KIND.scheme_auth_fee_issuer, L.issuer(issuer), L.scheme(), fi, issuerCurrency, day);
    L.post(KIND.scheme_auth_fee_acquirer, L.acquirer(acquirer), L.scheme(), fa, currency, day);
    if (fi !== 0) this.book(cycle, this.pIssuer(issuer), issuerCurrency, fi, 0, -fi);
    if (fa !== 0) this.book(cycle, this.pAcquirer(acquirer), currency, fa, 0, -fa);
    if (issuerCurrency === currency) {
      if (fi + fa !== 0) this.book(cycle, this.pScheme(), currency, 0, fi + fa, fi + fa);
    } else {
      if (fi !== 0) this.book(cycle, this.pScheme(), issuerCurrency, 0, fi, fi);
      if (fa !== 0) this.book(cycle, this.pScheme(), currency, 0, fa, fa);
    }
    this.feeStat(day, KIND.scheme_auth_fee_issuer, issuerCurrency, 0, fi);
    this.feeStat(day, KIND.scheme_auth_fee_acquirer, currency, 0, fa);
  }

  /**
   * A three-party cardholder withdrawal fee (from `FeePricer.withdrawalFee`) on a withdrawal of
   * `withdrawnMinor` by a cardholder of `issuer` (the funding bank). The bank collects the fee
   * from the cardholder and passes it to the platform (the scheme account).
   */
  withdrawalFee(cycle: number, day: number, issuer: number, withdrawnMinor: number, feeMinor: number, currency = 0): void {
    this.checkParties(issuer, 0, currency);
    if (feeMinor === 0) return;
    this.ensure(cycle, day);
    const L = this.ledger;
    L.post(KIND.withdrawal_fee, L.cardholders(issuer), L.scheme(), feeMinor, currency, day);
    this.book(cycle, this.pIssuer(issuer), currency, feeMinor, 0, 0);
    this.book(cycle, this.pScheme(), currency, 0, feeMinor, feeMinor);
    const ci = issuer * this.nCur + currency;
    this.collections[ci] = (this.collections[ci] as number) + feeMinor;
    this.feeStat(day, KIND.withdrawal_fee, currency, withdrawnMinor, feeMinor);
  }

  // Reading ------------------------------------------------------------------------------------

  private slot(cycle: number, type: ParticipantType, index: number, currency: number): number {
    const p =
      type === 'issuer'
        ? this.pIssuer(index)
        : type === 'scheme'
          ? this.pScheme()
          : type === 'acquirer'
            ? this.pAcquirer(index)
            : type === 'merchant'
              ? this.pMerchants(index)
              : this.pFx();
    return (cycle * this.nPart + p) * this.nCur + currency;
  }

  /** Net position (gross credit - gross debit) of a participant in a cycle; 0 if none. `index` is ignored for the scheme and `fx`. */
  netPosition(cycle: number, type: ParticipantType, index: number, currency = 0): number {
    if (cycle >= this.gDebit.rows) return 0;
    const i = this.slot(cycle, type, index, currency);
    return this.gCredit.get(i) - this.gDebit.get(i);
  }

  /** Gross debit and credit of a participant in a cycle. */
  gross(cycle: number, type: ParticipantType, index: number, currency = 0): { debit: number; credit: number; fees: number } {
    if (cycle >= this.gDebit.rows) return { debit: 0, credit: 0, fees: 0 };
    const i = this.slot(cycle, type, index, currency);
    return { debit: this.gDebit.get(i), credit: this.gCredit.get(i), fees: this.gFees.get(i) };
  }

  /** Net collected by an issuer from its cardholders (purchases + FX fees - refunds + withdrawal fees). */
  cardholderCollections(issuer: number, currency = 0): number {
    return this.collections[issuer * this.nCur + currency] as number;
  }

  private participantOf(p: number): { type: ParticipantType; name: string; delay: number } {
    if (p < this.nIss) return { type: 'issuer', name: this.issuerNames[p] as string, delay: this.interbankSettlementDays };
    if (p === this.nIss) return { type: 'scheme', name: this.schemeName, delay: this.interbankSettlementDays };
    if (p < this.nIss + 1 + this.nAcq) return { type: 'acquirer', name: this.acquirerNames[p - this.nIss - 1] as string, delay: this.interbankSettlementDays };
    if (p === this.pFx()) return { type: 'fx', name: this.fxName, delay: this.interbankSettlementDays };
    return { type: 'merchant', name: this.acquirerNames[p - this.nIss - 1 - this.nAcq] as string, delay: this.merchantPayoutDays };
  }

  /** settlement.csv rows: by cycle, then issuers, scheme, acquirers, merchants, the FX account, then currency; only positions with activity. */
  *settlementRows(): Generator<SettlementRow> {
    for (let cy = 0; cy < this.gDebit.rows; cy++) {
      for (let p = 0; p < this.nPart; p++) {
        const who = this.participantOf(p);
        for (let c = 0; c < this.nCur; c++) {
          const i = (cy * this.nPart + p) * this.nCur + c;
          if (this.gTouched.get(i) === 0) continue;
          const d = this.gDebit.get(i);
          const cr = this.gCredit.get(i);
          const net = cr - d;
          const gross = d + cr;
          yield {
            cycle: cy,
            settlement_day: cy + who.delay,
            participant_type: who.type,
            participant: who.name,
            currency: this.currencies[c] as string,
            gross_debit_minor: d,
            gross_credit_minor: cr,
            fees_minor: this.gFees.get(i),
            net_position_minor: net,
            netting_ratio: gross === 0 ? 0 : Math.round((Math.abs(net) / gross) * 1e6) / 1e6,
          };
        }
      }
    }
  }

  /**
   * fees.csv rows: by day, then fee type (posting-kind order), then currency; only fees charged.
   * Principal legs and FX conversions are not fees and have no rows (cross-currency fees: see
   * the module comment).
   */
  *feeRows(): Generator<FeeRow> {
    for (let day = 0; day < this.fCount.rows; day++) {
      for (let k = 0; k < KIND_COUNT; k++) {
        for (let c = 0; c < this.nCur; c++) {
          const i = (day * KIND_COUNT + k) * this.nCur + c;
          const count = this.fCount.get(i);
          if (count === 0) continue;
          const value = this.fValue.get(i);
          const fee = this.fFee.get(i);
          const kind = POSTING_KINDS[k] as (typeof POSTING_KINDS)[number];
          yield {
            day,
            participant_type: ACCOUNT_TYPES[kind.from] as string,
            fee_type: kind.name,
            currency: this.currencies[c] as string,
            count,
            value_minor: value,
            fee_minor: fee,
            effective_rate_bps: value === 0 ? null : Math.round(((fee * 10_000) / value) * 100) / 100,
          };
        }
      }
    }
  }

  // Shards -------------------------------------------------------------------------------------

  /** A copy of everything the book and its ledger accumulated (the rows used), as plain data. */
  snapshot(): BookSnapshot {
    const touched = new Uint8Array(this.gTouched.rows * this.gTouched.width);
    const t = this.gTouched.data;
    for (let i = 0; i < touched.length; i++) touched[i] = t[i] === 0 ? 0 : 1;
    return {
      format: 'quartet.book/2',
      issuers: [...this.issuerNames],
      acquirers: [...this.acquirerNames],
      currencies: [...this.currencies],
      schemeName: this.schemeName,
      fxName: this.fxName,
      merchantPayoutDays: this.merchantPayoutDays,
      interbankSettlementDays: this.interbankSettlementDays,
      cycles: this.gDebit.rows,
      days: this.fCount.rows,
      grossDebit: this.gDebit.used(),
      grossCredit: this.gCredit.used(),
      fees: this.gFees.used(),
      touched,
      feeCount: this.fCount.used(),
      feeValue: this.fValue.used(),
      feeAmount: this.fFee.used(),
      collections: this.collections.slice(),
      ledger: this.ledger.snapshot(),
    };
  }

  /**
   * Add a snapshot of a book built with the same issuers, acquirers, currencies, scheme and FX
   * names and settlement delays (RangeError otherwise, and nothing is added). Sums every accumulator, ors
   * the touched positions, takes the max of the cycles and days seen. `onPosting` is not called.
   */
  mergeSnapshot(s: BookSnapshot): void {
    this.checkSnapshot(s);
    this.ledger.mergeSnapshot(s.ledger);
    for (const g of [this.gDebit, this.gCredit, this.gFees, this.gTouched]) g.growTo(s.cycles);
    for (const g of [this.fCount, this.fValue, this.fFee]) g.growTo(s.days);
    addInto(this.gDebit.data, s.grossDebit);
    addInto(this.gCredit.data, s.grossCredit);
    addInto(this.gFees.data, s.fees);
    const t = this.gTouched.data;
    for (let i = 0; i < s.touched.length; i++) if (s.touched[i] !== 0) t[i] = 1;
    addInto(this.fCount.data, s.feeCount);
    addInto(this.fValue.data, s.feeValue);
    addInto(this.fFee.data, s.feeAmount);
    addInto(this.collections, s.collections);
  }

  /** Add several snapshots, in order. */
  mergeSnapshots(snapshots: readonly BookSnapshot[]): void {
    for (const s of snapshots) this.mergeSnapshot(s);
  }

  /** A new book built from `opts` holding the sum of `snapshots` (each built with the same options). */
  static fromSnapshots(opts: SettlementOptions, snapshots: readonly BookSnapshot[]): SettlementBook {
    const book = new SettlementBook(opts);
    book.mergeSnapshots(snapshots);
    return book;
  }

  /** Throws a RangeError unless `s` is a well-formed snapshot of a book shaped like this one. */
  checkSnapshot(s: BookSnapshot): void {
    if (s === null || typeof s !== 'object' || s.format !== 'quartet.book/2') throw new RangeError('not a settlement book snapshot (format quartet.book/2)');
    sameNames('issuers', this.issuerNames, s.issuers);
    sameNames('acquirers', this.acquirerNames, s.acquirers);
    sameNames('currencies', this.currencies, s.currencies);
    if (s.schemeName !== this.schemeName) throw new RangeError(`cannot merge a snapshot of scheme "${s.schemeName}" into "${this.schemeName}"`);
    if (s.fxName !== this.fxName) throw new RangeError(`cannot merge a snapshot with FX account "${s.fxName}" into "${this.fxName}"`);
    if (s.merchantPayoutDays !== this.merchantPayoutDays || s.interbankSettlementDays !== this.interbankSettlementDays) {
      throw new RangeError(
        `cannot merge a snapshot with settlement delays ${s.merchantPayoutDays}/${s.interbankSettlementDays} (merchant/interbank) into ${this.merchantPayoutDays}/${this.interbankSettlementDays}`,
      );
    }
    for (const [what, n] of [['cycles', s.cycles], ['days', s.days]] as const) {
      if (!(Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`snapshot field ${what}: expected a non-negative integer, got ${n}`);
    }
    const w = this.nPart * this.nCur;
    const fw = KIND_COUNT * this.nCur;
    checkArray('grossDebit', s.grossDebit, s.cycles * w);
    checkArray('grossCredit', s.grossCredit, s.cycles * w);
    checkArray('fees', s.fees, s.cycles * w);
    if (!(s.touched instanceof Uint8Array) || s.touched.length !== s.cycles * w) throw new RangeError(`snapshot field touched: expected a Uint8Array of length ${s.cycles * w}`);
    checkArray('feeCount', s.feeCount, s.days * fw);
    checkArray('feeValue', s.feeValue, s.days * fw);
    checkArray('feeAmount', s.feeAmount, s.days * fw);
    checkArray('collections', s.collections, this.nIss * this.nCur);
    this.ledger.checkSnapshot(s.ledger);
  }

  // Verification -------------------------------------------------------------------------------

  /** Check the ledger and the settlement invariants; throws LedgerInvariantError. */
  verify(): void {
    this.ledger.verify();
    const L = this.ledger;
    const totalNet = new Float64Array(this.nPart * this.nCur);
    for (let cy = 0; cy < this.gDebit.rows; cy++) {
      for (let c = 0; c < this.nCur; c++) {
        let sum = 0;
        for (let p = 0; p < this.nPart; p++) {
          const i = (cy * this.nPart + p) * this.nCur + c;
          const net = this.gCredit.get(i) - this.gDebit.get(i);
          totalNet[p * this.nCur + c] = (totalNet[p * this.nCur + c] as number) + net;
          if (p < this.nIss + 1 + this.nAcq || p === this.pFx()) sum += net; // interbank participants, FX account included
        }
        if (sum !== 0) {
          throw new LedgerInvariantError('settlement_zero_sum', { cycle: cy, currency: this.currencies[c] as string, sumOfNetPositions: sum }, 'interbank net positions of a cycle must sum to zero');
        }
      }
    }
    const net = (p: number, c: number) => totalNet[p * this.nCur + c] as number;
    for (let c = 0; c < this.nCur; c++) {
      const currency = this.currencies[c] as string;
      const mismatch = (who: string, settled: number, ledger: number) => {
        if (settled !== ledger) throw new LedgerInvariantError('settlement_vs_ledger', { participant: who, currency, settled, ledgerBalance: ledger });
      };
      for (let i = 0; i < this.nIss; i++) {
        const coll = this.collections[i * this.nCur + c] as number;
        mismatch(this.issuerNames[i] as string, net(this.pIssuer(i), c) + coll, L.balance(L.issuer(i), c));
        mismatch(`cardholders of ${this.issuerNames[i]}`, -coll, L.balance(L.cardholders(i), c));
      }
      mismatch(this.schemeName, net(this.pScheme(), c), L.balance(L.scheme(), c));
      for (let j = 0; j < this.nAcq; j++) {
        mismatch(this.acquirerNames[j] as string, net(this.pAcquirer(j), c) - net(this.pMerchants(j), c), L.balance(L.acquirer(j), c));
        mismatch(`merchants of ${this.acquirerNames[j]}`, net(this.pMerchants(j), c), L.balance(L.merchants(j), c));
      }
      mismatch(this.fxName, net(this.pFx(), c), L.balance(L.fx(), c));
      // fees.csv totals = ledger per-kind totals (a cross-currency interchange leg counts as its fee type)
      const ledgerTotal = new Float64Array(KIND_COUNT);
      const ledgerCount = new Float64Array(KIND_COUNT);
      for (let k = 0; k < KIND_COUNT; k++) {
        const f = FEE_TYPE_OF[k] as number;
        if (f < 0) continue;
        ledgerTotal[f] = (ledgerTotal[f] as number) + L.kindTotal(k, c);
        ledgerCount[f] = (ledgerCount[f] as number) + L.kindCount(k, c);
      }
      for (let k = 0; k < KIND_COUNT; k++) {
        let fee = 0;
        let count = 0;
        for (let day = 0; day < this.fFee.rows; day++) {
          const i = (day * KIND_COUNT + k) * this.nCur + c;
          fee += this.fFee.get(i);
          count += this.fCount.get(i);
        }
        if (fee !== ledgerTotal[k] || count !== ledgerCount[k]) {
          throw new LedgerInvariantError('fees_vs_ledger', {
            feeType: (POSTING_KINDS[k] as (typeof POSTING_KINDS)[number]).name,
            currency,
            feesCsvTotal: fee,
            ledgerTotal: ledgerTotal[k] as number,
            feesCsvCount: count,
            ledgerCount: ledgerCount[k] as number,
          });
        }
      }
    }
  }
}
