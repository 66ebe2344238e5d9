import { runCalendar } from './calendar.js';
import {
  CHANNEL_CARD_NOT_PRESENT,
  CHANNEL_CARD_PRESENT,
  CHANNEL_QR as CLASS_QR,
  CHANNEL_WALLET_TOKEN,
  CompareAccumulator,
  FeePricer,
  PRODUCT_CREDIT,
  PRODUCT_DEBIT,
  SettlementBook,
  createChargebackBreakdown,
  createFeeBreakdown,
  type FeeBreakdown,
  type FeeModel,
  type PostingListener,
  type PurchaseInput,
  FX_SCALE,
  FxTable,
} from '../economics/index.js';
import type { SettlementOptions } from '../economics/settlement.js';
import type { Stream } from '../engine/rng.js';
import { Priority, type Simulation } from '../engine/simulation.js';
import { US_PER_DAY } from '../engine/time.js';
import {
  CHANNEL_CHIP,
  CHANNEL_CONTACTLESS,
  CHANNEL_ECOMMERCE,
  CHANNEL_NFC_TOKEN,
  CHANNEL_QR,
  type MoneySpec,
  type Scenario,
} from '../scenario/types.js';
import { Sampler } from './dist.js';
import { MarketMoney } from './market-money.js';
import { OneMarket, type Booking } from './booking.js';
import { SlotPool } from './slot-pool.js';

/** Fee channel class of each terminal channel (index = channel number). */
const CHANNEL_CLASS: readonly number[] = (() => {
  const c: number[] = [];
  c[CHANNEL_CHIP] = CHANNEL_CARD_PRESENT;
  c[CHANNEL_CONTACTLESS] = CHANNEL_CARD_PRESENT;
  c[CHANNEL_NFC_TOKEN] = CHANNEL_WALLET_TOKEN;
  c[CHANNEL_QR] = CLASS_QR;
  c[CHANNEL_ECOMMERCE] = CHANNEL_CARD_NOT_PRESENT;
  return c;
})();

/** The settlement book options of a scenario (the same for every shard of a run). */
export function bookOptions(sc: Scenario, money: MoneySpec): SettlementOptions {
  return {
    issuers: sc.issuers.map((i) => i.name),
    acquirers: sc.acquirers.map((a) => a.name),
    currencies: bookCurrencies(sc, money),
    schemeName: sc.switch.name,
    merchantPayoutDays: money.merchantPayoutDays,
    interbankSettlementDays: money.settlementDays,
    ...businessDaySettlement(sc, money),
  };
}

/** With a calendar, settlement is T + N business days: no position settles on a weekend or holiday. */
function businessDaySettlement(sc: Scenario, money: MoneySpec): { settlementDay?: (cycle: number, days: number) => number } {
  const rc = runCalendar(sc);
  if (rc === undefined) return {};
  const base = cycleBase(sc, money);
  const { cal, startDay } = rc;
  // Book cycles are local days shifted by `base` (see cycleBase).
  return { settlementDay: (cycle, days) => base + cal.addBusinessDays(startDay + cycle - base, days) - startDay };
}

/**
 * The currencies of the books: the scenario's first (index 0, the transaction currency), then the
 * issuers' settlement currencies in the order of the issuers.
 */
export function bookCurrencies(sc: Scenario, money: MoneySpec): string[] {
  const out = [sc.currency];
  for (const c of money.issuerSettlementCurrency) if (!out.includes(c)) out.push(c);
  // Several markets: their merchants' currencies too (market-money.ts).
  for (const m of sc.markets?.list ?? []) if (!out.includes(m.currency)) out.push(m.currency);
  return out;
}

/** See `Clearing.cycleBase`. */
export function cycleBase(sc: Scenario, money: MoneySpec): number {
  return money.acquirerZoneShiftUs.some((s) => sc.startLocalUs + s < 0) ? 1 : 0;
}

/** What a pending item of the clearing is: a chargeback, or an issuer's fraud write-off. */
const PENDING_CHARGEBACK = 0;
const PENDING_WRITE_OFF = 1;

/** What the clearing needs to know about a finished purchase (reused object). */
export interface ClearingInput {
  /** Time the terminal got its answer (µs since the start). */
  atUs: number;
  issuer: number;
  acquirer: number;
  mcc: number;
  channel: number;
  credit: boolean;
  amountMinor: number;
}

