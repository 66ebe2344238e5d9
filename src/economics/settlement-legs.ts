/**
 * The settlement legs as data: which postings each book event makes, in which currency, and
 * what each posting does to the settlement positions and to fees.csv. `SettlementBook` reads
 * these tables with one interpreter (settlement.ts); the money rules are in its module comment.
 * The commonest event, the one-currency clear, is also written out straight-line
 * (settlement-fast.ts) for speed; that code is checked against `CLEAR` at load and in a test, so
 * a change here that it does not follow fails loudly.
 *
 * An event (a cleared purchase, a chargeback, each in one or two currencies, the fees of an
 * authorization that does not clear) is a fixed list of legs. A leg names a posting kind, the
 * scratch slot holding its amount, the side of its currency (transaction or issuer) and the slot
 * of the value fees.csv reports beside it. The book fills the slots from the breakdown (and
 * converts the issuer side) and the interpreter posts the legs in table order: that order is the
 * order of ledger.csv. Only the one-currency events are written out leg by leg (the purchase
 * here, the withdrawal in atm-legs.ts); the chargeback is the purchase reversed (`reversal`) and
 * each cross-currency event follows from its one-currency form by one rule (`acrossCurrencies`).
 *
 * What a posting does to the settlement positions follows from its payer and payee alone
 * (`POSTING_KINDS`). Money between an end party and the scheme passes along the chain
 * cardholder - issuer - scheme - acquirer - merchant (the FX account hangs off the scheme), and
 * each link it crosses books a gross obligation: issuer <-> scheme and acquirer <-> scheme are
 * interbank, acquirer -> merchants is the merchant payout, cardholder <-> issuer is outside the
 * settlement (the issuer's cardholder collections). A position's `fees_minor` moves by the
 * amount where its party pays (-) or receives (+) the fee the posting carries (a
 * cross-currency interchange leg carries the interchange); intermediaries pass money on without
 * a fee.
 */

import { ACCOUNT_ACQUIRER, ACCOUNT_CARDHOLDER, ACCOUNT_FX, ACCOUNT_ISSUER, ACCOUNT_MERCHANT, ACCOUNT_SCHEME, KIND, KIND_COUNT, POSTING_KINDS } from './accounts.js';

// Scratch slots of an event's amounts (minor units), filled by the book before each event.
// S_VALUE is the purchase (or chargeback) amount, S_* the fees, all in the transaction currency.
export const [S_VALUE, S_INTERCHANGE, S_SCHEME_ISSUER, S_SCHEME_ACQUIRER, S_MERCHANT_DISCOUNT, S_PLATFORM, S_FX_FEE, S_CHARGEBACK_FEE] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
/** Issuer-currency amounts: each transaction-currency part converted on its own. */
export const [S_VALUE_I, S_INTERCHANGE_I, S_SCHEME_ISSUER_I, S_FX_FEE_I] = [8, 9, 10, 11] as const;
/**
 * The scheme's swap with the FX account, signed: vI - aI of the issuer currency (S_SWAP_I) and
 * a - v of the transaction currency (S_SWAP_T) (positive: what a purchase has the scheme sell,
 * negative: buy). S_ZERO is always 0: the value beside an authorization fee.
 */
export const [S_SWAP_I, S_SWAP_T, S_ZERO, SLOT_COUNT] = [12, 13, 14, 15] as const;

/** Currency side of a leg: the transaction currency or the issuer's settlement currency. */
export const SIDE_T = 0;
export const SIDE_I = 1;

/** One posting of an event. */
export interface Leg {
  /** Posting kind of a positive amount. */
  readonly kind: number;
  /** Posting kind of a negative amount (posted as its absolute value): swaps go either way. */
  readonly negKind: number;
  readonly slot: number;
  readonly side: number;
  /** Slot of the value fees.csv reports beside a fee. */
  readonly valueSlot: number;
}

/** One event: its legs in posting order, and the positions it books even when an amount is 0. */
export interface LegTable {
  readonly legs: readonly Leg[];
  /** [account type, side] pairs: these settlement positions count as touched by every event. */
  readonly touches: readonly (readonly [number, number])[];
}

/** A leg; `negKind` (a swap's other direction) defaults to `kind`. */
export function leg(kind: number, slot: number, side: number, valueSlot: number, negKind = kind): Leg {
  return { kind, negKind, slot, side, valueSlot };
}

