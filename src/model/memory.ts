import { US_PER_DAY, US_PER_S } from '../engine/time.js';
import type { Scenario } from '../scenario/types.js';
import { CARD_BYTES } from './cards.js';
import { HISTOGRAM_BINS, N_FIELDS, T_FIELDS } from './stats.js';

/** Bytes of the process before any table is allocated (Node, the libraries, the code). */
export const BASELINE_BYTES = 120 * 2 ** 20;
/** Bytes per terminal: acquirer and capability columns. */
export const TERMINAL_BYTES = 2;
/** Bytes per purchase in flight: the slot columns (about 90 B) and its pending events (about 40 B each). */
const SLOT_BYTES = 90 + 3 * 40;

export interface MemoryEstimate {
  readonly totalBytes: number;
  readonly cardBytes: number;
  readonly terminalBytes: number;
  readonly statisticsBytes: number;
  readonly inFlightBytes: number;
  /** Largest number of cards that fits in `availableBytes` with everything else unchanged. */
  readonly maxCards: number;
  readonly availableBytes: number;
  readonly fits: boolean;
}

/**
 * The memory a run will need, from the scenario alone, before anything is allocated: the card and
 * terminal columns, the statistics tables, and the purchases in flight at the peak (the peak hourly
 * rate times the terminal timeout, an upper bound on time in the system). The tables are typed
 * arrays, so this is close to the resident size; `npm run bench` reports the measured peak beside it.
 */
export function estimateMemory(sc: Scenario, availableBytes: number): MemoryEstimate {
  const cardBytes = sc.cards.count * CARD_BYTES;
  const terminalBytes = sc.merchants.terminals * TERMINAL_BYTES;
  const buckets = Math.ceil(sc.durationUs / sc.bucketUs);
  const hosts = sc.issuers.length + sc.acquirers.length + 1;
  const codes = 11 + sc.declines.mix.length;
  const openBuckets = Math.ceil(sc.merchants.terminalTimeoutUs / sc.bucketUs) + 2;
  const days = Math.ceil(sc.durationUs / US_PER_DAY) + 1;
  let servers = sc.switch.host.servers;
  for (const p of [...sc.issuers, ...sc.acquirers]) servers += p.host.servers;
  const statisticsBytes =
    buckets * (T_FIELDS + hosts * N_FIELDS + codes) * 8 + (openBuckets + 1) * HISTOGRAM_BINS * 4 + days * 64 + servers * 8;
  const d = sc.demand;
  const maxHourly = Math.max(...d.hourly) * 24 * Math.max(...d.weekly);
  const active = sc.cards.count * sc.cards.activeShare * (sc.wallet.enabled ? sc.wallet.uplift : 1);
  const peakPerS = d.constantPerSecond > 0 ? d.constantPerSecond : (d.perCardPerDay * active * maxHourly) / (US_PER_DAY / US_PER_S);
  const inFlightBytes = Math.ceil(peakPerS * (sc.merchants.terminalTimeoutUs / US_PER_S)) * SLOT_BYTES;
  const fixed = BASELINE_BYTES + terminalBytes + statisticsBytes + inFlightBytes;
  const totalBytes = fixed + cardBytes;
  const maxCards = Math.max(0, Math.floor((availableBytes - fixed) / CARD_BYTES));
  return { totalBytes, cardBytes, terminalBytes, statisticsBytes, inFlightBytes, maxCards, availableBytes, fits: totalBytes <= availableBytes };
}
