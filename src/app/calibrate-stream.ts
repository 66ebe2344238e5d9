import { OUTCOME_APPROVED, type TransactionRecord } from '../model/results.js';
import { HISTOGRAM_BINS, binOf } from '../model/stats.js';
import type { CalibrationScope, CalibrationTarget, Scenario } from '../scenario/types.js';

/**
 * The calibration counts a run streams from its finished purchases (docs/calibration.md): fixed
 * tables that do not grow with the number of purchases. Per local day, channel and issuer: the
 * attempts, the approved ones and their value; per latency target, a latency histogram of the
 * purchases in its scope; per activity target, the cards that bought in its scope (one bit per
 * card). A sharded run streams one per shard and sums them (shards hold disjoint cards).
 */
export interface StreamCounts {
  readonly days: number;
  /** [((day * CHANNELS + channel) * issuers + issuer) * CELL_FIELDS + field] */
  readonly cells: Float64Array;
  /** Per target (by index): a latency histogram, or null for targets that need none. */
  readonly histograms: (Uint32Array | null)[];
  /** Per target: cards with a purchase in scope (activity targets), else 0. */
  readonly activeCards: number[];
}

export const CHANNELS = ['chip', 'contactless', 'nfc_token', 'qr', 'ecommerce'] as const;
export const CELL_ATTEMPTS = 0;
export const CELL_APPROVED = 1;
export const CELL_APPROVED_VALUE = 2;
export const CELL_FIELDS = 3;
const US_PER_DAY = 86_400_000_000;
const ECOMMERCE = 4;

/** Whether channel number `c` is in a scope's channel (a channel or a class); no channel is all. */
export function channelIn(scope: CalibrationScope, c: number): boolean {
  const ch = scope.channel;
  if (ch === undefined) return true;
  if (ch === 'card_present') return c !== ECOMMERCE;
  if (ch === 'card_not_present') return c === ECOMMERCE;
  return CHANNELS[c] === ch;
}

/** Whether a scope holds every purchase: none of the keys `inScope` tests is set (then the test is skipped). */
function coversAll(scope: CalibrationScope): boolean {
  return scope.days === undefined && scope.issuer === undefined && scope.channel === undefined;
}

/** Whether a purchase of (day, channel, issuer) is in the scope (keep `coversAll` to the same keys). */
export function inScope(scope: CalibrationScope, day: number, channel: number, issuer: number): boolean {
  if (scope.days !== undefined && (day < scope.days[0] || day > scope.days[1])) return false;
  if (scope.issuer !== undefined && scope.issuer !== issuer) return false;
  return channelIn(scope, channel);
}

const LATENCY = new Set(['latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms']);

/** Whether a scenario's targets need the purchase stream (any target but the table-only ones). */
export function needsStream(targets: readonly CalibrationTarget[] | undefined): boolean {
  return targets !== undefined && targets.length > 0;
}

/** Streams the calibration counts of one network (a whole run or one shard). */
export class CalibrationStream {
  readonly counts: StreamCounts;
  private readonly latency: { index: number; scope: CalibrationScope; all: boolean; h: Uint32Array }[] = [];
  private readonly activity: { index: number; scope: CalibrationScope; all: boolean; seen: Uint32Array }[] = [];
  private readonly issuers: number;
  private readonly firstBucket: number;
  private readonly bucketUs: number;
  private readonly startLocalUs: number;
  /** Card ids of a shard's records step by the shard count; the bit of id c is c / cardStride. */
  private readonly cardStride: number;

