/**
 * A double-entry ledger over typed-array balances.
 *
 * Accounts, per currency: cardholders (aggregated per issuer), issuers, the scheme (in a
 * three-party model: the platform), acquirers, merchants (aggregated per acquirer), and one FX
 * account (the scheme's settlement bank / FX desk, "FX settlement" by default) that converts
 * between currencies when an issuer settles in another currency than the purchase's.
 *
 * `post(kind, debitAccount, creditAccount, amount, currency)` moves `amount` from the debit
 * account (the payer: its balance falls) to the credit account (the payee: its balance rises),
 * like a bank statement. A balance is credits - debits: the net money the account received.
 * Each posting kind has a fixed payer and payee account type (e.g. interchange: acquirer ->
 * issuer); `post` rejects any other direction. Zero amounts are not recorded.
 *
 * `verify()` proves, per currency:
 * 1. every account's balance equals the sum of its credits minus the sum of its debits;
 * 2. total debits = total credits = the sum of the per-kind totals;
 * 3. each account type's summed balance equals what the per-kind totals say it must be;
 * 4. money that left cardholders = money that reached merchants + money kept by intermediaries
 *    (issuers, scheme, acquirers) + money the FX account took in, each side computed from the
 *    balances and, independently, from the per-kind totals. By kind, intermediaries keep the
 *    fees the end parties paid plus the principal and interchange that changed currency through
 *    the scheme (zero when nothing is converted), and the FX account takes in what the scheme
 *    sold it minus what it bought (`fx_conversion_out - fx_conversion_in`).
 * Every posting is in one currency, so 1-4 hold in each currency on its own; a cross-currency
 * purchase balances in each of its two currencies through the FX account (see settlement.ts).
 * A broken invariant throws `LedgerInvariantError` with the numbers.
 *
 * Sharded runs: `snapshot()` copies every accumulator into a plain, structured-clone-able
 * `LedgerSnapshot`; `mergeSnapshot(s)` adds one into a ledger with the same accounts and
 * currencies. Every accumulator is a sum of integers, so as long as the sums stay safe integers
 * (which `verify()` checks) the merged ledger equals, to the unit, one ledger that received every
 * posting, whatever the grouping and order of the parts. The listener is not called on merge.
 */

import { ACCOUNT_ACQUIRER, ACCOUNT_CARDHOLDER, ACCOUNT_FX, ACCOUNT_ISSUER, ACCOUNT_MERCHANT, ACCOUNT_SCHEME, ACCOUNT_TYPES, KIND_COUNT, KIND_FROM, KIND_TO, POSTING_KINDS, type AccountType, type PostingListener } from './accounts.js';
import { LedgerInvariantError, verifyLedger } from './ledger-verify.js';
import { addInto, checkArray, checkSameParties, snapshotParties, uniqueBuffers, type SnapshotParties } from './snapshots.js';

/** The ledger's account types and posting kinds (accounts.ts), for importers of ledger.js. */
export * from './accounts.js';
export { LedgerInvariantError } from './ledger-verify.js';

export interface LedgerOptions {
  /** Issuer names (or a count: "issuer 0", ...). */
  readonly issuers: number | readonly string[];
  /** Acquirer names (or a count). */
  readonly acquirers: number | readonly string[];
  /** Currency codes; a posting's currency is an index into this list. */
  readonly currencies: readonly string[];
  /** Name of the scheme account (default "scheme"). */
  readonly schemeName?: string;
  /** Name of the FX account (default "FX settlement"). */
  readonly fxName?: string;
  readonly onPosting?: PostingListener;
}

function names(x: number | readonly string[], prefix: string): readonly string[] {
  return typeof x === 'number' ? Array.from({ length: x }, (_, i) => `${prefix} ${i}`) : x;
}

/** Plain row describing one posting, for ledger.csv. */
export interface PostingRow {
  day: number;
  kind: string;
  debit_account: string;
  credit_account: string;
  currency: string;
  amount_minor: number;
}

/** Plain row of one account's totals in one currency. */
export interface AccountRow {
  account: string;
  account_type: AccountType;
  currency: string;
  debit_minor: number;
  credit_minor: number;
  balance_minor: number;
}