const T = SIDE_T;
const I = SIDE_I;

/** The issuer-currency slot of a transaction-currency slot (the parts an issuer-side leg can carry). */
const ISSUER_SLOT = new Map<number, number>([[S_VALUE, S_VALUE_I], [S_INTERCHANGE, S_INTERCHANGE_I], [S_SCHEME_ISSUER, S_SCHEME_ISSUER_I], [S_FX_FEE, S_FX_FEE_I], [S_ZERO, S_ZERO]]);

const KIND_OF_NAME = new Map<string, number>(POSTING_KINDS.map((k, i) => [k.name, i]));

function kindNamed(name: string): number {
  const k = KIND_OF_NAME.get(name);
  if (k === undefined) throw new Error(`no posting kind ${name}`);
  return k;
}

function issuerSlot(slot: number): number {
  const s = ISSUER_SLOT.get(slot);
  if (s === undefined) throw new Error(`slot ${slot} has no issuer-currency amount`);
  return s;
}

const touchesIssuer = (a: number): boolean => a === ACCOUNT_ISSUER || a === ACCOUNT_CARDHOLDER;

/**
 * The legs of `leg` (of a one-currency event) when the issuer settles in another currency. A
 * movement between the issuer's side and the acquirer's (a kind with `_issuer_leg` and
 * `_acquirer_leg` forms) changes currency at the scheme: two legs, the one that starts where the
 * movement starts first, the issuer's in the issuer currency. Any other leg that the issuer or
 * its cardholder pays or receives moves to the issuer currency; the rest stay.
 */
function crossLegs(l: Leg): Leg[] {
  const kind = POSTING_KINDS[l.kind]!;
  const issuerLeg = KIND_OF_NAME.get(`${kind.name}_issuer_leg`);
  const onIssuerSide = issuerLeg !== undefined || touchesIssuer(kind.from) || touchesIssuer(kind.to);
  if (!onIssuerSide) return [l];
  const toI = leg(issuerLeg ?? l.kind, issuerSlot(l.slot), I, issuerSlot(l.valueSlot));
  if (issuerLeg === undefined) return [toI];
  const toT = leg(kindNamed(`${kind.name}_acquirer_leg`), l.slot, T, l.valueSlot);
  return POSTING_KINDS[issuerLeg]!.from === kind.from ? [toI, toT] : [toT, toI];
}

/**
 * The cross-currency form of the one-currency event `one`: its legs in the same order (each
 * as `crossLegs`), then the scheme's `swaps` with the FX account; the issuer's and the scheme's
 * positions in the issuer currency (the scheme's in both).
 */
export function acrossCurrencies(one: LegTable, swaps: readonly Leg[]): LegTable {
  const touches = one.touches.flatMap(([account, side]): (readonly [number, number])[] => {
    if (account === ACCOUNT_ISSUER) return [[account, I]];
    return account === ACCOUNT_SCHEME ? [[account, I], [account, side]] : [[account, side]];
  });
  return { legs: [...one.legs.flatMap(crossLegs), ...swaps], touches };
}

/** The chargeback of the one-currency event `one`: each leg as its reversal (`chargeback` for the purchase, else `<kind>_reversal`), then `extra`. */
function reversal(one: LegTable, extra: readonly Leg[]): LegTable {
  const back = one.legs.map((l) => {
    const name = POSTING_KINDS[l.kind]!.name;
    return leg(kindNamed(name === 'purchase' ? 'chargeback' : `${name}_reversal`), l.slot, l.side, l.valueSlot);
  });
  return { legs: [...back, ...extra], touches: one.touches };
}

/** The scheme's swaps with the FX account when a purchase or a withdrawal changes currency: it sells vI - aI of the issuer currency and v - a of the transaction currency (signed). */
export const SWAPS_FORWARD: readonly Leg[] = [
  leg(KIND.fx_conversion_out, S_SWAP_I, I, S_ZERO, KIND.fx_conversion_in),
  leg(KIND.fx_conversion_out, S_SWAP_T, T, S_ZERO, KIND.fx_conversion_in),
];
/** The swaps of a purchase, back (a chargeback): the scheme buys vI - aI of the issuer currency and sells v - a. */
const SWAPS_BACK: readonly Leg[] = [
  leg(KIND.fx_conversion_in, S_SWAP_T, T, S_ZERO, KIND.fx_conversion_out),
  leg(KIND.fx_conversion_in, S_SWAP_I, I, S_ZERO, KIND.fx_conversion_out),
];