/**
 * Clearing, fees and net settlement, event by event. Each approved purchase is presented by its
 * acquirer in the clearing cycle of the acquirer's next cut-off (its own time zone; later ones go
 * to the next cycle); the scheme prices it with the fee model and the settlement book posts the
 * balanced ledger entries. A share of cleared purchases comes back as a chargeback after a drawn
 * delay, in a later cycle. Declined and timed-out authorizations pay the per-authorization scheme
 * fees only.
 *
 * Several fee models can price the same stream at once (`sim compare`): each has its own pricer
 * and book, and nothing here draws randomness per model, so the purchases are the same by
 * construction. The only stream used, for chargebacks, is drawn once per cleared purchase
 * whatever the models.
 */
export class Clearing {
  readonly models: readonly FeeModel[];
  readonly books: SettlementBook[];
  readonly compare: CompareAccumulator;
  private readonly pricers: FeePricer[];
  private readonly money: MoneySpec;
  private readonly sc: Scenario;
  private readonly purchase: PurchaseInput = { amountMinor: 0, product: 0, mcc: 0, channelClass: 0, crossBorder: false };
  private readonly fees: FeeBreakdown = createFeeBreakdown();
  private readonly cb = createChargebackBreakdown();
  private readonly delay: Sampler;
  private readonly kChargeback: number;

  // Pending chargebacks and write-offs, by id.
  private readonly pending = new SlotPool({
    issuer: new Int32Array(64),
    acquirer: new Int32Array(64),
    mcc: new Int32Array(64),
    channelClass: new Uint8Array(64),
    product: new Uint8Array(64),
    cycle: new Int32Array(64),
    amount: new Float64Array(64),
    /** PENDING_CHARGEBACK or PENDING_WRITE_OFF (a fraud loss the issuer bears). */
    kind: new Uint8Array(64),
  });

  /**
   * Offset of the cycle indexes: 1 when an acquirer west of the scenario's zone starts the run on
   * the eve of day 0 (its cut-off that evening is cycle "-1", index 0), else 0. Outputs subtract it.
   */
  readonly cycleBase: number;

  /** Book currencies (index 0 = the transaction currency) and each issuer's settlement currency index. */
  private readonly currencies: readonly string[];
  private readonly issuerCurrency: Int32Array;
  private readonly fx: FxTable;
  /** Several markets: each purchase booked in its merchant's currency (market-money.ts). */
  readonly markets: MarketMoney | undefined;
  /** How every event is booked: `markets`, or the one market's booking (booking.ts). */
  private readonly booking: Booking;

  /** Rate from the transaction currency to issuer `i`'s settlement currency on `day` (x 1e8). */
  private rateTo(issuer: number, day: number): number {
    const ic = this.issuerCurrency[issuer]!;
    return ic === 0 ? FX_SCALE : this.fx.rateE8(this.currencies[0]!, this.currencies[ic]!, day);
  }

  /** Cleared purchases, chargebacks filed, authorizations charged without clearing. */
  cleared = 0;
  chargebacks = 0;
  authOnly = 0;
  /** ATM withdrawals cleared. */
  withdrawals = 0;
  /** Fraud losses scheduled: as chargebacks to merchants (counted in `chargebacks` when filed) and as issuer write-offs. */
  fraudChargebacks = 0;
  fraudWriteOffs = 0;

  constructor(
    sc: Scenario,
    money: MoneySpec,
    models: readonly FeeModel[],
    private readonly sim: Simulation,
    private readonly stream: Stream,
    onPosting?: PostingListener,
  ) {
    this.sc = sc;
    this.money = money;
    this.models = models;
    this.pricers = models.map((m) => new FeePricer(m));
    this.books = models.map(
      (_, k) =>
        // The ledger listing follows the run's own fee model, the first.
        new SettlementBook({ ...bookOptions(sc, money), ...(k === 0 && onPosting !== undefined ? { onPosting } : {}) }),
    );
    this.compare = new CompareAccumulator(models.map((m) => ({ name: m.name, avoidedCostOfCashPpm: m.avoidedCostOfCashPpm })));
    this.delay = Sampler.duration(money.chargebackDelay);
    this.cycleBase = cycleBase(sc, money);
    const currencies = bookCurrencies(sc, money);
    this.currencies = currencies;
    this.issuerCurrency = Int32Array.from(money.issuerSettlementCurrency.map((c) => currencies.indexOf(c)));
    // Settlement converts at the scenario's own fee model's rates, whatever models price the purchases.
    this.fx = new FxTable(money.feeModel.fx.rates);
    this.markets = sc.markets === undefined ? undefined : new MarketMoney(sc, currencies, this.fx);
    this.booking = this.markets ?? new OneMarket(money.crossBorderIssuers);
    this.kChargeback = sim.on('chargeback', (_t, id) => this.onChargeback(id));
  }

