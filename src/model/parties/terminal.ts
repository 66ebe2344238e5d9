import { US_PER_S } from '../../engine/time.js';
import { CHANNEL_CHIP, CHANNEL_CONTACTLESS, CHANNEL_ECOMMERCE, CHANNEL_NFC_TOKEN, FRAUD_LOST_STOLEN } from '../../scenario/types.js';
import { CARD_TOKEN } from '../cards.js';
import { K_ACQUIRER_ARRIVE } from '../events.js';
import { F_INVALID_PAN, S2_FRAUD_BITS, fraudTypeOf } from '../fraud-book.js';
import { hop, hostOfNext, release } from '../hops.js';
import { nodeAdd } from '../hosts.js';
import { S_ACQ_TIMED_OUT, S_INVALID_PAN, S_REVERSED, S_TOKEN } from '../in-flight.js';
import { DOWN_REFUSED } from '../links.js';
import { answer } from '../outcome.js';
import { OUTCOME_DECLINED, OUTCOME_TIMED_OUT } from '../results.js';
import { NEXT_KIND, NEXT_PARTY, OUT_LEG, PARTY_KINDS, P_ACQUIRER, P_TERMINAL, R_FOUR_PARTY, R_THREE_PARTY_BANK } from '../routes.js';
import { N_DOWN_REJECTS, N_TIMEOUTS, T_ATTEMPTS, T_FIELDS, T_PEAK_TPS } from '../stats.js';
import type { World } from '../world.js';
import { onAcquirerArrive, sendReversal } from './acquirer.js';
import { sendWalletReversal } from './clearing-house.js';
import { tokenPay } from './token-service.js';
import { chooseInstrument } from './wallet-platform.js';

/**
 * The terminal: takes the card (channel choice), opens the purchase in the in-flight table, picks
 * its route and sends it to the first party of the route; its timer on the acquirer ends the
 * purchase as timed out (the answer itself is recorded by `outcome.ts`).
 */

/** The route of a purchase before the instrument choice: the four-party route (a wallet's is set by `chooseInstrument`). */
export function chooseRoute(_w: World, _card: number, _terminal: number): number {
  return R_FOUR_PARTY;
}

/** The channel of a card-present purchase: among the terminal's channels the card can use, by weight. */
export function chooseChannel(w: World, term: number, cardFlags: number): number {
  let mask = w.terminals.capabilitiesOf(term);
  if ((cardFlags & CARD_TOKEN) === 0) mask &= ~(1 << CHANNEL_NFC_TOKEN);
  // One channel: no choice to draw.
  if ((mask & (mask - 1)) === 0) return mask !== 0 ? 31 - Math.clz32(mask) : CHANNEL_CHIP;
  return drawChannel(w, mask);
}

/** A channel among those of `mask` (two or more), by weight (out of line: the one-channel case stays small). */
function drawChannel(w: World, mask: number): number {
  const cw = w.sc.channelWeights;
  let channel: number = CHANNEL_CHIP;
  let total = 0;
  for (let ch = 0; ch < CHANNEL_ECOMMERCE; ch++) if ((mask & (1 << ch)) !== 0) total += cw[ch]!;
  let x = w.demand.channelStream.uniform() * total;
  for (let ch = 0; ch < CHANNEL_ECOMMERCE; ch++) {
    if ((mask & (1 << ch)) === 0) continue;
    channel = ch;
    x -= cw[ch]!;
    if (x < 0) break;
  }
  return channel;
}

/**
 * The channel of a fraud attempt: e-commerce card not present; counterfeit cards are swiped
 * (magnetic-stripe fallback, reported as chip: the terminal's chip channel); a lost or stolen
 * card taps where the terminal takes contactless, else goes in by chip.
 */
function fraudChannel(w: World, term: number, cnp: boolean, fraud: number): number {
  if (cnp) return CHANNEL_ECOMMERCE;
  if (fraudTypeOf(fraud) === FRAUD_LOST_STOLEN && (w.terminals.capabilitiesOf(term) & (1 << CHANNEL_CONTACTLESS)) !== 0) return CHANNEL_CONTACTLESS;
  return CHANNEL_CHIP;
}

/** The first purchase of second `sec`: its count starts. */
function newSecond(st: World['stats'], sec: number): void {
  st.curSecond = sec;
  st.curSecondCount = 0;
}

/** Counts a purchase's attempt and the peak purchases per second, by the bucket of its start. */
function countAttempt(w: World, now: number): void {
  const st = w.stats;
  st.transactions++;
  const b = Math.floor(now / st.bucketUs);
  const tp = st.throughput;
  tp[b * T_FIELDS + T_ATTEMPTS]!++;
  const sec = Math.floor(now / US_PER_S);
  if (sec !== st.curSecond) newSecond(st, sec);
  if (st.secondCounts !== undefined) st.secondCounts[sec]!++;
  const c = ++st.curSecondCount;
  if (c > tp[b * T_FIELDS + T_PEAK_TPS]!) tp[b * T_FIELDS + T_PEAK_TPS] = c;
}

