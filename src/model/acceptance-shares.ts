import type { RunResult } from './results.js';

/**
 * Shares of a run by instrument at its first and last local day: the merchants accepting each
 * instrument (acceptance.csv) and the card-present purchases choosing each (choice.csv). Pure
 * functions of the results, for the summary and for comparisons between regimes.
 */

/** One instrument's share. */
export interface InstrumentShare {
  readonly instrument: string;
  readonly share: number;
}

/** The last local day of a run with acceptance figures (-1: none). */
function lastDay(r: RunResult): number {
  const a = r.acceptance;
  if (a === undefined) return -1;
  return Math.min(r.days, a.days.length / (a.instruments.length * 2)) - 1;
}

/** Share of card-present merchants accepting each instrument at the start of local day `day`. */
export function acceptanceOn(r: RunResult, day: number): InstrumentShare[] {
  const a = r.acceptance;
  if (a === undefined || day < 0) return [];
  const n = a.instruments.length;
  return a.instruments.map((instrument, i) => ({ instrument, share: a.merchants > 0 ? a.days[(day * n + i) * 2]! / a.merchants : 0 }));
}

/** Acceptance shares on the first local day of the run. */
export function acceptanceAtStart(r: RunResult): InstrumentShare[] {
  return acceptanceOn(r, 0);
}

/** Acceptance shares on the last local day of the run (what `sim compare --regimes` compares). */
export function acceptanceAtEnd(r: RunResult): InstrumentShare[] {
  return acceptanceOn(r, lastDay(r));
}

/** Share of the card-present purchases of local day `day` choosing each instrument (`card` and the platforms); [] without purchases. */
export function instrumentSharesOn(r: RunResult, day: number): InstrumentShare[] {
  const days = r.choiceDays;
  const net = r.scenario.networks;
  if (days === undefined || net === undefined || day < 0) return [];
  const names = ['card', ...net.platforms.map((p) => p.name)];
  const n = names.length;
  if ((day + 1) * n * 2 > days.length) return [];
  let total = 0;
  for (let i = 0; i < n; i++) total += days[(day * n + i) * 2]!;
  return total === 0 ? [] : names.map((instrument, i) => ({ instrument, share: days[(day * n + i) * 2]! / total }));
}

/** Instrument shares of the first and of the last local day with purchases. */
export function instrumentSharesAtEnds(r: RunResult): { start: InstrumentShare[]; end: InstrumentShare[] } {
  const n = (r.scenario.networks?.platforms.length ?? 0) + 1;
  const days = Math.floor((r.choiceDays?.length ?? 0) / (n * 2));
  let first = 0;
  while (first < days && instrumentSharesOn(r, first).length === 0) first++;
  let last = days - 1;
  while (last > first && instrumentSharesOn(r, last).length === 0) last--;
  return { start: instrumentSharesOn(r, first), end: instrumentSharesOn(r, last) };
}
