import { K_REVERSAL_AT_ISSUER, K_SWITCH_STAND_IN } from '../events.js';
import { backDelay, hop, release, schedule } from '../hops.js';
import { crossBorderUs } from '../markets.js';
import { admit, nodeAdd } from '../hosts.js';
import { S_INVALID_PAN, S_REVERSED } from '../in-flight.js';
import { CARD_BLOCKED, CARD_EXPIRED } from '../cards.js';
import { fraudTypeOf, scoreDeclines } from '../fraud-book.js';
import { DOWN_UP } from '../links.js';
import { P_ISSUER, P_SWITCH, R_THREE_PARTY_BANK } from '../routes.js';
import { N_DOWN_REJECTS } from '../stats.js';
import { CHANNEL_ECOMMERCE } from '../../scenario/types.js';
import { US_PER_S } from '../../engine/time.js';
import { localDay, type World } from '../world.js';
import { answerArrives } from './acquirer.js';

/**
 * The issuer host: admits the request, decides it from the card's state (and at the scenario's
 * random rates), and applies reversals.
 */

/** Reversal retry interval and count (sources §6.5: every 30 s, up to 5 times). */
const REVERSAL_RETRY_US = 30 * US_PER_S;
const REVERSAL_RETRIES = 5;

/** A request reaches the issuer host. */
export function onIssuerArrive(w: World, slot: number): void {
  const now = w.sim.now;
  const f = w.flight;
  const ih = w.hosts.switchHost + 1 + f.issuer[slot]!;
  const deadline = f.issDeadlineUs[slot]!;
  if (w.links.downState(ih, now) !== DOWN_UP) {
    issuerDown(w, slot, ih, now, deadline);
  } else {
    const done = admit(w, ih, now, 0);
    const mk = w.markets;
    const back = done + backDelay(w, slot, P_ISSUER, done) + (mk === undefined ? 0 : crossBorderUs(mk, f.acquirer[slot]!, f.issuer[slot]!));
    if (w.links.goesDown(ih, now, done) || back > deadline) {
      // Lost in the outage, or too late: the switch's timer fires and stand-in applies.
      hop(w, slot, deadline, K_SWITCH_STAND_IN);
    } else {
      decide(w, slot, now);
      // The switch forwards the answer without queueing it, so its arrival at the acquirer is
      // known now: one event, not two.
      answerArrives(w, slot, back + backDelay(w, slot, P_SWITCH, back));
    }
  }
  release(w, slot);
}

/** The issuer is down: the request is lost and the switch's timer brings stand-in (out of line: the handler stays small). */
function issuerDown(w: World, slot: number, ih: number, now: number, deadline: number): void {
  nodeAdd(w, ih, now, N_DOWN_REJECTS, 1);
  hop(w, slot, deadline, K_SWITCH_STAND_IN);
}

/** The issuer's decision: emergent from the card's state, random at scenario rates otherwise. */
export function decide(w: World, slot: number, now: number): void {
  const f = w.flight;
  const dc = w.decisions;
  const st = f.state[slot]!;
  if ((st & S_REVERSED) !== 0) {
    // The acquirer already reversed this purchase: the issuer declines the stale request.
    f.code[slot] = dc.c91;
    return;
  }
  const cards = w.cards;
  const card = f.card[slot]!;
  const flags = cards.flagsOf(card);
  const amount = f.amountMinor[slot]!;
  let code: number;
  if ((st & S_INVALID_PAN) !== 0) code = dc.c14;
  // Lost (41) or stolen (43): sources §2.9 gives the two together ("41/43 lost/stolen", 3 % of
  // declines) and no split between them, so a blocked card is either with equal odds (A); the
  // card number's parity makes it a fixed property of the card that costs no random draw.
  else if ((flags & CARD_BLOCKED) !== 0) code = (card & 1) === 0 ? dc.c41 : dc.c43;
  else if ((flags & CARD_EXPIRED) !== 0) code = dc.c54;
  else if (w.fraud !== undefined) code = scoredDecision(w, slot, card, amount, now);
  else code = randomOrFunds(w, slot, card, amount, now);
  f.code[slot] = code;
}

/** A random decline at the scenario's rate and mix, else the funds decision. */
function randomOrFunds(w: World, slot: number, card: number, amount: number, now: number): number {
  const f = w.flight;
  const dc = w.decisions;
  const rate = f.channel[slot] === CHANNEL_ECOMMERCE ? dc.randomRateCardNotPresent : dc.randomRateCardPresent;
  const s = dc.streams[f.issuer[slot]!]!;
  if (rate > 0 && s.uniform() < rate) {
    const u = s.uniform();
    let k = 0;
    while (u >= dc.mixCum[k]!) k++;
    return dc.mixCode[k]!;
  }
  return fundsDecision(w, slot, card, amount, now);
}

/** Insufficient funds (51), or approved with the funds taken. */
function fundsDecision(w: World, slot: number, card: number, amount: number, now: number): number {
  const cards = w.cards;
  if (!cards.hasFunds(card, amount, localDay(w, now))) return w.decisions.c51;
  cards.debit(card, amount);
  w.flight.appliedMinor[slot] = amount;
  return w.decisions.c00;
}

/**
 * With labelled fraud: the issuer's scoring first (59 for a detected attempt or a false positive,
 * fraud-book.ts). A genuine purchase then meets the random declines (without 59, which the
 * scoring makes); a fraud attempt only the funds check, so it draws nothing from the issuer's
 * stream of random declines and the genuine purchases' draws stay where they were.
 */
function scoredDecision(w: World, slot: number, card: number, amount: number, now: number): number {
  const type = fraudTypeOf(w.flight.state2[slot]!);
  if (scoreDeclines(w, slot, type)) return w.decisions.c59;
  return type < 0 ? randomOrFunds(w, slot, card, amount, now) : fundsDecision(w, slot, card, amount, now);
}

/** A reversal reaches the issuer: it gives back the funds the purchase took. */
export function onReversalAtIssuer(w: World, slot: number): void {
  const now = w.sim.now;
  const f = w.flight;
  const ih = w.hosts.switchHost + 1 + f.issuer[slot]!;
  // A card purchase's reversal comes through the switch, a wallet payment's through the clearing house.
  const via = f.route[slot] === R_THREE_PARTY_BANK ? w.hosts.clearingHost : w.hosts.switchHost;
  if (w.links.downState(via, now) !== DOWN_UP) {
    // The acquirer (or the platform) retries every 30 s, up to 5 times (sources §6.5).
    if (f.reversalTries[slot]! < REVERSAL_RETRIES) {
      f.reversalTries[slot]!++;
      schedule(w, now + REVERSAL_RETRY_US, K_REVERSAL_AT_ISSUER, slot);
    }
  } else if (w.links.downState(ih, now) !== DOWN_UP) {
    // The switch holds it and forwards it when the issuer is back, as it does advices.
    schedule(w, w.links.upAgain(ih, now), K_REVERSAL_AT_ISSUER, slot);
  } else {
    const applied = f.appliedMinor[slot]!;
    if (applied > 0) {
      w.cards.credit(f.card[slot]!, applied);
      f.appliedMinor[slot] = 0;
    }
  }
  release(w, slot);
}