  /**
   * Clearing cycle index of a time at acquirer a: the cycle of the acquirer's next cut-off
   * (inclusive), numbered by the acquirer-local day of that cut-off plus `cycleBase`.
   */
  cycleOf(acquirer: number, t: number): number {
    const local = t + this.sc.startLocalUs + this.money.acquirerZoneShiftUs[acquirer]!;
    const day = Math.floor(local / US_PER_DAY);
    return this.cycleBase + day + (local - day * US_PER_DAY > this.money.cutoffLocalUs[acquirer]! ? 1 : 0);
  }

  /** Local calendar day (scenario time zone) of a time. */
  private dayOf(t: number): number {
    return Math.max(0, Math.floor((t + this.sc.startLocalUs) / US_PER_DAY));
  }

  private fill(x: ClearingInput): PurchaseInput {
    const p = this.purchase;
    p.amountMinor = x.amountMinor;
    p.product = x.credit ? PRODUCT_CREDIT : PRODUCT_DEBIT;
    p.mcc = x.mcc;
    p.channelClass = CHANNEL_CLASS[x.channel]!;
    p.crossBorder = this.booking.isCross(x.issuer, x.acquirer);
    return p;
  }

  /** An approved purchase: present, price and book it; perhaps file a chargeback later. */
  approved(x: ClearingInput): void {
    const cycle = this.clearOne(x);
    const m = this.money;
    if (m.chargebackShare > 0 && this.stream.uniform() < m.chargebackShare) {
      const d = this.delay.sample(this.stream);
      const at = x.atUs + d;
      // Filed within the dispute window, and inside the run (later ones are not simulated).
      if (d <= m.chargebackWindowUs && at < this.sc.durationUs) this.pend(x, cycle, this.purchase.amountMinor, PENDING_CHARGEBACK, at);
    }
  }

  /** An approved fraud attempt (fraud-book.ts): cleared like any purchase, without the random chargeback draw (its loss is booked by `fraudLoss`). */
  approvedFraud(x: ClearingInput): void {
    this.clearOne(x);
  }

  /**
   * The loss of an approved fraud attempt, booked at `atUs` if inside the run: the merchant bears
   * it through a chargeback of the purchase (fees reversed as in any chargeback), or the issuer
   * writes off `amountMinor` to its cardholder (`fraud_write_off`). Nothing when 0.
   */
  fraudLoss(x: ClearingInput, merchantBears: boolean, amountMinor: number, atUs: number): void {
    if (!(amountMinor > 0) || atUs >= this.sc.durationUs) return;
    this.fill(x);
    this.pend(x, this.cycleOf(x.acquirer, x.atUs), amountMinor, merchantBears ? PENDING_CHARGEBACK : PENDING_WRITE_OFF, atUs);
    if (merchantBears) this.fraudChargebacks++;
    else this.fraudWriteOffs++;
  }

  /** Presents, prices and books a purchase in every book; returns its cycle. */
  private clearOne(x: ClearingInput): number {
    const p = this.fill(x);
    const cycle = this.cycleOf(x.acquirer, x.atUs);
    const day = this.dayOf(x.atUs);
    const ic = this.issuerCurrency[x.issuer]!;
    const rate = this.rateTo(x.issuer, day);
    for (let k = 0; k < this.pricers.length; k++) {
      this.pricers[k]!.price(p, this.fees);
      this.booking.clear(this.books[k]!, cycle, day, x.issuer, x.acquirer, p, this.fees, ic, rate);
      this.compare.add(k, p, this.fees);
    }
    this.booking.countCleared(day, x.acquirer, p.amountMinor);
    this.cleared++;
    return cycle;
  }

