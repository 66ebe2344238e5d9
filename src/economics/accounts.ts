/**
 * The ledger's vocabulary: account types and posting kinds. Each posting kind has a fixed payer
 * and payee account type (e.g. interchange: acquirer -> issuer); the kind number is its index in
 * `POSTING_KINDS`, the ledger.csv `kind` and, for fees, the fees.csv `fee_type`.
 */

/** Account types. */
export const ACCOUNT_TYPES = ['cardholder', 'issuer', 'scheme', 'acquirer', 'merchant', 'fx'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
/** Their indexes in ACCOUNT_TYPES. The FX account is the scheme's settlement bank / FX desk (cross-currency settlement only). */
export const [ACCOUNT_CARDHOLDER, ACCOUNT_ISSUER, ACCOUNT_SCHEME, ACCOUNT_ACQUIRER, ACCOUNT_MERCHANT, ACCOUNT_FX] = [0, 1, 2, 3, 4, 5] as const;

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
  // ATM cash withdrawals (atm-legs.ts): the acquirer's ATM pays out the cash, the issuer
  // reimburses it through the scheme and pays it the ATM interchange (the reverse of a purchase's).
  /** The cash an ATM paid out, taken from the cardholder and reimbursed to the ATM's acquirer. */
  { name: 'atm_withdrawal', from: ACCOUNT_CARDHOLDER, to: ACCOUNT_ACQUIRER },
  /** ATM interchange: the issuer pays the ATM's acquirer (off-us withdrawals). */
  { name: 'atm_interchange', from: ACCOUNT_ISSUER, to: ACCOUNT_ACQUIRER },
  /** The cardholder's ATM fee to the issuer (off-us or abroad). */
  { name: 'atm_cardholder_fee', from: ACCOUNT_CARDHOLDER, to: ACCOUNT_ISSUER },
  /** A withdrawal as taken from the cardholder, in the issuer currency (via the issuer to the scheme). */
  { name: 'atm_withdrawal_issuer_leg', from: ACCOUNT_CARDHOLDER, to: ACCOUNT_SCHEME },
  /** A withdrawal as reimbursed to the ATM's acquirer, in the transaction currency. */
  { name: 'atm_withdrawal_acquirer_leg', from: ACCOUNT_SCHEME, to: ACCOUNT_ACQUIRER },
  /** The ATM interchange as paid by the issuer, in the issuer currency. */
  { name: 'atm_interchange_issuer_leg', from: ACCOUNT_ISSUER, to: ACCOUNT_SCHEME },
  /** The ATM interchange as received by the acquirer, in the transaction currency. */
  { name: 'atm_interchange_acquirer_leg', from: ACCOUNT_SCHEME, to: ACCOUNT_ACQUIRER },
  /**
   * Fraud the issuer bears (labelled fraud, model/fraud*.ts): it refunds its cardholder the
   * fraudulent purchase, less what the cardholder bears under the liability rules. Fraud the
   * merchant bears is a chargeback of the ordinary kinds.
   */
  { name: 'fraud_write_off', from: ACCOUNT_ISSUER, to: ACCOUNT_CARDHOLDER },
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
  atm_withdrawal: 28,
  atm_interchange: 29,
  atm_cardholder_fee: 30,
  atm_withdrawal_issuer_leg: 31,
  atm_withdrawal_acquirer_leg: 32,
  atm_interchange_issuer_leg: 33,
  atm_interchange_acquirer_leg: 34,
  fraud_write_off: 35,
} as const satisfies Record<PostingKindName, number>;

export const KIND_COUNT = POSTING_KINDS.length;

/** Payer / payee account type of each posting kind. @internal */
export const KIND_FROM = Uint8Array.from(POSTING_KINDS.map((k) => k.from));
export const KIND_TO = Uint8Array.from(POSTING_KINDS.map((k) => k.to));

/** Receives every recorded posting (e.g. to write ledger.csv). Numbers only: no allocation. */
export type PostingListener = (kind: number, debitAccount: number, creditAccount: number, amountMinor: number, currency: number, day: number) => void;
