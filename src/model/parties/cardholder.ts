import { nextArrival } from '../hops.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_S } from '../../engine/time.js';
import { K_ARRIVAL } from '../events.js';
import { localDay, type World } from '../world.js';
import { onMarketArrival } from './market-demand.js';
import { start } from './terminal.js';

/**
 * Cardholders: the demand. Purchases arrive as a Poisson process whose rate follows the local
 * hour and weekday (and the extra purchases of wallet-token holders); each picks a merchant
 * category, a terminal of it, a card and an amount, and presents the card at the terminal.
 */

/** Sets the arrival rate for the local hour containing `now` and the time of the next change. */
export function updateRate(w: World, now: number): void {
  const sc = w.sc;
  const d = sc.demand;
  const dm = w.demand;
  if (d.constantPerSecond > 0) {
    dm.ratePerUs = d.constantPerSecond / US_PER_S;
    dm.nextBoundaryUs = sc.durationUs;
    return;
  }
  const local = now + sc.startLocalUs;
  const day = Math.floor(local / US_PER_DAY);
  const hour = Math.floor((local % US_PER_DAY) / US_PER_HOUR);
  const weekday = (sc.startWeekday + day) % 7;
  const wl = sc.wallet;
  // Token holders transact `uplift` times as often: the extra part is its own stream of purchases.
  const cardsRate = w.cards.totalActivity + (wl.enabled ? (wl.uplift - 1) * w.wallet.tokenCount : 0);
  // Calendar (named days): the day's rate factor and category mix.
  const onDay = day < dm.dayFactor.length ? day : dm.dayFactor.length - 1;
  dm.catCum = dm.dayCatCum[onDay] ?? dm.baseCatCum;
  const perDay = d.perCardPerDay * cardsRate * d.weekly[weekday]! * d.hourly[hour]! * 24 * dm.dayFactor[onDay]!;
  dm.ratePerUs = perDay / US_PER_DAY;
  dm.nextBoundaryUs = Math.min(sc.durationUs, (day * 24 + hour + 1) * US_PER_HOUR - sc.startLocalUs);
}

/** An arrival event: a purchase (data 0) or a rate boundary (data 1); schedules the next one. */
export function onArrival(w: World, boundary: number): void {
  // Several markets: their own demand (market-demand.ts).
  if (w.markets !== undefined) return onMarketArrival(w, w.markets, boundary);
  const now = w.sim.now;
  if (boundary === 1) updateRate(w, now);
  else purchase(w, now);
  nextArrival(w, w.demand, now, K_ARRIVAL);
}

/** The card of a purchase: the extra purchases of token holders go to a token holder. */
export function pickCard(w: World): number {
  const cards = w.cards;
  const wl = w.sc.wallet;
  const tokenCount = w.wallet.tokenCount;
  const extra = wl.enabled ? (wl.uplift - 1) * tokenCount : 0;
  const uc = w.demand.cardStream.uniform();
  // (With no extra purchases the share is 0 and the general formula below is exactly this.)
  return extra === 0 ? cards.pickActive(uc * cards.totalActivity) : pickWithTokens(w, uc, extra);
}

/** pickCard with token holders' extra purchases, at uniform uc (out of line: the plain case stays small). */
function pickWithTokens(w: World, uc: number, extra: number): number {
  const cards = w.cards;
  const tokenCount = w.wallet.tokenCount;
  const share = extra / (cards.totalActivity + extra);
  if (uc < share) return w.wallet.tokens[Math.floor((uc / share) * tokenCount)]!;
  return cards.pickActive(((uc - share) / (1 - share)) * cards.totalActivity);
}

/** A purchase: category, then a terminal of that category, a card and an amount. */
function purchase(w: World, now: number): void {
  const dm = w.demand;
  const terms = w.terminals;
  // (A draw only when there is a choice: each stream serves one purpose, so skipping it changes
  // nothing else; the plain benchmark networks have one category and one channel.)
  const catCum = dm.catCum;
  let cat = 0;
  if (catCum.length > 1) {
    const u = dm.categoryStream.uniform();
    while (u >= catCum[cat]!) cat++;
  }
  const term = terms.catStart[cat]! + dm.terminalStream.int(terms.categorySize(cat));
  const card = pickCard(w);
  const flags = w.cards.touch(card, localDay(w, now));
  const ticket = dm.ticket[cat]!;
  // (A fixed ticket without the call: see Sampler.fixed.)
  let amount = ticket.fixed === ticket.fixed ? ticket.fixed : ticket.sample(dm.amountStream);
  if (amount < 1) amount = 1;
  start(w, now, card, flags, cat, term, amount, 0);
}
