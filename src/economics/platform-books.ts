/**
 * The books of the three-party wallet platforms: a double-entry ledger of their own, one
 * currency (the scenario's), in integer minor units, with the same kind of proof as the scheme's
 * ledger (ledger.ts) at the end of every run.
 *
 * Accounts: per platform its consumers (wallet balances), the platform, its merchants; per issuer
 * its cardholders (the bank accounts that fund bank-funded payments); the clearing house; the
 * reserve bank that pays interest on the platform's float. Each posting kind has a fixed payer
 * and payee account type:
 *   wallet_payment      consumer   -> merchant        a balance-funded payment
 *   bank_payment        cardholder -> merchant        a bank-funded payment (through the clearing house)
 *   wallet_merchant_fee merchant   -> platform        the merchant fee at the standard rate
 *   wallet_promotional_fee merchant -> platform       the merchant fee at the promotional rate
 *   wallet_withdrawal   consumer   -> cardholder      a balance withdrawn to the consumer's bank account
 *   wallet_withdrawal_fee consumer -> platform        its fee above the lifetime free quota (sources §1.7)
 *   clearing_fee        platform   -> clearing house  on each bank-funded leg
 *   consumer_subsidy    platform   -> consumer        cash-back on a payment
 *   merchant_subsidy    platform   -> merchant        a fixed amount per payment
 *   float_income        reserve    -> platform        interest on the money the platform holds
 * The float: a balance-funded payment's money sat in the wallet for `balanceHoldDays` before it
 * was spent, and every payment's net sits with the platform for `payoutDays` until the merchant
 * is paid (T+1, sources §1.7); interest accrues at `floatRatePpm` a year, posted once a day.
 *
 * `verify()` proves: (1) every balance = credits - debits, every sum a safe integer; (2) total
 * debits = total credits = the sum of the per-kind totals; (3) each account type's summed balance
 * equals what the per-kind totals say; (4) money that left the end parties (consumers,
 * cardholders, the reserve) = money that reached merchants + money kept by the platforms and the
 * clearing house, each side from the balances and from the kind totals; then (5) the settlement
 * positions and fee statistics against the ledger (platform-settlement.ts). Every posting also
 * goes to `onPosting` (ledger.csv), and its positions and fees into settlement.csv and fees.csv.
 */

import { LedgerInvariantError } from './ledger-verify.js';
import { applyPpm, divRoundHalfEven } from './money.js';
import { PlatformPositions } from './platform-settlement.js';

export const PLATFORM_ACCOUNT_TYPES = ['consumer', 'cardholder', 'platform', 'merchant', 'clearing_house', 'reserve'] as const;
const [A_CONSUMER, A_CARDHOLDER, A_PLATFORM, A_MERCHANT, A_CLEARING, A_RESERVE] = [0, 1, 2, 3, 4, 5] as const;

/** Posting kinds: payer and payee account types, and who pays it in fees.csv (undefined: not a fee). */
export const PLATFORM_KINDS = [
  { name: 'wallet_payment', from: A_CONSUMER, to: A_MERCHANT, feePayer: undefined },
  { name: 'bank_payment', from: A_CARDHOLDER, to: A_MERCHANT, feePayer: undefined },
  { name: 'wallet_merchant_fee', from: A_MERCHANT, to: A_PLATFORM, feePayer: 'merchant' },
  { name: 'clearing_fee', from: A_PLATFORM, to: A_CLEARING, feePayer: 'platform' },
  { name: 'consumer_subsidy', from: A_PLATFORM, to: A_CONSUMER, feePayer: 'platform' },
  { name: 'merchant_subsidy', from: A_PLATFORM, to: A_MERCHANT, feePayer: 'platform' },
  { name: 'float_income', from: A_RESERVE, to: A_PLATFORM, feePayer: 'reserve' },
  { name: 'wallet_promotional_fee', from: A_MERCHANT, to: A_PLATFORM, feePayer: 'merchant' },
  { name: 'wallet_withdrawal', from: A_CONSUMER, to: A_CARDHOLDER, feePayer: undefined },
  { name: 'wallet_withdrawal_fee', from: A_CONSUMER, to: A_PLATFORM, feePayer: 'consumer' },
] as const;
export const [PK_WALLET_PAYMENT, PK_BANK_PAYMENT, PK_MERCHANT_FEE, PK_CLEARING_FEE, PK_CONSUMER_SUBSIDY, PK_MERCHANT_SUBSIDY, PK_FLOAT, PK_PROMOTIONAL_FEE, PK_WITHDRAWAL, PK_WITHDRAWAL_FEE] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
] as const;
const KINDS = PLATFORM_KINDS.length;

