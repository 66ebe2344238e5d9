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
 * own currency, and bills its cardholders in it (sources §2.6: cross-border settles in USD or CNY
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

import { ACCOUNT_ACQUIRER, ACCOUNT_CARDHOLDER, ACCOUNT_FX, ACCOUNT_ISSUER, ACCOUNT_MERCHANT, ACCOUNT_SCHEME, ACCOUNT_TYPES, KIND_COUNT, KIND_FROM, KIND_TO, POSTING_KINDS } from './accounts.js';
import { BookTotals, type BookSnapshot, type ParticipantType } from './book-totals.js';
import type { ChargebackBreakdown, FeeBreakdown, PurchaseInput } from './fees.js';
import { Ledger, type LedgerOptions } from './ledger.js';
import { currencyExponent, fxConvert, FX_SCALE, isKnownCurrency } from './money.js';
import * as legs from './settlement-legs.js';
import { ATM_WITHDRAWAL, ATM_WITHDRAWAL_CROSS } from './atm-legs.js';
import { clearOneCurrency } from './settlement-fast.js';
import { verifySettlement } from './settlement-verify.js';
import { checkSameParties, snapshotParties } from './snapshots.js';

export { PARTICIPANT_TYPES, bookSnapshotBuffers, type BookSnapshot, type ParticipantType } from './book-totals.js';

/** The ledger's options (names, currencies: `currency` arguments index them; the posting stream for ledger.csv), with names, not counts. */
export interface SettlementOptions extends LedgerOptions {
  readonly issuers: readonly string[];
  readonly acquirers: readonly string[];
  /** Merchant payout by acquirers at T + N days (default 1, sources §2.6 A). */
  readonly merchantPayoutDays?: number;
  /** Interbank net settlement at T + N days (default 1, sources §2.6 A). */
  readonly interbankSettlementDays?: number;
  /**
   * The day on which a position of cycle `cycle` settles `days` days later, by the market's
   * calendar (T + N business days); absent: `cycle + days`, calendar days.
   */
  readonly settlementDay?: (cycle: number, days: number) => number;
}

/** One settlement.csv row. */
export interface SettlementRow {
  cycle: number;
  /** Day offset (from day 0 of the run) on which this position settles. */
  settlement_day: number;
  /** With wallet platforms also their positions on the clearing house (platform-settlement.ts). */
  participant_type: ParticipantType | 'platform' | 'bank' | 'clearing_house';
  /** For `merchant`: the acquirer (or wallet platform) whose merchants these are. */
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

export class SettlementBook {
  /** The double-entry ledger the book posts to. */
  readonly ledger: Ledger;
  readonly currencies: readonly string[];
  readonly merchantPayoutDays: number;
  readonly interbankSettlementDays: number;
  private readonly settlementDay: (cycle: number, days: number) => number;
  private readonly nIss: number;
  private readonly nAcq: number;
  private readonly nCur: number;
  /** Decimal places of each currency (-1: not in the currency table, no conversion possible). */
  private readonly exps: Int8Array;
  /** Positions, fee statistics and cardholder collections. */
  private readonly totals: BookTotals;
  // Scratch of the leg interpreter (no allocation per event): amounts by slot, accounts and positions by account type.
  private readonly amounts = new Float64Array(legs.SLOT_COUNT);
  private readonly accounts = new Int32Array(ACCOUNT_TYPES.length);
  private readonly positions = new Int32Array(ACCOUNT_TYPES.length);
  /** The settlement position of each ledger account (-1 for cardholders, who have none). */
  private readonly positionOf: Int32Array;

  constructor(opts: SettlementOptions) {
    this.merchantPayoutDays = opts.merchantPayoutDays ?? 1;
    this.interbankSettlementDays = opts.interbankSettlementDays ?? 1;
    this.settlementDay = opts.settlementDay ?? ((cycle, days) => cycle + days);
    // The book's names are its ledger's: one list, copied once.
    this.ledger = new Ledger({ ...opts, issuers: [...opts.issuers], acquirers: [...opts.acquirers] });
    this.currencies = this.ledger.currencies;
    this.nIss = opts.issuers.length;
    this.nAcq = opts.acquirers.length;
    this.nCur = this.currencies.length;
    this.exps = Int8Array.from(this.currencies, (c) => (isKnownCurrency(c) ? currencyExponent(c) : -1));
    this.totals = new BookTotals(this.nIss, this.nAcq, this.nCur);
    const L = this.ledger;
    const tot = this.totals;
    this.positionOf = new Int32Array(L.accountCount).fill(-1);
    for (let p = 0; p < this.nIss; p++) this.positionOf[L.issuer(p)] = tot.pIssuer(p);
    for (let p = 0; p < this.nAcq; p++) {
      this.positionOf[L.acquirer(p)] = tot.pAcquirer(p);
      this.positionOf[L.merchants(p)] = tot.pMerchants(p);
    }
    this.positionOf[L.scheme()] = tot.pScheme();
    this.positionOf[L.fx()] = tot.pFx();
  }

  /** Index of a currency code in this book. */
  currencyIndex(code: string): number {
    return this.ledger.currencyIndex(code);
  }

  /** Number of cycles seen so far (the highest cycle + 1). */
  get cycleCount(): number {
    return this.totals.gDebit.rows;
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

  /** Fill the transaction-currency slots of a purchase or chargeback. */
  private load(value: number, interchange: number, schemeIssuer: number, schemeAcquirer: number, merchantDiscount: number, platform: number, fxFee: number, chargebackFee: number): void {
    const amt = this.amounts;
    amt[legs.S_VALUE] = value;
    amt[legs.S_INTERCHANGE] = interchange;
    amt[legs.S_SCHEME_ISSUER] = schemeIssuer;
    amt[legs.S_SCHEME_ACQUIRER] = schemeAcquirer;
    amt[legs.S_MERCHANT_DISCOUNT] = merchantDiscount;
    amt[legs.S_PLATFORM] = platform;
    amt[legs.S_FX_FEE] = fxFee;
    amt[legs.S_CHARGEBACK_FEE] = chargebackFee;
  }

  /**
   * Run the loaded purchase or chargeback: by table `same` when the issuer settles in the
   * transaction currency, else by `cross` after converting the issuer side part by part and
   * putting the scheme's FX swaps in their slots.
   */
  private event(same: legs.LegTable, cross: legs.LegTable, cycle: number, day: number, issuer: number, acquirer: number, currency: number, issuerCurrency: number, rateE8: number): void {
    this.checkParties(issuer, acquirer, currency);
    if (issuerCurrency === currency) {
      this.run(same, cycle, day, issuer, acquirer, currency, currency);
      return;
    }
    this.checkFx(currency, issuerCurrency, rateE8);
    const amt = this.amounts;
    const rate = rateE8;
    const t = currency;
    const i = issuerCurrency;
    amt[legs.S_VALUE_I] = this.conv(amt[legs.S_VALUE] as number, rate, t, i);
    amt[legs.S_INTERCHANGE_I] = this.conv(amt[legs.S_INTERCHANGE] as number, rate, t, i);
    amt[legs.S_SCHEME_ISSUER_I] = this.conv(amt[legs.S_SCHEME_ISSUER] as number, rate, t, i);
    amt[legs.S_FX_FEE_I] = this.conv(amt[legs.S_FX_FEE] as number, rate, t, i);
    amt[legs.S_SWAP_I] = (amt[legs.S_VALUE_I] as number) - (amt[legs.S_INTERCHANGE_I] as number);
    amt[legs.S_SWAP_T] = (amt[legs.S_INTERCHANGE] as number) - (amt[legs.S_VALUE] as number);
    this.run(cross, cycle, day, issuer, acquirer, t, i);
  }

  /**
   * The interpreter of the leg tables (settlement-legs.ts): post every leg of `table` whose slot
   * holds a non-zero amount, in table order, then book the legs' settlement positions, the
   * issuer's cardholder collections and the fees.csv statistics. `t` and `i` are the currency
   * indexes of the transaction and issuer sides (equal for a single-currency event).
   */
  // hot path: runs per cleared purchase (millions); indexed loops over a fixed table and typed arrays, no allocation.
  private run(table: legs.LegTable, cycle: number, day: number, issuer: number, acquirer: number, t: number, i: number): void {
    const tot = this.totals;
    tot.ensure(cycle, day);
    const L = this.ledger;
    const acc = this.accounts;
    acc[ACCOUNT_CARDHOLDER] = L.cardholders(issuer);
    acc[ACCOUNT_ISSUER] = L.issuer(issuer);
    acc[ACCOUNT_SCHEME] = L.scheme();
    acc[ACCOUNT_ACQUIRER] = L.acquirer(acquirer);
    acc[ACCOUNT_MERCHANT] = L.merchants(acquirer);
    acc[ACCOUNT_FX] = L.fx();
    const amt = this.amounts;
    const list = table.legs;
    for (let n = 0; n < list.length; n++) {
      const g = list[n] as legs.Leg;
      let x = amt[g.slot] as number;
      if (x === 0) continue; // post would record nothing
      let k = g.kind;
      if (x < 0 && g.negKind !== k) {
        x = -x;
        k = g.negKind;
      }
      L.post(k, acc[KIND_FROM[k] as number] as number, acc[KIND_TO[k] as number] as number, x, g.side === legs.SIDE_I ? i : t, day);
    }
    const pos = this.positions;
    const positionOf = this.positionOf;
    for (let ty = ACCOUNT_ISSUER; ty <= ACCOUNT_FX; ty++) pos[ty] = positionOf[acc[ty] as number] as number;
    const nCur = this.nCur;
    const row = cycle * tot.nPart;
    const touched = tot.gTouched.data;
    const touches = table.touches;
    for (let n = 0; n < touches.length; n++) {
      const at = touches[n] as readonly [number, number];
      touched[(row + (pos[at[0]] as number)) * nCur + (at[1] === legs.SIDE_I ? i : t)] = 1;
    }
    const debit = tot.gDebit.data;
    const credit = tot.gCredit.data;
    const fees = tot.gFees.data;
    const collections = tot.collections;
    const fCount = tot.fCount.data;
    const fValue = tot.fValue.data;
    const fFee = tot.fFee.data;
    for (let n = 0; n < list.length; n++) {
      const g = list[n] as legs.Leg;
      let x = amt[g.slot] as number;
      let k = g.kind;
      if (x === 0) continue;
      if (x < 0) {
        x = -x;
        k = g.negKind;
      }
      const c = g.side === legs.SIDE_I ? i : t;
      const end = k * legs.MAX_EFFECTS + (legs.EFFECT_COUNT[k] as number);
      for (let e = k * legs.MAX_EFFECTS; e < end; e++) {
        const at = (row + (pos[legs.EFFECT_PARTY[e] as number] as number)) * nCur + c;
        if (legs.EFFECT_DEBIT[e] === 1) debit[at] = (debit[at] as number) + x;
        else credit[at] = (credit[at] as number) + x;
        const f = legs.EFFECT_FEE[e] as number;
        if (f !== 0) fees[at] = (fees[at] as number) + f * x;
        touched[at] = 1;
      }
      const sign = legs.COLLECTION_SIGN[k] as number;
      if (sign !== 0) {
        const ci = issuer * nCur + c;
        collections[ci] = (collections[ci] as number) + sign * x;
      }
      const feeType = legs.FEE_TYPE_OF[k] as number;
      if (feeType >= 0) {
        const fi = (day * KIND_COUNT + feeType) * nCur + c; // tot.feeStat, inlined
        fCount[fi] = (fCount[fi] as number) + 1;
        fValue[fi] = (fValue[fi] as number) + (amt[g.valueSlot] as number);
        fFee[fi] = (fFee[fi] as number) + x;
      }
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
    if (issuerCurrency === currency) {
      this.checkParties(issuer, acquirer, currency);
      clearOneCurrency(this.ledger, this.totals, cycle, day, issuer, acquirer, currency, p.amountMinor, b);
      return;
    }
    this.clearByTable(cycle, day, issuer, acquirer, p, b, currency, issuerCurrency, rateE8);
  }

  /** `clear` through the leg interpreter alone: the definition the one-currency fast path must match (a test compares them). */
  clearByTable(cycle: number, day: number, issuer: number, acquirer: number, p: PurchaseInput, b: FeeBreakdown, currency = 0, issuerCurrency = currency, rateE8 = FX_SCALE): void {
    this.load(p.amountMinor, b.interchange, b.schemeFeeIssuer, b.schemeFeeAcquirer, b.merchantDiscount, b.platformFee, b.cardholderFxFee, 0);
    this.event(legs.CLEAR, legs.CLEAR_CROSS, cycle, day, issuer, acquirer, currency, issuerCurrency, rateE8);
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
    this.load(cb.amount, cb.interchange, cb.schemeFeeIssuer, cb.schemeFeeAcquirer, cb.merchantDiscount, cb.platformFee, cb.cardholderFxFee, cb.chargebackFee);
    this.event(legs.CHARGEBACK, legs.CHARGEBACK_CROSS, cycle, day, issuer, acquirer, currency, issuerCurrency, rateE8);
  }

  /**
   * A fraud loss the issuer bears: it refunds its cardholder `amountMinor` of the transaction
   * currency (converted at `rateE8` when it bills in another). `cycle` and `day` are those of the
   * write-off. No settlement position moves: only the issuer's cardholder collections.
   */
  fraudWriteOff(cycle: number, day: number, issuer: number, acquirer: number, amountMinor: number, currency = 0, issuerCurrency = currency, rateE8 = FX_SCALE): void {
    this.load(amountMinor, 0, 0, 0, 0, 0, 0, 0);
    this.event(legs.FRAUD_WRITE_OFF, legs.FRAUD_WRITE_OFF_CROSS, cycle, day, issuer, acquirer, currency, issuerCurrency, rateE8);
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
    amt[legs.S_SCHEME_ISSUER_I] = issuerFeeMinor;
    if (issuerCurrency !== currency) {
      this.checkFx(currency, issuerCurrency, rateE8);
      amt[legs.S_SCHEME_ISSUER_I] = this.conv(issuerFeeMinor, rateE8, currency, issuerCurrency);
    }
    amt[legs.S_SCHEME_ACQUIRER] = acquirerFeeMinor;
    this.run(legs.AUTHORIZATION_FEES, cycle, day, issuer, acquirer, currency, issuerCurrency);
  }

  /**
   * An ATM cash withdrawal of `amountMinor` at an ATM of `acquirer` with a card of `issuer`, with
   * the ATM interchange (issuer -> acquirer) and the cardholder's fee (atm-legs.ts). `currency`,
   * `issuerCurrency` and `rateE8` as in `clear`: across currencies the issuer side is converted
   * part by part and the scheme swaps what it received for what it pays the acquirer.
   */
  withdrawal(cycle: number, day: number, issuer: number, acquirer: number, amountMinor: number, interchangeMinor: number, cardholderFeeMinor: number, currency = 0, issuerCurrency = currency, rateE8 = FX_SCALE): void {
    this.checkParties(issuer, acquirer, currency);
    this.load(amountMinor, interchangeMinor, 0, 0, 0, 0, cardholderFeeMinor, 0);
    if (issuerCurrency === currency) {
      this.run(ATM_WITHDRAWAL, cycle, day, issuer, acquirer, currency, currency);
      return;
    }
    this.checkFx(currency, issuerCurrency, rateE8);
    const amt = this.amounts;
    amt[legs.S_VALUE_I] = this.conv(amountMinor, rateE8, currency, issuerCurrency);
    amt[legs.S_INTERCHANGE_I] = this.conv(interchangeMinor, rateE8, currency, issuerCurrency);
    amt[legs.S_FX_FEE_I] = this.conv(cardholderFeeMinor, rateE8, currency, issuerCurrency);
    amt[legs.S_SWAP_I] = (amt[legs.S_VALUE_I] as number) + (amt[legs.S_INTERCHANGE_I] as number);
    amt[legs.S_SWAP_T] = -(amountMinor + interchangeMinor);
    this.run(ATM_WITHDRAWAL_CROSS, cycle, day, issuer, acquirer, currency, issuerCurrency);
  }

  // Reading ------------------------------------------------------------------------------------

  /** Net position (gross credit - gross debit) of a participant in a cycle; 0 if none. `index` is ignored for the scheme and `fx`. */
  netPosition(cycle: number, type: ParticipantType, index: number, currency = 0): number {
    return this.totals.net(cycle, this.totals.participant(type, index), currency);
  }

  /** Gross debit and credit of a participant in a cycle. */
  gross(cycle: number, type: ParticipantType, index: number, currency = 0): { debit: number; credit: number; fees: number } {
    const tot = this.totals;
    if (cycle >= tot.gDebit.rows) return { debit: 0, credit: 0, fees: 0 };
    const i = tot.at(cycle, tot.participant(type, index), currency);
    return { debit: tot.gDebit.get(i), credit: tot.gCredit.get(i), fees: tot.gFees.get(i) };
  }

  /** Net collected by an issuer from its cardholders (purchases + FX fees - refunds). */
  cardholderCollections(issuer: number, currency = 0): number {
    return this.totals.collections[issuer * this.nCur + currency] as number;
  }

  private participantOf(p: number): { type: ParticipantType; name: string; delay: number } {
    if (p < this.nIss) return { type: 'issuer', name: this.ledger.parties.issuers[p] as string, delay: this.interbankSettlementDays };
    if (p === this.nIss) return { type: 'scheme', name: this.ledger.parties.schemeName, delay: this.interbankSettlementDays };
    if (p < this.nIss + 1 + this.nAcq) return { type: 'acquirer', name: this.ledger.parties.acquirers[p - this.nIss - 1] as string, delay: this.interbankSettlementDays };
    if (p === this.totals.pFx()) return { type: 'fx', name: this.ledger.parties.fxName, delay: this.interbankSettlementDays };
    return { type: 'merchant', name: this.ledger.parties.acquirers[p - this.nIss - 1 - this.nAcq] as string, delay: this.merchantPayoutDays };
  }

  /** settlement.csv rows: by cycle, then issuers, scheme, acquirers, merchants, the FX account, then currency; only positions with activity. */
  *settlementRows(): Generator<SettlementRow> {
    const tot = this.totals;
    for (let cy = 0; cy < tot.gDebit.rows; cy++) {
      for (let p = 0; p < tot.nPart; p++) {
        const who = this.participantOf(p);
        for (let c = 0; c < this.nCur; c++) {
          const i = tot.at(cy, p, c);
          if (tot.gTouched.get(i) === 0) continue;
          const d = tot.gDebit.get(i);
          const cr = tot.gCredit.get(i);
          const net = cr - d;
          const gross = d + cr;
          yield {
            cycle: cy,
            settlement_day: this.settlementDay(cy, who.delay),
            participant_type: who.type,
            participant: who.name,
            currency: this.currencies[c] as string,
            gross_debit_minor: d,
            gross_credit_minor: cr,
            fees_minor: tot.gFees.get(i),
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
    const tot = this.totals;
    for (let day = 0; day < tot.fCount.rows; day++) {
      for (let k = 0; k < KIND_COUNT; k++) {
        for (let c = 0; c < this.nCur; c++) {
          const i = (day * KIND_COUNT + k) * this.nCur + c;
          const count = tot.fCount.get(i);
          if (count === 0) continue;
          const value = tot.fValue.get(i);
          const fee = tot.fFee.get(i);
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
    return {
      format: 'quartet.book/2',
      ...snapshotParties(this.ledger.parties),
      merchantPayoutDays: this.merchantPayoutDays,
      interbankSettlementDays: this.interbankSettlementDays,
      ...this.totals.arrays(),
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
    this.totals.merge(s);
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
    checkSameParties(snapshotParties(this.ledger.parties), s);
    if (s.merchantPayoutDays !== this.merchantPayoutDays || s.interbankSettlementDays !== this.interbankSettlementDays) {
      throw new RangeError(
        `cannot merge a snapshot with settlement delays ${s.merchantPayoutDays}/${s.interbankSettlementDays} (merchant/interbank) into ${this.merchantPayoutDays}/${this.interbankSettlementDays}`,
      );
    }
    this.totals.checkArrays(s);
    this.ledger.checkSnapshot(s.ledger);
  }

  /** Check the ledger and the settlement invariants (module comment); throws LedgerInvariantError. */
  verify(): void {
    verifySettlement(this.ledger, this.totals, snapshotParties(this.ledger.parties));
  }
}
