import { US_PER_DAY } from '../../engine/time.js';
import { CARD_TOKEN } from '../cards.js';
import { K_PROVISION, K_PROVISION_DAY, P_PROVISION_DAY } from '../events.js';
import { W_ATTEMPTS, W_FAILURES, W_FIELDS, W_PROVISIONED, W_STEP_UPS, W_TOKENS_ACTIVE } from '../results.js';
import { localDay, type World } from '../world.js';

/**
 * The wallet token service: cardholders of wallet issuers provision tokens (Bass diffusion by
 * local day); a token holder's purchases at NFC terminals go out as token purchases, which the
 * switch detokenizes.
 */

/**
 * Tries to find a holder without a token among the A active cards of wallet issuers. Drawing with
 * replacement and rejecting holders who already have one, a try misses with chance N / A (N
 * tokens; at most the pool's fill N / m, since the pool m <= A), so 64 misses in a row have chance
 * (N/A)^64: below 1e-6 while fewer than 80 % of the pool hold a token (0.8^64 = 6e-7), which
 * keeps the pool's fill a matter of demand, not of the search. Past that, an attempt may fail
 * (counted as a provisioning failure) as the pool nears its cap.
 */
const PROVISION_TRIES = 64;

/** A holder whose provisioning attempt failed tries again this long after it (A: a few minutes). */
export const PROVISION_RETRY_US = 10 * 60 * 1_000_000;

/**
 * Bass's closed form, the adopted share of the pool after `t` days with innovation `p` and
 * imitation `q` per day: F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}).
 */
export function bassShare(t: number, p: number, q: number): number {
  return bassAfter(0, p, q, t);
}

/**
 * The adopted share `dt` days after it was `f`, by the closed form (the Bass equation is
 * autonomous, so F(tau + dt) with F(tau) = f); with p = 0 it is the logistic curve.
 */
export function bassAfter(f: number, p: number, q: number, dt: number): number {
  if (f >= 1) return 1;
  if (p <= 0) {
    if (q <= 0 || f <= 0) return f;
    const g = Math.exp(q * dt);
    return (f * g) / (1 - f + f * g);
  }
  // e^{-(p+q) tau} for the tau at which F(tau) = f, moved on by dt.
  const e = ((1 - f) / (1 + (f * q) / p)) * Math.exp(-(p + q) * dt);
  return (1 - e) / (1 + (q / p) * e);
}

/**
 * Stochastic Bass diffusion by local day, exact in expectation: of the m - A holders who have not
 * yet decided to adopt (A adopters), each decides today with the chance that the closed form gives
 * for the day, (F(tau + dt) - F(tau)) / (1 - F(tau)) with F(tau) = A / m; so the adopted share
 * follows F(t) whatever the step (a plain Euler step p + q A / m lost a fifth of F(30)). Each
 * decision is a provisioning attempt at a uniform time in the day; a failed attempt is retried.
 */
export function onProvisionDay(w: World, day: number): void {
  const sc = w.sc;
  const now = w.sim.now;
  const wl = sc.wallet;
  const ws = w.wallet;
  const m = ws.pool;
  const dayEnd = Math.min((day + 1) * US_PER_DAY - sc.startLocalUs, sc.durationUs);
  const f0 = ws.adopters / m;
  const f1 = bassAfter(f0, wl.bassP, wl.bassQ, (dayEnd - now) / US_PER_DAY);
  const hazard = f0 >= 1 ? 0 : Math.min(1, Math.max(0, (f1 - f0) / (1 - f0)));
  const attempts = ws.stream.binomial(m - ws.adopters, hazard);
  ws.adopters += attempts;
  for (let i = 0; i < attempts; i++) {
    const t = now + Math.floor(ws.stream.uniform() * (dayEnd - now));
    w.sim.at(t, K_PROVISION, 0, day);
  }
  if (dayEnd < sc.durationUs) w.sim.at(dayEnd, K_PROVISION_DAY, 0, day + 1, P_PROVISION_DAY);
}

/**
 * One provisioning attempt: step-up, then failure (the holder tries again PROVISION_RETRY_US
 * later) or a new token for a holder without one; an attempt once the pool is full fails for good.
 */
export function onProvision(w: World): void {
  const wl = w.sc.wallet;
  const ws = w.wallet;
  const days = w.stats.walletDays;
  const now = w.sim.now;
  const day = localDay(w, now);
  const wb = day * W_FIELDS;
  days[wb + W_ATTEMPTS]!++;
  const s = ws.stream;
  if (s.uniform() < wl.stepUpShare) days[wb + W_STEP_UPS]!++;
  if (ws.tokenCount >= ws.pool) {
    days[wb + W_FAILURES]!++;
    return;
  }
  const card = s.uniform() < wl.provisioningFailure ? -1 : holderWithoutToken(w, day);
  if (card < 0) {
    days[wb + W_FAILURES]!++;
    const retry = now + PROVISION_RETRY_US;
    if (retry < w.sc.durationUs) w.sim.at(retry, K_PROVISION, 0, day);
    return;
  }
  w.cards.flags[card] = w.cards.flags[card]! | CARD_TOKEN;
  ws.tokens[ws.tokenCount++] = card;
  days[wb + W_PROVISIONED]!++;
  for (let d = day; d < w.stats.days; d++) days[d * W_FIELDS + W_TOKENS_ACTIVE] = ws.tokenCount;
}

/** An active card of a wallet issuer without a token (touched for `day`), or -1 after PROVISION_TRIES misses. */
function holderWithoutToken(w: World, day: number): number {
  const cards = w.cards;
  const issuers = w.wallet.issuers;
  const s = w.wallet.stream;
  let walletActive = 0;
  for (const i of issuers) walletActive += cards.activeCount[i]!;
  for (let tries = 0; tries < PROVISION_TRIES; tries++) {
    let k = s.int(walletActive);
    let card = -1;
    for (const i of issuers) {
      const a = cards.activeCount[i]!;
      if (k < a) {
        card = cards.issuerStart[i]! + k;
        break;
      }
      k -= a;
    }
    const f = cards.touch(card, day);
    if ((f & CARD_TOKEN) === 0) return card;
  }
  return -1;
}
