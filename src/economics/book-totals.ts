/**
 * The accumulators of a `SettlementBook` (settlement.ts): settlement positions per (cycle,
 * participant, currency), fees.csv statistics per (day, posting kind, currency) and each
 * issuer's cardholder collections per currency, in growable typed arrays; and their snapshot,
 * checked and summed element by element when shards merge.
 *
 * Participants, in settlement.csv order: issuers, the scheme, acquirers, the merchants of each
 * acquirer, the FX account.
 */

import { KIND_COUNT } from './accounts.js';
import { ledgerSnapshotBuffers, type LedgerSnapshot } from './ledger.js';
import { addInto, checkArray, uniqueBuffers, type SnapshotParties } from './snapshots.js';

/** Participant types of settlement rows (`fx`: the scheme's settlement bank / FX desk). */
export const PARTICIPANT_TYPES = ['issuer', 'scheme', 'acquirer', 'merchant', 'fx'] as const;
export type ParticipantType = (typeof PARTICIPANT_TYPES)[number];

/**
 * Everything a `SettlementBook` accumulated, as plain data (strings, numbers, typed arrays):
 * survives `structuredClone` / `postMessage`; each typed array owns its buffer.
 * Per (cycle, participant, currency), `cycles` rows: `grossDebit`, `grossCredit`, `fees`,
 * `touched` (1 where a position was booked). Per (day, kind, currency), `days` rows: `feeCount`,
 * `feeValue`, `feeAmount`. Per (issuer, currency): `collections`. Participants are issuers,
 * scheme, acquirers, merchants-per-acquirer, the FX account.
 */
export interface BookSnapshot extends SnapshotParties, BookArrays {
  readonly format: 'quartet.book/2';
  readonly merchantPayoutDays: number;
  readonly interbankSettlementDays: number;
  readonly ledger: LedgerSnapshot;
}

/** The accumulator part of a book snapshot. */
export interface BookArrays {
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
}

/** The buffers of a book snapshot, for a `postMessage` transfer list (the snapshot is unusable in the sender afterwards). */
export function bookSnapshotBuffers(s: BookSnapshot): ArrayBuffer[] {
  const own = uniqueBuffers([s.grossDebit, s.grossCredit, s.fees, s.touched, s.feeCount, s.feeValue, s.feeAmount, s.collections]);
  for (const b of ledgerSnapshotBuffers(s.ledger)) if (!own.includes(b)) own.push(b);
  return own;
}

/** A growable Float64Array indexed by a leading "row" (cycle or day) of fixed width. */
export class Grid {
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

export class BookTotals {
  readonly nIss: number;
  readonly nAcq: number;
  readonly nCur: number;
  /** Settlement participants: issuers, scheme, acquirers, merchants-per-acquirer, the FX account. */
  readonly nPart: number;
  // Per (cycle, participant, currency)
  readonly gDebit: Grid;
  readonly gCredit: Grid;
  readonly gFees: Grid;
  readonly gTouched: Grid;
  // Per (day, kind, currency)
  readonly fCount: Grid;
  readonly fValue: Grid;
  readonly fFee: Grid;
  /** Per (issuer, currency): net collected from cardholders. */
  readonly collections: Float64Array;

  constructor(issuers: number, acquirers: number, currencies: number) {
    this.nIss = issuers;
    this.nAcq = acquirers;
    this.nCur = currencies;
    this.nPart = issuers + 1 + 2 * acquirers + 1;
    const w = this.nPart * currencies;
    this.gDebit = new Grid(w);
    this.gCredit = new Grid(w);
    this.gFees = new Grid(w);
    this.gTouched = new Grid(w);
    const fw = KIND_COUNT * currencies;
    this.fCount = new Grid(fw);
    this.fValue = new Grid(fw);
    this.fFee = new Grid(fw);
    this.collections = new Float64Array(issuers * currencies);
  }

  // Participants -------------------------------------------------------------------------------

  pIssuer(i: number): number {
    return i;
  }
  pScheme(): number {
    return this.nIss;
  }
  pAcquirer(j: number): number {
    return this.nIss + 1 + j;
  }
  pMerchants(j: number): number {
    return this.nIss + 1 + this.nAcq + j;
  }
  pFx(): number {
    return this.nPart - 1;
  }
  /** The participant of a type; `index` is ignored for the scheme and `fx`. */
  participant(type: ParticipantType, index: number): number {
    if (type === 'issuer') return this.pIssuer(index);
    if (type === 'scheme') return this.pScheme();
    if (type === 'acquirer') return this.pAcquirer(index);
    if (type === 'merchant') return this.pMerchants(index);
    return this.pFx();
  }
  /** Whether a participant settles interbank (issuers, scheme, acquirers, the FX account; not merchants). */
  interbank(p: number): boolean {
    return p < this.nIss + 1 + this.nAcq || p === this.pFx();
  }
  /** Index of a position in the per-cycle grids. */
  at(cycle: number, p: number, currency: number): number {
    return (cycle * this.nPart + p) * this.nCur + currency;
  }
  /** Net (credit - debit) of a position; 0 if never booked. */
  net(cycle: number, p: number, currency: number): number {
    if (cycle >= this.gDebit.rows) return 0;
    const i = this.at(cycle, p, currency);
    return this.gCredit.get(i) - this.gDebit.get(i);
  }

  // Accumulating -------------------------------------------------------------------------------

  /** Make room for a cycle and a day (RangeError unless both are non-negative integers). */
  ensure(cycle: number, day: number): void {
    this.gDebit.ensure(cycle);
    this.gCredit.ensure(cycle);
    this.gFees.ensure(cycle);
    this.gTouched.ensure(cycle);
    this.fCount.ensure(day);
    this.fValue.ensure(day);
    this.fFee.ensure(day);
  }

  /** Count a fee of `kind` charged on `value` (nothing for a zero fee). */
  feeStat(day: number, kind: number, currency: number, value: number, fee: number): void {
    if (fee === 0) return;
    const i = (day * KIND_COUNT + kind) * this.nCur + currency;
    this.fCount.add(i, 1);
    this.fValue.add(i, value);
    this.fFee.add(i, fee);
  }

  /** Fees counted of a kind in a currency, over all days. */
  feeTotal(kind: number, currency: number): { fee: number; count: number } {
    let fee = 0;
    let count = 0;
    for (let day = 0; day < this.fFee.rows; day++) {
      const i = (day * KIND_COUNT + kind) * this.nCur + currency;
      fee += this.fFee.get(i);
      count += this.fCount.get(i);
    }
    return { fee, count };
  }

  // Shards -------------------------------------------------------------------------------------

  /** A copy of the rows used. */
  arrays(): BookArrays {
    const touched = new Uint8Array(this.gTouched.rows * this.gTouched.width);
    const t = this.gTouched.data;
    for (let i = 0; i < touched.length; i++) touched[i] = t[i] === 0 ? 0 : 1;
    return {
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
    };
  }

  /** Throws a RangeError unless the arrays are shaped like these accumulators. */
  checkArrays(s: BookArrays): void {
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
  }

  /** Add checked arrays: sums every accumulator, ors the touched positions, takes the max of the cycles and days seen. */
  merge(s: BookArrays): void {
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
}
