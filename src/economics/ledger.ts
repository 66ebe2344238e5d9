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

/** Account types. */
export const ACCOUNT_TYPES = ['cardholder', 'issuer', 'scheme', 'acquirer', 'merchant', 'fx'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const ACCOUNT_CARDHOLDER = 0;
export const ACCOUNT_ISSUER = 1;
export const ACCOUNT_SCHEME = 2;
export const ACCOUNT_ACQUIRER = 3;
export const ACCOUNT_MERCHANT = 4;
/** The FX account: the scheme's settlement bank / FX desk (cross-currency settlement only). */
export const ACCOUNT_FX = 5;

/**
 * Posting kinds with their payer -> payee account types. The index is the kind number.
 * Fee kinds are also the `fee_type` values of fees.csv.
 */
export const POSTING_KINDS = [
  { name: 'purchase', from: ACCOUNT_CARDHOLDER, to: ACCOUNT_MERCHANT },
  { name: 'interchange', from: ACCOUNT_ACQUIRER, to: ACCOUNT_ISSUER },
  { name: 'scheme_fee_issuer', from: ACCOUNT_ISSUER, to: ACCOUNT_SCHEME },
  { name: 'scheme_fee_acquirer', from: ACCOUNT_ACQUIRER, to: ACCOUNT_SCHEME },
  { name: 'merchant_discount', from: ACCOUNT_MERCHANT, to: ACCOUNT_ACQUIRER },
  { name: 'platform_fee', from: ACCOUNT_MERCHANT, to: ACCOUNT_SCHEME },
  { name: 'cardholder_fx_fee', from: ACCOUNT_CARDHOLDER, to: ACCOUNT_ISSUER },
  { name: 'withdrawal_fee', from: ACCOUNT_CARDHOLDER, to: ACCOUNT_SCHEME },
  /** Per-authorization scheme fees of authorizations that never clear (declined, reversed). */
  { name: 'scheme_auth_fee_issuer', from: ACCOUNT_ISSUER, to: ACCOUNT_SCHEME },
  { name: 'scheme_auth_fee_acquirer', from: ACCOUNT_ACQUIRER, to: ACCOUNT_SCHEME },
  { name: 'chargeback', from: ACCOUNT_MERCHANT, to: ACCOUNT_CARDHOLDER },
  { name: 'interchange_reversal', from: ACCOUNT_ISSUER, to: ACCOUNT_ACQUIRER },
  { name: 'scheme_fee_issuer_reversal', from: ACCOUNT_SCHEME, to: ACCOUNT_ISSUER },
  { name: 'scheme_fee_acquirer_reversal', from: ACCOUNT_SCHEME, to: ACCOUNT_ACQUIRER },
  { name: 'merchant_discount_reversal', from: ACCOUNT_ACQUIRER, to: ACCOUNT_MERCHANT },
  { name: 'platform_fee_reversal', from: ACCOUNT_SCHEME, to: ACCOUNT_MERCHANT },
  { name: 'cardholder_fx_fee_reversal', from: ACCOUNT_ISSUER, to: ACCOUNT_CARDHOLDER },
  { name: 'chargeback_fee', from: ACCOUNT_MERCHANT, to: ACCOUNT_ACQUIRER },
  // Cross-currency settlement (issuer currency != transaction currency, see settlement.ts): the
  // principal and the interchange change currency at the scheme, which trades with the FX account.
  /** The purchase as billed to the cardholder, in the issuer currency (via the issuer to the scheme). */
  { name: 'purchase_issuer_leg', from: ACCOUNT_CARDHOLDER, to: ACCOUNT_SCHEME },
  /** The purchase as paid to the merchant, in the transaction currency (via the acquirer). */
  { name: 'purchase_acquirer_leg', from: ACCOUNT_SCHEME, to: ACCOUNT_MERCHANT },
  /** The interchange as paid by the acquirer, in the transaction currency. */
  { name: 'interchange_acquirer_leg', from: ACCOUNT_ACQUIRER, to: ACCOUNT_SCHEME },
  /** The interchange as received by the issuer, in the issuer currency. */
  { name: 'interchange_issuer_leg', from: ACCOUNT_SCHEME, to: ACCOUNT_ISSUER },
  /** A chargeback as taken from the merchant, in the transaction currency. */
  { name: 'chargeback_acquirer_leg', from: ACCOUNT_MERCHANT, to: ACCOUNT_SCHEME },
  /** A chargeback as refunded to the cardholder, in the issuer currency. */
  { name: 'chargeback_issuer_leg', from: ACCOUNT_SCHEME, to: ACCOUNT_CARDHOLDER },
  /** The interchange returned by the issuer, in the issuer currency. */
  { name: 'interchange_reversal_issuer_leg', from: ACCOUNT_ISSUER, to: ACCOUNT_SCHEME },
  /** The interchange returned to the acquirer, in the transaction currency. */
  { name: 'interchange_reversal_acquirer_leg', from: ACCOUNT_SCHEME, to: ACCOUNT_ACQUIRER },
  /** The scheme sells a currency to the FX account (not a fee). */
  { name: 'fx_conversion_out', from: ACCOUNT_SCHEME, to: ACCOUNT_FX },
  /** The scheme buys a currency from the FX account (not a fee). */
  { name: 'fx_conversion_in', from: ACCOUNT_FX, to: ACCOUNT_SCHEME },
] as const;

export type PostingKindName = (typeof POSTING_KINDS)[number]['name'];

/** Kind numbers by name. */
export const KIND = {
  purchase: 0,
  interchange: 1,
  scheme_fee_issuer: 2,
  scheme_fee_acquirer: 3,
  merchant_discount: 4,
  platform_fee: 5,
  cardholder_fx_fee: 6,
  withdrawal_fee: 7,
  scheme_auth_fee_issuer: 8,
  scheme_auth_fee_acquirer: 9,
  chargeback: 10,
  interchange_reversal: 11,
  scheme_fee_issuer_reversal: 12,
  scheme_fee_acquirer_reversal: 13,
  merchant_discount_reversal: 14,
  platform_fee_reversal: 15,
  cardholder_fx_fee_reversal: 16,
  chargeback_fee: 17,
  purchase_issuer_leg: 18,
  purchase_acquirer_leg: 19,
  interchange_acquirer_leg: 20,
  interchange_issuer_leg: 21,
  chargeback_acquirer_leg: 22,
  chargeback_issuer_leg: 23,
  interchange_reversal_issuer_leg: 24,
  interchange_reversal_acquirer_leg: 25,
  fx_conversion_out: 26,
  fx_conversion_in: 27,
} as const satisfies Record<PostingKindName, number>;

export const KIND_COUNT = POSTING_KINDS.length;

/** Payer / payee account type of each posting kind. @internal */
export const KIND_FROM = Uint8Array.from(POSTING_KINDS.map((k) => k.from));
export const KIND_TO = Uint8Array.from(POSTING_KINDS.map((k) => k.to));

/** Receives every recorded posting (e.g. to write ledger.csv). Numbers only: no allocation. */
export type PostingListener = (kind: number, debitAccount: number, creditAccount: number, amountMinor: number, currency: number, day: number) => void;

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
export interface LedgerSnapshot {
  readonly format: 'quartet.ledger/2';
  readonly issuers: readonly string[];
  readonly acquirers: readonly string[];
  readonly currencies: readonly string[];
  readonly schemeName: string;
  readonly fxName: string;
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

/** Distinct ArrayBuffers of some typed arrays (a transfer list must not repeat a buffer). @internal */
export function uniqueBuffers(arrays: readonly ArrayBufferView[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of arrays) {
    const b = a.buffer;
    if (b instanceof ArrayBuffer && !out.includes(b)) out.push(b);
  }
  return out;
}

/** Throws a RangeError unless two lists of names are equal. @internal */
export function sameNames(what: string, mine: readonly string[], theirs: readonly string[]): void {
  if (mine.length !== theirs.length || mine.some((x, i) => x !== theirs[i])) {
    throw new RangeError(`cannot merge a snapshot with other ${what}: [${theirs.join(', ')}] into [${mine.join(', ')}]`);
  }
}

/** Throws a RangeError unless `a` is a Float64Array of length `n`. @internal */
export function checkArray(what: string, a: unknown, n: number): asserts a is Float64Array {
  if (!(a instanceof Float64Array) || a.length !== n) {
    throw new RangeError(`snapshot field ${what}: expected a Float64Array of length ${n}, got ${a instanceof Float64Array ? `length ${a.length}` : typeof a}`);
  }
}

/** dst[i] += src[i]. @internal */
export function addInto(dst: Float64Array, src: Float64Array): void {
  for (let i = 0; i < src.length; i++) dst[i] = (dst[i] as number) + (src[i] as number);
}

export class Ledger {
  readonly issuerNames: readonly string[];
  readonly acquirerNames: readonly string[];
  readonly currencies: readonly string[];
  readonly schemeName: string;
  readonly fxName: string;
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
    this.issuerNames = names(opts.issuers, 'issuer');
    this.acquirerNames = names(opts.acquirers, 'acquirer');
    this.currencies = [...opts.currencies];
    if (this.currencies.length === 0) throw new RangeError('a ledger needs at least one currency');
    this.schemeName = opts.schemeName ?? 'scheme';
    this.fxName = opts.fxName ?? 'FX settlement';
    this.nIss = this.issuerNames.length;
    this.nAcq = this.acquirerNames.length;
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
        return `cardholders of ${this.issuerNames[account]}`;
      case ACCOUNT_ISSUER:
        return this.issuerNames[account - this.nIss] as string;
      case ACCOUNT_SCHEME:
        return this.schemeName;
      case ACCOUNT_ACQUIRER:
        return this.acquirerNames[account - 2 * this.nIss - 1] as string;
      case ACCOUNT_MERCHANT:
        return `merchants of ${this.acquirerNames[account - 2 * this.nIss - 1 - this.nAcq]}`;
      case ACCOUNT_FX:
        return this.fxName;
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
      issuers: [...this.issuerNames],
      acquirers: [...this.acquirerNames],
      currencies: [...this.currencies],
      schemeName: this.schemeName,
      fxName: this.fxName,
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
    sameNames('issuers', this.issuerNames, s.issuers);
    sameNames('acquirers', this.acquirerNames, s.acquirers);
    sameNames('currencies', this.currencies, s.currencies);
    if (s.schemeName !== this.schemeName) throw new RangeError(`cannot merge a snapshot of scheme "${s.schemeName}" into "${this.schemeName}"`);
    if (s.fxName !== this.fxName) throw new RangeError(`cannot merge a snapshot with FX account "${s.fxName}" into "${this.fxName}"`);
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
    for (let c = 0; c < this.nCur; c++) {
      const currency = this.currencies[c] as string;
      const safe = (x: number, what: string) => {
        if (!Number.isSafeInteger(x)) throw new LedgerInvariantError('overflow', { currency, [what]: x }, 'a sum is not a safe integer (beyond 2^53 minor units)');
      };
      // 1. balances = credits - debits
      let sumDebits = 0;
      let sumCredits = 0;
      for (let a = 0; a < this.accountCount; a++) {
        const i = a * this.nCur + c;
        const d = this.debitSum[i] as number;
        const cr = this.creditSum[i] as number;
        const b = this.bal[i] as number;
        safe(d, 'debits');
        safe(cr, 'credits');
        if (b !== cr - d) {
          throw new LedgerInvariantError('account_balance', { account: this.accountName(a), currency, balance: b, credits: cr, debits: d, expected: cr - d });
        }
        sumDebits += d;
        sumCredits += cr;
      }
      // 2. debits = credits = per-kind totals
      let kinds = 0;
      for (let k = 0; k < KIND_COUNT; k++) kinds += this.kindSum[k * this.nCur + c] as number;
      const td = this.totDebit[c] as number;
      const tc = this.totCredit[c] as number;
      if (td !== tc || td !== sumDebits || tc !== sumCredits || td !== kinds) {
        throw new LedgerInvariantError('debits_equal_credits', {
          currency,
          totalDebits: td,
          totalCredits: tc,
          accountDebits: sumDebits,
          accountCredits: sumCredits,
          kindTotals: kinds,
        });
      }
      // 3. per account type, from the per-kind totals
      const expected = ACCOUNT_TYPES.map(() => 0);
      for (let k = 0; k < KIND_COUNT; k++) {
        const v = this.kindSum[k * this.nCur + c] as number;
        const from = KIND_FROM[k] as number;
        const to = KIND_TO[k] as number;
        expected[from] = (expected[from] as number) - v;
        expected[to] = (expected[to] as number) + v;
      }
      for (let t = 0; t < ACCOUNT_TYPES.length; t++) {
        const actual = this.typeBalance(t, c);
        if (actual !== expected[t]) {
          throw new LedgerInvariantError('type_balance', { currency, accountType: ACCOUNT_TYPES[t] as string, balance: actual, expected: expected[t] as number });
        }
      }
      // 4. cardholders' outflow = merchants' inflow + intermediaries' take + the FX account's take
      const K = (name: PostingKindName) => this.kindSum[KIND[name] * this.nCur + c] as number;
      const cardOutK =
        K('purchase') +
        K('purchase_issuer_leg') +
        K('cardholder_fx_fee') +
        K('withdrawal_fee') -
        K('chargeback') -
        K('chargeback_issuer_leg') -
        K('cardholder_fx_fee_reversal');
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
        K('cardholder_fx_fee_reversal');
      // Principal (and with it the interchange) changing currency at the scheme: what reached the
      // scheme from the end parties in this currency, minus what it paid them, minus its net sale
      // to the FX account. Zero in a single-currency book.
      const transitK =
        K('purchase_issuer_leg') -
        K('purchase_acquirer_leg') -
        K('chargeback_issuer_leg') +
        K('chargeback_acquirer_leg') -
        K('fx_conversion_out') +
        K('fx_conversion_in');
      const fxK = K('fx_conversion_out') - K('fx_conversion_in');
      const cardOut = -this.typeBalance(ACCOUNT_CARDHOLDER, c);
      const merchIn = this.typeBalance(ACCOUNT_MERCHANT, c);
      const fees = this.typeBalance(ACCOUNT_ISSUER, c) + this.typeBalance(ACCOUNT_SCHEME, c) + this.typeBalance(ACCOUNT_ACQUIRER, c);
      const fxIn = this.typeBalance(ACCOUNT_FX, c);
      if (
        cardOut !== merchIn + fees + fxIn ||
        cardOut !== cardOutK ||
        merchIn !== merchInK ||
        fees !== feesK + transitK ||
        fxIn !== fxK ||
        cardOutK !== merchInK + feesK + transitK + fxK
      ) {
        throw new LedgerInvariantError('conservation', {
          currency,
          cardholderOutflow: cardOut,
          merchantInflow: merchIn,
          intermediaryFees: fees,
          fxInflow: fxIn,
          cardholderOutflowByKind: cardOutK,
          merchantInflowByKind: merchInK,
          feesByKind: feesK,
          convertedThroughSchemeByKind: transitK,
          fxInflowByKind: fxK,
        });
      }
    }
  }
}
