import type { BucketHistograms } from './bucket-histograms.js';
import type { CompareAccumulator, FeeModel, PostingListener, SettlementBook } from '../economics/index.js';
import type { PlatformBooks } from '../economics/platform-books.js';
import type { Scenario } from '../scenario/types.js';
import type { Clearing } from './clearing.js';
import type { Shard } from './shard.js';

/**
 * What a run takes and gives: its options, the record of a finished purchase, and the tables of
 * a finished run (the writers turn these into CSV).
 */

/** Outcome of a purchase as the terminal sees it. */
export const OUTCOME_APPROVED = 0;
export const OUTCOME_DECLINED = 1;
export const OUTCOME_TIMED_OUT = 2;
export const OUTCOMES = ['approved', 'declined', 'timed_out'] as const;

/** A finished purchase, handed to the transaction sink. The object is reused: copy what you keep. */
export interface TransactionRecord {
  startUs: number;
  card: number;
  issuer: number;
  merchant: number;
  terminal: number;
  acquirer: number;
  category: number;
  channel: number;
  amountMinor: number;
  outcome: number;
  code: string;
  latencyUs: number;
  standIn: boolean;
  credit: boolean;
  /** Route number (routes.ts) and, on a three-party route, the wallet platform's index. */
  route: number;
  platform: number;
  /** The fraud typology of a fraud attempt (index of FRAUD_TYPES), -1 for a genuine purchase. */
  fraudType: number;
  /** Who bears a fraud attempt's loss: 0 the issuer, 1 the merchant (0 for a genuine purchase). */
  fraudBearer: number;
}

export interface RunOptions {
  /** Seed of every random stream (the CLI's --seed, else the scenario's). */
  readonly seed: number;
  /** Called with every finished purchase, in the order they finish. */
  readonly onTransaction?: (r: TransactionRecord) => void;
  /**
   * Progress (for a progress bar): called once at t = 0 when the network is built, then every
   * 65,536 events, with the simulated time, the events so far, the purchases started and those
   * approved and decided (approved, declined or timed out) so far.
   */
  readonly onTick?: (nowUs: number, events: number, purchases: number, approved: number, decided: number) => void;
  /**
   * Fee models that price the run's purchases (default: the scenario's own). Several price the
   * same purchases side by side (`sim compare`); they never touch a random stream.
   */
  readonly feeModels?: readonly FeeModel[];
  /** Called with every ledger posting of the first fee model (for ledger.csv). */
  readonly onPosting?: PostingListener;
  /**
   * Which shard of a sharded run this network is (its scenario already cut to the shard by
   * `shardScenario`); default: the whole run. Ids in transaction records are made global as
   * local id * shard count + shard index.
   */
  readonly shard?: Shard;
}

/** The money of a run: its settlement books (one per fee model) and the model comparison. */
export interface MoneyResult {
  readonly books: readonly SettlementBook[];
  readonly compare: CompareAccumulator;
  readonly feeModelNames: readonly string[];
  readonly cleared: number;
  readonly chargebacks: number;
  /** Subtract from book cycle indexes for the cycle numbers in outputs (see Clearing.cycleBase). */
  readonly cycleBase: number;
}

/** Host roles in the host numbering: acquirers first, then the switch, then issuers. */
export interface HostInfo {
  readonly name: string;
  readonly role: 'acquirer' | 'switch' | 'issuer' | 'platform' | 'clearing_house';
  readonly servers: number;
}

/** Everything a run produced, as fixed-size tables: the writers turn these into CSV. */
export interface RunResult {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly buckets: number;
  readonly bucketUs: number;
  /** First bucket that is reported (after the warm-up). */
  readonly firstBucket: number;
  /** [bucket * T_FIELDS + field] */
  readonly throughput: Float64Array;
  /** [(bucket * hosts + host) * N_FIELDS + field] */
  readonly nodes: Float64Array;
  readonly hosts: readonly HostInfo[];
  /** Response codes; declines[bucket * codes.length + code] counts terminal outcomes by code. */
  readonly codes: readonly string[];
  readonly declines: Float64Array;
  /** Per wallet and local day, [(wallet * days + day) * W_FIELDS + field]: provisioning attempts, step-ups, failures, tokens provisioned, tokens active at day end, token purchases, token-kind counts. */
  readonly wallet: Float64Array;
  readonly days: number;
  /** Latency histogram of every reported purchase (see stats.ts for the bins). */
  readonly latencyHistogram: Uint32Array;
  readonly events: number;
  readonly transactions: number;
  readonly cards: number;
  /** Bytes of per-card state (all card columns). */
  readonly cardStateBytes: number;
  readonly terminals: number;
  readonly merchants: number;
  /** Clearing, fees and settlement, when the scenario has money (a single process); its books are verified. */
  readonly clearing?: Clearing;
  /** The money of the run (also for merged shards). */
  readonly money?: MoneyResult;
  /** The wallet platforms' books, when the scenario has competing networks (a single process). */
  readonly platformBooks?: PlatformBooks;
  /** Labelled fraud (scenarios with `fraud`): fraud.csv's counters by local day, typology and bearer (model/fraud-book.ts). */
  readonly fraud?: Float64Array;
  /** Card-present purchases by local day and instrument (0: cards, 1 + p: platform p), [(day * n + i) * 2 + (0 count, 1 value)]. */
  readonly choiceDays?: Float64Array;
  /** Merchant acceptance and consumer holdings by local day, when the scenario has competing networks. */
  readonly acceptance?: AcceptanceResult;
  /** ATM withdrawals by local day, [day * A_FIELDS + field] (atm.ts), when the scenario has an `atm` section. */
  readonly atm?: Float64Array;
  /** Several markets: markets.csv's counters by local day and market, [(day * markets + m) * MarketCounter.Fields + field] (markets.ts). */
  readonly markets?: Float64Array;
  readonly shard: Shard;
  /** Latency histogram of every bucket (its non-zero bins): kept when sharded, for merging. */
  readonly bucketHistograms?: BucketHistograms;
  /** Purchases started in each second of the run: kept when sharded, for the merged peak TPS. */
  readonly secondCounts?: Uint32Array;
}

/** Acceptance by local day: instruments are the platforms, then `unionpay_qr` and `nfc`. */
export interface AcceptanceResult {
  readonly instruments: readonly string[];
  /** Card-present merchants and consumers (cards): the denominators of the shares. */
  readonly merchants: number;
  readonly consumers: number;
  /** [(day * instruments + i) * 2 + (0: merchants accepting, 1: consumers holding)], at the start of each local day. */
  readonly days: Float64Array;
}

export const W_ATTEMPTS = 0;
export const W_STEP_UPS = 1;
export const W_FAILURES = 2;
export const W_PROVISIONED = 3;
export const W_TOKENS_ACTIVE = 4;
export const W_TOKEN_PURCHASES = 5;
/** Token kinds: secure-element provisioning failed at a TSM step; HCE keys replenished and failed; keyless purchases declined or sent online. */
export const W_TSM_FAILURES = 6;
export const W_REPLENISHMENTS = 7;
export const W_REPLENISH_FAILURES = 8;
export const W_KEYLESS_DECLINES = 9;
export const W_KEYLESS_ONLINE = 10;
export const W_FIELDS = 11;