/** Receives every posting of the platforms' books (ledger.csv): day, kind and account names, amount. */
export type PlatformPostingListener = (day: number, kind: string, debitAccount: string, creditAccount: string, amountMinor: number) => void;

/** The prices of one platform (rates in parts per million). */
export interface PlatformPrices {
  readonly merchantFeePpm: number;
  readonly promotionalFeePpm: number;
  /** Paid by the platform to the clearing house on each bank-funded payment. */
  readonly clearingFeePpm: number;
  /** Cash-back to the consumer on each payment. */
  readonly cashbackPpm: number;
  /** Paid to the merchant per payment. */
  readonly merchantSubsidyMinor: number;
  /** Interest a year on the money the platform holds. */
  readonly floatRatePpm: number;
  readonly balanceHoldDays: number;
  readonly payoutDays: number;
  /** The withdrawal fee (sources §1.7): this rate on the part above the lifetime free quota, at least the minimum. */
  readonly withdrawalFeePpm: number;
  readonly withdrawalMinMinor: number;
  readonly withdrawalFreeQuotaMinor: number;
}

/**
 * The fee of withdrawing `amountMinor` to a bank when the consumer has already withdrawn
 * `withdrawnMinor` in its lifetime (sources §1.7: 0.1 % of the part above the free quota, at
 * least CNY 0.1; nothing within the quota).
 */
export function withdrawalFeeMinor(pr: PlatformPrices, amountMinor: number, withdrawnMinor: number): number {
  const free = Math.max(0, pr.withdrawalFreeQuotaMinor - withdrawnMinor);
  const charged = amountMinor - free;
  if (charged <= 0) return 0;
  return Math.max(pr.withdrawalMinMinor, applyPpm(charged, pr.withdrawalFeePpm));
}

/** One row of platforms.csv: a platform's day. */
export interface PlatformDayRow {
  readonly day: number;
  readonly platform: string;
  readonly payments: number;
  readonly bankFunded: number;
  readonly valueMinor: number;
  /** Amounts by posting kind of that day (index PK_...). */
  readonly kindMinor: readonly number[];
  /** Merchant fees + withdrawal fees + float - clearing fees - subsidies. */
  readonly netRevenueMinor: number;
}

export class PlatformBooks {
  private readonly np: number;
  private readonly ni: number;
  private readonly types: Uint8Array;
  private readonly debit: Float64Array;
  private readonly credit: Float64Array;
  private readonly kindTotal = new Float64Array(KINDS);
  private readonly kindCount = new Float64Array(KINDS);
  /** [(day * platforms + p) * KINDS + kind], and payments, bank-funded payments, value, held money x days. */
  private readonly dayKinds: Float64Array;
  private readonly dayCounts: Float64Array;
  private floatPostedTo = 0;
  /** The positions and fee statistics for settlement.csv and fees.csv. */
  readonly positions: PlatformPositions;
  /** Every posting, for ledger.csv (set before the run). */
  onPosting: PlatformPostingListener | undefined = undefined;

  constructor(
    readonly platforms: readonly string[],
    readonly issuers: readonly string[],
    readonly clearingHouse: string,
    private readonly prices: readonly PlatformPrices[],
    readonly days: number,
    interbankDays = 1,
  ) {
    this.np = platforms.length;
    this.ni = issuers.length;
    const n = 3 * this.np + this.ni + 2;
    this.types = new Uint8Array(n);
    for (let p = 0; p < this.np; p++) {
      this.types[this.consumer(p)] = A_CONSUMER;
      this.types[this.platform(p)] = A_PLATFORM;
      this.types[this.merchant(p)] = A_MERCHANT;
    }
    for (let i = 0; i < this.ni; i++) this.types[3 * this.np + i] = A_CARDHOLDER;
    this.types[n - 2] = A_CLEARING;
    this.types[n - 1] = A_RESERVE;
    this.debit = new Float64Array(n);
    this.credit = new Float64Array(n);
    this.dayKinds = new Float64Array(days * this.np * KINDS);
    this.dayCounts = new Float64Array(days * this.np * 4);
    this.positions = new PlatformPositions(platforms, issuers, clearingHouse, PLATFORM_KINDS, days, interbankDays, prices.map((x) => x.payoutDays));
  }

