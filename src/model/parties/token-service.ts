import { US_PER_DAY } from '../../engine/time.js';
import { bassAfter } from '../bass.js';
import { CARD_TOKEN } from '../cards.js';
import { K_KEY_REPLENISH, K_PROVISION, K_PROVISION_DAY, K_TOKEN_READY, P_PROVISION_DAY } from '../events.js';
import { hashUniform } from '../../engine/hash.js';
import {
  W_ATTEMPTS,
  W_FAILURES,
  W_FIELDS,
  W_KEYLESS_DECLINES,
  W_KEYLESS_ONLINE,
  W_PROVISIONED,
  W_REPLENISHMENTS,
  W_REPLENISH_FAILURES,
  W_STEP_UPS,
  W_TOKENS_ACTIVE,
  W_TSM_FAILURES,
} from '../results.js';
import { localDay, type WalletState, type World } from '../world.js';

export { bassAfter, bassShare } from '../bass.js';

/**
 * The wallets' token service: cardholders of each wallet's issuers (with an eligible phone)
 * provision tokens (Bass diffusion by local day, per wallet); secure-element tokens go through
 * the TSM's steps first; a token holder's purchases at NFC terminals go out as token purchases of
 * one of its wallets, which the switch detokenizes at that wallet's token service provider; an
 * HCE token spends a limited-use key per purchase and asks for more online.
 *
 * Tries to find a holder without a token among the A active cards of the wallet's issuers.
 * Drawing with replacement and rejecting holders who already have one, a try misses with chance
 * N / A (N tokens; at most the pool's fill N / m, since the pool m <= A), so 64 misses in a row
 * have chance (N/A)^64: below 1e-6 while fewer than 80 % of the pool hold a token (0.8^64 = 6e-7),
 * which keeps the pool's fill a matter of demand, not of the search. Past that, an attempt may
 * fail (counted as a provisioning failure) as the pool nears its cap. A wallet on some phones only
 * tries 64 / (its eligible share) times (wallet-build.ts), so the same holds among eligible cards.
 */

/** A holder whose provisioning attempt failed tries again this long after it (A: a few minutes). */
export const PROVISION_RETRY_US = 10 * 60 * 1_000_000;
/** Bit 7 of an HCE token's key count: a replenishment is on its way. */
const KEYS_PENDING = 0x80;

/** Offset of wallet k's counters of local day `day` in the wallet table. */
function dayBase(w: World, k: number, day: number): number {
  return (k * w.stats.days + day) * W_FIELDS;
}

/** Schedules the first provisioning day of every wallet with a pool. */
export function startWallets(w: World): void {
  w.wallet.list.forEach((ws, k) => {
    if (ws.pool > 0) w.sim.at(0, K_PROVISION_DAY, k, 0, P_PROVISION_DAY);
  });
}

/**
 * Stochastic Bass diffusion by local day, exact in expectation: of the m - A holders who have not
 * yet decided to adopt (A adopters), each decides today with the chance that the closed form gives
 * for the day, (F(tau + dt) - F(tau)) / (1 - F(tau)) with F(tau) = A / m; so the adopted share
 * follows F(t) whatever the step (a plain Euler step p + q A / m lost a fifth of F(30)). Each
 * decision is a provisioning attempt at a uniform time in the day; a failed attempt is retried.
 */
export function onProvisionDay(w: World, day: number, k = 0): void {
  const sc = w.sc;
  const now = w.sim.now;
  const ws = w.wallet.list[k]!;
  const wl = ws.spec;
  const m = ws.pool;
  const dayEnd = Math.min((day + 1) * US_PER_DAY - sc.startLocalUs, sc.durationUs);
  const f0 = ws.adopters / m;
  const f1 = bassAfter(f0, wl.bassP, wl.bassQ, (dayEnd - now) / US_PER_DAY);
  const hazard = f0 >= 1 ? 0 : Math.min(1, Math.max(0, (f1 - f0) / (1 - f0)));
  const attempts = ws.stream.binomial(m - ws.adopters, hazard);
  ws.adopters += attempts;
  for (let i = 0; i < attempts; i++) {
    const t = now + Math.floor(ws.stream.uniform() * (dayEnd - now));
    w.sim.at(t, K_PROVISION, k, day);
  }
  if (dayEnd < sc.durationUs) w.sim.at(dayEnd, K_PROVISION_DAY, k, day + 1, P_PROVISION_DAY);
}

/**
 * One provisioning attempt: step-up, then failure (the holder tries again PROVISION_RETRY_US
 * later) or a token for a holder without one, at once or (secure element) after the TSM's steps,
 * any of which may fail; an attempt once the pool is full fails for good.
 */
export function onProvision(w: World, k = 0): void {
  const ws = w.wallet.list[k]!;
  const wl = ws.spec;
  const days = w.stats.walletDays;
  const now = w.sim.now;
  const day = localDay(w, now);
  const wb = dayBase(w, k, day);
  days[wb + W_ATTEMPTS]!++;
  const s = ws.stream;
  if (s.uniform() < wl.stepUpShare) days[wb + W_STEP_UPS]!++;
  if (ws.held >= ws.pool) {
    days[wb + W_FAILURES]!++;
    return;
  }
  const card = s.uniform() < wl.provisioningFailure ? -1 : holderWithoutToken(w, ws, k, day);
  let readyUs = now;
  let failed = card < 0;
  for (let i = 0; !failed && i < ws.tsmLatency.length; i++) {
    if (s.uniform() < ws.tsmFailure[i]!) {
      failed = true;
      days[wb + W_TSM_FAILURES]!++;
    } else readyUs += ws.tsmLatency[i]!.sample(s);
  }
  if (failed) {
    days[wb + W_FAILURES]!++;
    const retry = now + PROVISION_RETRY_US;
    if (retry < w.sc.durationUs) w.sim.at(retry, K_PROVISION, k, day);
    return;
  }
  w.wallet.held[card] = w.wallet.held[card]! | (1 << k);
  ws.held++;
  if (ws.tsmLatency.length === 0) activate(w, k, card);
  else if (readyUs < w.sc.durationUs) w.sim.at(readyUs, K_TOKEN_READY, k, card);
}

