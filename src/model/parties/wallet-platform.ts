import { hashUniform } from '../../engine/hash.js';
import { CHANNEL_CHIP, CHANNEL_CONTACTLESS, CHANNEL_QR } from '../../scenario/types.js';
import { forward, lose, release } from '../hops.js';
import { answerToTerminal } from '../outcome.js';
import { admit, nodeAdd } from '../hosts.js';
import { DOWN_REFUSED, DOWN_UP } from '../links.js';
import { P_PLATFORM, R_THREE_PARTY, R_THREE_PARTY_BANK } from '../routes.js';
import { N_DOWN_REJECTS } from '../stats.js';
import { localDay, type World } from '../world.js';

/**
 * A wallet platform (three-party: Alipay-like, WeChat-like): it holds the consumer's account and
 * acquires the merchant itself, so a payment goes terminal or phone -> platform -> answer and
 * never reaches the switch. The platform checks the PBOC barcode limits of the customer's day,
 * then pays from the balance, or sends a bank-funded payment on to the clearing house.
 */

/** Flag in `state2`: the consumer presented a dynamic code (the merchant scanned it); else static. */
export const S2_DYNAMIC_QR = 2;

/**
 * The instrument of a card-present purchase when the scenario has competing networks, from one
 * uniform of the choice stream (common random numbers): a platform, or the four-party network
 * (instrument 0); then, from the same uniform rescaled, bank-funded or not and dynamic or
 * static. Sets the route; returns the channel (QR for a wallet; the chip for a card contactless
 * purchase above the no-CVM limit).
 */
export function chooseInstrument(w: World, slot: number, channel: number, amountMinor: number, card: number, merchant: number): number {
  const net = w.networks!;
  const u = net.choiceStream.uniform();
  const pick = net.weights === undefined ? byShare(net.shareCum, u) : byLogit(w, card, merchant, u);
  const p = pick - 1;
  const days = net.choiceDays;
  const d = (localDay(w, w.sim.now) * (1 + net.shareCum.length) + pick) * 2;
  if (d < days.length) {
    days[d]!++;
    days[d + 1]! += amountMinor;
  }
  if (p < 0) {
    if (channel === CHANNEL_CONTACTLESS && net.noCvmLimitMinor >= 0 && amountMinor > net.noCvmLimitMinor) return CHANNEL_CHIP;
    return channel;
  }
  return walletPayment(w, slot, p, rescaled);
}

/** The uniform left over by the last pick, rescaled to [0, 1) within the chosen instrument's interval. */
let rescaled = 0;

/** Instrument by fixed shares: platform p (1 + p) with its share, else the cards (0). */
function byShare(cum: Float64Array, u: number): number {
  let p = 0;
  while (p < cum.length && u >= cum[p]!) p++;
  if (p === cum.length) return 0;
  const lo = p === 0 ? 0 : cum[p - 1]!;
  rescaled = (u - lo) / (cum[p]! - lo);
  return p + 1;
}

/** Instrument by multinomial logit among the cards and the wallets the card's holder has and the merchant accepts. */
function byLogit(w: World, card: number, merchant: number, u: number): number {
  const net = w.networks!;
  const wt = net.weights!;
  const both = net.heldBy![card]! & net.acceptedBy![merchant]!;
  let total = wt[0]!;
  for (let p = 0; p < wt.length - 1; p++) if ((both & (1 << p)) !== 0) total += wt[p + 1]!;
  let x = u * total - wt[0]!;
  if (x < 0) return 0;
  for (let p = 0; p < wt.length - 1; p++) {
    if ((both & (1 << p)) === 0) continue;
    const wp = wt[p + 1]!;
    if (x < wp) {
      rescaled = x / wp;
      return p + 1;
    }
    x -= wp;
  }
  // Rounding at the top end: the last available wallet.
  rescaled = 0.999999;
  return 32 - Math.clz32(both);
}

/** A payment with platform p: funding and presentment from the rescaled uniform v. */
function walletPayment(w: World, slot: number, p: number, v0: number): number {
  const net = w.networks!;
  const f = w.flight;
  let v = v0;
  const bank = net.bankShare[p]!;
  if (v < bank) {
    f.route[slot] = R_THREE_PARTY_BANK;
    v /= bank;
  } else {
    f.route[slot] = R_THREE_PARTY;
    v = (v - bank) / (1 - bank);
  }
  f.platform[slot] = p;
  if (v < net.dynamicShare[p]!) f.state2[slot] = f.state2[slot]! | S2_DYNAMIC_QR;
  return CHANNEL_QR;
}

