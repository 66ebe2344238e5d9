import { FRAUD_LOST_STOLEN, FRAUD_TYPES, CHANNEL_ECOMMERCE } from '../scenario/types.js';
import type { ClearingInput } from './clearing.js';
import { S2_AT_SWITCH } from './in-flight.js';
import { OUTCOME_APPROVED } from './results.js';
import { localDay, type World } from './world.js';

/**
 * Labelled fraud, the book-keeping side: the in-flight bits that mark a fraud attempt, the issuers'
 * scoring (detection of attempts, false positives on genuine purchases: together code 59), the
 * counters of fraud.csv, and the liability of an approved attempt, handed to clearing. A leaf of
 * the model: the parties call it, it calls no party.
 *
 * Liability (sources §13.3): lost or stolen card present, and card-not-present takeover with
 * 3-D Secure: the issuer (it refunds its cardholder, a `fraud_write_off` posting), less what the
 * cardholder bears, at most `cardholder_liability` per card; counterfeit by magnetic-stripe
 * fallback, card-not-present without 3-D Secure (card testing, most takeovers) and friendly
 * fraud: the merchant, through its acquirer (a chargeback). The loss is booked `label_delay`
 * after the purchase, if that is inside the run.
 */

/** `state2` bits of a fraud attempt: its typology + 1 in bits 5-7, and who bears its loss in bit 4. */
export const S2_FRAUD_SHIFT = 5;
export const S2_FRAUD_TYPE = 0xe0;
export const S2_MERCHANT_BEARS = 0x10;
/** Bits the terminal keeps of a fraud argument (the rest are instructions to it). */
export const S2_FRAUD_BITS = S2_FRAUD_TYPE | S2_MERCHANT_BEARS;
/** In the fraud argument of `start` only: the card number is wrong (card testing), decline 14. */
export const F_INVALID_PAN = 2;

/** fraud.csv rows: the typologies, then the genuine purchases (their false positives). */
export const FRAUD_ROWS = FRAUD_TYPES.length + 1;
export const GENUINE_ROW = FRAUD_TYPES.length;
export const BEARERS = ['issuer', 'merchant'] as const;
export const [F_EPISODES, F_ATTEMPTS, F_SCORED, F_DETECTED, F_APPROVED, F_LOSS, F_CARDHOLDER, F_FIELDS] = [0, 1, 2, 3, 4, 5, 6, 7] as const;

/** Typology of a slot's `state2` (-1: genuine). */
export function fraudTypeOf(state2: number): number {
  return ((state2 & S2_FRAUD_TYPE) >> S2_FRAUD_SHIFT) - 1;
}

/** Index of the first field of a counter row. */
export function fraudCell(days: number, day: number, row: number, bearer: number): number {
  const d = day < 0 ? 0 : day >= days ? days - 1 : day;
  return ((d * FRAUD_ROWS + row) * BEARERS.length + bearer) * F_FIELDS;
}

/** Adds to a counter of the local day of `startUs`. */
export function countFraud(w: World, startUs: number, row: number, bearer: number, field: number, by: number): void {
  const fr = w.fraud!;
  fr.days[fraudCell(w.stats.days, localDay(w, startUs), row, bearer) + field]! += by;
}

/**
 * The issuers' fraud scoring of a purchase that reached its decision: true when it declines 59.
 * A fraud attempt is caught at its typology's detection rate, a genuine purchase at the false
 * positive rate of its channel; each from its own stream.
 */
export function scoreDeclines(w: World, slot: number, type: number): boolean {
  const fr = w.fraud!;
  const f = w.flight;
  const sp = fr.spec;
  const genuine = type < 0;
  const bearer = (f.state2[slot]! & S2_MERCHANT_BEARS) !== 0 ? 1 : 0;
  const row = genuine ? GENUINE_ROW : type;
  const at = fraudCell(w.stats.days, localDay(w, f.startUs[slot]!), row, bearer);
  fr.days[at + F_SCORED]!++;
  const cnp = f.channel[slot] === CHANNEL_ECOMMERCE;
  const p = genuine ? (cnp ? sp.falsePositiveCardNotPresent : sp.falsePositiveCardPresent) : sp.types[type]!.detection;
  if (p > 0 && (genuine ? fr.scoreGenuine : fr.scoreFraud).uniform() < p) {
    fr.days[at + F_DETECTED]!++;
    return true;
  }
  return false;
}

/** The part of an approved lost or stolen card loss its cardholder bears (at most the scenario's limit per card). */
function cardholderPart(w: World, card: number, type: number, amountMinor: number): number {
  const fr = w.fraud!;
  const limit = fr.spec.cardholderLiabilityMinor;
  if (type !== FRAUD_LOST_STOLEN || limit <= 0) return 0;
  const borne = fr.cardholderBorne.get(card) ?? 0;
  const part = Math.min(amountMinor, limit - borne);
  if (part > 0) fr.cardholderBorne.set(card, borne + part);
  return part > 0 ? part : 0;
}

/**
 * The outcome of a fraud attempt: its counters, and with money its clearing (approved: cleared,
 * with no random chargeback draw; otherwise the per-authorization fees) and its loss, booked to
 * the party liable `label_delay` later. `x` is the filled clearing input (undefined without money).
 */
export function fraudAnswer(w: World, slot: number, outcome: number, x: ClearingInput | undefined): void {
  const f = w.flight;
  const st2 = f.state2[slot]!;
  const type = fraudTypeOf(st2);
  const merchant = (st2 & S2_MERCHANT_BEARS) !== 0;
  const start = f.startUs[slot]!;
  const amount = f.amountMinor[slot]!;
  const approved = outcome === OUTCOME_APPROVED;
  let borne = 0;
  if (approved) {
    borne = merchant ? 0 : cardholderPart(w, f.card[slot]!, type, amount);
    const at = fraudCell(w.stats.days, localDay(w, start), type, merchant ? 1 : 0);
    const days = w.fraud!.days;
    days[at + F_APPROVED]!++;
    days[at + F_LOSS]! += amount;
    days[at + F_CARDHOLDER]! += borne;
  }
  const clearing = w.clearing;
  if (clearing === undefined || x === undefined) return;
  if (!approved) {
    if ((f.state2[slot]! & S2_AT_SWITCH) !== 0) clearing.notCleared(x);
    return;
  }
  clearing.approvedFraud(x);
  clearing.fraudLoss(x, merchant, amount - borne, x.atUs + w.fraud!.spec.types[type]!.labelDelayUs);
}