/** A secure-element token's TSM steps are done. */
export function onTokenReady(w: World, k: number, card: number): void {
  activate(w, k, card);
}

/** Wallet k's token of `card` is active: the card is a token holder (once), an HCE token has its keys. */
function activate(w: World, k: number, card: number): void {
  const wt = w.wallet;
  const ws = wt.list[k]!;
  const days = w.stats.walletDays;
  const day = localDay(w, w.sim.now);
  if (wt.active[card] === 0) {
    w.cards.addFlags(card, CARD_TOKEN);
    wt.tokens[wt.tokenCount++] = card;
  }
  wt.active[card] = wt.active[card]! | (1 << k);
  if (ws.hce) wt.keys![card * wt.count + k] = ws.keysFull;
  ws.activeCount++;
  days[dayBase(w, k, day) + W_PROVISIONED]!++;
  for (let d = day; d < w.stats.days; d++) days[dayBase(w, k, d) + W_TOKENS_ACTIVE] = ws.activeCount;
}

/** Whether `card` may hold wallet k's token: any card without devices; else an eligible brand and a capable phone. */
function eligible(w: World, ws: WalletState, card: number): boolean {
  if (ws.deviceMask === 0) return true;
  const wt = w.wallet;
  const u = hashUniform(wt.phoneSalt, card);
  let b = 0;
  while (u >= wt.phoneCum[b]!) b++;
  return (ws.deviceMask & (1 << b)) !== 0 && hashUniform(ws.capableSalt, card) < ws.spec.eligibleShare;
}

/** An active, eligible card of the wallet's issuers without its token (touched for `day`), or -1 after its tries. */
function holderWithoutToken(w: World, ws: WalletState, k: number, day: number): number {
  const cards = w.cards;
  const issuers = ws.issuers;
  const s = ws.stream;
  const held = w.wallet.held;
  let walletActive = 0;
  for (const i of issuers) walletActive += cards.activeCount[i]!;
  for (let tries = 0; tries < ws.tries; tries++) {
    let x = s.int(walletActive);
    let card = -1;
    for (const i of issuers) {
      const a = cards.activeCount[i]!;
      if (x < a) {
        card = cards.issuerStart[i]! + x;
        break;
      }
      x -= a;
    }
    cards.touch(card, day);
    if ((held[card]! & (1 << k)) === 0 && eligible(w, ws, card)) return card;
  }
  return -1;
}

/**
 * A token purchase of `card` at `now`: the wallet that pays (drawn when the card holds several)
 * goes to the platform column; an HCE token spends a key, asks for more at the threshold and,
 * with none left, declines (-1) or goes online (its extra time). Returns the extra time (µs).
 */
export function tokenPay(w: World, slot: number, card: number, now: number): number {
  const wt = w.wallet;
  let k = 0;
  if (wt.count > 1) {
    let m = wt.active[card]!;
    if ((m & (m - 1)) !== 0) {
      const n = wt.choiceStream.int(popcount(m));
      for (let i = 0; i < n; i++) m &= m - 1;
    }
    k = 31 - Math.clz32(m & -m);
  }
  w.flight.platform[slot] = k;
  const keys = wt.keys;
  if (keys === undefined) return 0;
  const ws = wt.list[k]!;
  if (!ws.hce) return 0;
  const i = card * wt.count + k;
  const v = keys[i]!;
  let pending = v & KEYS_PENDING;
  const left = v & ~KEYS_PENDING;
  if (left > 0 && (left - 1 > ws.replenishBelow || pending !== 0)) {
    keys[i] = (left - 1) | pending;
    return 0;
  }
  if (pending === 0) {
    pending = KEYS_PENDING;
    const at = now + ws.replenishDelay!.sample(ws.keyStream);
    if (at < w.sc.durationUs) w.sim.at(at, K_KEY_REPLENISH, k, card);
  }
  if (left > 0) {
    keys[i] = (left - 1) | pending;
    return 0;
  }
  keys[i] = pending;
  const days = w.stats.walletDays;
  const wb = dayBase(w, k, localDay(w, now));
  if (!ws.noKeyOnline) {
    days[wb + W_KEYLESS_DECLINES]!++;
    return -1;
  }
  days[wb + W_KEYLESS_ONLINE]!++;
  return ws.onlineLatency!.sample(ws.keyStream);
}

function popcount(m: number): number {
  let n = 0;
  for (; m !== 0; m &= m - 1) n++;
  return n;
}

/** An HCE token's replenishment arrives: its keys are full again, or it failed (asked again at the next purchase). */
export function onKeyReplenish(w: World, k: number, card: number): void {
  const wt = w.wallet;
  const ws = wt.list[k]!;
  const i = card * wt.count + k;
  const wb = dayBase(w, k, localDay(w, w.sim.now));
  const days = w.stats.walletDays;
  if (ws.keyStream.uniform() < ws.replenishFailure) {
    days[wb + W_REPLENISH_FAILURES]!++;
    wt.keys![i] = wt.keys![i]! & ~KEYS_PENDING;
    return;
  }
  days[wb + W_REPLENISHMENTS]!++;
  wt.keys![i] = ws.keysFull;
}