  /** Holds a chargeback or a fraud write-off of the purchase in `this.purchase` (filled from `x`) until `at`. */
  private pend(x: ClearingInput, cycle: number, amountMinor: number, kind: number, at: number): void {
    const p = this.purchase;
    const id = this.pending.alloc();
    const c = this.pending.cols;
    c.issuer[id] = x.issuer;
    c.acquirer[id] = x.acquirer;
    c.mcc[id] = p.mcc;
    c.channelClass[id] = p.channelClass;
    c.product[id] = p.product;
    c.cycle[id] = cycle;
    c.amount[id] = amountMinor;
    c.kind[id] = kind;
    this.sim.at(at, this.kChargeback, 0, id, Priority.NORMAL);
  }

  /**
   * A dispensed ATM withdrawal with its ATM interchange and cardholder fee (the scenario's `atm`
   * prices, the same under every fee model): booked in every book, in the cycle of the ATM
   * acquirer's next cut-off (economics/atm-legs.ts).
   */
  withdrawal(x: ClearingInput, interchangeMinor: number, cardholderFeeMinor: number): void {
    const cycle = this.cycleOf(x.acquirer, x.atUs);
    const day = this.dayOf(x.atUs);
    const ic = this.issuerCurrency[x.issuer]!;
    const rate = this.rateTo(x.issuer, day);
    for (const book of this.books) this.booking.withdrawal(book, cycle, day, x.issuer, x.acquirer, x.amountMinor, interchangeMinor, cardholderFeeMinor, ic, rate);
    this.withdrawals++;
  }

  /** A declined or timed-out authorization: the per-authorization scheme fees only. */
  notCleared(x: ClearingInput): void {
    const cycle = this.cycleOf(x.acquirer, x.atUs);
    const day = this.dayOf(x.atUs);
    for (let k = 0; k < this.pricers.length; k++) {
      const pr = this.pricers[k]!;
      const fi = pr.authFeeIssuer(x.mcc);
      const fa = pr.authFeeAcquirer(x.mcc);
      if (fi !== 0 || fa !== 0) {
        this.booking.authorizationFees(this.books[k]!, cycle, day, x.issuer, x.acquirer, fi, fa, this.issuerCurrency[x.issuer]!, this.rateTo(x.issuer, day));
        this.compare.addAuthorization(k, fi, fa);
      }
    }
    this.authOnly++;
  }

  private onChargeback(id: number): void {
    const c = this.pending.cols;
    if (c.kind[id] === PENDING_WRITE_OFF) return this.onWriteOff(id);
    const now = this.sim.now;
    const acq = c.acquirer[id]!;
    const p = this.purchase;
    p.amountMinor = c.amount[id]!;
    p.product = c.product[id]!;
    p.mcc = c.mcc[id]!;
    p.channelClass = c.channelClass[id]!;
    p.crossBorder = this.booking.isCross(c.issuer[id]!, acq);
    // It flows back in a later cycle than the one that cleared the purchase.
    const cycle = Math.max(this.cycleOf(acq, now), c.cycle[id]! + 1);
    const day = this.dayOf(now);
    const issuer = c.issuer[id]!;
    // The chargeback converts at the rate of its own day.
    const rate = this.rateTo(issuer, day);
    for (let k = 0; k < this.pricers.length; k++) {
      const pr = this.pricers[k]!;
      // Pricing is pure: re-pricing the purchase gives the breakdown it cleared with.
      pr.price(p, this.fees);
      pr.priceChargeback(p.amountMinor, this.fees, this.cb);
      this.booking.chargeback(this.books[k]!, cycle, day, issuer, acq, this.cb, this.issuerCurrency[issuer]!, rate);
      this.compare.addChargeback(k, p.channelClass, this.cb);
    }
    this.chargebacks++;
    this.pending.release(id);
  }

  /** An issuer's fraud write-off falls due: booked in a later cycle than the purchase, at the rate of its own day. */
  private onWriteOff(id: number): void {
    const c = this.pending.cols;
    const now = this.sim.now;
    const acq = c.acquirer[id]!;
    const issuer = c.issuer[id]!;
    const cycle = Math.max(this.cycleOf(acq, now), c.cycle[id]! + 1);
    const day = this.dayOf(now);
    const rate = this.rateTo(issuer, day);
    for (const b of this.books) this.booking.fraudWriteOff(b, cycle, day, issuer, acq, c.amount[id]!, this.issuerCurrency[issuer]!, rate);
    this.pending.release(id);
  }

  /** Proves every book's ledger and settlement invariants; throws LedgerInvariantError if broken. */
  verify(): void {
    for (const b of this.books) b.verify();
  }
}