/** A cleared purchase, issuer and transaction currency the same. */
export const CLEAR: LegTable = {
  legs: [
    leg(KIND.purchase, S_VALUE, T, S_VALUE),
    leg(KIND.interchange, S_INTERCHANGE, T, S_VALUE),
    leg(KIND.scheme_fee_issuer, S_SCHEME_ISSUER, T, S_VALUE),
    leg(KIND.scheme_fee_acquirer, S_SCHEME_ACQUIRER, T, S_VALUE),
    leg(KIND.merchant_discount, S_MERCHANT_DISCOUNT, T, S_VALUE),
    leg(KIND.platform_fee, S_PLATFORM, T, S_VALUE),
    leg(KIND.cardholder_fx_fee, S_FX_FEE, T, S_VALUE),
  ],
  touches: [[ACCOUNT_ISSUER, T], [ACCOUNT_SCHEME, T], [ACCOUNT_ACQUIRER, T], [ACCOUNT_MERCHANT, T]],
};

/** A cleared purchase whose issuer settles in another currency: the issuer side converted, the scheme swapping the difference. */
export const CLEAR_CROSS: LegTable = acrossCurrencies(CLEAR, SWAPS_FORWARD);

/** A chargeback, issuer and transaction currency the same: the purchase's legs reversed, then the chargeback fee. */
export const CHARGEBACK: LegTable = reversal(CLEAR, [leg(KIND.chargeback_fee, S_CHARGEBACK_FEE, T, S_VALUE)]);

/** A chargeback whose issuer settles in another currency, converted at the chargeback's day's rate. */
export const CHARGEBACK_CROSS: LegTable = acrossCurrencies(CHARGEBACK, SWAPS_BACK);

/** Scheme fees of an authorization that does not clear: the issuer's in its currency, the acquirer's in the transaction currency. */
export const AUTHORIZATION_FEES: LegTable = {
  legs: [leg(KIND.scheme_auth_fee_issuer, S_SCHEME_ISSUER_I, I, S_ZERO), leg(KIND.scheme_auth_fee_acquirer, S_SCHEME_ACQUIRER, T, S_ZERO)],
  touches: [],
};

/** The issuer writes off a fraud loss: it refunds its cardholder (no settlement position moves: its collections fall). */
export const FRAUD_WRITE_OFF: LegTable = { legs: [leg(KIND.fraud_write_off, S_VALUE, T, S_VALUE)], touches: [] };
/** The same in the issuer's settlement currency. */
export const FRAUD_WRITE_OFF_CROSS: LegTable = acrossCurrencies(FRAUD_WRITE_OFF, []);

// ---------------------------------------------------------------------------------------------
// What each posting kind does to the settlement positions and fees.csv
// ---------------------------------------------------------------------------------------------

/**
 * The fees.csv fee type each posting kind counts toward, or -1 for postings that are not fees
 * (purchases, chargebacks, their cross-currency legs, FX conversions, and the receiving legs of
 * a cross-currency interchange and its reversal: a fee is reported once, on its payer's side).
 */
export const FEE_TYPE_OF: readonly number[] = POSTING_KINDS.map((_, k) => {
  switch (k) {
    case KIND.purchase:
    case KIND.chargeback:
    case KIND.purchase_issuer_leg:
    case KIND.purchase_acquirer_leg:
    case KIND.chargeback_acquirer_leg:
    case KIND.chargeback_issuer_leg:
    case KIND.interchange_issuer_leg:
    case KIND.interchange_reversal_acquirer_leg:
    case KIND.fx_conversion_out:
    case KIND.fx_conversion_in:
    case KIND.atm_withdrawal:
    case KIND.atm_withdrawal_issuer_leg:
    case KIND.atm_withdrawal_acquirer_leg:
    case KIND.atm_interchange_acquirer_leg:
    case KIND.fraud_write_off:
      return -1;
    case KIND.interchange_acquirer_leg:
      return KIND.interchange;
    case KIND.atm_interchange_issuer_leg:
      return KIND.atm_interchange;
    case KIND.interchange_reversal_issuer_leg:
      return KIND.interchange_reversal;
    default:
      return k;
  }
});

