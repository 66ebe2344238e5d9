import { US_PER_DAY } from '../engine/time.js';
import { K_ROLLOUT_DAY, P_ROLLOUT_DAY } from './events.js';
import type { World } from './world.js';

/**
 * Terminal rollout over the run: at the start of every local day the card-present terminals'
 * channels follow the rollout's shares of that day (terminals.ts); the build applied day 0.
 */

/** Schedules the start of local day 1 when the scenario has a rollout. */
export function startRollout(w: World): void {
  if (w.sc.rollout !== undefined) scheduleDay(w, 1);
}

function scheduleDay(w: World, day: number): void {
  const t = day * US_PER_DAY - w.sc.startLocalUs;
  if (t < w.sc.durationUs) w.sim.at(t, K_ROLLOUT_DAY, 0, day, P_ROLLOUT_DAY);
}

/** A local day starts: the terminals take the day's channels; the next day is scheduled. */
export function onRolloutDay(w: World, day: number): void {
  w.terminals.rollOut(w.sc.rollout!, day, w.sc.merchants);
  scheduleDay(w, day + 1);
}
