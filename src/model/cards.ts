import { hashUniform, saltOf } from '../engine/hash.js';
import type { CardsSpec } from '../scenario/types.js';
import { Sampler } from './dist.js';
import { normalQuantile } from './normal.js';

export { normalQuantile };

/** Card flag bits. */
export const CARD_INITIALISED = 1;
export const CARD_CREDIT = 2;
export const CARD_EXPIRED = 4;
export const CARD_BLOCKED = 8;
export const CARD_TOKEN = 16;

const INT32_MAX = 2147483647;

/**
 * Bytes of state per card, at most: flags, balance day and balance in one 8-byte record (the
 * flags alone, 1 byte, with unlimited funds); stand-in day 2, count 1, sum 4.
 */
export const CARD_BYTES = 15;

/** Bytes of a card's record with funds: flags at byte 0, balance day at bytes 2-3, balance at 4-7. */
const RECORD_BYTES = 8;

/**
 * All cards as typed arrays (at most 15 bytes per card). Cards are numbered by issuer:
 * issuer i owns the contiguous range [issuerStart[i], issuerStart[i+1]), and the first
 * `activeCount[i]` cards of each range are the active ones. A card's static attributes (product,
 * expired, blocked) and its starting funds are computed from (seed, card number) the first time
 * the card is touched, so building 200 M cards costs only the allocation.
 */
export class CardTable {
  readonly count: number;
  /**
   * A card's flags, balance day and balance sit in one 8-byte record, read through three views
   * of one buffer: a purchase touches a random card, and as three columns it took three cache
   * misses (russia.yaml spent 6 % of its time on the two in `hasFunds`), as one record one. With
   * unlimited funds the record is the flags byte alone, so a small card table stays small in
   * the cache (tandem's 100,000 cards: 100 KB, not 800 KB, which cost it 10 % of its time).
   * The flags of card c are at byte c * flagStride.
   */
  private readonly flags: Uint8Array;
  private readonly flagStride: number;
  /** Local day of the last replenishment of card c at 4c + 1 (a 16-bit day, as the stand-in day). */
  private readonly days: Uint16Array;
  /** Available balance (debit) or open-to-buy (credit) of card c at 2c + 1, minor units; may go negative after stand-in. */
  private readonly balances: Int32Array;
  /** Stand-in counters kept by the switch per card and local day. */
  readonly stipDay: Uint16Array;
  readonly stipCount: Uint8Array;
  readonly stipSumMinor: Int32Array;

  readonly issuerStart: Int32Array;
  readonly activeCount: Int32Array;
  /** Cumulative active counts: active card k (0-based over all issuers) is in issuer i where activeCum[i] <= k < activeCum[i+1]. */
  readonly activeCum: Float64Array;
  readonly totalActive: number;
  /** Cumulative purchase weights: active cards times the issuer's activity. */
  readonly activityCum: Float64Array;
  readonly totalActivity: number;
  private readonly activity: Float64Array;
  /** Whether any issuer's activity differs from 1 (then funds scale with it). */
  private readonly scaledFunds: boolean;

  private readonly salt: number;
  private readonly debitBalance: Sampler;
  private readonly creditLimit: Sampler;
  private readonly unlimited: boolean;
  private readonly creditShare: number;
  private readonly expiredShare: number;
  private readonly blockedShare: number;
  private readonly debitIncome: number;
  private readonly creditRepayment: number;
  /** Income follows spending: each local day the card is topped up to its standing balance. */
  private readonly topUp: boolean;

