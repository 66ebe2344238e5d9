import { US_PER_DAY, US_PER_S } from '../engine/time.js';
import type { Scenario } from '../scenario/types.js';
import { EventQueue } from '../engine/queue.js';
import { CARD_BYTES } from './cards.js';
import { BASE_CODES } from './codes.js';
import { InFlight } from './in-flight.js';
import { W_FIELDS } from './results.js';
import { HISTOGRAM_BINS, N_FIELDS, T_FIELDS } from './stats.js';
import { terminalBytes } from './terminals.js';

/**
 * Bytes of the process before any table is allocated (Node, the libraries, the code, the output
 * writers). Measured: the peak resident size of `sim run scenarios/smoke.yaml --duration 1h`
 * (2,000 cards, 500 terminals, so tables of a few hundred kB) is 84 MiB on Node 20; 120 MiB adds
 * about 40 % for the garbage collector's slack and the CSV writers' buffers on larger runs.
 */
export const BASELINE_BYTES = 120 * 2 ** 20;
/**
 * Pending events per purchase in flight, at most: its next step plus the acquirer's and the
 * terminal's timers (hops.ts arms at most these two beside the step).
 */
const EVENTS_PER_PURCHASE = 3;
/** The heap grows by doubling, so up to half its columns are spare: 2 x the bytes of an event. */
const EVENT_HEADROOM = 2;
/** Bytes per purchase in flight: its in-flight slot columns and its pending events with headroom. */
const SLOT_BYTES = new InFlight(1).bytesPerSlot() + EVENTS_PER_PURCHASE * EVENT_HEADROOM * EventQueue.BYTES_PER_EVENT;
/** Bytes per local day of wallet counters (one float per field). */
const DAY_BYTES = W_FIELDS * 8;
/** Bytes per server of a host station: one float (its free-at time). */
const SERVER_BYTES = 8;
/** Bytes per wallet token the pool can hold: one card number (build.ts makes the pool for every eligible active card). */
const TOKEN_BYTES = 4;

export interface MemoryEstimate {
  readonly totalBytes: number;
  readonly cardBytes: number;
  /** The wallet's token pool: a card number for every eligible active card (0 without a wallet). */
  readonly walletBytes: number;
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
 * terminal columns, the wallet's token pool, the statistics tables, and the purchases in flight at the peak (the peak hourly
 * rate times the terminal timeout, an upper bound on time in the system). The tables are typed
 * arrays, so this is close to the resident size; `npm run bench` reports the measured peak beside it.
 */
export function estimateMemory(sc: Scenario, availableBytes: number): MemoryEstimate {
  const cardBytes = sc.cards.count * CARD_BYTES;
  // Per card, the token pool holds eligibleShare of the active cards (at most: only wallet issuers' count).
  const tokenBytesPerCard = sc.wallet.enabled ? sc.wallet.eligibleShare * sc.cards.activeShare * TOKEN_BYTES : 0;
  const walletBytes = Math.ceil(sc.cards.count * tokenBytesPerCard);
  const terminalsBytes = sc.merchants.terminals * terminalBytes(sc.acquirers.length);
  const buckets = Math.ceil(sc.durationUs / sc.bucketUs);
  const hosts = sc.issuers.length + sc.acquirers.length + 1;
  const codes = BASE_CODES.length + sc.declines.mix.length;
  const openBuckets = Math.ceil(sc.merchants.terminalTimeoutUs / sc.bucketUs) + 2;
  const days = Math.ceil(sc.durationUs / US_PER_DAY) + 1;
  let servers = sc.switch.host.servers;
  for (const p of [...sc.issuers, ...sc.acquirers]) servers += p.host.servers;
  const statisticsBytes =
    buckets * (T_FIELDS + hosts * N_FIELDS + codes) * 8 + (openBuckets + 1) * HISTOGRAM_BINS * 4 + days * DAY_BYTES + servers * SERVER_BYTES;
  const d = sc.demand;
  const maxHourly = Math.max(...d.hourly) * 24 * Math.max(...d.weekly);
  const active = sc.cards.count * sc.cards.activeShare * (sc.wallet.enabled ? sc.wallet.uplift : 1);
  const peakPerS = d.constantPerSecond > 0 ? d.constantPerSecond : (d.perCardPerDay * active * maxHourly) / (US_PER_DAY / US_PER_S);
  const inFlightBytes = Math.ceil(peakPerS * (sc.merchants.terminalTimeoutUs / US_PER_S)) * SLOT_BYTES;
  const fixed = BASELINE_BYTES + terminalsBytes + statisticsBytes + inFlightBytes;
  const totalBytes = fixed + cardBytes + walletBytes;
  const maxCards = Math.max(0, Math.floor((availableBytes - fixed) / (CARD_BYTES + tokenBytesPerCard)));
  return { totalBytes, cardBytes, walletBytes, terminalBytes: terminalsBytes, statisticsBytes, inFlightBytes, maxCards, availableBytes, fits: totalBytes <= availableBytes };
}
