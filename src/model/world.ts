import type { Stream, Streams } from '../engine/rng.js';
import type { Simulation } from '../engine/simulation.js';
import type { FcfsStation } from '../engine/station.js';
import { US_PER_DAY } from '../engine/time.js';
import type { PlatformBooks } from '../economics/platform-books.js';
import type { FraudSpec, NetworksSpec, Scenario, WalletSpec } from '../scenario/types.js';
import type { BucketHistogramWriter } from './bucket-histograms.js';
import type { Atm } from './atm.js';
import type { CardTable } from './cards.js';
import type { Clearing, ClearingInput } from './clearing.js';
import type { Sampler } from './dist.js';
import type { InFlight } from './in-flight.js';
import type { Links } from './links.js';
import type { Markets } from './markets.js';
import type { HostInfo, RunOptions, TransactionRecord } from './results.js';
import type { Shard } from './shard.js';
import type { SlotPool } from './slot-pool.js';
import type { TerminalTable } from './terminals.js';

/**
 * The world of one run: every table, host, stream and counter the parties share, built once by
 * `build.ts` from the scenario.
 *
 * Why this form. The parties (parties/*.ts) are modules of plain functions over this one record,
 * not objects that hold each other: a party reaches another only by scheduling an event kind
 * (events.ts, dispatched by the engine's handler table) or by one named call down the path
 * (switch -> acquirer's `answerArrives`, acquirer -> terminal's `answer`), so the import graph is a
 * chain and every hop is visible. The hot path stays as fast as the one class it replaces:
 *  - state is struct-of-arrays (typed-array columns in `InFlight`, `CardTable`, the counters), so a
 *    purchase allocates nothing;
 *  - dispatch is by small integer kind into a dense handler array (no strings, no maps);
 *  - every record here is built once, by a single object literal per shape, and never gains or
 *    loses a property, so V8 keeps one hidden class per record and property loads stay monomorphic;
 *  - a purchase's acquirer and issuer are resolved once at its start and kept in the in-flight
 *    table, so later hops read a column instead of searching.
 * A closure-per-party object graph (one object per acquirer/issuer with methods) was the other
 * candidate; it would put a polymorphic call on every hop and hide who talks to whom.
 */
export interface World {
  readonly sc: Scenario;
  readonly opts: RunOptions;
  readonly sim: Simulation;
  readonly streams: Streams;
  readonly shard: Shard;
  readonly cards: CardTable;
  readonly terminals: TerminalTable;
  readonly hosts: Hosts;
  readonly links: Links;
  readonly flight: InFlight;
  readonly demand: Demand;
  readonly decisions: Decisions;
  readonly wallet: Wallet;
  readonly stats: Stats;
  /** The ATMs and their withdrawals, when the scenario has an `atm` section. */
  readonly atm: Atm | undefined;
  /** The competing three-party networks, when the scenario has them. */
  networks: Networks | undefined;
  /** Merchant acceptance and consumer holdings that change by local day (with networks). */
  adoption: Adoption | undefined;
  /** Labelled fraud, when the scenario has a `fraud` section. */
  readonly fraud: Fraud | undefined;
  /** Several markets (markets.ts), when the scenario has a `markets` section. */
  readonly markets: Markets | undefined;
  /** Clearing, fees and settlement when the scenario has money; set once by the build stage. */
  clearing: Clearing | undefined;
  /** Reused argument of the clearing calls. */
  readonly clearingInput: ClearingInput;
  /** Reused record handed to the transaction sink. */
  readonly record: TransactionRecord;
}

/** Hosts numbered acquirers first, then the switch, then issuers; each an FCFS station. */
export interface Hosts {
  readonly stations: FcfsStation[];
  readonly serviceSamplers: Sampler[];
  readonly serviceStreams: Stream[];
  readonly info: HostInfo[];
  readonly acquirers: number;
  readonly issuers: number;
  /** Host number of the switch (= number of acquirers); issuer i is host switchHost + 1 + i. */
  readonly switchHost: number;
  readonly count: number;
  /** Each acquirer's timer on the switch. */
  readonly acqTimeoutUs: Float64Array;
  /** Detokenization time of each wallet's token service provider, and its stream. */
  readonly detokenize: Sampler[];
  readonly detokenizeStream: Stream[];
  /** Host number of the first wallet platform (after the issuers) and of the clearing house; -1 without networks. */
  readonly platformHost: number;
  readonly clearingHost: number;
}

/**
 * The competing networks of a run: the instrument choice at each purchase (one uniform from a
 * named stream), the platforms' balance decisions and each customer's barcode spend of the day.
 */
