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
  AUTHORIZATION_FEES,
  CHARGEBACK,
  CHARGEBACK_CROSS,
  CLEAR,
  CLEAR_CROSS,
  COLLECTION_SIGN,
  EFFECT_COUNT,
  EFFECT_DEBIT,
  EFFECT_FEE,
  EFFECT_PARTY,
  FEE_TYPE_OF,
  MAX_EFFECTS,
  S_CHARGEBACK_FEE,
  S_FX_FEE,
  S_FX_FEE_I,
  S_INTERCHANGE,
  S_INTERCHANGE_I,
  S_MERCHANT_DISCOUNT,
  S_PLATFORM,
  S_SCHEME_ACQUIRER,
  S_SCHEME_ISSUER,
  S_SCHEME_ISSUER_I,
  S_SWAP_I,
  S_SWAP_T,
  S_VALUE,
  S_VALUE_I,
  SIDE_I,
  SLOT_COUNT,
  type Leg,
  type LegTable,
} from './settlement-legs.js';
import {
  ACCOUNT_ACQUIRER,
  ACCOUNT_CARDHOLDER,
  ACCOUNT_FX,
  ACCOUNT_ISSUER,
  ACCOUNT_MERCHANT,
  ACCOUNT_SCHEME,
  ACCOUNT_TYPES,
  addInto,
  checkArray,
  KIND_COUNT,
  KIND_FROM,
  KIND_TO,
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
  /** Value of the purchases the fee was charged on; 0 for authorization fees. */
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
  // Scratch of the leg interpreter (no allocation per event): amounts by slot, accounts and positions by account type.
  private readonly amounts = new Float64Array(SLOT_COUNT);
  private readonly accounts = new Int32Array(ACCOUNT_TYPES.length);
  private readonly positions = new Int32Array(ACCOUNT_TYPES.length);

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

  /** Fill the issuer-currency slots from the transaction-currency ones (each part converted on its own). */
  private convertIssuerSide(rateE8: number, t: number, i: number): void {
    const amt = this.amounts;
    amt[S_VALUE_I] = this.conv(amt[S_VALUE] as number, rateE8, t, i);
    amt[S_INTERCHANGE_I] = this.conv(amt[S_INTERCHANGE] as number, rateE8, t, i);
    amt[S_SCHEME_ISSUER_I] = this.conv(amt[S_SCHEME_ISSUER] as number, rateE8, t, i);
    amt[S_FX_FEE_I] = this.conv(amt[S_FX_FEE] as number, rateE8, t, i);
  }

  /**
   * The interpreter of the leg tables (settlement-legs.ts): post every leg of `table` whose slot
   * holds a non-zero amount, in table order, then book the legs' settlement positions, the
   * issuer's cardholder collections and the fees.csv statistics. `t` and `i` are the currency
   * indexes of the transaction and issuer sides (equal for a single-currency event).
   */
  // hot path: runs per cleared purchase (millions); indexed loops over a fixed table and typed arrays, no allocation.
  private run(table: LegTable, cycle: number, day: number, issuer: number, acquirer: number, t: number, i: number): void {
    this.ensure(cycle, day);
    const L = this.ledger;
    const acc = this.accounts;
    acc[ACCOUNT_CARDHOLDER] = L.cardholders(issuer);
    acc[ACCOUNT_ISSUER] = L.issuer(issuer);
    acc[ACCOUNT_SCHEME] = L.scheme();
    acc[ACCOUNT_ACQUIRER] = L.acquirer(acquirer);
    acc[ACCOUNT_MERCHANT] = L.merchants(acquirer);
    acc[ACCOUNT_FX] = L.fx();
    const amt = this.amounts;
    const legs = table.legs;
    for (let n = 0; n < legs.length; n++) {
      const g = legs[n] as Leg;
      let x = amt[g.slot] as number;
      let k = g.kind;
      if (x < 0 && g.negKind !== k) {
        x = -x;
        k = g.negKind;
      }
      L.post(k, acc[KIND_FROM[k] as number] as number, acc[KIND_TO[k] as number] as number, x, g.side === SIDE_I ? i : t, day);
    }
    const pos = this.positions;
    pos[ACCOUNT_ISSUER] = this.pIssuer(issuer);
    pos[ACCOUNT_SCHEME] = this.pScheme();
    pos[ACCOUNT_ACQUIRER] = this.pAcquirer(acquirer);
    pos[ACCOUNT_MERCHANT] = this.pMerchants(acquirer);
    pos[ACCOUNT_FX] = this.pFx();
    const nCur = this.nCur;
    const row = cycle * this.nPart;
    const touched = this.gTouched.data;
    for (let n = 0; n < table.touches.length; n++) {
      const [type, side] = table.touches[n] as readonly [number, number];
      touched[(row + (pos[type] as number)) * nCur + (side === SIDE_I ? i : t)] = 1;
    }
    const debit = this.gDebit.data;
    const credit = this.gCredit.data;
    const fees = this.gFees.data;
    for (let n = 0; n < legs.length; n++) {
      const g = legs[n] as Leg;
      let x = amt[g.slot] as number;
      let k = g.kind;
      if (x === 0) continue;
      if (x < 0) {
        x = -x;
        k = g.negKind;
      }
      const c = g.side === SIDE_I ? i : t;
      const end = k * MAX_EFFECTS + (EFFECT_COUNT[k] as number);
      for (let e = k * MAX_EFFECTS; e < end; e++) {
        const at = (row + (pos[EFFECT_PARTY[e] as number] as number)) * nCur + c;
        if (EFFECT_DEBIT[e] === 1) debit[at] = (debit[at] as number) + x;
        else credit[at] = (credit[at] as number) + x;
        const f = EFFECT_FEE[e] as number;
        if (f !== 0) fees[at] = (fees[at] as number) + f * x;
        touched[at] = 1;
      }
      const sign = COLLECTION_SIGN[k] as number;
      if (sign !== 0) {
        const ci = issuer * nCur + c;
        this.collections[ci] = (this.collections[ci] as number) + sign * x;
      }
      const feeType = FEE_TYPE_OF[k] as number;
      if (feeType >= 0) this.feeStat(day, feeType, c, amt[g.valueSlot] as number, x);
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
    this.checkParties(issuer, acquirer, currency);
    const cross = issuerCurrency !== currency;
    if (cross) this.checkFx(currency, issuerCurrency, rateE8);
    const amt = this.amounts;
    amt[S_VALUE] = p.amountMinor;
    amt[S_INTERCHANGE] = b.interchange;
    amt[S_SCHEME_ISSUER] = b.schemeFeeIssuer;
    amt[S_SCHEME_ACQUIRER] = b.schemeFeeAcquirer;
    amt[S_MERCHANT_DISCOUNT] = b.merchantDiscount;
    amt[S_PLATFORM] = b.platformFee;
    amt[S_FX_FEE] = b.cardholderFxFee;
    if (!cross) {
      this.run(CLEAR, cycle, day, issuer, acquirer, currency, currency);
      return;
    }
    this.convertIssuerSide(rateE8, currency, issuerCurrency);
    // The scheme holds vI - aI of the issuer currency and is short v - a of the transaction currency.
    amt[S_SWAP_I] = (amt[S_VALUE_I] as number) - (amt[S_INTERCHANGE_I] as number);
    amt[S_SWAP_T] = (amt[S_INTERCHANGE] as number) - (amt[S_VALUE] as number);
    this.run(CLEAR_CROSS, cycle, day, issuer, acquirer, currency, issuerCurrency);
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
    this.checkParties(issuer, acquirer, currency);
    const cross = issuerCurrency !== currency;
    if (cross) this.checkFx(currency, issuerCurrency, rateE8);
    const amt = this.amounts;
    amt[S_VALUE] = cb.amount;
    amt[S_INTERCHANGE] = cb.interchange;
    amt[S_SCHEME_ISSUER] = cb.schemeFeeIssuer;
    amt[S_SCHEME_ACQUIRER] = cb.schemeFeeAcquirer;
    amt[S_MERCHANT_DISCOUNT] = cb.merchantDiscount;
    amt[S_PLATFORM] = cb.platformFee;
    amt[S_FX_FEE] = cb.cardholderFxFee;
    amt[S_CHARGEBACK_FEE] = cb.chargebackFee;
    if (!cross) {
      this.run(CHARGEBACK, cycle, day, issuer, acquirer, currency, currency);
      return;
    }
    this.convertIssuerSide(rateE8, currency, issuerCurrency);
    // The scheme holds v - a of the transaction currency and is short vI - aI of the issuer's: it swaps them back.
    amt[S_SWAP_T] = (amt[S_VALUE] as number) - (amt[S_INTERCHANGE] as number);
    amt[S_SWAP_I] = (amt[S_INTERCHANGE_I] as number) - (amt[S_VALUE_I] as number);
    this.run(CHARGEBACK_CROSS, cycle, day, issuer, acquirer, currency, issuerCurrency);
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
    const amt = this.amounts;
    amt[S_SCHEME_ISSUER_I] = issuerFeeMinor;
    if (issuerCurrency !== currency) {
      this.checkFx(currency, issuerCurrency, rateE8);
      amt[S_SCHEME_ISSUER_I] = this.conv(issuerFeeMinor, rateE8, currency, issuerCurrency);
    }
    amt[S_SCHEME_ACQUIRER] = acquirerFeeMinor;
    this.run(AUTHORIZATION_FEES, cycle, day, issuer, acquirer, currency, issuerCurrency);
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

  /** Net collected by an issuer from its cardholders (purchases + FX fees - refunds). */
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