  private consumer(p: number): number { return 3 * p; }
  private platform(p: number): number { return 3 * p + 1; }
  private merchant(p: number): number { return 3 * p + 2; }
  private cardholder(i: number): number { return 3 * this.np + i; }
  private get clearing(): number { return 3 * this.np + this.ni; }
  private get reserve(): number { return 3 * this.np + this.ni + 1; }

  /** The account's name in ledger.csv. */
  accountName(a: number): string {
    const t = this.types[a]!;
    if (t === A_CARDHOLDER) return `cardholders of ${this.issuers[a - 3 * this.np]}`;
    if (t === A_CLEARING) return this.clearingHouse;
    if (t === A_RESERVE) return 'reserve bank';
    const name = this.platforms[Math.floor(a / 3)]!;
    return t === A_CONSUMER ? `consumers of ${name}` : t === A_MERCHANT ? `merchants of ${name}` : name;
  }

  /**
   * Posts `amountMinor` of `kind` for platform p (funding bank `issuer`, -1 for none) on local
   * `day`, and books its settlement positions and fee statistics (`valueMinor`: what it was
   * charged on).
   */
  private post(kind: number, from: number, to: number, amountMinor: number, p: number, issuer: number, day: number, valueMinor: number): void {
    if (amountMinor === 0) return;
    const k = PLATFORM_KINDS[kind]!;
    if (this.types[from] !== k.from || this.types[to] !== k.to) throw new Error(`platform books: ${k.name} in the wrong direction`);
    this.debit[from]! += amountMinor;
    this.credit[to]! += amountMinor;
    this.kindTotal[kind]! += amountMinor;
    this.kindCount[kind]!++;
    if (day >= 0 && day < this.days) this.dayKinds[(day * this.np + p) * KINDS + kind]! += amountMinor;
    if (k.feePayer !== undefined) this.positions.fee(day, kind, valueMinor, amountMinor);
    this.settle(kind, p, issuer, amountMinor, day);
    if (this.onPosting !== undefined) this.onPosting(day, k.name, this.accountName(from), this.accountName(to), amountMinor);
  }

  /** The settlement effects of one posting (platform-settlement.ts: the chain and the collections). */
  private settle(kind: number, p: number, issuer: number, x: number, day: number): void {
    const pos = this.positions;
    switch (kind) {
      case PK_WALLET_PAYMENT:
        pos.collect(pos.pPlatform(p), x);
        pos.move(day, pos.pMerchants(p), false, x, 0);
        return;
      case PK_BANK_PAYMENT:
        pos.collect(pos.pBank(issuer), x);
        pos.move(day, pos.pBank(issuer), true, x, 0);
        pos.move(day, pos.pClearing, false, x, 0);
        pos.move(day, pos.pClearing, true, x, 0);
        pos.move(day, pos.pPlatform(p), false, x, 0);
        pos.move(day, pos.pMerchants(p), false, x, 0);
        return;
      case PK_MERCHANT_FEE:
      case PK_PROMOTIONAL_FEE:
        pos.move(day, pos.pMerchants(p), true, x, -x);
        return;
      case PK_CLEARING_FEE:
        pos.move(day, pos.pPlatform(p), true, x, -x);
        pos.move(day, pos.pClearing, false, x, x);
        return;
      case PK_CONSUMER_SUBSIDY:
        pos.collect(pos.pPlatform(p), -x);
        return;
      case PK_MERCHANT_SUBSIDY:
        pos.move(day, pos.pMerchants(p), false, x, x);
        return;
      case PK_FLOAT:
        pos.addFloat(p, x);
        return;
      case PK_WITHDRAWAL:
        pos.collect(pos.pPlatform(p), x);
        pos.collect(pos.pBank(issuer), -x);
        pos.move(day, pos.pPlatform(p), true, x, 0);
        pos.move(day, pos.pClearing, false, x, 0);
        pos.move(day, pos.pClearing, true, x, 0);
        pos.move(day, pos.pBank(issuer), false, x, 0);
        return;
      case PK_WITHDRAWAL_FEE:
        pos.collect(pos.pPlatform(p), x);
        return;
      default:
        throw new Error(`platform books: no settlement for kind ${kind}`);
    }
  }

