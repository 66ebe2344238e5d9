import { FRAUD_CARD_TESTING, FRAUD_CNP_TAKEOVER, FRAUD_COUNTERFEIT, FRAUD_FRIENDLY, FRAUD_LOST_STOLEN } from '../scenario/types.js';
import { US_PER_DAY } from '../engine/time.js';
import { K_FRAUD_ATTEMPT, K_FRAUD_EPISODE } from './events.js';
import { F_ATTEMPTS, F_EPISODES, F_INVALID_PAN, S2_FRAUD_SHIFT, S2_MERCHANT_BEARS, countFraud } from './fraud-book.js';
import { start } from './parties/terminal.js';
import { localDay, type World } from './world.js';

/**
 * Labelled fraud, the demand side: each typology is a Poisson process of episodes (a compromised
 * card, a range of card numbers, a cardholder who will dispute), and each episode a burst of
 * attempts, extra purchases started at the terminal like any other but marked with their typology
 * (sources §13.1 for the signatures):
 * - card testing: tiny card-not-present attempts at one merchant on consecutive card numbers (a
 *   BIN range), most with a wrong number (14), the hits scored by the issuer;
 * - lost or stolen: a card-present spree on one card at terminals of any category;
 * - counterfeit: magnetic-stripe fallback (chip channel) at card-present terminals;
 * - card-not-present takeover: larger e-commerce purchases on one card, some with 3-D Secure;
 * - friendly: one genuine-looking e-commerce purchase the cardholder disputes later.
 * Every draw comes from the typology's own named streams, so the genuine purchases' arrivals,
 * cards, terminals and amounts are the same with fraud on or off.
 */

/** Schedules the first episode of every typology (at build time). */
export function startFraud(w: World): void {
  const n = w.fraud!.ratePerUs.length;
  for (let t = 0; t < n; t++) nextEpisode(w, t, 0);
}

function nextEpisode(w: World, type: number, now: number): void {
  const fr = w.fraud!;
  const rate = fr.ratePerUs[type]!;
  if (!(rate > 0)) return;
  const at = now + Math.round(fr.arrivals[type]!.exponential(1 / rate));
  if (at < w.sc.durationUs) w.sim.at(at, K_FRAUD_EPISODE, type, 0);
}

/** A terminal of a random category among `cats` (uniform: fraud goes to unusual merchants too); sets the category and terminal of episode `id`. */
function pickTerminal(w: World, id: number, cats: Int32Array, u: number, v: number): void {
  const e = w.fraud!.episodes.cols;
  const t = w.terminals;
  const cat = cats[Math.floor(u * cats.length)]!;
  e.category[id] = cat;
  e.terminal[id] = t.catStart[cat]! + Math.floor(v * t.categorySize(cat));
}

/** Card-not-present typologies (the others are card present). */
function isCnp(type: number): boolean {
  return type === FRAUD_CARD_TESTING || type === FRAUD_CNP_TAKEOVER || type === FRAUD_FRIENDLY;
}

/** A new episode: its card, merchant, number of attempts and liable party; its first attempt now. */
export function onFraudEpisode(w: World, type: number): void {
  const now = w.sim.now;
  nextEpisode(w, type, now);
  const fr = w.fraud!;
  const s = fr.episode[type]!;
  const sp = fr.spec.types[type]!;
  const id = fr.episodes.alloc();
  const e = fr.episodes.cols;
  e.type[id] = type;
  e.card[id] = w.cards.pickActive(s.uniform() * w.cards.totalActivity);
  pickTerminal(w, id, isCnp(type) ? fr.cnpCats : fr.cpCats, s.uniform(), s.uniform());
  // Geometric number of attempts with mean `attempts` (at least 1).
  const q = 1 / sp.attempts;
  e.left[id] = q >= 1 ? 1 : 1 + Math.floor(Math.log(1 - s.uniform()) / Math.log(1 - q));
  e.attempt[id] = 0;
  const threeDs = type === FRAUD_CNP_TAKEOVER && s.uniform() < fr.spec.threeDsShare;
  const issuerBears = type === FRAUD_LOST_STOLEN || threeDs;
  e.bits[id] = ((type + 1) << S2_FRAUD_SHIFT) | (issuerBears ? 0 : S2_MERCHANT_BEARS);
  countFraud(w, now, type, issuerBears ? 0 : 1, F_EPISODES, 1);
  onFraudAttempt(w, id);
}

/** One attempt of an episode; schedules the next one or ends the episode. */
export function onFraudAttempt(w: World, id: number): void {
  const now = w.sim.now;
  const fr = w.fraud!;
  const e = fr.episodes.cols;
  const type = e.type[id]!;
  const s = fr.attempt[type]!;
  const n = e.attempt[id]!++;
  let card = e.card[id]!;
  let bits = e.bits[id]!;
  if (type === FRAUD_CARD_TESTING) {
    // A BIN range: consecutive card numbers, most of them wrong.
    card = (card + n) % w.cards.count;
    if (s.uniform() >= fr.spec.cardTestingHitRate) bits |= F_INVALID_PAN;
  } else if (type === FRAUD_LOST_STOLEN || type === FRAUD_CNP_TAKEOVER || type === FRAUD_COUNTERFEIT) {
    // A spree: another merchant each time (card testing and friendly fraud stay at one).
    if (n > 0) pickTerminal(w, id, isCnp(type) ? fr.cnpCats : fr.cpCats, s.uniform(), s.uniform());
  }
  let amount = fr.ticket[type]!.sample(s);
  if (amount < 1) amount = 1;
  const flags = w.cards.touch(card, localDay(w, now));
  countFraud(w, now, type, (bits & S2_MERCHANT_BEARS) !== 0 ? 1 : 0, F_ATTEMPTS, 1);
  const left = --e.left[id]!;
  const gapUs = fr.spec.types[type]!.windowUs / fr.spec.types[type]!.attempts;
  const next = left > 0 ? now + Math.max(1, Math.round(s.exponential(gapUs))) : Infinity;
  if (next < w.sc.durationUs) w.sim.at(next, K_FRAUD_ATTEMPT, 0, id);
  else fr.episodes.release(id);
  start(w, now, card, flags, e.category[id]!, e.terminal[id]!, amount, bits);
}

/** Episodes per microsecond of each typology for `cards` cards. */
export function episodeRates(w: Pick<World, 'sc'>, cards: number): Float64Array {
  const types = w.sc.fraud!.types;
  return Float64Array.from(types.map((t) => (t.episodesPerMillionCardsPerDay * cards) / 1e6 / US_PER_DAY));
}