export interface Networks {
  readonly spec: NetworksSpec;
  /** One uniform per card-present purchase: which instrument, then funding and presentment. */
  readonly choiceStream: Stream;
  /** Cumulative shares of the platforms (the rest: the four-party network). */
  readonly shareCum: Float64Array;
  readonly bankShare: Float64Array;
  readonly dynamicShare: Float64Array;
  readonly balanceDecline: Float64Array;
  readonly balanceStreams: Stream[];
  /** Per card: the local day its barcode spend counts, its static and dynamic spend that day. */
  readonly qrDay: Int32Array;
  readonly staticSpendMinor: Float64Array;
  readonly dynamicSpendMinor: Float64Array;
  /** Salt of a customer's PBOC class (counter-based: a fixed property of the card). */
  readonly classSalt: number;
  /** Contactless no-CVM limit (-1: none). */
  readonly noCvmLimitMinor: number;
  /** The platforms' books (fees, subsidies, float), proved at the end of the run. */
  readonly books: PlatformBooks;
  /** Salt of a merchant's promotional rate (a fixed property of the merchant). */
  readonly promoSalt: number;
  /** With `choice`: the logit weight of each instrument (0: cards), each card's wallets and each merchant's accepted wallets (bit p). */
  readonly weights: Float64Array | undefined;
  readonly heldBy: Uint8Array | undefined;
  readonly acceptedBy: Uint8Array | undefined;
  /** choice.csv: [(day * (1 + platforms) + instrument) * 2 + (0: purchases, 1: value)]. */
  readonly choiceDays: Float64Array;
}

/** Merchant acceptance and consumer holdings by local day (acceptance.ts). */
export interface Adoption {
  readonly platforms: number;
  /** The card-present merchants (the only ones that take QR or NFC), their first terminal and terminal count. */
  readonly merchants: Int32Array;
  readonly firstTerminal: Int32Array;
  readonly terminalCount: Int32Array;
  /** Per card-present merchant (by position in `merchants`): bit 0 UnionPay QR, bit 1 NFC. */
  readonly cardAccepts: Uint8Array;
  /** Per instrument: merchants accepting it now, consumers holding it now. */
  readonly accepting: Float64Array;
  readonly holding: Float64Array;
  /** [(day * instruments + i) * 2 + (0: merchants accepting, 1: consumers holding)], at the start of each day. */
  readonly days: Float64Array;
  /** Local date (day number) of local day 0. */
  readonly startDate: number;
  readonly seed: string;
}

/** Cardholder demand: the arrival process and what a purchase is. */
export interface Demand {
  readonly arrivals: Stream;
  readonly categoryStream: Stream;
  readonly terminalStream: Stream;
  readonly cardStream: Stream;
  readonly channelStream: Stream;
  readonly amountStream: Stream;
  readonly panStream: Stream;
  /** Cumulative category shares (last = Infinity) of the current local day. */
  catCum: Float64Array;
  /** The scenario's cumulative category shares, for ordinary days. */
  readonly baseCatCum: Float64Array;
  /** Calendar: the purchase-rate factor of each local day, and its category shares where they differ (calendar.ts). */
  readonly dayFactor: Float64Array;
  readonly dayCatCum: (Float64Array | null)[];
  readonly ticket: Sampler[];
  readonly catCnp: Uint8Array;
  readonly catMcc: Int32Array;
  ratePerUs: number;
  nextBoundaryUs: number;
}

/** Response codes and the issuers' random decisions. */
export interface Decisions {
  readonly codes: string[];
  readonly streams: Stream[];
  readonly mixCum: Float64Array;
  readonly mixCode: Int32Array;
  readonly c00: number;
  readonly c14: number;
  readonly c41: number;
  readonly c43: number;
  readonly c51: number;
  readonly c54: number;
  readonly c68: number;
  readonly c91: number;
  /** Over a PBOC barcode limit (only with networks; -1 otherwise). */
  readonly cQL: number;
  /** Suspected fraud, scored by the issuers (only with `fraud`; -1 otherwise). */
  readonly c59: number;
  /** The random decline rates (the scenario's; with `fraud`, without the share of 59). */
  readonly randomRateCardPresent: number;
  readonly randomRateCardNotPresent: number;
}

/**
 * Labelled fraud (model/fraud.ts, fraud-book.ts): the episodes in progress (struct-of-arrays with
 * a free list), the named streams of each typology, the scoring streams and the counters of
 * fraud.csv. Every draw of fraud comes from these streams, so the genuine purchases' draws are
 * the same with fraud on or off.
 */