/** A payment reaches the platform's host. */
export function onPlatformArrive(w: World, slot: number): void {
  const now = w.sim.now;
  const f = w.flight;
  const h = w.hosts.platformHost + f.platform[slot]!;
  const down = w.links.downState(h, now);
  if (down !== DOWN_UP) {
    nodeAdd(w, h, now, N_DOWN_REJECTS, 1);
    if (down === DOWN_REFUSED) {
      f.code[slot] = w.decisions.c91;
      platformAnswers(w, slot, now);
    } else lose(w, slot);
  } else {
    const done = admit(w, h, now, 0);
    if (w.links.goesDown(h, now, done)) lose(w, slot);
    else if (!takeQrLimit(w, slot)) {
      f.code[slot] = w.decisions.cQL;
      platformAnswers(w, slot, done);
    } else if (f.route[slot] === R_THREE_PARTY_BANK) forward(w, slot, P_PLATFORM, done);
    else {
      decideBalance(w, slot);
      platformAnswers(w, slot, done);
    }
  }
  release(w, slot);
}

/** A balance-funded payment: declined 51 at the platform's rate, else approved. */
function decideBalance(w: World, slot: number): void {
  const net = w.networks!;
  const f = w.flight;
  const p = f.platform[slot]!;
  const rate = net.balanceDecline[p]!;
  if (rate > 0 && net.balanceStreams[p]!.uniform() < rate) {
    f.code[slot] = w.decisions.c51;
    giveBackQrLimit(w, slot);
  } else f.code[slot] = w.decisions.c00;
}

/** The customer's PBOC class (0 = A, 1 = B, 2 = C): a fixed property of the card. */
export function qrClassOf(w: World, card: number): number {
  const net = w.networks!;
  const u = hashUniform(net.classSalt, card);
  const cum = net.spec.qrLimits.classCum;
  return u < cum[0] ? 0 : u < cum[1] ? 1 : 2;
}

/**
 * Checks the payment against the customer's barcode limit of the local day it started and, when
 * it fits, counts it (a later decline gives it back). A payment of an earlier day than the one
 * counted (two payments across midnight, the later one first) is refused: its day is gone.
 */
function takeQrLimit(w: World, slot: number): boolean {
  const net = w.networks!;
  const q = net.spec.qrLimits;
  if (!q.enabled) return true;
  const f = w.flight;
  const card = f.card[slot]!;
  const day = localDay(w, f.startUs[slot]!);
  const counted = net.qrDay[card]!;
  if (day < counted) return false;
  if (day > counted) {
    net.qrDay[card] = day;
    net.staticSpendMinor[card] = 0;
    net.dynamicSpendMinor[card] = 0;
  }
  const amount = f.amountMinor[slot]!;
  if ((f.state2[slot]! & S2_DYNAMIC_QR) !== 0) {
    const limit = q.dynamicPerDayMinor[qrClassOf(w, card)]!;
    if (limit >= 0 && net.dynamicSpendMinor[card]! + amount > limit) return false;
    net.dynamicSpendMinor[card]! += amount;
  } else {
    if (net.staticSpendMinor[card]! + amount > q.staticPerDayMinor) return false;
    net.staticSpendMinor[card]! += amount;
  }
  return true;
}

/** A counted payment was declined after all: its amount no longer counts against the limit. */
export function giveBackQrLimit(w: World, slot: number): void {
  const net = w.networks!;
  if (!net.spec.qrLimits.enabled) return;
  const f = w.flight;
  const card = f.card[slot]!;
  if (net.qrDay[card] !== localDay(w, f.startUs[slot]!)) return;
  const amount = f.amountMinor[slot]!;
  if ((f.state2[slot]! & S2_DYNAMIC_QR) !== 0) net.dynamicSpendMinor[card]! -= amount;
  else net.staticSpendMinor[card]! -= amount;
}

/**
 * The platform's answer leaves it at `tPlat` and reaches the terminal (or phone) a link later:
 * recorded at once if that beats the terminal's deadline, else the terminal's timer decides.
 */
export function platformAnswers(w: World, slot: number, tPlat: number): void {
  answerToTerminal(w, slot, P_PLATFORM, tPlat);
}
