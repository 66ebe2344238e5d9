import { K_REVERSAL_AT_ISSUER } from '../events.js';
import { armAcquirerTimer, backDelay, forward, lose, outDelay, release, schedule } from '../hops.js';
import { admit, nodeAdd } from '../hosts.js';
import { S_ACQ_TIMED_OUT, S_ACQ_TIMEOUT_SET, S_REVERSED } from '../in-flight.js';
import { DOWN_UP } from '../links.js';
import { answer, answerToTerminal } from '../outcome.js';
import { OUTCOME_TIMED_OUT } from '../results.js';
import { P_ACQUIRER, P_SWITCH, R_ATM } from '../routes.js';
import { N_DOWN_REJECTS, N_TIMEOUTS, T_FIELDS, T_REVERSALS } from '../stats.js';
import type { World } from '../world.js';

/**
 * The acquirer host: admits the terminal's request (or loses it in an outage), arms its timer on
 * the next party, takes the answer back to the terminal, and on its timer declines to the
 * terminal and sends a reversal.
 */

/** A request reaches the acquirer host. */
export function onAcquirerArrive(w: World, slot: number): void {
  const now = w.sim.now;
  const acq = w.flight.acquirer[slot]!;
  if (w.links.downState(acq, now) !== DOWN_UP) {
    nodeAdd(w, acq, now, N_DOWN_REJECTS, 1);
    lose(w, slot);
  } else {
    const done = admit(w, acq, now, 0);
    if (w.links.goesDown(acq, now, done)) {
      lose(w, slot);
    } else {
      // A withdrawal has its own timer (the ATM route's; sources §2.1).
      w.flight.acqDeadlineUs[slot] = done + (w.flight.route[slot] === R_ATM ? w.sc.atm!.acquirerTimeoutUs : w.hosts.acqTimeoutUs[acq]!);
      forward(w, slot, P_ACQUIRER, done);
    }
  }
  release(w, slot);
}

/**
 * The answer reaches the acquirer at `tAcq` and the terminal a link later. The answer path
 * has no queues, so both times are known now: if they beat the acquirer's and the terminal's
 * deadlines the outcome is recorded at once (with the terminal's time) and no event is needed;
 * otherwise the timer that fires first decides the outcome.
 */
export function answerArrives(w: World, slot: number, tAcq: number): void {
  const f = w.flight;
  const st = f.state[slot]!;
  if ((st & S_ACQ_TIMEOUT_SET) !== 0 || tAcq > f.acqDeadlineUs[slot]!) {
    armAcquirerTimer(w, slot);
    return;
  }
  answerToTerminal(w, slot, P_ACQUIRER, tAcq);
}

/** The acquirer's timer on the switch fires: the terminal is told "timed out" and a reversal goes out. */
export function onAcquirerTimeout(w: World, slot: number): void {
  const now = w.sim.now;
  const f = w.flight;
  const st = f.state[slot]!;
  if ((st & S_ACQ_TIMED_OUT) === 0) {
    // (Already set when the terminal gave up first and the reversal went out then.)
    f.state[slot] = st | S_ACQ_TIMED_OUT;
    nodeAdd(w, w.hosts.switchHost, now, N_TIMEOUTS, 1);
    const atTerminal = Math.min(now + backDelay(w, slot, P_ACQUIRER, now), f.termDeadlineUs[slot]!);
    answer(w, slot, OUTCOME_TIMED_OUT, w.decisions.c68, atTerminal);
    sendReversal(w, slot, now);
  }
  release(w, slot);
}

/** A reversal (0400) travels acquirer -> switch -> issuer and gives back any funds taken. */
export function sendReversal(w: World, slot: number, now: number): void {
  const f = w.flight;
  f.state[slot] = f.state[slot]! | S_REVERSED;
  const b = Math.floor(f.startUs[slot]! / w.stats.bucketUs);
  w.stats.throughput[b * T_FIELDS + T_REVERSALS]!++;
  // Both legs are drawn at the send time (the reversal is not queued at the switch).
  const toSwitch = outDelay(w, slot, P_ACQUIRER, now);
  const t = now + toSwitch + outDelay(w, slot, P_SWITCH, now);
  schedule(w, t, K_REVERSAL_AT_ISSUER, slot);
}