/**
 * Everything a ledger accumulated, as plain data (strings, numbers, Float64Arrays): survives
 * `structuredClone` / `postMessage`. Arrays are indexed as in the ledger: accounts x currencies
 * (`debit`, `credit`, `balance`), kinds x currencies (`kindTotals`, `kindCounts`), currencies
 * (`totalDebit`, `totalCredit`). Each array owns its buffer (see `ledgerSnapshotBuffers`).
 */
export interface LedgerSnapshot extends SnapshotParties {
  readonly format: 'quartet.ledger/2';
  readonly kinds: number;
  readonly debit: Float64Array;
  readonly credit: Float64Array;
  readonly balance: Float64Array;
  readonly kindTotals: Float64Array;
  readonly kindCounts: Float64Array;
  readonly totalDebit: Float64Array;
  readonly totalCredit: Float64Array;
}

/** The buffers of a ledger snapshot, for a `postMessage` transfer list. */
export function ledgerSnapshotBuffers(s: LedgerSnapshot): ArrayBuffer[] {
  return uniqueBuffers([s.debit, s.credit, s.balance, s.kindTotals, s.kindCounts, s.totalDebit, s.totalCredit]);
}

export class Ledger {
  /** Who the accounts belong to: issuer, acquirer, scheme and FX names and the currencies (a snapshot carries a copy). */
  readonly parties: SnapshotParties;
  readonly currencies: readonly string[];
  /** Accounts: cardholders per issuer, issuers, the scheme, acquirers, merchants per acquirer, the FX account. */
  readonly accountCount: number;
  private readonly nIss: number;
  private readonly nAcq: number;
  private readonly nCur: number;
  private readonly types: Uint8Array;
  private readonly debitSum: Float64Array;
  private readonly creditSum: Float64Array;
  private readonly bal: Float64Array;
  private readonly kindSum: Float64Array;
  private readonly kindCnt: Float64Array;
  private readonly totDebit: Float64Array;
  private readonly totCredit: Float64Array;
  private readonly listener: PostingListener | undefined;

  constructor(opts: LedgerOptions) {
    this.currencies = [...opts.currencies];
    if (this.currencies.length === 0) throw new RangeError('a ledger needs at least one currency');
    const issuers = names(opts.issuers, 'issuer');
    const acquirers = names(opts.acquirers, 'acquirer');
    this.parties = { issuers, acquirers, currencies: this.currencies, schemeName: opts.schemeName ?? 'scheme', fxName: opts.fxName ?? 'FX settlement' };
    this.nIss = issuers.length;
    this.nAcq = acquirers.length;
    this.nCur = this.currencies.length;
    this.accountCount = 2 * this.nIss + 1 + 2 * this.nAcq + 1;
    this.types = new Uint8Array(this.accountCount);
    for (let a = 0; a < this.accountCount; a++) this.types[a] = this.typeOfIndex(a);
    const n = this.accountCount * this.nCur;
    this.debitSum = new Float64Array(n);
    this.creditSum = new Float64Array(n);
    this.bal = new Float64Array(n);
    this.kindSum = new Float64Array(KIND_COUNT * this.nCur);
    this.kindCnt = new Float64Array(KIND_COUNT * this.nCur);
    this.totDebit = new Float64Array(this.nCur);
    this.totCredit = new Float64Array(this.nCur);
    this.listener = opts.onPosting;
  }

  private typeOfIndex(a: number): number {
    if (a < this.nIss) return ACCOUNT_CARDHOLDER;
    if (a < 2 * this.nIss) return ACCOUNT_ISSUER;
    if (a === 2 * this.nIss) return ACCOUNT_SCHEME;
    if (a < 2 * this.nIss + 1 + this.nAcq) return ACCOUNT_ACQUIRER;
    if (a < 2 * this.nIss + 1 + 2 * this.nAcq) return ACCOUNT_MERCHANT;
    return ACCOUNT_FX;
  }

  // Account numbers ----------------------------------------------------------------------------

  /** The aggregated cardholders of issuer i. */
  cardholders(issuer: number): number {
    return issuer;
  }
  issuer(issuer: number): number {
    return this.nIss + issuer;
  }
  scheme(): number {
    return 2 * this.nIss;
  }
  acquirer(acquirer: number): number {
    return 2 * this.nIss + 1 + acquirer;
  }
  /** The aggregated merchants of acquirer j. */
  merchants(acquirer: number): number {
    return 2 * this.nIss + 1 + this.nAcq + acquirer;
  }
  /** The FX account (the scheme's settlement bank / FX desk); the last account. */
  fx(): number {
    return this.accountCount - 1;
  }

