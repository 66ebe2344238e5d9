import { K_ACQUIRER_TIMEOUT, K_TERMINAL_TIMEOUT } from './events.js';
import { S_ACQ_TIMEOUT_SET, S_TERM_TIMEOUT_SET } from './in-flight.js';
import { BACK_LEG, NEXT_KIND, NEXT_PARTY, OUT_LEG, PARTY_KINDS, P_ACQUIRER, P_CLEARING, P_PLATFORM, P_SWITCH } from './routes.js';
import type { Stream } from '../engine/rng.js';
import type { World } from './world.js';

/**
 * How a purchase moves: the legs of its route (with their link latencies), and scheduling its
 * next step with the timers that step overruns. Every event that carries a slot holds a
 * reference to it (`schedule`), and every slot handler ends with `release`.
 */

/** Schedules event `kind` for a slot at time t, holding a reference to the slot. */
export function schedule(w: World, t: number, kind: number, slot: number): void {
  w.flight.refs[slot]!++;
  w.sim.at(t, kind, 0, slot);
}

/** Called at the end of every slot handler: frees the slot when no event refers to it. */
export function release(w: World, slot: number): void {
  w.flight.release(slot, w.sim.now);
}

// hot path (outDelay, backDelay, nextKind): one to three calls per hop; flat route tables.
/** Latency of the request leg from party kind `from` to the next party on the purchase's route, sent at t. */
export function outDelay(w: World, slot: number, from: number, t: number): number {
  const f = w.flight;
  const leg = OUT_LEG[f.route[slot]! * PARTY_KINDS + from]!;
  return w.links.delay(leg >> 1, (leg & 1) === 0 ? f.acquirer[slot]! : f.issuer[slot]!, t);
}

/** Latency of the answer leg from party kind `from` back to the party before it, sent at t. */
export function backDelay(w: World, slot: number, from: number, t: number): number {
  const f = w.flight;
  const leg = BACK_LEG[f.route[slot]! * PARTY_KINDS + from]!;
  return w.links.delay(leg >> 1, (leg & 1) === 0 ? f.acquirer[slot]! : f.issuer[slot]!, t);
}

/**
 * Sends the request on from party kind `from` at time t: it arrives at the next party on the
 * purchase's route one link later (one route lookup for the link and the event kind).
 */
export function forward(w: World, slot: number, from: number, t: number): void {
  const f = w.flight;
  const k = f.route[slot]! * PARTY_KINDS + from;
  const leg = OUT_LEG[k]!;
  hop(w, slot, t + w.links.delay(leg >> 1, (leg & 1) === 0 ? f.acquirer[slot]! : f.issuer[slot]!, t), NEXT_KIND[k]!);
}

/** Event kind of the arrival at the party after `from` on the purchase's route. */
export function nextKind(w: World, slot: number, from: number): number {
  return NEXT_KIND[w.flight.route[slot]! * PARTY_KINDS + from]!;
}

/**
 * Schedules the next step of a purchase at time t, first arming whichever timers t overruns:
 * the acquirer's on the switch and the terminal's on the acquirer. Invariant: while a timer is
 * not armed, every step of its purchase happens at or before its deadline, so a timer armed
 * here is never in the past.
 */
export function hop(w: World, slot: number, t: number, kind: number): void {
  const f = w.flight;
  if (t > f.acqDeadlineUs[slot]!) armAcquirerTimer(w, slot);
  if (t > f.termDeadlineUs[slot]!) armTerminalTimer(w, slot);
  schedule(w, t, kind, slot);
}

/** Arms a timer of a purchase (state flag `flag`) at `deadline` unless it is armed. */
function arm(w: World, slot: number, flag: number, deadline: number, kind: number): void {
  const f = w.flight;
  const st = f.state[slot]!;
  if ((st & flag) === 0) {
    f.state[slot] = st | flag;
    schedule(w, deadline, kind, slot);
  }
}

/** Arms the acquirer's timer on the switch unless it is armed. */
export function armAcquirerTimer(w: World, slot: number): void {
  arm(w, slot, S_ACQ_TIMEOUT_SET, w.flight.acqDeadlineUs[slot]!, K_ACQUIRER_TIMEOUT);
}

/** Arms the terminal's timer on the acquirer unless it is armed. */
export function armTerminalTimer(w: World, slot: number): void {
  arm(w, slot, S_TERM_TIMEOUT_SET, w.flight.termDeadlineUs[slot]!, K_TERMINAL_TIMEOUT);
}

/** The request went where no answer will come from: only the timers remain. */
export function lose(w: World, slot: number): void {
  if (w.flight.acqDeadlineUs[slot]! < Infinity) armAcquirerTimer(w, slot);
  else armTerminalTimer(w, slot);
}

/** Host number of the party after `from` on the purchase's route. */
export function hostOfNext(w: World, slot: number, from: number): number {
  const f = w.flight;
  const p = NEXT_PARTY[f.route[slot]! * PARTY_KINDS + from]!;
  if (p === P_ACQUIRER) return f.acquirer[slot]!;
  if (p === P_SWITCH) return w.hosts.switchHost;
  if (p === P_PLATFORM) return w.hosts.platformHost + f.platform[slot]!;
  if (p === P_CLEARING) return w.hosts.clearingHost;
  return w.hosts.switchHost + 1 + f.issuer[slot]!;
}

/** A Poisson process whose rate is constant between boundaries (local hours): its stream, its rate now and when that next changes. */
export interface Arrivals {
  readonly arrivals: Stream;
  ratePerUs: number;
  nextBoundaryUs: number;
}

/**
 * The next event of a piecewise-constant Poisson process: an arrival (data 0) one exponential
 * gap after `now`, or the rate boundary (data 1) if that comes first. Memoryless: at the
 * boundary the next gap is drawn afresh at the new rate. Nothing is scheduled from the end of
 * the run on.
 */
export function nextArrival(w: World, p: Arrivals, now: number, kind: number): void {
  const end = w.sc.durationUs;
  if (now >= end) return;
  const rate = p.ratePerUs;
  const next = rate > 0 ? now + Math.round(p.arrivals.exponential(1 / rate)) : Infinity;
  if (next >= p.nextBoundaryUs) {
    if (p.nextBoundaryUs < end) w.sim.at(p.nextBoundaryUs, kind, 0, 1);
  } else {
    w.sim.at(next, kind, 0, 0);
  }
}