// hot path: one call per purchase; fills the slot columns in one place.
/** A purchase starts at the terminal: the card is presented, the request goes to the first party. */
/**
 * `fraud` is 0 for a genuine purchase; for a fraud attempt (model/fraud.ts) its `state2` bits and
 * instructions (fraud-book.ts): its channel and a wrong card number come from it, not from the
 * demand's streams, so the genuine purchases' draws do not move.
 */
export function start(w: World, now: number, card: number, cardFlags: number, cat: number, term: number, amountMinor: number, fraud: number): void {
  const sc = w.sc;
  const cnp = w.demand.catCnp[cat] === 1;
  let channel: number;
  let state = 0;
  if (fraud === 0) {
    channel = cnp ? CHANNEL_ECOMMERCE : chooseChannel(w, term, cardFlags);
    const panRate = sc.declines.invalidPanRate;
    if (cnp && panRate > 0 && w.demand.panStream.uniform() < panRate) state = S_INVALID_PAN;
  } else {
    channel = fraudChannel(w, term, cnp, fraud);
    if ((fraud & F_INVALID_PAN) !== 0) state = S_INVALID_PAN;
  }
  const f = w.flight;
  const slot = f.alloc();
  f.route[slot] = chooseRoute(w, card, term);
  f.state2[slot] = fraud & S2_FRAUD_BITS;
  // Competing networks: the consumer's instrument (a wallet takes a three-party route; fraud stays on cards).
  if (w.networks !== undefined && !cnp && fraud === 0) channel = chooseInstrument(w, slot, channel, amountMinor, card, w.terminals.merchantOf(term, cat));
  const acq = w.terminals.acquirerOf(term);
  f.card[slot] = card;
  f.terminal[slot] = term;
  f.acquirer[slot] = acq;
  const issuer = w.cards.issuerOf(card);
  f.issuer[slot] = issuer;
  f.category[slot] = cat;
  f.channel[slot] = channel;
  const route = f.route[slot]!;
  f.open(slot, now, amountMinor, now + sc.merchants.terminalTimeoutUs);
  f.state[slot] = state;
  countAttempt(w, now);
  let tokenUs = 0;
  if (channel === CHANNEL_NFC_TOKEN) {
    tokenUs = startToken(w, slot, card, now, state);
    if (tokenUs < 0) return;
  }
  // To the first party of the route: refused at once when its host is down. (One row of the flat
  // route tables for the first party, its link and its arrival kind.)
  const k = route * PARTY_KINDS + P_TERMINAL;
  const h = NEXT_PARTY[k] === P_ACQUIRER ? acq : hostOfNext(w, slot, P_TERMINAL);
  if (w.links.downState(h, now) === DOWN_REFUSED) return refusedAtFirst(w, slot, h, now);
  const leg = OUT_LEG[k]!;
  const d = w.links.delay(leg >> 1, (leg & 1) === 0 ? acq : issuer, now) + tokenUs;
  const kind = NEXT_KIND[k]!;
  if (d === 0) {
    // A zero-latency link delivers at once: no event (the plain benchmark networks use this).
    // The four-party route's first party is called directly (no handler-table call on the hot path).
    f.refs[slot]!++;
    if (kind === K_ACQUIRER_ARRIVE) onAcquirerArrive(w, slot);
    else w.sim.fire(kind, 0, slot);
  } else {
    hop(w, slot, now + d, kind);
  }
  release(w, slot);
}

// Out of line, so that `start` keeps the common purchase small enough for V8 to inline its leaves.
/** A token purchase: its wallet; an HCE token with no key left declines at once (-1), else the extra time of going online (or 0). */
function startToken(w: World, slot: number, card: number, now: number, state: number): number {
  w.flight.state[slot] = state | S_TOKEN;
  const tokenUs = tokenPay(w, slot, card, now);
  if (tokenUs < 0) {
    answer(w, slot, OUTCOME_DECLINED, w.wallet.codeNoKey, now);
    release(w, slot);
  }
  return tokenUs;
}

/** The first party of the route (host h) is down: the purchase (or withdrawal) is refused at once with 91. */
export function refusedAtFirst(w: World, slot: number, h: number, now: number): void {
  nodeAdd(w, h, now, N_DOWN_REJECTS, 1);
  answer(w, slot, OUTCOME_DECLINED, w.decisions.c91, now);
  release(w, slot);
}

/** The terminal's timer fires: the purchase times out; a request that reached the switch is reversed. */
export function onTerminalTimeout(w: World, slot: number): void {
  const now = w.sim.now;
  const f = w.flight;
  const acq = f.acquirer[slot]!;
  nodeAdd(w, acq, now, N_TIMEOUTS, 1);
  answer(w, slot, OUTCOME_TIMED_OUT, w.decisions.c68, now);
  const st = f.state[slot]!;
  if (f.acqDeadlineUs[slot]! < Infinity && (st & S_ACQ_TIMED_OUT) === 0) {
    // The request reached the switch: the acquirer reverses it on the terminal's behalf.
    f.state[slot] = st | S_ACQ_TIMED_OUT;
    sendReversal(w, slot, now);
  } else if (f.route[slot] === R_THREE_PARTY_BANK && (st & S_REVERSED) === 0) {
    // A bank-funded wallet payment: the platform reverses it through the clearing house.
    sendWalletReversal(w, slot, now);
  }
  release(w, slot);
}