  accountType(account: number): AccountType {
    return ACCOUNT_TYPES[this.types[account] as number] as AccountType;
  }

  accountName(account: number): string {
    const t = this.types[account];
    switch (t) {
      case ACCOUNT_CARDHOLDER:
        return `cardholders of ${this.parties.issuers[account]}`;
      case ACCOUNT_ISSUER:
        return this.parties.issuers[account - this.nIss] as string;
      case ACCOUNT_SCHEME:
        return this.parties.schemeName;
      case ACCOUNT_ACQUIRER:
        return this.parties.acquirers[account - 2 * this.nIss - 1] as string;
      case ACCOUNT_MERCHANT:
        return `merchants of ${this.parties.acquirers[account - 2 * this.nIss - 1 - this.nAcq]}`;
      case ACCOUNT_FX:
        return this.parties.fxName;
      default:
        throw new RangeError(`no account ${account}`);
    }
  }

  /** Index of a currency code; throws RangeError if the ledger does not hold it. */
  currencyIndex(code: string): number {
    const i = this.currencies.indexOf(code);
    if (i < 0) throw new RangeError(`currency ${code} is not in this ledger (${this.currencies.join(', ')})`);
    return i;
  }

  // Posting ------------------------------------------------------------------------------------

  /**
   * Move `amountMinor` (a non-negative integer) of currency index `currency` from `debitAccount`
   * (payer) to `creditAccount` (payee). `day` is passed to the listener only.
   */
  post(kind: number, debitAccount: number, creditAccount: number, amountMinor: number, currency: number, day = 0): void {
    if (amountMinor === 0) return;
    if (!(amountMinor > 0) || !Number.isSafeInteger(amountMinor)) {
      throw new LedgerInvariantError('amount', { kind, amountMinor }, 'a posting amount must be a positive safe integer');
    }
    if (this.types[debitAccount] !== KIND_FROM[kind] || this.types[creditAccount] !== KIND_TO[kind] || debitAccount >= this.accountCount || creditAccount >= this.accountCount) {
      throw new LedgerInvariantError(
        'direction',
        { kind, debitAccount, creditAccount },
        `a ${POSTING_KINDS[kind]?.name ?? `kind ${kind}`} posting must go from a ${ACCOUNT_TYPES[KIND_FROM[kind] ?? 0]} to a ${ACCOUNT_TYPES[KIND_TO[kind] ?? 0]}`,
      );
    }
    if (!(currency >= 0 && currency < this.nCur)) throw new LedgerInvariantError('currency', { currency }, 'no such currency index');
    const d = debitAccount * this.nCur + currency;
    const c = creditAccount * this.nCur + currency;
    this.debitSum[d] = (this.debitSum[d] as number) + amountMinor;
    this.creditSum[c] = (this.creditSum[c] as number) + amountMinor;
    this.bal[d] = (this.bal[d] as number) - amountMinor;
    this.bal[c] = (this.bal[c] as number) + amountMinor;
    const k = kind * this.nCur + currency;
    this.kindSum[k] = (this.kindSum[k] as number) + amountMinor;
    this.kindCnt[k] = (this.kindCnt[k] as number) + 1;
    this.totDebit[currency] = (this.totDebit[currency] as number) + amountMinor;
    this.totCredit[currency] = (this.totCredit[currency] as number) + amountMinor;
    if (this.listener !== undefined) this.listener(kind, debitAccount, creditAccount, amountMinor, currency, day);
  }

  // Reading ------------------------------------------------------------------------------------

