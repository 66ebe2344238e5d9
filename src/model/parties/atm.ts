import { US_PER_DAY, US_PER_HOUR } from '../../engine/time.js';
import { CHANNEL_ATM } from '../../scenario/types.js';
import { A_ATTEMPTS, atmAdd, type Atm } from '../atm.js';
import { CARD_CREDIT, CARD_TOKEN } from '../cards.js';
import { K_ATM_ARRIVAL } from '../events.js';
import { forward, nextArrival, release } from '../hops.js';
import { S_TOKEN } from '../in-flight.js';
import { DOWN_REFUSED } from '../links.js';
import { P_TERMINAL, R_ATM } from '../routes.js';
import { localDay, type World } from '../world.js';
import { refusedAtFirst } from './terminal.js';

/**
 * The ATM: cash withdrawals arrive as a Poisson process of their own (the purchases' profile
 * over the hours, weekdays and calendar days), each at an ATM of some acquirer; the ATM opens the
 * withdrawal in the in-flight table on the ATM route (the four-party path with the withdrawal's
 * own timers: switch -> issuer 25 s against 10 s at POS, sources §2.1) and sends it to its
 * acquirer. The outcome, dispense failures and clearing are in atm-outcome.ts.
 */

/** Sets the withdrawal rate for the local hour containing `now` and the time of the next change. */
function updateAtmRate(w: World, atm: Atm, now: number): void {
  const sc = w.sc;
  const d = sc.demand;
  const perDayAll = atm.maxPerCardPerDay * w.cards.totalActivity;
  if (d.constantPerSecond > 0) {
    atm.ratePerUs = perDayAll / US_PER_DAY;
    atm.nextBoundaryUs = sc.durationUs;
    return;
  }
  const local = now + sc.startLocalUs;
  const day = Math.floor(local / US_PER_DAY);
  const hour = Math.floor((local % US_PER_DAY) / US_PER_HOUR);
  const factor = w.demand.dayFactor;
  const onDay = day < factor.length ? day : factor.length - 1;
  const perDay = perDayAll * d.weekly[(sc.startWeekday + day) % 7]! * d.hourly[hour]! * 24 * factor[onDay]!;
  atm.ratePerUs = perDay / US_PER_DAY;
  atm.nextBoundaryUs = Math.min(sc.durationUs, (day * 24 + hour + 1) * US_PER_HOUR - sc.startLocalUs);
}

/** A withdrawal arrival (data 0) or a rate boundary (data 1); schedules the next one. */
export function onAtmArrival(w: World, boundary: number): void {
  const now = w.sim.now;
  const atm = w.atm!;
  if (boundary === 1) updateAtmRate(w, atm, now);
  else withdraw(w, atm, now);
  nextArrival(w, atm, now, K_ATM_ARRIVAL);
}

/** A candidate withdrawal: an active card, kept at its product's rate (thinning), at an ATM. */
function withdraw(w: World, atm: Atm, now: number): void {
  const cards = w.cards;
  if (atm.count === 0 || cards.totalActivity === 0) return;
  const card = cards.pickActive(atm.cardStream.uniform() * cards.totalActivity);
  const product = (cards.flagsOf(card) & CARD_CREDIT) !== 0 ? 1 : 0;
  const keep = atm.keep[product]!;
  if (keep < 1 && atm.cardStream.uniform() >= keep) return;
  const flags = cards.touch(card, localDay(w, now));
  const at = atm.atmStream.int(atm.count);
  let amount = atm.amount[product]!.sample(atm.amountStream);
  if (amount < 1) amount = 1;
  startWithdrawal(w, atm, now, card, flags, at, amount);
}

/** The withdrawal starts at ATM `at`: its slot on the ATM route, then to the ATM's acquirer. */
export function startWithdrawal(w: World, atm: Atm, now: number, card: number, cardFlags: number, at: number, amountMinor: number): void {
  const f = w.flight;
  const slot = f.alloc();
  const acq = atm.acquirer[at]!;
  f.route[slot] = R_ATM;
  f.state2[slot] = 0;
  f.platform[slot] = 0;
  f.card[slot] = card;
  f.terminal[slot] = at;
  f.acquirer[slot] = acq;
  f.issuer[slot] = w.cards.issuerOf(card);
  f.category[slot] = 0;
  f.channel[slot] = CHANNEL_ATM;
  f.open(slot, now, amountMinor, now + atm.spec.terminalTimeoutUs);
  // A token holder at a contactless ATM withdraws with the phone: the switch detokenizes.
  f.state[slot] = atm.contactless[at] === 1 && (cardFlags & CARD_TOKEN) !== 0 ? S_TOKEN : 0;
  atmAdd(atm, w.sc, now, A_ATTEMPTS, 1);
  if (w.links.downState(acq, now) === DOWN_REFUSED) return refusedAtFirst(w, slot, acq, now);
  forward(w, slot, P_TERMINAL, now);
  release(w, slot);
}