  constructor(spec: CardsSpec, issuerShares: readonly number[], seed: number | string, issuerActivity?: readonly number[]) {
    this.count = spec.count;
    const n = spec.count;
    this.flagStride = spec.unlimitedFunds ? 1 : RECORD_BYTES;
    const records = new ArrayBuffer(n * this.flagStride);
    this.flags = new Uint8Array(records);
    this.days = spec.unlimitedFunds ? new Uint16Array(0) : new Uint16Array(records);
    this.balances = spec.unlimitedFunds ? new Int32Array(0) : new Int32Array(records);
    this.stipDay = new Uint16Array(n);
    this.stipCount = new Uint8Array(n);
    this.stipSumMinor = new Int32Array(n);
    const k = issuerShares.length;
    this.issuerStart = new Int32Array(k + 1);
    this.activeCount = new Int32Array(k);
    this.activeCum = new Float64Array(k + 1);
    // Largest-remainder apportionment of cards to issuers, so counts sum exactly to n.
    const counts = apportion(n, issuerShares);
    let start = 0;
    for (let i = 0; i < k; i++) {
      this.issuerStart[i] = start;
      start += counts[i]!;
      const active = Math.round(counts[i]! * spec.activeShare);
      this.activeCount[i] = active;
      this.activeCum[i + 1] = this.activeCum[i]! + active;
    }
    this.issuerStart[k] = start;
    this.totalActive = this.activeCum[k]!;
    this.activity = Float64Array.from(issuerShares.map((_, i) => issuerActivity?.[i] ?? 1));
    this.activityCum = new Float64Array(k + 1);
    for (let i = 0; i < k; i++) this.activityCum[i + 1] = this.activityCum[i]! + this.activeCount[i]! * this.activity[i]!;
    this.totalActivity = this.activityCum[k]!;
    this.scaledFunds = this.activity.some((a) => a !== 1);
    this.salt = saltOf(`cards/${seed}`);
    this.debitBalance = Sampler.amount(spec.debitBalance);
    this.creditLimit = Sampler.amount(spec.creditLimit);
    this.unlimited = spec.unlimitedFunds;
    this.creditShare = spec.creditShare;
    this.expiredShare = spec.expiredShare;
    this.blockedShare = spec.blockedShare;
    this.debitIncome = spec.debitIncomePerDayMinor;
    this.creditRepayment = spec.creditRepaymentPerDayMinor;
    this.topUp = spec.incomeTopUp === true;
  }

  /** Bytes held by the per-card columns. */
  stateBytes(): number {
    return (
      this.flags.byteLength + this.stipDay.byteLength + this.stipCount.byteLength + this.stipSumMinor.byteLength
    );
  }

  /** Issuer of a card (binary search over the issuer ranges). */
  issuerOf(card: number): number {
    return rangeOf(this.issuerStart, card);
  }

  /** The k-th active card over all issuers, 0 <= k < totalActive. */
  activeCard(k: number): number {
    const i = rangeOf(this.activeCum, k);
    return this.issuerStart[i]! + (k - this.activeCum[i]!);
  }

  /**
   * The active card at position x of the purchase weights, 0 <= x < totalActivity: issuer i takes
   * activeCount[i] * activity[i] of the range and its cards share it equally. With every activity
   * 1 this is `activeCard(floor(x))`.
   */
  pickActive(x: number): number {
    const i = rangeOf(this.activityCum, x);
    const off = Math.floor((x - this.activityCum[i]!) / this.activity[i]!);
    const last = this.activeCount[i]! - 1;
    return this.issuerStart[i]! + (off > last ? last : off);
  }

  /** Card flags, computing the card's static attributes on first touch. */
  touch(card: number, day: number): number {
    // A few bytecodes, so V8 inlines it into the purchase; the first touch is out of line.
    const f = this.flags[card * this.flagStride]!;
    return (f & CARD_INITIALISED) !== 0 ? f : this.firstTouch(card, day);
  }

  /** The card's flags (0 before its first touch). */
  flagsOf(card: number): number {
    return this.flags[card * this.flagStride]!;
  }

  /** Sets flag bits of a card (a token provisioned; tests mark cards). */
  addFlags(card: number, bits: number): void {
    const i = card * this.flagStride;
    this.flags[i] = this.flags[i]! | bits;
  }

  /** The card's balance or open-to-buy, minor units. */
  balanceOf(card: number): number {
    return this.unlimited ? 0 : this.balances[2 * card + 1]!;
  }

  /** The local day of the card's last replenishment. */
  balanceDayOf(card: number): number {
    return this.unlimited ? 0 : this.days[4 * card + 1]!;
  }