  /** Credits - debits of an account in a currency. */
  balance(account: number, currency: number): number {
    return this.bal[account * this.nCur + currency] as number;
  }
  debits(account: number, currency: number): number {
    return this.debitSum[account * this.nCur + currency] as number;
  }
  credits(account: number, currency: number): number {
    return this.creditSum[account * this.nCur + currency] as number;
  }
  /** Sum of the amounts posted with this kind in a currency. */
  kindTotal(kind: number, currency: number): number {
    return this.kindSum[kind * this.nCur + currency] as number;
  }
  /** Number of postings of this kind in a currency. */
  kindCount(kind: number, currency: number): number {
    return this.kindCnt[kind * this.nCur + currency] as number;
  }
  totalDebits(currency: number): number {
    return this.totDebit[currency] as number;
  }
  totalCredits(currency: number): number {
    return this.totCredit[currency] as number;
  }
  /** Sum of the balances of every account of a type in a currency. */
  typeBalance(type: number, currency: number): number {
    let s = 0;
    for (let a = 0; a < this.accountCount; a++) if (this.types[a] === type) s += this.bal[a * this.nCur + currency] as number;
    return s;
  }

  /** A plain row for a posting (e.g. from the listener), for ledger.csv. */
  postingRow(kind: number, debitAccount: number, creditAccount: number, amountMinor: number, currency: number, day: number): PostingRow {
    return {
      day,
      kind: POSTING_KINDS[kind]?.name ?? String(kind),
      debit_account: this.accountName(debitAccount),
      credit_account: this.accountName(creditAccount),
      currency: this.currencies[currency] ?? String(currency),
      amount_minor: amountMinor,
    };
  }

  /** Every account with activity, per currency. */
  *accountRows(): Generator<AccountRow> {
    for (let a = 0; a < this.accountCount; a++) {
      for (let c = 0; c < this.nCur; c++) {
        const i = a * this.nCur + c;
        if (this.debitSum[i] === 0 && this.creditSum[i] === 0) continue;
        yield {
          account: this.accountName(a),
          account_type: this.accountType(a),
          currency: this.currencies[c] as string,
          debit_minor: this.debitSum[i] as number,
          credit_minor: this.creditSum[i] as number,
          balance_minor: this.bal[i] as number,
        };
      }
    }
  }

  // Shards -------------------------------------------------------------------------------------

  /** A copy of every accumulator, as plain structured-clone-able data. */
  snapshot(): LedgerSnapshot {
    return {
      format: 'quartet.ledger/2',
      ...snapshotParties(this.parties),
      kinds: KIND_COUNT,
      debit: this.debitSum.slice(),
      credit: this.creditSum.slice(),
      balance: this.bal.slice(),
      kindTotals: this.kindSum.slice(),
      kindCounts: this.kindCnt.slice(),
      totalDebit: this.totDebit.slice(),
      totalCredit: this.totCredit.slice(),
    };
  }

  /**
   * Add a snapshot of a ledger with the same issuers, acquirers, currencies, scheme and FX names
   * (RangeError otherwise; nothing is added then). The listener is not called.
   */
  mergeSnapshot(s: LedgerSnapshot): void {
    this.checkSnapshot(s);
    addInto(this.debitSum, s.debit);
    addInto(this.creditSum, s.credit);
    addInto(this.bal, s.balance);
    addInto(this.kindSum, s.kindTotals);
    addInto(this.kindCnt, s.kindCounts);
    addInto(this.totDebit, s.totalDebit);
    addInto(this.totCredit, s.totalCredit);
  }

  /** Throws a RangeError unless `s` is a snapshot of a ledger shaped like this one. */
  checkSnapshot(s: LedgerSnapshot): void {
    if (s === null || typeof s !== 'object' || s.format !== 'quartet.ledger/2') throw new RangeError('not a ledger snapshot (format quartet.ledger/2)');
    checkSameParties(snapshotParties(this.parties), s);
    if (s.kinds !== KIND_COUNT) throw new RangeError(`snapshot has ${s.kinds} posting kinds, this ledger ${KIND_COUNT}`);
    const n = this.accountCount * this.nCur;
    checkArray('debit', s.debit, n);
    checkArray('credit', s.credit, n);
    checkArray('balance', s.balance, n);
    checkArray('kindTotals', s.kindTotals, KIND_COUNT * this.nCur);
    checkArray('kindCounts', s.kindCounts, KIND_COUNT * this.nCur);
    checkArray('totalDebit', s.totalDebit, this.nCur);
    checkArray('totalCredit', s.totalCredit, this.nCur);
  }

  // Verification -------------------------------------------------------------------------------

  /** Check every invariant (see the module comment); throws LedgerInvariantError. */
  verify(): void {
    verifyLedger(this);
  }
}
