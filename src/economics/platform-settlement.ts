/**
 * The settlement positions and fee statistics of the wallet platforms, kept beside their books
 * (platform-books.ts) the way `BookTotals` is kept beside the scheme's ledger, and written into
 * the same settlement.csv and fees.csv.
 *
 * Cycles are the local days of the payments (cycle d settles on day d + N). The positions follow
 * each posting along the chain cardholder - bank - clearing house - platform - merchant (a
 * balance-funded payment: consumer - platform - merchant):
 * - interbank, through the clearing house, at T + `interbankDays`: the funding bank pays the
 *   clearing house V and the clearing house pays the platform V (a bank-funded payment); the
 *   platform pays the clearing house its fee; a withdrawal goes platform -> clearing house ->
 *   bank. Per cycle these nets sum to zero.
 * - the merchant payout of each platform at T + its `payoutDays`: V - merchant fee + merchant
 *   subsidy.
 * - outside the settlement, like the issuer's cardholder collections: the platform collects from
 *   its consumers' balances (payments, withdrawals and their fees, less cash-back), the bank from
 *   its cardholders (bank-funded payments, less withdrawals received); the float interest comes
 *   from the reserve bank.
 * `verify(balanceOf)` proves the zero sums, that each participant's settled nets plus its
 * collections (and float) equal its ledger balance, and that the fee totals equal the ledger's
 * per-kind totals.
 */

import { LedgerInvariantError } from './ledger-verify.js';
import type { FeeRow, SettlementRow } from './settlement.js';

/** Participant types of the platforms' positions in settlement.csv (`bank`: a funding bank on the clearing house). */
export const PLATFORM_PARTICIPANT_TYPES = ['platform', 'merchant', 'bank', 'clearing_house'] as const;

/** What one posting kind does: its fee row (payer type, or undefined: not a fee) and its position effects. */
export interface PlatformKindEffect {
  readonly name: string;
  /** The fees.csv payer type, or undefined when the kind is not a fee. */
  readonly feePayer: string | undefined;
}

export class PlatformPositions {
  private readonly np: number;
  private readonly ni: number;
  private readonly nPart: number;
  readonly cycles: number;
  private readonly debit: Float64Array;
  private readonly credit: Float64Array;
  private readonly fees: Float64Array;
  private readonly touched: Uint8Array;
  /** Platforms: net collected from consumers; banks: net collected from cardholders. */
  private readonly collections: Float64Array;
  private readonly floatIncome: Float64Array;
  /** [(day * kinds + kind) * 3 + (0 count, 1 value, 2 fee)]. */
  private readonly feeStats: Float64Array;

  constructor(
    readonly platforms: readonly string[],
    readonly banks: readonly string[],
    readonly clearingHouse: string,
    private readonly kinds: readonly PlatformKindEffect[],
    days: number,
    private readonly interbankDays: number,
    private readonly payoutDays: readonly number[],
  ) {
    this.np = platforms.length;
    this.ni = banks.length;
    this.nPart = 2 * this.np + this.ni + 1;
    // One more cycle for the payments answered after the last midnight.
    this.cycles = days + 1;
    const n = this.cycles * this.nPart;
    this.debit = new Float64Array(n);
    this.credit = new Float64Array(n);
    this.fees = new Float64Array(n);
    this.touched = new Uint8Array(n);
    this.collections = new Float64Array(this.nPart);
    this.floatIncome = new Float64Array(this.np);
    this.feeStats = new Float64Array(this.cycles * kinds.length * 3);
  }

  /** Participant numbers. */
  pPlatform(p: number): number { return p; }
  pMerchants(p: number): number { return this.np + p; }
  pBank(i: number): number { return 2 * this.np + i; }
  get pClearing(): number { return 2 * this.np + this.ni; }

  private cycleOf(day: number): number {
    return day < 0 ? 0 : day >= this.cycles ? this.cycles - 1 : day;
  }

  /** Participant `part` pays (debit) or receives `amountMinor` in `day`'s cycle; `fee` is added to its fees (signed). */
  move(day: number, part: number, debit: boolean, amountMinor: number, fee: number): void {
    const i = this.cycleOf(day) * this.nPart + part;
    if (debit) this.debit[i]! += amountMinor;
    else this.credit[i]! += amountMinor;
    this.fees[i]! += fee;
    this.touched[i] = 1;
  }

  /** Money collected outside the settlement (consumers for a platform, cardholders for a bank), signed. */
  collect(part: number, amountMinor: number): void {
    this.collections[part]! += amountMinor;
  }

  addFloat(p: number, amountMinor: number): void {
    this.floatIncome[p]! += amountMinor;
  }

  /** One posting of a fee kind on `day`, charged on `valueMinor`. */
  fee(day: number, kind: number, valueMinor: number, feeMinor: number): void {
    const i = (this.cycleOf(day) * this.kinds.length + kind) * 3;
    this.feeStats[i]!++;
    this.feeStats[i + 1]! += valueMinor;
    this.feeStats[i + 2]! += feeMinor;
  }

  private net(cycle: number, part: number): number {
    const i = cycle * this.nPart + part;
    return this.credit[i]! - this.debit[i]!;
  }

