/**
 * The ledger's invariant checks (`Ledger.verify()`, see ledger.ts for what they prove), read
 * through the ledger's public totals, and the error a broken ledger or settlement invariant
 * throws.
 */

import { ACCOUNT_ACQUIRER, ACCOUNT_CARDHOLDER, ACCOUNT_FX, ACCOUNT_ISSUER, ACCOUNT_MERCHANT, ACCOUNT_SCHEME, ACCOUNT_TYPES, KIND, KIND_COUNT, KIND_FROM, KIND_TO, type PostingKindName } from './accounts.js';

/** A broken ledger or settlement invariant, with the numbers. */
export class LedgerInvariantError extends Error {
  readonly invariant: string;
  readonly details: Readonly<Record<string, string | number>>;
  constructor(invariant: string, details: Record<string, string | number>, message?: string) {
    const nums = Object.entries(details)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    super(`ledger invariant "${invariant}" broken: ${message ? `${message}; ` : ''}${nums}`);
    this.name = 'LedgerInvariantError';
    this.invariant = invariant;
    this.details = details;
  }
}

/** What the checks read of a ledger (its public totals). */
export interface LedgerTotals {
  readonly currencies: readonly string[];
  readonly accountCount: number;
  balance(account: number, currency: number): number;
  debits(account: number, currency: number): number;
  credits(account: number, currency: number): number;
  kindTotal(kind: number, currency: number): number;
  totalDebits(currency: number): number;
  totalCredits(currency: number): number;
  typeBalance(type: number, currency: number): number;
  accountName(account: number): string;
}

/** Check invariants 1-4 (ledger.ts) in every currency; throws LedgerInvariantError. */
export function verifyLedger(L: LedgerTotals): void {
  for (let c = 0; c < L.currencies.length; c++) {
    const { debits, credits } = checkBalances(L, c);
    checkTotals(L, c, debits, credits);
    checkTypeBalances(L, c);
    checkConservation(L, c);
  }
}

/** 1. Every balance = credits - debits, each sum a safe integer; returns the summed debits and credits. */
function checkBalances(L: LedgerTotals, c: number): { debits: number; credits: number } {
  const currency = L.currencies[c] as string;
  const safe = (x: number, what: string) => {
    if (!Number.isSafeInteger(x)) throw new LedgerInvariantError('overflow', { currency, [what]: x }, 'a sum is not a safe integer (beyond 2^53 minor units)');
  };
  let debits = 0;
  let credits = 0;
  for (let a = 0; a < L.accountCount; a++) {
    const d = L.debits(a, c);
    const cr = L.credits(a, c);
    const b = L.balance(a, c);
    safe(d, 'debits');
    safe(cr, 'credits');
    if (b !== cr - d) {
      throw new LedgerInvariantError('account_balance', { account: L.accountName(a), currency, balance: b, credits: cr, debits: d, expected: cr - d });
    }
    debits += d;
    credits += cr;
  }
  return { debits, credits };
}

/** 2. Total debits = total credits = the accounts' sums = the sum of the per-kind totals. */
function checkTotals(L: LedgerTotals, c: number, accountDebits: number, accountCredits: number): void {
  let kinds = 0;
  for (let k = 0; k < KIND_COUNT; k++) kinds += L.kindTotal(k, c);
  const td = L.totalDebits(c);
  const tc = L.totalCredits(c);
  if (td !== tc || td !== accountDebits || tc !== accountCredits || td !== kinds) {
    throw new LedgerInvariantError('debits_equal_credits', {
      currency: L.currencies[c] as string,
      totalDebits: td,
      totalCredits: tc,
      accountDebits,
      accountCredits,
      kindTotals: kinds,
    });
  }
}

/** 3. Each account type's summed balance = what the per-kind totals say it must be. */
function checkTypeBalances(L: LedgerTotals, c: number): void {
  const expected = ACCOUNT_TYPES.map(() => 0);
  for (let k = 0; k < KIND_COUNT; k++) {
    const v = L.kindTotal(k, c);
    const from = KIND_FROM[k] as number;
    const to = KIND_TO[k] as number;
    expected[from] = (expected[from] as number) - v;
    expected[to] = (expected[to] as number) + v;
  }
  for (let t = 0; t < ACCOUNT_TYPES.length; t++) {
    const actual = L.typeBalance(t, c);
    if (actual !== expected[t]) {
      throw new LedgerInvariantError('type_balance', { currency: L.currencies[c] as string, accountType: ACCOUNT_TYPES[t] as string, balance: actual, expected: expected[t] as number });
    }
  }
}