  private firstTouch(card: number, day: number): number {
    let f = CARD_INITIALISED;
    const salt = this.salt;
    if (hashUniform(salt, card * 4) < this.creditShare) f |= CARD_CREDIT;
    if (hashUniform(salt, card * 4 + 1) < this.expiredShare) f |= CARD_EXPIRED;
    if (hashUniform(salt, card * 4 + 2) < this.blockedShare) f |= CARD_BLOCKED;
    this.flags[card * this.flagStride] = f;
    if (!this.unlimited) {
      this.balances[2 * card + 1] = this.standingBalance(card, f);
      this.days[4 * card + 1] = day;
    }
    return f;
  }

  /**
   * The card's starting funds, which `income: top_up` restores each day: a lognormal draw by
   * inversion from the card's own hash (no shared stream), the same at every call.
   */
  private standingBalance(card: number, flags: number): number {
    const u = hashUniform(this.salt, card * 4 + 3);
    const z = normalQuantile(u < 1e-12 ? 1e-12 : u);
    const sampler = (flags & CARD_CREDIT) !== 0 ? this.creditLimit : this.debitBalance;
    // A card that purchases `activity` times as often has funds in proportion (see hasFunds).
    const v = this.scaledFunds ? Math.round(sampler.quantileLognormal(z) * this.activity[this.issuerOf(card)]!) : sampler.quantileLognormal(z);
    return v > INT32_MAX ? INT32_MAX : v;
  }

  /**
   * Whether the card can pay `amountMinor` now, after replenishing lazily for the days since its
   * last replenishment: income for debit, repayments for credit; or, with `income: top_up`, back
   * to its standing balance (its income is then what it spent).
   */
  hasFunds(card: number, amountMinor: number, day: number): boolean {
    if (this.unlimited) return true;
    const last = this.days[4 * card + 1]!;
    if (day > last) this.replenish(card, last, day);
    return this.balances[2 * card + 1]! >= amountMinor;
  }

  /** The first authorization of a new local day: the funds come back (out of line: once a card-day). */
  private replenish(card: number, last: number, day: number): void {
    const flags = this.flagsOf(card);
    this.days[4 * card + 1] = day;
    if (this.topUp) {
      this.balances[2 * card + 1] = this.standingBalance(card, flags);
      return;
    }
    let perDay = (flags & CARD_CREDIT) !== 0 ? this.creditRepayment : this.debitIncome;
    // Funds scale with the issuer's activity, so a busier card is not starved into declines.
    if (this.scaledFunds) perDay = Math.round(perDay * this.activity[this.issuerOf(card)]!);
    const b = this.balances[2 * card + 1]! + perDay * (day - last);
    this.balances[2 * card + 1] = b > INT32_MAX ? INT32_MAX : b;
  }

  /** Takes funds (an approval or a stand-in advice). */
  debit(card: number, amountMinor: number): void {
    if (this.unlimited) return;
    this.balances[2 * card + 1] = this.balances[2 * card + 1]! - amountMinor;
  }

  /** Gives funds back (a reversal). */
  credit(card: number, amountMinor: number): void {
    if (this.unlimited) return;
    const b = this.balances[2 * card + 1]! + amountMinor;
    this.balances[2 * card + 1] = b > INT32_MAX ? INT32_MAX : b;
  }
}

/**
 * Which of the ranges [bounds[i], bounds[i+1]) holds x, for ascending `bounds` (the issuer
 * ranges, cumulative counts or weights): the largest i <= bounds.length - 2 with bounds[i] <= x,
 * by binary search.
 */
function rangeOf(bounds: Int32Array | Float64Array, x: number): number {
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Splits `n` into integer parts proportional to `shares` (largest remainder, ties to the lower index). */
export function apportion(n: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const raw = shares.map((s) => (n * s) / total);
  const out = raw.map((r) => Math.floor(r));
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let j = 0; left > 0; j = (j + 1) % order.length, left--) out[order[j]!.i]!++;
  return out;
}