/** The fee a posting carries for `fees_minor` (both legs of a cross-currency interchange carry it), or -1. */
function carriedFee(k: number): number {
  if (k === KIND.interchange_issuer_leg) return KIND.interchange;
  if (k === KIND.interchange_reversal_acquirer_leg) return KIND.interchange_reversal;
  if (k === KIND.atm_interchange_acquirer_leg) return KIND.atm_interchange;
  return FEE_TYPE_OF[k] as number;
}

/** Place of each account type on the chain cardholder - issuer - scheme - acquirer - merchant (the FX account: beside the scheme). */
const CHAIN = [ACCOUNT_CARDHOLDER, ACCOUNT_ISSUER, ACCOUNT_SCHEME, ACCOUNT_ACQUIRER, ACCOUNT_MERCHANT] as const;

/** Most position effects of one posting (a purchase: issuer, scheme twice, acquirer, merchants). */
export const MAX_EFFECTS = 5;

/**
 * Per kind, the position effects of one posting: `EFFECT_COUNT[k]` entries from `k * MAX_EFFECTS`,
 * each on the position of account type `EFFECT_PARTY`, a debit (1) or a credit (0), with
 * `EFFECT_FEE` -1, 0 or +1 times the amount added to the position's fees.
 */
export const EFFECT_COUNT = new Uint8Array(KIND_COUNT);
export const EFFECT_PARTY = new Uint8Array(KIND_COUNT * MAX_EFFECTS);
export const EFFECT_DEBIT = new Uint8Array(KIND_COUNT * MAX_EFFECTS);
export const EFFECT_FEE = new Int8Array(KIND_COUNT * MAX_EFFECTS);
/** Per kind: +1 where cardholders pay (the issuer collects), -1 where they are paid, else 0. */
export const COLLECTION_SIGN = new Int8Array(KIND_COUNT);

function addEffect(k: number, party: number, debit: boolean): void {
  if ((EFFECT_COUNT[k] as number) === MAX_EFFECTS) throw new Error(`posting kind ${k} crosses more than ${MAX_EFFECTS} positions`);
  const e = k * MAX_EFFECTS + (EFFECT_COUNT[k] as number);
  const fee = carriedFee(k);
  const feeKind = fee < 0 ? undefined : POSTING_KINDS[fee];
  EFFECT_PARTY[e] = party;
  EFFECT_DEBIT[e] = debit ? 1 : 0;
  EFFECT_FEE[e] = feeKind === undefined ? 0 : feeKind.from === party ? -1 : feeKind.to === party ? 1 : 0;
  EFFECT_COUNT[k] = (EFFECT_COUNT[k] as number) + 1;
}

/** The positions on one link of the chain, money moving from `a` to its neighbour `b`. */
function crossLink(k: number, a: number, b: number): void {
  if (a === ACCOUNT_CARDHOLDER || b === ACCOUNT_CARDHOLDER) return; // the issuer's collections, not a position
  if (a === ACCOUNT_MERCHANT || b === ACCOUNT_MERCHANT) {
    addEffect(k, ACCOUNT_MERCHANT, a === ACCOUNT_MERCHANT); // the payout of the acquirer's merchants
    return;
  }
  addEffect(k, a, true);
  addEffect(k, b, false);
}

for (let k = 0; k < KIND_COUNT; k++) {
  const { from, to } = POSTING_KINDS[k] as (typeof POSTING_KINDS)[number];
  COLLECTION_SIGN[k] = from === ACCOUNT_CARDHOLDER ? 1 : to === ACCOUNT_CARDHOLDER ? -1 : 0;
  if (from === ACCOUNT_FX || to === ACCOUNT_FX) {
    crossLink(k, from, to);
    continue;
  }
  const a = CHAIN.indexOf(from as (typeof CHAIN)[number]);
  const b = CHAIN.indexOf(to as (typeof CHAIN)[number]);
  const step = a < b ? 1 : -1;
  for (let x = a; x !== b; x += step) crossLink(k, CHAIN[x] as number, CHAIN[x + step] as number);
}