/** What issuers refunded their cardholders for fraud they bear: it leaves the intermediaries' take and returns to cardholders. */
function fraudRefundsK(L: LedgerTotals, c: number): number {
  return L.kindTotal(KIND.fraud_write_off, c);
}

/** 4. Cardholders' outflow = merchants' inflow + intermediaries' take + the FX account's take, from balances and from kinds. */
function checkConservation(L: LedgerTotals, c: number): void {
  const K = (name: PostingKindName) => L.kindTotal(KIND[name], c);
  const cardOutK = K('purchase') + K('purchase_issuer_leg') + K('cardholder_fx_fee') + K('withdrawal_fee') - K('chargeback') - K('chargeback_issuer_leg') - K('cardholder_fx_fee_reversal') - fraudRefundsK(L, c);
  // ATM withdrawals: the cash the ATMs paid out (reimbursed to their acquirers) and the cardholders' ATM fees.
  const atm = atmTerms(K);
  const merchInK =
    K('purchase') +
    K('purchase_acquirer_leg') -
    K('merchant_discount') -
    K('platform_fee') -
    K('chargeback') -
    K('chargeback_acquirer_leg') +
    K('merchant_discount_reversal') +
    K('platform_fee_reversal') -
    K('chargeback_fee');
  const feesK =
    K('merchant_discount') +
    K('platform_fee') +
    K('cardholder_fx_fee') +
    K('withdrawal_fee') +
    K('chargeback_fee') -
    K('merchant_discount_reversal') -
    K('platform_fee_reversal') -
    K('cardholder_fx_fee_reversal') -
    fraudRefundsK(L, c);
  // Principal (and with it the interchange) changing currency at the scheme: what reached the
  // scheme from the end parties in this currency, minus what it paid them, minus its net sale
  // to the FX account. Zero in a single-currency book.
  const transitK =
    K('purchase_issuer_leg') - K('purchase_acquirer_leg') - K('chargeback_issuer_leg') + K('chargeback_acquirer_leg') - K('fx_conversion_out') + K('fx_conversion_in') + atm.transit;
  const fxK = K('fx_conversion_out') - K('fx_conversion_in');
  const cardOut = -L.typeBalance(ACCOUNT_CARDHOLDER, c);
  const merchIn = L.typeBalance(ACCOUNT_MERCHANT, c);
  const fees = L.typeBalance(ACCOUNT_ISSUER, c) + L.typeBalance(ACCOUNT_SCHEME, c) + L.typeBalance(ACCOUNT_ACQUIRER, c);
  const fxIn = L.typeBalance(ACCOUNT_FX, c);
  const cardOutAll = cardOutK + atm.cardOut;
  const feesAll = feesK + atm.fees + atm.cash;
  if (cardOut !== merchIn + fees + fxIn || cardOut !== cardOutAll || merchIn !== merchInK || fees !== feesAll + transitK || fxIn !== fxK || cardOutAll !== merchInK + feesAll + transitK + fxK) {
    throw new LedgerInvariantError('conservation', {
      currency: L.currencies[c] as string,
      cardholderOutflow: cardOut,
      merchantInflow: merchIn,
      intermediaryFees: fees,
      fxInflow: fxIn,
      cardholderOutflowByKind: cardOutAll,
      merchantInflowByKind: merchInK,
      feesByKind: feesAll,
      convertedThroughSchemeByKind: transitK,
      fxInflowByKind: fxK,
    });
  }
}

/**
 * The conservation terms of ATM withdrawals (atm-legs.ts): what cardholders paid (cash and fees),
 * the fees, the cash reimbursed to the ATMs' acquirers and the principal that changed currency at
 * the scheme (its swap is in the FX conversions).
 */
function atmTerms(K: (name: PostingKindName) => number): { cardOut: number; fees: number; cash: number; transit: number } {
  return {
    cardOut: K('atm_withdrawal') + K('atm_withdrawal_issuer_leg') + K('atm_cardholder_fee'),
    fees: K('atm_cardholder_fee'),
    cash: K('atm_withdrawal') + K('atm_withdrawal_acquirer_leg'),
    transit: K('atm_withdrawal_issuer_leg') - K('atm_withdrawal_acquirer_leg'),
  };
}
