import type { Stream, Streams } from '../engine/rng.js';
import { US_PER_DAY } from '../engine/time.js';
import type { MarketsSpec, Scenario } from '../scenario/types.js';
import type { CardTable } from './cards.js';
import { Sampler } from './dist.js';
import type { TerminalTable } from './terminals.js';

/**
 * Several markets in one run (`markets:`, `travellers:`): which market each issuer and acquirer
 * is in, the terminals of each market by merchant category, the weights of each market's
 * domestic demand and of each visitor flow, the cross-border links to the hub (the first
 * market, where the scheme's switch is) and the counters of markets.csv. Built once; the demand
 * (parties/market-demand.ts), the switch and the issuer (the cross-border time) read it.
 *
 * A purchase crosses the border when its card's market is not its merchant's. Its time on the
 * link: a purchase that stays in a market with a domestic processor takes none; any other takes
 * the link of the merchant's market and that of the card's market (each unless it is the hub),
 * each way, on the switch <-> issuer leg.
 */
export interface Markets {
  readonly spec: MarketsSpec;
  readonly count: number;
  readonly issuerMarket: Int32Array;
  readonly acquirerMarket: Int32Array;
  /** 1 where the market has a domestic processor. */
  readonly processor: Uint8Array;
  /** One-way latency of each market's link to the hub (a zero sampler for the hub). */
  readonly link: Sampler[];
  readonly linkStream: Stream;
  /** Per market, its terminals of each category [market * categories + c] and of any category. */
  readonly terminals: Int32Array[];
  readonly anyTerminal: Int32Array[];
  /** Per market: its issuers and their cumulative activity (active cards x activity). */
  readonly issuers: Int32Array[];
  readonly activityCum: Float64Array[];
  /** Per market, its domestic weight (its cards' activity; 0 without merchants of its own). */
  readonly domestic: Float64Array;
  /** Per visitor flow, its travelling cards (share x the home market's active cards; 0 without merchants abroad). */
  readonly visitors: Float64Array;
  readonly visitorTicket: Sampler[];
  /** Draws of the demand: which market or flow, which card in it, the visitor's terminal and ticket. */
  readonly pickStream: Stream;
  readonly visitorStream: Stream;
  /** The current weight of each market, then of each flow (by the local hour of its merchants' market), and their sum. */
  readonly weights: Float64Array;
  weightTotal: number;
  /** markets.csv counters, [(day * count + market) * MarketCounter.Fields + field]. */
  readonly days: Float64Array;
  readonly dayCount: number;
}

/**
 * markets.csv's counters of a day and market, in its column order: purchases at the market's
 * merchants, of them with a foreign card and by visitor flows; its cards' purchases abroad;
 * cleared purchases and their value in its currency. `Fields` is their number.
 */
export enum MarketCounter { Purchases, CrossBorder, Visitors, Abroad, Cleared, ClearedValue, Fields }

/** The markets of a run, or undefined for a one-market scenario. */
export function buildMarkets(sc: Scenario, st: Streams, cards: CardTable, terms: TerminalTable): Markets | undefined {
  const spec = sc.markets;
  if (spec === undefined) return undefined;
  const n = spec.list.length;
  const cats = sc.merchants.categories.length;
  const acquirerMarket = Int32Array.from(spec.acquirerMarket);
  const lists: number[][] = Array.from({ length: n * cats }, () => []);
  for (let c = 0; c < cats; c++) {
    for (let t = terms.catStart[c]!; t < terms.catStart[c + 1]!; t++) lists[acquirerMarket[terms.acquirerOf(t)]! * cats + c]!.push(t);
  }
  const terminals = lists.map((l) => Int32Array.from(l));
  const anyTerminal = spec.list.map((_, m) => Int32Array.from(lists.slice(m * cats, (m + 1) * cats).flat()));
  const issuers = spec.list.map((m) => Int32Array.from(m.issuers));
  const activityCum = issuers.map((list) => {
    const cum = new Float64Array(list.length + 1);
    list.forEach((i, k) => (cum[k + 1] = cum[k]! + cards.activityCum[i + 1]! - cards.activityCum[i]!));
    return cum;
  });
  const activeCards = (m: number): number => spec.list[m]!.issuers.reduce((s, i) => s + cards.activeCount[i]!, 0);
  const dayCount = Math.ceil((sc.durationUs + sc.startLocalUs) / US_PER_DAY) + 1;
  return {
    spec,
    count: n,
    issuerMarket: Int32Array.from(spec.issuerMarket),
    acquirerMarket,
    processor: Uint8Array.from(spec.list, (m) => (m.processor !== null ? 1 : 0)),
    link: spec.list.map((m) => Sampler.duration(m.link ?? { kind: 'fixed', valueUs: 0 })),
    linkStream: st.get('markets/link'),
    terminals,
    anyTerminal,
    issuers,
    activityCum,
    domestic: Float64Array.from(spec.list, (_, m) => (anyTerminal[m]!.length > 0 ? activityCum[m]![issuers[m]!.length]! : 0)),
    visitors: Float64Array.from(spec.travellers, (f) => (anyTerminal[f.to]!.length > 0 ? f.share * activeCards(f.from) : 0)),
    visitorTicket: spec.travellers.map((f) => Sampler.amount(f.ticket)),
    pickStream: st.get('markets/pick'),
    visitorStream: st.get('markets/visitor'),
    weights: new Float64Array(n + spec.travellers.length),
    weightTotal: 0,
    days: new Float64Array(dayCount * n * MarketCounter.Fields),
    dayCount,
  };
}

/** A card of market m's issuers, by activity, from a uniform u in [0, 1). */
export function marketCard(mk: Markets, cards: CardTable, m: number, u: number): number {
  const cum = mk.activityCum[m]!;
  const list = mk.issuers[m]!;
  const x = u * cum[list.length]!;
  let k = 0;
  while (k < list.length - 1 && x >= cum[k + 1]!) k++;
  const i = list[k]!;
  return cards.pickActive(Math.min(cards.activityCum[i]! + (x - cum[k]!), cards.activityCum[i + 1]! - 1e-9));
}

/** Time a purchase spends on cross-border links one way (module comment), between the merchant's market a and the card's market i. */
export function crossBorderUs(mk: Markets, acquirer: number, issuer: number): number {
  const a = mk.acquirerMarket[acquirer]!;
  const i = mk.issuerMarket[issuer]!;
  if (a === i && mk.processor[a] === 1) return 0;
  let d = 0;
  if (a !== 0) d += mk.link[a]!.sample(mk.linkStream);
  if (i !== 0) d += mk.link[i]!.sample(mk.linkStream);
  return d;
}

/** markets.csv's counters: the demand's, plus the cleared ones of the clearing (market-money.ts) when the run has money. */
export function marketDays(mk: Markets, cleared: Float64Array | undefined): Float64Array {
  const out = Float64Array.from(mk.days);
  if (cleared !== undefined) for (let i = 0; i < out.length; i++) out[i] = out[i]! + cleared[i]!;
  return out;
}

/** Counts one field of markets.csv. */
export function countMarket(mk: Markets, day: number, m: number, field: number, x = 1): void {
  const d = day < mk.dayCount ? day : mk.dayCount - 1;
  const at = (d * mk.count + m) * MarketCounter.Fields + field;
  mk.days[at] = mk.days[at]! + x;
}