  /**
   * An approved payment of platform p on local `day`: funded by `issuer`'s cardholder through the
   * clearing house (issuer >= 0) or from the wallet balance (-1); `promotional` merchants pay the
   * promotional rate.
   */
  pay(p: number, issuer: number, amountMinor: number, promotional: boolean, day: number): void {
    const pr = this.prices[p]!;
    const merchant = this.merchant(p);
    const v = amountMinor;
    if (issuer >= 0) {
      this.post(PK_BANK_PAYMENT, this.cardholder(issuer), merchant, v, p, issuer, day, v);
      this.post(PK_CLEARING_FEE, this.platform(p), this.clearing, applyPpm(v, pr.clearingFeePpm), p, issuer, day, v);
    } else this.post(PK_WALLET_PAYMENT, this.consumer(p), merchant, v, p, issuer, day, v);
    const fee = applyPpm(v, promotional ? pr.promotionalFeePpm : pr.merchantFeePpm);
    this.post(promotional ? PK_PROMOTIONAL_FEE : PK_MERCHANT_FEE, merchant, this.platform(p), fee, p, issuer, day, v);
    this.post(PK_CONSUMER_SUBSIDY, this.platform(p), this.consumer(p), applyPpm(v, pr.cashbackPpm), p, issuer, day, v);
    this.post(PK_MERCHANT_SUBSIDY, this.platform(p), merchant, pr.merchantSubsidyMinor, p, issuer, day, v);
    if (day < 0 || day >= this.days) return;
    const c = (day * this.np + p) * 4;
    this.dayCounts[c]!++;
    if (issuer >= 0) this.dayCounts[c + 1]!++;
    this.dayCounts[c + 2]! += v;
    // Money held x days: the net until the payout, and a balance-funded amount before it was spent.
    this.dayCounts[c + 3]! += (v - fee) * pr.payoutDays + (issuer < 0 ? v * pr.balanceHoldDays : 0);
  }

  /**
   * A consumer of platform p withdraws `amountMinor` of its balance to its account at bank
   * `issuer` on local `day`, having withdrawn `withdrawnMinor` before: the money goes platform ->
   * clearing house -> bank, and the fee above the free quota to the platform. Returns the fee.
   */
  withdraw(p: number, issuer: number, amountMinor: number, withdrawnMinor: number, day: number): number {
    const fee = withdrawalFeeMinor(this.prices[p]!, amountMinor, withdrawnMinor);
    this.post(PK_WITHDRAWAL, this.consumer(p), this.cardholder(issuer), amountMinor, p, issuer, day, amountMinor);
    this.post(PK_WITHDRAWAL_FEE, this.consumer(p), this.platform(p), fee, p, issuer, day, amountMinor);
    return fee;
  }

  /** Posts the float interest of every day not yet posted (once, at the end of the run), charged on that day's payments. */
  closeFloat(): void {
    for (let d = this.floatPostedTo; d < this.days; d++) {
      for (let p = 0; p < this.np; p++) {
        const c = (d * this.np + p) * 4;
        const interest = divRoundHalfEven(this.dayCounts[c + 3]! * this.prices[p]!.floatRatePpm, 365 * 1_000_000);
        this.post(PK_FLOAT, this.reserve, this.platform(p), interest, p, -1, d, this.dayCounts[c + 2]!);
      }
    }
    this.floatPostedTo = this.days;
  }

  /** The balance of an account type summed (credits - debits). */
  typeBalance(type: number): number {
    let b = 0;
    for (let a = 0; a < this.types.length; a++) if (this.types[a] === type) b += this.credit[a]! - this.debit[a]!;
    return b;
  }

