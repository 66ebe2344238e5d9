import { K_REVERSAL_AT_ISSUER } from '../events.js';
import { backDelay, forward, lose, outDelay, release, schedule } from '../hops.js';
import { admit, nodeAdd } from '../hosts.js';
import { S_REVERSED } from '../in-flight.js';
import { DOWN_REFUSED, DOWN_UP } from '../links.js';
import { P_BANK, P_CLEARING, P_PLATFORM } from '../routes.js';
import { N_DOWN_REJECTS, T_FIELDS, T_REVERSALS } from '../stats.js';
import type { World } from '../world.js';
import { decide } from './issuer.js';
import { giveBackQrLimit, platformAnswers } from './wallet-platform.js';

/**
 * The clearing house (NetsUnion-like) of bank-funded wallet payments: it admits the platform's
 * request and runs an authorization leg to the card's issuer, which decides it as on the card
 * route (51 when the funds are short, its random declines, lost and expired cards). The answer
 * travels back issuer -> clearing house -> platform -> terminal with no queue on the way.
 */

/** A bank-funded payment reaches the clearing house. */
export function onClearingArrive(w: World, slot: number): void {
  const now = w.sim.now;
  const h = w.hosts.clearingHost;
  const down = w.links.downState(h, now);
  if (down !== DOWN_UP) {
    nodeAdd(w, h, now, N_DOWN_REJECTS, 1);
    if (down === DOWN_REFUSED) declineBack(w, slot, now);
    else lose(w, slot);
  } else {
    const done = admit(w, h, now, 0);
    if (w.links.goesDown(h, now, done)) lose(w, slot);
    else forward(w, slot, P_CLEARING, done);
  }
  release(w, slot);
}

/** The clearing house's leg reaches the card's issuer host, which decides the payment. */
export function onBankArrive(w: World, slot: number): void {
  const now = w.sim.now;
  const f = w.flight;
  const ih = w.hosts.switchHost + 1 + f.issuer[slot]!;
  const down = w.links.downState(ih, now);
  if (down !== DOWN_UP) {
    nodeAdd(w, ih, now, N_DOWN_REJECTS, 1);
    if (down === DOWN_REFUSED) declineBack(w, slot, now + backDelay(w, slot, P_BANK, now));
    else lose(w, slot);
  } else {
    const done = admit(w, ih, now, 0);
    if (w.links.goesDown(ih, now, done)) lose(w, slot);
    else {
      decide(w, slot, now);
      if (f.code[slot] !== w.decisions.c00) giveBackQrLimit(w, slot);
      const atClearing = done + backDelay(w, slot, P_BANK, done);
      platformAnswers(w, slot, atClearing + backDelay(w, slot, P_CLEARING, atClearing));
    }
  }
  release(w, slot);
}

/** The clearing house answers 91 (the next party is down) at `t`; it reaches the platform a link later. */
function declineBack(w: World, slot: number, t: number): void {
  w.flight.code[slot] = w.decisions.c91;
  giveBackQrLimit(w, slot);
  platformAnswers(w, slot, t + backDelay(w, slot, P_CLEARING, t));
}

/**
 * A bank-funded payment timed out at the terminal: the platform reverses it through the clearing
 * house to the card's issuer, as the acquirer reverses a card purchase (acquirer.ts). The issuer
 * gives back the funds it took (`onReversalAtIssuer`, retried while the clearing house is down);
 * a request still on its way is declined there as stale. Nothing was booked for the payment, so
 * the platforms' books need no posting.
 */
export function sendWalletReversal(w: World, slot: number, now: number): void {
  const f = w.flight;
  f.state[slot] = f.state[slot]! | S_REVERSED;
  const b = Math.floor(f.startUs[slot]! / w.stats.bucketUs);
  w.stats.throughput[b * T_FIELDS + T_REVERSALS]!++;
  // Both legs are drawn at the send time (the reversal is not queued at the clearing house).
  const t = now + outDelay(w, slot, P_PLATFORM, now) + outDelay(w, slot, P_CLEARING, now);
  schedule(w, t, K_REVERSAL_AT_ISSUER, slot);
}
