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

/**
 * Stochastic Bass diffusion by local day: of the m - N holders still without a token,
 * Binomial(m - N, p + q N / m) try to provision one today, at uniform times in the day.
 */
export function onProvisionDay(w: World, day: number): void {
  const sc = w.sc;
  const now = w.sim.now;
  const wl = sc.wallet;
  const ws = w.wallet;
  const m = ws.pool;
  const dayEnd = Math.min((day + 1) * US_PER_DAY - sc.startLocalUs, sc.durationUs);
  const fraction = (dayEnd - now) / US_PER_DAY;
  const hazard = Math.min(1, (wl.bassP + (wl.bassQ * ws.tokenCount) / m) * fraction);
  const attempts = ws.stream.binomial(m - ws.tokenCount, hazard);
  for (let i = 0; i < attempts; i++) {
    const t = now + Math.floor(ws.stream.uniform() * (dayEnd - now));
    w.sim.at(t, K_PROVISION, 0, day);
  }
  if (dayEnd < sc.durationUs) w.sim.at(dayEnd, K_PROVISION_DAY, 0, day + 1, P_PROVISION_DAY);
}

/** One provisioning attempt: step-up, failure, or a new token for a holder without one. */
export function onProvision(w: World): void {
  const wl = w.sc.wallet;
  const ws = w.wallet;
  const days = w.stats.walletDays;
  const day = localDay(w, w.sim.now);
  const wb = day * W_FIELDS;
  days[wb + W_ATTEMPTS]!++;
  const s = ws.stream;
  if (s.uniform() < wl.stepUpShare) days[wb + W_STEP_UPS]!++;
  if (s.uniform() < wl.provisioningFailure || ws.tokenCount >= ws.pool) {
    days[wb + W_FAILURES]!++;
    return;
  }
  const card = holderWithoutToken(w, day);
  if (card < 0) {
    days[wb + W_FAILURES]!++;
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