  /** The balance of one account, by type name and index (platform-settlement.ts's view). */
  private balanceOf(type: string, index: number): number {
    const a =
      type === 'consumer' ? this.consumer(index)
      : type === 'platform' ? this.platform(index)
      : type === 'merchant' ? this.merchant(index)
      : type === 'cardholder' ? this.cardholder(index)
      : type === 'clearing_house' ? this.clearing
      : this.reserve;
    return this.credit[a]! - this.debit[a]!;
  }

  /** Proves invariants 1-4 (see the top of this file), then the settlement (platform-settlement.ts); throws LedgerInvariantError. */
  verify(): void {
    let debits = 0;
    let credits = 0;
    for (let a = 0; a < this.types.length; a++) {
      const d = this.debit[a]!;
      const c = this.credit[a]!;
      if (!Number.isSafeInteger(d) || !Number.isSafeInteger(c)) throw new LedgerInvariantError('platform_overflow', { account: a, debits: d, credits: c });
      debits += d;
      credits += c;
    }
    const byKind = this.kindTotal.reduce((s, x) => s + x, 0);
    if (debits !== credits || debits !== byKind) throw new LedgerInvariantError('platform_totals', { debits, credits, kinds: byKind });
    const expected = new Float64Array(PLATFORM_ACCOUNT_TYPES.length);
    PLATFORM_KINDS.forEach((k, i) => {
      expected[k.from]! -= this.kindTotal[i]!;
      expected[k.to]! += this.kindTotal[i]!;
    });
    for (let t = 0; t < expected.length; t++) {
      const got = this.typeBalance(t);
      if (got !== expected[t]) throw new LedgerInvariantError('platform_type_balance', { type: PLATFORM_ACCOUNT_TYPES[t]!, balance: got, kinds: expected[t]! });
    }
    const out = -(this.typeBalance(A_CONSUMER) + this.typeBalance(A_CARDHOLDER) + this.typeBalance(A_RESERVE));
    const kept = this.typeBalance(A_MERCHANT) + this.typeBalance(A_PLATFORM) + this.typeBalance(A_CLEARING);
    const k = this.kindTotal;
    const outByKind = k[PK_WALLET_PAYMENT]! + k[PK_BANK_PAYMENT]! + k[PK_FLOAT]! + k[PK_WITHDRAWAL_FEE]! - k[PK_CONSUMER_SUBSIDY]!;
    if (out !== kept || out !== outByKind) throw new LedgerInvariantError('platform_conservation', { out, merchantsAndIntermediaries: kept, byKind: outByKind });
    this.positions.verify((t, i) => this.balanceOf(t, i), (kind) => this.kindTotal[kind]!, (kind) => this.kindCount[kind]!);
  }

  /** Total of a posting kind over the run. */
  total(kind: number): number {
    return this.kindTotal[kind]!;
  }

  /** platforms.csv: one row per day and platform with any payment or posting. */
  dayRows(): PlatformDayRow[] {
    const rows: PlatformDayRow[] = [];
    for (let d = 0; d < this.days; d++) {
      for (let p = 0; p < this.np; p++) {
        const c = (d * this.np + p) * 4;
        const kindMinor = Array.from(this.dayKinds.subarray((d * this.np + p) * KINDS, (d * this.np + p + 1) * KINDS));
        if (this.dayCounts[c] === 0 && kindMinor.every((x) => x === 0)) continue;
        const net = kindMinor[PK_MERCHANT_FEE]! + kindMinor[PK_PROMOTIONAL_FEE]! + kindMinor[PK_WITHDRAWAL_FEE]! + kindMinor[PK_FLOAT]! - kindMinor[PK_CLEARING_FEE]! - kindMinor[PK_CONSUMER_SUBSIDY]! - kindMinor[PK_MERCHANT_SUBSIDY]!;
        rows.push({
          day: d,
          platform: this.platforms[p]!,
          payments: this.dayCounts[c]!,
          bankFunded: this.dayCounts[c + 1]!,
          valueMinor: this.dayCounts[c + 2]!,
          kindMinor,
          netRevenueMinor: net,
        });
      }
    }
    return rows;
  }
}
