/**
 * The one-currency clear as straight-line code: the common event of every run with money (a
 * purchase whose issuer settles in the transaction currency) posted and booked without reading
 * the leg table. It is the `CLEAR` table of settlement-legs.ts written out, nothing else: the
 * table stays the definition. At load this module checks that the table still has the legs it
 * was written from (else it throws), and test/economics/settlement-fast.test.ts checks on random
 * breakdowns that it leaves the ledger, the positions, the collections and the fee statistics
 * exactly as the interpreter (`SettlementBook.clearByTable`) does.
 *
 * What the CLEAR legs book (V value, a interchange, sI / sA scheme fees, m merchant discount,
 * p platform fee, x cardholder FX fee; every position in the transaction currency):
 *   issuer    debit V + sI        credit a                        fees a - sI
 *   scheme    debit V + a         credit V + a + sI + sA + p       fees sI + sA + p
 *   acquirer  debit a + sA + p    credit V                        fees -(a + sA)
 *   merchants debit m + p         credit V                        fees -(m + p)
 * the issuer collects V + x from its cardholders, and each non-zero fee counts once in the fee
 * statistics of its kind, beside V. Amounts are integers, so the sums are exact in any order.
 */

import { ACCOUNT_ACQUIRER, ACCOUNT_ISSUER, ACCOUNT_MERCHANT, ACCOUNT_SCHEME, KIND, KIND_COUNT } from './accounts.js';
import type { BookTotals } from './book-totals.js';
import type { FeeBreakdown } from './fee-types.js';
import type { Ledger } from './ledger.js';
import * as legs from './settlement-legs.js';

/** The legs of `legs.CLEAR` this code was written from: [kind, amount slot], all on the transaction side, valued at V. */
const WRITTEN_FROM: readonly (readonly [number, number])[] = [
  [KIND.purchase, legs.S_VALUE],
  [KIND.interchange, legs.S_INTERCHANGE],
  [KIND.scheme_fee_issuer, legs.S_SCHEME_ISSUER],
  [KIND.scheme_fee_acquirer, legs.S_SCHEME_ACQUIRER],
  [KIND.merchant_discount, legs.S_MERCHANT_DISCOUNT],
  [KIND.platform_fee, legs.S_PLATFORM],
  [KIND.cardholder_fx_fee, legs.S_FX_FEE],
];

/** The positions it touches, in order. */
const TOUCHES: readonly number[] = [ACCOUNT_ISSUER, ACCOUNT_SCHEME, ACCOUNT_ACQUIRER, ACCOUNT_MERCHANT];

/** Throws unless `table` is the one-currency clear this module writes out. */
export function checkWrittenFrom(table: legs.LegTable): void {
  const ok =
    table.legs.length === WRITTEN_FROM.length &&
    table.legs.every((g, n) => {
      const [kind, slot] = WRITTEN_FROM[n]!;
      return g.kind === kind && g.negKind === kind && g.slot === slot && g.side === legs.SIDE_T && g.valueSlot === legs.S_VALUE;
    }) &&
    table.touches.length === 4 &&
    table.touches.every((t, n) => t[0] === TOUCHES[n] && t[1] === legs.SIDE_T);
  if (!ok) throw new Error('settlement-fast.ts: the CLEAR leg table changed; write the fast path out again from it');
}
checkWrittenFrom(legs.CLEAR);

/** Fee statistics of one non-zero fee of kind `kind` on `day` in currency c, beside value v. */
function feeStat(tot: BookTotals, day: number, kind: number, c: number, v: number, fee: number): void {
  const fi = (day * KIND_COUNT + kind) * tot.nCur + c;
  const count = tot.fCount.data;
  const value = tot.fValue.data;
  const amount = tot.fFee.data;
  count[fi] = (count[fi] as number) + 1;
  value[fi] = (value[fi] as number) + v;
  amount[fi] = (amount[fi] as number) + fee;
}

// hot path: runs per cleared purchase (millions); the CLEAR legs written out, no table reads.
/**
 * Clears one purchase of value v priced as `b` in currency c, issuer and acquirer given (already
 * checked by the caller): ledger postings in table order (a posting of 0 records nothing; a bad
 * amount throws there, as in the interpreter), then positions, collections and fee statistics.
 */
export function clearOneCurrency(L: Ledger, tot: BookTotals, cycle: number, day: number, issuer: number, acquirer: number, c: number, v: number, b: FeeBreakdown): void {
  tot.ensure(cycle, day);
  const a = b.interchange;
  const sI = b.schemeFeeIssuer;
  const sA = b.schemeFeeAcquirer;
  const m = b.merchantDiscount;
  const p = b.platformFee;
  const x = b.cardholderFxFee;
  const ch = L.cardholders(issuer);
  const is = L.issuer(issuer);
  const sc = L.scheme();
  const aq = L.acquirer(acquirer);
  const me = L.merchants(acquirer);
  L.post(KIND.purchase, ch, me, v, c, day);
  L.post(KIND.interchange, aq, is, a, c, day);
  L.post(KIND.scheme_fee_issuer, is, sc, sI, c, day);
  L.post(KIND.scheme_fee_acquirer, aq, sc, sA, c, day);
  L.post(KIND.merchant_discount, me, aq, m, c, day);
  L.post(KIND.platform_fee, me, sc, p, c, day);
  L.post(KIND.cardholder_fx_fee, ch, is, x, c, day);
  const nCur = tot.nCur;
  const row = cycle * tot.nPart;
  const pI = (row + tot.pIssuer(issuer)) * nCur + c;
  const pS = (row + tot.pScheme()) * nCur + c;
  const pA = (row + tot.pAcquirer(acquirer)) * nCur + c;
  const pM = (row + tot.pMerchants(acquirer)) * nCur + c;
  const debit = tot.gDebit.data;
  const credit = tot.gCredit.data;
  const fees = tot.gFees.data;
  const touched = tot.gTouched.data;
  debit[pI] = (debit[pI] as number) + (v + sI);
  credit[pI] = (credit[pI] as number) + a;
  fees[pI] = (fees[pI] as number) + (a - sI);
  touched[pI] = 1;
  debit[pS] = (debit[pS] as number) + (v + a);
  credit[pS] = (credit[pS] as number) + (v + a + sI + sA + p);
  fees[pS] = (fees[pS] as number) + (sI + sA + p);
  touched[pS] = 1;
  debit[pA] = (debit[pA] as number) + (a + sA + p);
  credit[pA] = (credit[pA] as number) + v;
  fees[pA] = (fees[pA] as number) - (a + sA);
  touched[pA] = 1;
  debit[pM] = (debit[pM] as number) + (m + p);
  credit[pM] = (credit[pM] as number) + v;
  fees[pM] = (fees[pM] as number) - (m + p);
  touched[pM] = 1;
  const ci = issuer * nCur + c;
  tot.collections[ci] = (tot.collections[ci] as number) + (v + x);
  if (a !== 0) feeStat(tot, day, KIND.interchange, c, v, a);
  if (sI !== 0) feeStat(tot, day, KIND.scheme_fee_issuer, c, v, sI);
  if (sA !== 0) feeStat(tot, day, KIND.scheme_fee_acquirer, c, v, sA);
  if (m !== 0) feeStat(tot, day, KIND.merchant_discount, c, v, m);
  if (p !== 0) feeStat(tot, day, KIND.platform_fee, c, v, p);
  if (x !== 0) feeStat(tot, day, KIND.cardholder_fx_fee, c, v, x);
}
