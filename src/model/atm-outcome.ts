import { priceWithdrawal } from '../economics/atm-legs.js';
import {
  A_APPROVED, A_CARDHOLDER_FEES, A_DECLINED, A_DISPENSED, A_DISPENSED_VALUE, A_DISPENSE_FAILURES, A_INTERCHANGE, A_LAT_SUM,
  A_ON_US, A_STAND_IN, A_TIMED_OUT, atmAdd, withdrawalKind,
} from './atm.js';
import { CARD_CREDIT } from './cards.js';
import { K_REVERSAL_AT_ISSUER } from './events.js';
import { outDelay, schedule } from './hops.js';
import { S_REVERSED, S_STAND_IN } from './in-flight.js';
import { OUTCOME_APPROVED, OUTCOME_DECLINED } from './results.js';
import { P_ACQUIRER, P_SWITCH, P_TERMINAL } from './routes.js';
import type { World } from './world.js';

/** MCC of an ATM cash withdrawal. */
export const MCC_ATM = 6011;

/**
 * The end of a withdrawal (the ATM route): its counters in atm.csv, then, when approved, the
 * ATM dispenses the cash or fails to. A dispense failure is reversed in full (0420): the
 * reversal travels ATM -> acquirer -> switch -> issuer, which gives the funds back
 * (`onReversalAtIssuer`), and nothing clears. A dispensed withdrawal clears: the issuer
 * reimburses the ATM's acquirer and pays it the ATM interchange (economics/atm-legs.ts).
 */
export function atmAnswer(w: World, slot: number, st: number, outcome: number, atTerminal: number): void {
  const atm = w.atm!;
  const sc = w.sc;
  const f = w.flight;
  const start = f.startUs[slot]!;
  atmAdd(atm, sc, start, outcome === OUTCOME_APPROVED ? A_APPROVED : outcome === OUTCOME_DECLINED ? A_DECLINED : A_TIMED_OUT, 1);
  if ((st & S_STAND_IN) !== 0) atmAdd(atm, sc, start, A_STAND_IN, 1);
  atmAdd(atm, sc, start, A_LAT_SUM, atTerminal - start);
  if (outcome !== OUTCOME_APPROVED) return;
  const rate = atm.spec.dispenseFailureRate;
  if (rate > 0 && atm.dispenseStream.uniform() < rate) {
    atmAdd(atm, sc, start, A_DISPENSE_FAILURES, 1);
    reverseWithdrawal(w, slot, atTerminal);
    return;
  }
  const amount = f.amountMinor[slot]!;
  const issuer = f.issuer[slot]!;
  const acquirer = f.acquirer[slot]!;
  const kind = withdrawalKind(atm, issuer, acquirer);
  atmAdd(atm, sc, start, A_DISPENSED, 1);
  atmAdd(atm, sc, start, A_DISPENSED_VALUE, amount);
  atmAdd(atm, sc, start, A_ON_US + kind, 1);
  const clearing = w.clearing;
  if (clearing === undefined) return;
  const fees = priceWithdrawal(atm.spec, kind, amount, atm.fees);
  atmAdd(atm, sc, start, A_INTERCHANGE, fees.interchangeMinor);
  atmAdd(atm, sc, start, A_CARDHOLDER_FEES, fees.cardholderFeeMinor);
  const x = w.clearingInput;
  x.atUs = atTerminal;
  x.issuer = issuer;
  x.acquirer = acquirer;
  x.mcc = MCC_ATM;
  x.channel = f.channel[slot]!;
  x.credit = (w.cards.flagsOf(f.card[slot]!) & CARD_CREDIT) !== 0;
  x.amountMinor = amount;
  clearing.withdrawal(x, fees.interchangeMinor, fees.cardholderFeeMinor);
}

/** The ATM reverses a withdrawal it did not dispense, at time t: ATM -> acquirer -> switch -> issuer, each leg drawn at t. */
function reverseWithdrawal(w: World, slot: number, t: number): void {
  const f = w.flight;
  f.state[slot] = f.state[slot]! | S_REVERSED;
  const d = outDelay(w, slot, P_TERMINAL, t) + outDelay(w, slot, P_ACQUIRER, t) + outDelay(w, slot, P_SWITCH, t);
  schedule(w, t + d, K_REVERSAL_AT_ISSUER, slot);
}