  private participant(part: number): { type: SettlementRow['participant_type']; name: string } {
    if (part < this.np) return { type: 'platform', name: this.platforms[part]! };
    if (part < 2 * this.np) return { type: 'merchant', name: this.platforms[part - this.np]! };
    if (part < 2 * this.np + this.ni) return { type: 'bank', name: this.banks[part - 2 * this.np]! };
    return { type: 'clearing_house', name: this.clearingHouse };
  }

  /** The settlement rows of `cycle` (same shape as the scheme's; `cycleBase` is added to the cycle numbers). */
  settlementRows(cycle: number, currency: string, cycleBase: number): SettlementRow[] {
    const rows: SettlementRow[] = [];
    if (cycle < 0 || cycle >= this.cycles) return rows;
    for (let part = 0; part < this.nPart; part++) {
      const i = cycle * this.nPart + part;
      if (this.touched[i] === 0) continue;
      const who = this.participant(part);
      const d = this.debit[i]!;
      const cr = this.credit[i]!;
      const gross = d + cr;
      const delay = who.type === 'merchant' ? this.payoutDays[part - this.np]! : this.interbankDays;
      rows.push({
        cycle: cycle + cycleBase,
        settlement_day: cycle + cycleBase + delay,
        participant_type: who.type,
        participant: who.name,
        currency,
        gross_debit_minor: d,
        gross_credit_minor: cr,
        fees_minor: this.fees[i]!,
        net_position_minor: cr - d,
        netting_ratio: gross === 0 ? 0 : Math.round((Math.abs(cr - d) / gross) * 1e6) / 1e6,
      });
    }
    return rows;
  }

  /** The fees.csv rows of `day`: by fee type (posting-kind order), every platform together. */
  feeRows(day: number, currency: string): FeeRow[] {
    const rows: FeeRow[] = [];
    if (day < 0 || day >= this.cycles) return rows;
    this.kinds.forEach((k, kind) => {
      const i = (day * this.kinds.length + kind) * 3;
      const count = this.feeStats[i]!;
      if (k.feePayer === undefined || count === 0) return;
      const value = this.feeStats[i + 1]!;
      const fee = this.feeStats[i + 2]!;
      rows.push({
        day,
        participant_type: k.feePayer,
        fee_type: k.name,
        currency,
        count,
        value_minor: value,
        fee_minor: fee,
        effective_rate_bps: value === 0 ? null : Math.round(((fee * 10_000) / value) * 100) / 100,
      });
    });
    return rows;
  }

  /**
   * Proves the settlement of the platforms against their ledger: `balance(type, index)` is the
   * ledger balance of the platform, merchants or consumers of platform `index`, the cardholders
   * of bank `index`, the clearing house or the reserve; `kindTotal`/`kindCount` the ledger's
   * per-kind totals. Throws LedgerInvariantError.
   */
  verify(balance: (type: string, index: number) => number, kindTotal: (kind: number) => number, kindCount: (kind: number) => number): void {
    const total = new Float64Array(this.nPart);
    for (let cy = 0; cy < this.cycles; cy++) {
      let sum = 0;
      for (let part = 0; part < this.nPart; part++) {
        const net = this.net(cy, part);
        total[part]! += net;
        if (part < this.np || part >= 2 * this.np) sum += net;
      }
      if (sum !== 0) throw new LedgerInvariantError('platform_settlement_zero_sum', { cycle: cy, sumOfNetPositions: sum }, 'the clearing house\'s net positions of a cycle must sum to zero');
    }
    const check = (who: string, settled: number, ledger: number): void => {
      if (settled !== ledger) throw new LedgerInvariantError('platform_settlement_vs_ledger', { participant: who, settled, ledgerBalance: ledger });
    };
    let floatTotal = 0;
    for (let p = 0; p < this.np; p++) {
      const name = this.platforms[p]!;
      const coll = this.collections[this.pPlatform(p)]!;
      check(name, total[this.pPlatform(p)]! - total[this.pMerchants(p)]! + coll + this.floatIncome[p]!, balance('platform', p));
      check(`merchants of ${name}`, total[this.pMerchants(p)]!, balance('merchant', p));
      check(`consumers of ${name}`, -coll, balance('consumer', p));
      floatTotal += this.floatIncome[p]!;
    }
    for (let i = 0; i < this.ni; i++) {
      const coll = this.collections[this.pBank(i)]!;
      check(this.banks[i]!, total[this.pBank(i)]! + coll, 0);
      check(`cardholders of ${this.banks[i]}`, -coll, balance('cardholder', i));
    }
    check(this.clearingHouse, total[this.pClearing]!, balance('clearing_house', 0));
    check('reserve bank', -floatTotal, balance('reserve', 0));
    this.kinds.forEach((k, kind) => {
      if (k.feePayer === undefined) return;
      let count = 0;
      let fee = 0;
      for (let d = 0; d < this.cycles; d++) {
        count += this.feeStats[(d * this.kinds.length + kind) * 3]!;
        fee += this.feeStats[(d * this.kinds.length + kind) * 3 + 2]!;
      }
      if (fee !== kindTotal(kind) || count !== kindCount(kind)) {
        throw new LedgerInvariantError('platform_fees_vs_ledger', { feeType: k.name, feesCsvTotal: fee, ledgerTotal: kindTotal(kind), feesCsvCount: count, ledgerCount: kindCount(kind) });
      }
    });
  }
}
