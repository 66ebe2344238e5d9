import { US_PER_DAY, US_PER_HOUR, US_PER_S } from '../../engine/time.js';
import { K_ARRIVAL } from '../events.js';
import { nextArrival } from '../hops.js';
import { MarketCounter, countMarket, marketCard, type Markets } from '../markets.js';
import { localDay, type World } from '../world.js';
import { start } from './terminal.js';

/**
 * Cardholders of several markets (model/markets.ts): one Poisson process whose rate is the sum
 * of each market's domestic demand and each visitor flow, each by the local hour and weekday of
 * the market its purchases are in. A purchase picks a market or a flow by its weight, then a card
 * of the home market, a category, a terminal of that category in the market it shops in and an
 * amount (a visitor's from the flow's ticket), and presents the card at the terminal. (The token
 * holders' extra purchases, `wallet.uplift`, are not drawn in a run with markets.)
 */

/** Local hour and weekday factor of a market `shiftUs` from the scenario's zone at `now`. */
function localWeight(w: World, now: number, shiftUs: number): number {
  const sc = w.sc;
  const d = sc.demand;
  if (d.constantPerSecond > 0) return 1;
  const local = now + sc.startLocalUs + shiftUs;
  const day = Math.floor(local / US_PER_DAY);
  const hour = Math.floor((local - day * US_PER_DAY) / US_PER_HOUR);
  return d.weekly[(((sc.startWeekday + day) % 7) + 7) % 7]! * d.hourly[hour]! * 24;
}

/** Sets each market's and flow's weight for the hour containing `now`, the rate, and the next change (the next local hour of any market). */
export function updateMarketRate(w: World, mk: Markets, now: number): void {
  const sc = w.sc;
  const d = sc.demand;
  const dm = w.demand;
  const local = now + sc.startLocalUs;
  const day = Math.floor(local / US_PER_DAY);
  const onDay = day < dm.dayFactor.length ? day : dm.dayFactor.length - 1;
  dm.catCum = dm.dayCatCum[onDay] ?? dm.baseCatCum;
  const list = mk.spec.list;
  let total = 0;
  let next = sc.durationUs;
  for (let m = 0; m < mk.count; m++) {
    const shift = list[m]!.shiftUs;
    const x = mk.domestic[m]! * d.perCardPerDay * localWeight(w, now, shift);
    mk.weights[m] = x;
    total += x;
    // The next whole local hour of this market.
    const lm = local + shift;
    next = Math.min(next, (Math.floor(lm / US_PER_HOUR) + 1) * US_PER_HOUR - sc.startLocalUs - shift);
  }
  mk.spec.travellers.forEach((f, k) => {
    const x = mk.visitors[k]! * f.perCardPerDay * localWeight(w, now, list[f.to]!.shiftUs);
    mk.weights[mk.count + k] = x;
    total += x;
  });
  mk.weightTotal = total;
  dm.ratePerUs = d.constantPerSecond > 0 ? d.constantPerSecond / US_PER_S : (total * dm.dayFactor[onDay]!) / US_PER_DAY;
  dm.nextBoundaryUs = d.constantPerSecond > 0 ? sc.durationUs : Math.min(sc.durationUs, next);
}

/** An arrival event with markets: a purchase (data 0) or a rate boundary (data 1); schedules the next one. */
export function onMarketArrival(w: World, mk: Markets, boundary: number): void {
  const now = w.sim.now;
  if (boundary === 1) updateMarketRate(w, mk, now);
  else marketPurchase(w, mk, now);
  nextArrival(w, w.demand, now, K_ARRIVAL);
}

/** The market or flow of a purchase, by weight: j < count is a market's domestic demand, else flow j - count. */
function pickFlow(mk: Markets): number {
  const ws = mk.weights;
  let x = mk.pickStream.uniform() * mk.weightTotal;
  let j = 0;
  while (j < ws.length - 1 && x >= ws[j]!) x -= ws[j++]!;
  return j;
}

/** A terminal of category `cat` in market m, or of any category when m has none of it; returns [terminal, category]. */
function marketTerminal(w: World, mk: Markets, m: number, cat: number): [number, number] {
  const cats = w.sc.merchants.categories.length;
  const list = mk.terminals[m * cats + cat]!;
  const dm = w.demand;
  if (list.length > 0) return [list[dm.terminalStream.int(list.length)]!, cat];
  const any = mk.anyTerminal[m]!;
  const t = any[dm.terminalStream.int(any.length)]!;
  let c = 0;
  while (t >= w.terminals.catStart[c + 1]!) c++;
  return [t, c];
}

/** A purchase of a market's cards at home or of a visitor flow abroad. */
function marketPurchase(w: World, mk: Markets, now: number): void {
  const dm = w.demand;
  const j = pickFlow(mk);
  const flow = j < mk.count ? undefined : mk.spec.travellers[j - mk.count]!;
  const home = flow === undefined ? j : flow.from;
  const where = flow === undefined ? j : flow.to;
  const catCum = dm.catCum;
  let cat = 0;
  if (catCum.length > 1) {
    const u = dm.categoryStream.uniform();
    while (u >= catCum[cat]!) cat++;
  }
  const [term, c] = marketTerminal(w, mk, where, cat);
  const card = marketCard(mk, w.cards, home, mk.pickStream.uniform());
  const day = localDay(w, now);
  const flags = w.cards.touch(card, day);
  let amount = flow === undefined ? dm.ticket[c]!.sample(dm.amountStream) : mk.visitorTicket[j - mk.count]!.sample(mk.visitorStream);
  if (amount < 1) amount = 1;
  countMarket(mk, day, where, MarketCounter.Purchases);
  if (home !== where) {
    countMarket(mk, day, where, MarketCounter.CrossBorder);
    countMarket(mk, day, home, MarketCounter.Abroad);
  }
  if (flow !== undefined) countMarket(mk, day, where, MarketCounter.Visitors);
  start(w, now, card, flags, c, term, amount, 0);
}