  /**
   * @param cards - the network's card count: one bit each.
   * @param cardStride - the shard count (a shard's records carry global card ids, card * k + shard index).
   */
  constructor(sc: Scenario, cards: number, cardStride = 1) {
    this.cardStride = cardStride;
    const targets = sc.calibration ?? [];
    const days = Math.ceil((sc.durationUs + sc.startLocalUs) / US_PER_DAY);
    this.issuers = sc.issuers.length;
    this.firstBucket = Math.floor(sc.warmupUs / sc.bucketUs);
    const histograms: (Uint32Array | null)[] = [];
    targets.forEach((t, index) => {
      const h = LATENCY.has(t.metric) ? new Uint32Array(HISTOGRAM_BINS) : null;
      histograms.push(h);
      const all = coversAll(t.scope);
      if (h !== null) this.latency.push({ index, scope: t.scope, all, h });
      if (t.metric === 'purchases_per_active_card_per_day') this.activity.push({ index, scope: t.scope, all, seen: new Uint32Array((cards + 31) >>> 5) });
    });
    this.counts = { days, cells: new Float64Array(days * CHANNELS.length * this.issuers * CELL_FIELDS), histograms, activeCards: targets.map(() => 0) };
    this.bucketUs = sc.bucketUs;
    this.startLocalUs = sc.startLocalUs;
  }

  /** Counts one finished purchase (the purchases of the warm-up are left out, as in the tables). */
  readonly add = (rec: TransactionRecord): void => {
    // The targets are of purchases: ATM withdrawals (channel 5, after the terminal channels) are not in them.
    if (rec.channel >= CHANNELS.length) return;
    if (Math.floor(rec.startUs / this.bucketUs) < this.firstBucket) return;
    const day = Math.floor((rec.startUs + this.startLocalUs) / US_PER_DAY);
    const base = ((day * CHANNELS.length + rec.channel) * this.issuers + rec.issuer) * CELL_FIELDS;
    const cells = this.counts.cells;
    cells[base + CELL_ATTEMPTS]!++;
    if (rec.outcome === OUTCOME_APPROVED) {
      cells[base + CELL_APPROVED]!++;
      cells[base + CELL_APPROVED_VALUE]! += rec.amountMinor;
    }
    // Called once per purchase: the latency bin is found once, and a target of every purchase
    // (no scope, as russia.yaml's are) skips the scope test.
    const latency = this.latency;
    if (latency.length > 0) {
      const bin = binOf(rec.latencyUs);
      for (let i = 0; i < latency.length; i++) {
        const l = latency[i]!;
        if (l.all || inScope(l.scope, day, rec.channel, rec.issuer)) l.h[bin]!++;
      }
    }
    if (this.activity.length > 0) this.addActivity(rec, day);
  };

  /**
   * The activity targets' bit of the record's card. One bit per card of this network: a shard of
   * russia.yaml's 1.3 M cards takes 80 KB, which stays in the cache better than a byte per card,
   * or a bit per global id (every other bit unused).
   */
  private addActivity(rec: TransactionRecord, day: number): void {
    const local = this.cardStride === 1 ? rec.card : Math.floor(rec.card / this.cardStride);
    const word = local >>> 5;
    const bit = 1 << (local & 31);
    for (const a of this.activity) {
      if ((a.seen[word]! & bit) === 0 && (a.all || inScope(a.scope, day, rec.channel, rec.issuer))) {
        a.seen[word] = a.seen[word]! | bit;
        this.counts.activeCards[a.index]!++;
      }
    }
  }
}

/** The counts of several shards summed (in shard order; sums of integers, so exact). */
export function mergeStreamCounts(parts: readonly StreamCounts[]): StreamCounts {
  const first = parts[0]!;
  const cells = new Float64Array(first.cells.length);
  const histograms = first.histograms.map((h) => (h === null ? null : new Uint32Array(h.length)));
  const activeCards = first.activeCards.map(() => 0);
  for (const p of parts) {
    p.cells.forEach((x, i) => (cells[i] = cells[i]! + x));
    p.histograms.forEach((h, k) => {
      const into = histograms[k];
      if (h !== null && into != null) h.forEach((x, i) => (into[i] = into[i]! + x));
    });
    p.activeCards.forEach((x, k) => (activeCards[k] = activeCards[k]! + x));
  }
  return { days: first.days, cells, histograms, activeCards };
}
