import { K_SWITCH_STAND_IN } from '../events.js';
import { backDelay, hop, lose, nextKind, outDelay, release } from '../hops.js';
import { admit, nodeAdd } from '../hosts.js';
import { S2_AT_SWITCH, S_INVALID_PAN, S_REVERSED, S_STAND_IN, S_TOKEN } from '../in-flight.js';
import { CARD_BLOCKED, CARD_EXPIRED } from '../cards.js';
import { DOWN_REFUSED, DOWN_UP } from '../links.js';
import { crossBorderUs } from '../markets.js';
import { P_SWITCH, R_ATM } from '../routes.js';
import { N_DOWN_REJECTS, N_STAND_IN, N_TIMEOUTS } from '../stats.js';
import { localDay, type World } from '../world.js';
import { answerArrives } from './acquirer.js';

/**
 * The scheme switch: admits the request (detokenizing wallet tokens), routes it to the card's
 * issuer with its timer on the issuer, and stands in for an issuer that is down or too slow.
 * The switch forwards answers without queueing them (its host time covers both directions).
 */

/** A request reaches the switch. */
export function onSwitchArrive(w: World, slot: number): void {
  const now = w.sim.now;
  const f = w.flight;
  const sw = w.hosts.switchHost;
  const down = w.links.downState(sw, now);
  if (down !== DOWN_UP) {
    switchDown(w, slot, down, now);
  } else {
    const token = (f.state[slot]! & S_TOKEN) !== 0;
    f.state2[slot] = f.state2[slot]! | S2_AT_SWITCH;
    const hosts = w.hosts;
    // A token purchase's wallet (its token service provider) is in the platform column.
    const k = token ? f.platform[slot]! : 0;
    const done = admit(w, sw, now, token ? hosts.detokenize[k]!.sample(hosts.detokenizeStream[k]!) : 0);
    if (w.links.goesDown(sw, now, done)) lose(w, slot);
    else route(w, slot, done);
  }
  release(w, slot);
}

/** The switch is down: it refuses the request (91 back to the acquirer) or, hung, loses it (out of line: the handler stays small). */
function switchDown(w: World, slot: number, down: number, now: number): void {
  nodeAdd(w, w.hosts.switchHost, now, N_DOWN_REJECTS, 1);
  if (down === DOWN_REFUSED) {
    w.flight.code[slot] = w.decisions.c91;
    answerArrives(w, slot, now + backDelay(w, slot, P_SWITCH, now));
  } else {
    lose(w, slot);
  }
}

/** Routing after admission, at `done`: to the card's issuer with the switch's timer, or stand-in at once. */
function route(w: World, slot: number, done: number): void {
  const iss = w.flight.issuer[slot]!;
  const ih = w.hosts.switchHost + 1 + iss;
  // Switch -> issuer 10 s at POS, 25 s for a withdrawal (the Visa ATR timers, sources §2.1).
  const deadline = done + (w.flight.route[slot] === R_ATM ? w.sc.atm!.issuerTimeoutUs : w.sc.switch.issuerTimeoutUs);
  w.flight.issDeadlineUs[slot] = deadline;
  if (w.links.downState(ih, done) === DOWN_REFUSED) {
    issuerRefuses(w, slot, ih, done);
  } else {
    // Several markets: the cross-border links on the way to the card's issuer (markets.ts).
    const mk = w.markets;
    const arrive = done + outDelay(w, slot, P_SWITCH, done) + (mk === undefined ? 0 : crossBorderUs(mk, w.flight.acquirer[slot]!, iss));
    if (arrive >= deadline) hop(w, slot, deadline, K_SWITCH_STAND_IN);
    else hop(w, slot, arrive, nextKind(w, slot, P_SWITCH));
  }
}

/** The switch finds the issuer down: stand-in at once. */
function issuerRefuses(w: World, slot: number, ih: number, done: number): void {
  nodeAdd(w, ih, done, N_DOWN_REJECTS, 1);
  standIn(w, slot, done);
  answerArrives(w, slot, done + backDelay(w, slot, P_SWITCH, done));
}

/** The switch's timer on the issuer fires (or the issuer was found down): stand-in. */
export function onSwitchStandIn(w: World, slot: number): void {
  const now = w.sim.now;
  nodeAdd(w, w.hosts.switchHost + 1 + w.flight.issuer[slot]!, now, N_TIMEOUTS, 1);
  standIn(w, slot, now);
  answerArrives(w, slot, now + backDelay(w, slot, P_SWITCH, now));
  release(w, slot);
}

/** Stand-in processing at the switch within per-card daily count and amount limits. */
export function standIn(w: World, slot: number, t: number): void {
  const si = w.sc.switch.standIn;
  const cards = w.cards;
  const f = w.flight;
  const card = f.card[slot]!;
  const amount = f.amountMinor[slot]!;
  f.state[slot] = f.state[slot]! | S_STAND_IN;
  nodeAdd(w, w.hosts.switchHost + 1 + f.issuer[slot]!, t, N_STAND_IN, 1);
  const flags = cards.flagsOf(card);
  const day = localDay(w, t);
  if (cards.stipDay[card] !== day) {
    cards.stipDay[card] = day;
    cards.stipCount[card] = 0;
    cards.stipSumMinor[card] = 0;
  }
  if ((f.state[slot]! & S_REVERSED) !== 0) {
    f.code[slot] = w.decisions.c91;
    return;
  }
  if (
    si.enabled &&
    (flags & (CARD_BLOCKED | CARD_EXPIRED)) === 0 &&
    (f.state[slot]! & S_INVALID_PAN) === 0 &&
    amount <= si.maxAmountMinor &&
    cards.stipCount[card]! < si.maxCountPerDay &&
    cards.stipSumMinor[card]! + amount <= si.maxAmountPerDayMinor
  ) {
    cards.stipCount[card]!++;
    cards.stipSumMinor[card]! += amount;
    // The advice reaches the issuer's books: the funds are taken even if that overdraws.
    cards.debit(card, amount);
    f.appliedMinor[slot] = amount;
    f.code[slot] = w.decisions.c00;
  } else {
    f.code[slot] = w.decisions.c91;
  }
}