export interface Fraud {
  readonly spec: FraudSpec;
  /** Per typology: episode arrivals, what an episode is, and each attempt's draws. */
  readonly arrivals: Stream[];
  readonly episode: Stream[];
  readonly attempt: Stream[];
  /** The issuers' scoring: of genuine purchases (false positives) and of fraud attempts (detection). */
  readonly scoreGenuine: Stream;
  readonly scoreFraud: Stream;
  readonly ticket: Sampler[];
  /** Episodes per microsecond, per typology. */
  readonly ratePerUs: Float64Array;
  /** Card-not-present and card-present merchant categories. */
  readonly cnpCats: Int32Array;
  readonly cpCats: Int32Array;
  /** The episodes under way, by id (fraud.ts). */
  readonly episodes: SlotPool<FraudEpisodes>;
  /** What each cardholder has borne so far of lost or stolen card losses (only cards with such a loss). */
  readonly cardholderBorne: Map<number, number>;
  /** fraud.csv counters: [((day * FRAUD_ROWS + row) * BEARERS + bearer) * F_FIELDS + field] (fraud-book.ts). */
  readonly days: Float64Array;
}

/** Fields of a fraud episode (SlotPool columns). */
export interface FraudEpisodes {
  type: Uint8Array;
  card: Int32Array;
  terminal: Int32Array;
  category: Int32Array;
  left: Int32Array;
  attempt: Int32Array;
  /** The in-flight `state2` bits of the episode's attempts (typology and bearer). */
  bits: Uint8Array;
}

/**
 * The wallets' token service. Per card: the wallets whose token it holds or is provisioning
 * (`held`, bit k: wallet k) and whose token is active (`active`); the cards with any active token
 * (`tokens`, which the demand's uplift draws from); each HCE token's limited-use keys.
 */
export interface Wallet {
  readonly tokens: Int32Array;
  tokenCount: number;
  readonly list: WalletState[];
  readonly count: number;
  /** Sum of the wallets' pools (0: no provisioning). */
  readonly pool: number;
  readonly held: Uint8Array;
  readonly active: Uint8Array;
  /** With an HCE wallet: [card * count + k] keys left (low 7 bits) and a replenishment pending (bit 7). */
  readonly keys: Uint8Array | undefined;
  /** Salt of a cardholder's phone brand (a fixed property of the card), and the brands' cumulative shares. */
  readonly phoneSalt: number;
  readonly phoneCum: Float64Array;
  /** Which wallet pays when a card holds several active tokens. */
  readonly choiceStream: Stream;
  /** Response code of a purchase declined for want of a key (-1: none). */
  readonly codeNoKey: number;
}

/** One wallet: its pool and Bass state, its provisioning stream, its token kind. */
export interface WalletState {
  readonly spec: WalletSpec;
  readonly issuers: number[];
  readonly pool: number;
  /** Holders who have decided to adopt (Bass state): those with a token and those still retrying. */
  adopters: number;
  /** Cards holding this wallet's token or provisioning it; tokens active. */
  held: number;
  activeCount: number;
  readonly stream: Stream;
  /** Eligible phone brands, bit b (0: any phone); tries to find a holder without a token. */
  readonly deviceMask: number;
  readonly tries: number;
  /** With devices: salt of a holder's capable phone (eligible share), a fixed property of the card. */
  readonly capableSalt: number;
  /** Secure element: each TSM step's latency and failure share (empty otherwise). */
  readonly tsmLatency: Sampler[];
  readonly tsmFailure: Float64Array;
  /** HCE: keys when full, the replenishment threshold, delay and failure, and what a keyless purchase does. */
  readonly hce: boolean;
  readonly keysFull: number;
  readonly replenishBelow: number;
  readonly replenishDelay: Sampler | undefined;
  readonly replenishFailure: number;
  readonly noKeyOnline: boolean;
  readonly onlineLatency: Sampler | undefined;
  readonly keyStream: Stream;
}

/** Counters of the run (columns in stats.ts and results.ts). */
export interface Stats {
  readonly buckets: number;
  readonly bucketUs: number;
  readonly firstBucket: number;
  /** [bucket * T_FIELDS + field] */
  readonly throughput: Float64Array;
  /** [(bucket * hosts + host) * N_FIELDS + field] */
  readonly nodes: Float64Array;
  readonly declines: Float64Array;
  /** Latency histograms of the buckets still open, a ring by bucket. */
  readonly histRing: Uint32Array[];
  readonly histCount: Float64Array;
  readonly histAll: Uint32Array;
  /** [(wallet * days + day) * W_FIELDS + field] */
  readonly walletDays: Float64Array;
  readonly days: number;
  /** A shard's closed buckets' latency histograms, for the merge. */
  readonly bucketHist: BucketHistogramWriter | undefined;
  readonly secondCounts: Uint32Array | undefined;
  transactions: number;
  curSecond: number;
  curSecondCount: number;
}

/** Local day (in the scenario's zone) of simulated time t. */
export function localDay(w: World, t: number): number {
  return Math.floor((t + w.sc.startLocalUs) / US_PER_DAY);
}
