import { SimError } from '../engine/errors.js';
import { Stream, Streams } from '../engine/rng.js';
import { Priority, Simulation } from '../engine/simulation.js';
import { FcfsStation } from '../engine/station.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_S } from '../engine/time.js';
import {
  CHANNEL_CHIP,
  CHANNEL_CONTACTLESS,
  CHANNEL_ECOMMERCE,
  CHANNEL_NFC_TOKEN,
  CHANNEL_QR,
  type LinksSpec,
  type Scenario,
} from '../scenario/types.js';
import { CARD_BLOCKED, CARD_CREDIT, CARD_EXPIRED, CARD_TOKEN, CardTable } from './cards.js';
import { Sampler } from './dist.js';
import { grown } from './columns.js';
import {
  HISTOGRAM_BINS,
  N_ARRIVALS,
  N_BUSY_US,
  N_COMPLETIONS,
  N_DOWN_REJECTS,
  N_FIELDS,
  N_MAX_QUEUE,
  N_QUEUE_AREA,
  N_STAND_IN,
  N_TIMEOUTS,
  N_WAITED,
  N_WAIT_SUM_US,
  T_APPROVED,
  T_ATTEMPTS,
  T_DECLINED,
  T_FIELDS,
  T_LAT_P50,
  T_LAT_P95,
  T_LAT_P99,
  T_LAT_SUM,
  T_PEAK_TPS,
  T_REVERSALS,
  T_STAND_IN,
  T_TIMED_OUT,
  T_TOKENS_ACTIVE,
  T_TOKEN_PURCHASES,
  T_VALUE_APPROVED,
  binOf,
  histogramQuantile,
} from './stats.js';
import { TerminalTable } from './terminals.js';
import { Clearing, type ClearingInput } from './clearing.js';
import type { CompareAccumulator, FeeModel, PostingListener, SettlementBook } from '../economics/index.js';
import { shardKey, type Shard } from './shard.js';

/** Outcome of a purchase as the terminal sees it. */
export const OUTCOME_APPROVED = 0;
export const OUTCOME_DECLINED = 1;
export const OUTCOME_TIMED_OUT = 2;
export const OUTCOMES = ['approved', 'declined', 'timed_out'] as const;

/** Response codes the network itself produces; the scenario's random mix adds its own. */
const BASE_CODES = ['00', '05', '14', '41', '43', '51', '54', '61', '68', '91', '96'] as const;

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
}

export interface RunOptions {
  /** Seed of every random stream (the CLI's --seed, else the scenario's). */
  readonly seed: number;
  /** Called with every finished purchase, in the order they finish. */
  readonly onTransaction?: (r: TransactionRecord) => void;
  /** Called every 65,536 events with the simulated time (for a progress bar). */
  readonly onTick?: (nowUs: number, events: number) => void;
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
  readonly role: 'acquirer' | 'switch' | 'issuer';
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
  /** Per local day: provisioning attempts, step-ups, failures, tokens provisioned, tokens active at day end, token purchases. */
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
  readonly shard: Shard;
  /** Latency histogram of every bucket, [bucket * HISTOGRAM_BINS + bin]: kept when sharded, for merging. */
  readonly bucketHistograms?: Uint32Array;
  /** Purchases started in each second of the run: kept when sharded, for the merged peak TPS. */
  readonly secondCounts?: Uint32Array;
}

export const W_ATTEMPTS = 0;
export const W_STEP_UPS = 1;
export const W_FAILURES = 2;
export const W_PROVISIONED = 3;
export const W_TOKENS_ACTIVE = 4;
export const W_TOKEN_PURCHASES = 5;
export const W_FIELDS = 6;

// Slot state flags.
const S_FINISHED = 1;
const S_ACQ_TIMED_OUT = 2;
const S_ACQ_TIMEOUT_SET = 4;
const S_TERM_TIMEOUT_SET = 8;
const S_STAND_IN = 16;
const S_INVALID_PAN = 32;
const S_REVERSED = 64;
const S_TOKEN = 128;
/** Second flag byte: the switch admitted the request (it was authorized through the scheme). */
const S2_AT_SWITCH = 1;

const LINK_KEYS: readonly (keyof LinksSpec)[] = [
  'terminalAcquirer',
  'acquirerSwitch',
  'switchIssuer',
  'issuerSwitch',
  'switchAcquirer',
  'acquirerTerminal',
];
const L_TERM_ACQ = 0;
const L_ACQ_SW = 1;
const L_SW_ISS = 2;
const L_ISS_SW = 3;
const L_SW_ACQ = 4;
const L_ACQ_TERM = 5;

const DOWN_UP = 0;
const DOWN_REFUSED = 1;
const DOWN_HUNG = 2;

/** Reversal retry interval and count (DOMAIN §6.5: every 30 s, up to 5 times). */
const REVERSAL_RETRY_US = 30 * US_PER_S;
const REVERSAL_RETRIES = 5;

interface Window {
  readonly fromUs: number;
  readonly toUs: number;
  readonly hung: boolean;
}

interface LatencyWindow {
  readonly fromUs: number;
  readonly toUs: number;
  readonly party: number;
  readonly addUs: number;
}

/**
 * The four-party network, event by event. A purchase travels terminal -> acquirer host ->
 * switch (detokenizes wallet tokens) -> issuer host and back; each host is an FCFS station, each
 * link a latency distribution. Timers: the acquirer on the switch (then it declines to the
 * terminal and sends a reversal), the switch on the issuer (then stand-in), the terminal on the
 * acquirer. Every purchase ends exactly once as approved, declined or timed out.
 *
 * State changes happen at admission to a host: FCFS stations serve in admission order, so the
 * issuer deciding at admission sees cards in the same order as deciding at service start.
 */
export class Network {
  readonly sim = new Simulation(4096);
  readonly cards: CardTable;
  readonly terminals: TerminalTable;
  private readonly sc: Scenario;
  private readonly streams: Streams;
  private readonly stations: FcfsStation[] = [];
  private readonly serviceSamplers: Sampler[] = [];
  private readonly serviceStreams: Stream[] = [];
  private readonly hostInfo: HostInfo[] = [];
  private readonly nAcq: number;
  private readonly nIss: number;
  private readonly switchHost: number;
  private readonly nHosts: number;
  private readonly downWindows: Window[][] = [];
  private readonly linkSamplers: Sampler[];
  private readonly linkStreams: Stream[];
  private readonly latencyWindows: LatencyWindow[][];
  private readonly detokenize: Sampler;
  private readonly sDetokenize: Stream;
  private readonly acqTimeoutUs: Float64Array;

  // Demand.
  private readonly sArrivals: Stream;
  private readonly sCategory: Stream;
  private readonly sTerminal: Stream;
  private readonly sCard: Stream;
  private readonly sChannel: Stream;
  private readonly sAmount: Stream;
  private readonly sPan: Stream;
  private readonly catCum: Float64Array;
  private readonly ticket: Sampler[];
  private readonly catCnp: Uint8Array;
  private readonly catMcc: Int32Array;
  private ratePerUs = 0;
  private nextBoundaryUs = 0;
  private curSecond = -1;
  private curSecondCount = 0;

  // Decisions.
  private readonly decisionStreams: Stream[] = [];
  private readonly codes: string[];
  private readonly codeIndex = new Map<string, number>();
  private readonly mixCum: Float64Array;
  private readonly mixCode: Int32Array;
  private readonly c00: number;
  private readonly c14: number;
  private readonly c41: number;
  private readonly c43: number;
  private readonly c51: number;
  private readonly c54: number;
  private readonly c68: number;
  private readonly c91: number;

  // Wallet.
  private tokens: Int32Array;
  private tokenCount = 0;
  private readonly walletIssuers: number[] = [];
  private readonly walletPool: number;
  private readonly sWallet: Stream;

  // In-flight purchases: slot columns with a free list.
  private cap = 0;
  private sCardCol = new Int32Array(0);
  private sTerm = new Int32Array(0);
  private sCat = new Uint8Array(0);
  private sChan = new Uint8Array(0);
  private sState = new Uint8Array(0);
  private sState2 = new Uint8Array(0);
  private sCode = new Uint8Array(0);
  private sRefs = new Uint8Array(0);
  private sRevTries = new Uint8Array(0);
  private sAmountMinor = new Float64Array(0);
  private sStart = new Float64Array(0);
  private sAcqDeadline = new Float64Array(0);
  private sTermDeadline = new Float64Array(0);
  private sIssDeadline = new Float64Array(0);
  private sApplied = new Float64Array(0);
  private freeList = new Int32Array(0);
  private freeTop = 0;

  // Statistics.
  private readonly nBuckets: number;
  private readonly bucketUs: number;
  private readonly throughput: Float64Array;
  private readonly nodes: Float64Array;
  private readonly declines: Float64Array;
  private readonly histRing: Uint32Array[];
  private readonly histCount: Float64Array;
  private readonly histAll = new Uint32Array(HISTOGRAM_BINS);
  private readonly firstBucket: number;
  private readonly wallet: Float64Array;
  private readonly nDays: number;
  private transactions = 0;

  // Event kinds.
  private readonly kArrival: number;
  private readonly kAcqArrive: number;
  private readonly kSwArrive: number;
  private readonly kIssArrive: number;
  private readonly kSwStip: number;
  private readonly kAcqTimeout: number;
  private readonly kTermTimeout: number;
  private readonly kRevIss: number;
  private readonly kBucketEdge: number;
  private readonly kBucketClose: number;
  private readonly kProvisionDay: number;
  private readonly kProvision: number;
  private readonly kCapacity: number;

  private readonly record: TransactionRecord;
  private readonly opts: RunOptions;
  readonly clearing?: Clearing;
  private readonly shard: Shard;
  private readonly bucketHist?: Uint32Array;
  private readonly secondCounts?: Uint32Array;
  private readonly clearingInput: ClearingInput = { atUs: 0, issuer: 0, acquirer: 0, mcc: 0, channel: 0, credit: false, amountMinor: 0 };

  constructor(sc: Scenario, opts: RunOptions) {
    this.sc = sc;
    this.opts = opts;
    const shard = opts.shard ?? shardKey(opts.seed, 0, 1);
    this.shard = shard;
    const seed = shard.seedKey;
    this.streams = new Streams(seed);
    const st = this.streams;
    this.cards = new CardTable(sc.cards, sc.issuers.map((i) => i.share), seed, sc.issuers.map((i) => i.activity));
    this.terminals = new TerminalTable(sc.merchants, sc.acquirers.map((a) => a.share), seed);

    // Hosts: acquirers, switch, issuers.
    this.nAcq = sc.acquirers.length;
    this.nIss = sc.issuers.length;
    this.switchHost = this.nAcq;
    this.nHosts = this.nAcq + 1 + this.nIss;
    const addHost = (name: string, role: HostInfo['role'], host: Scenario['switch']['host']): void => {
      this.stations.push(new FcfsStation(host.servers));
      this.serviceSamplers.push(Sampler.duration(host.service));
      this.serviceStreams.push(st.get(`service/${role}/${name}`));
      this.hostInfo.push({ name, role, servers: host.servers });
      this.downWindows.push([]);
    };
    for (const a of sc.acquirers) addHost(a.name, 'acquirer', a.host);
    addHost(sc.switch.name, 'switch', sc.switch.host);
    for (const i of sc.issuers) addHost(i.name, 'issuer', i.host);
    this.acqTimeoutUs = Float64Array.from(sc.acquirers.map((a) => a.timeoutUs));
    this.detokenize = Sampler.duration(sc.switch.detokenize);
    this.sDetokenize = st.get(`service/switch/detokenize`);

    this.linkSamplers = LINK_KEYS.map((k) => Sampler.duration(sc.links[k]));
    this.linkStreams = LINK_KEYS.map((k) => st.get(`link/${k}`));
    this.latencyWindows = LINK_KEYS.map(() => []);

    // Demand.
    this.sArrivals = st.get('demand/arrivals');
    this.sCategory = st.get('demand/category');
    this.sTerminal = st.get('demand/terminal');
    this.sCard = st.get('demand/card');
    this.sChannel = st.get('demand/channel');
    this.sAmount = st.get('demand/amount');
    this.sPan = st.get('demand/invalid-pan');
    const cats = sc.merchants.categories;
    this.catCum = new Float64Array(cats.length);
    let acc = 0;
    cats.forEach((c, i) => (this.catCum[i] = acc += c.share));
    this.catCum[cats.length - 1] = Infinity;
    this.ticket = cats.map((c) => Sampler.amount(c.ticket));
    this.catCnp = Uint8Array.from(cats.map((c) => (c.cardNotPresent ? 1 : 0)));
    this.catMcc = Int32Array.from(cats.map((c) => c.mcc));

    // Response codes.
    this.codes = [...BASE_CODES];
    for (const m of sc.declines.mix) if (!this.codes.includes(m.code)) this.codes.push(m.code);
    this.codes.forEach((c, i) => this.codeIndex.set(c, i));
    const ci = (c: string): number => this.codeIndex.get(c)!;
    this.c00 = ci('00');
    this.c14 = ci('14');
    this.c41 = ci('41');
    this.c43 = ci('43');
    this.c51 = ci('51');
    this.c54 = ci('54');
    this.c68 = ci('68');
    this.c91 = ci('91');
    const mix = sc.declines.mix;
    this.mixCum = new Float64Array(mix.length);
    this.mixCode = new Int32Array(mix.length);
    acc = 0;
    mix.forEach((m, i) => {
      this.mixCum[i] = acc += m.weight;
      this.mixCode[i] = ci(m.code);
    });
    if (mix.length > 0) this.mixCum[mix.length - 1] = Infinity;
    for (const i of sc.issuers) this.decisionStreams.push(st.get(`decide/issuer/${i.name}`));

    // Wallet.
    sc.issuers.forEach((iss, i) => {
      if (iss.wallet) this.walletIssuers.push(i);
    });
    let walletActive = 0;
    for (const i of this.walletIssuers) walletActive += this.cards.activeCount[i]!;
    this.walletPool = sc.wallet.enabled ? Math.round(sc.wallet.eligibleShare * walletActive) : 0;
    this.tokens = new Int32Array(Math.max(1, this.walletPool));
    this.sWallet = st.get('wallet/provisioning');

    // Statistics.
    this.bucketUs = sc.bucketUs;
    this.nBuckets = Math.ceil(sc.durationUs / sc.bucketUs);
    this.throughput = new Float64Array(this.nBuckets * T_FIELDS);
    this.nodes = new Float64Array(this.nBuckets * this.nHosts * N_FIELDS);
    this.declines = new Float64Array(this.nBuckets * this.codes.length);
    const open = Math.ceil(sc.merchants.terminalTimeoutUs / sc.bucketUs) + 2;
    this.histRing = Array.from({ length: open }, () => new Uint32Array(HISTOGRAM_BINS));
    this.histCount = new Float64Array(open);
    this.firstBucket = Math.floor(sc.warmupUs / sc.bucketUs);
    if (shard.count > 1) {
      this.bucketHist = new Uint32Array(this.nBuckets * HISTOGRAM_BINS);
      this.secondCounts = new Uint32Array(Math.ceil(sc.durationUs / US_PER_S));
    }
    this.nDays = Math.ceil((sc.durationUs + sc.startLocalUs) / US_PER_DAY);
    this.wallet = new Float64Array(this.nDays * W_FIELDS);

    this.record = {
      startUs: 0, card: 0, issuer: 0, merchant: 0, terminal: 0, acquirer: 0, category: 0, channel: 0,
      amountMinor: 0, outcome: 0, code: '00', latencyUs: 0, standIn: false, credit: false,
    };

    this.growSlots(1024);

    const sim = this.sim;
    this.kArrival = sim.on('arrival', (_t, d) => this.onArrival(d));
    this.kAcqArrive = sim.on('acquirer-arrive', (_t, s) => this.onAcqArrive(s));
    this.kSwArrive = sim.on('switch-arrive', (_t, s) => this.onSwArrive(s));
    this.kIssArrive = sim.on('issuer-arrive', (_t, s) => this.onIssArrive(s));
    this.kSwStip = sim.on('switch-stand-in', (_t, s) => this.onSwStip(s));
    this.kAcqTimeout = sim.on('acquirer-timeout', (_t, s) => this.onAcqTimeout(s));
    this.kTermTimeout = sim.on('terminal-timeout', (_t, s) => this.onTermTimeout(s));
    this.kRevIss = sim.on('reversal-at-issuer', (_t, s) => this.onRevIss(s));
    this.kBucketEdge = sim.on('bucket-edge', (_t, b) => this.onBucketEdge(b));
    this.kBucketClose = sim.on('bucket-close', (_t, b) => this.onBucketClose(b));
    this.kProvisionDay = sim.on('provision-day', (_t, d) => this.onProvisionDay(d));
    this.kProvision = sim.on('provision', () => this.onProvision());
    this.kCapacity = sim.on('capacity', (h, f) => this.onCapacity(h, f));

    this.installFaults();
    if (sc.money !== undefined) {
      const models = opts.feeModels ?? [sc.money.feeModel];
      this.clearing = new Clearing(sc, sc.money, models, sim, st.get('clearing/chargebacks'), opts.onPosting);
    }
  }

  private hostIndex(role: 'acquirer' | 'switch' | 'issuer', index: number): number {
    if (role === 'acquirer') return index;
    if (role === 'switch') return this.switchHost;
    return this.nAcq + 1 + index;
  }

  private installFaults(): void {
    this.sc.faults.forEach((f, fi) => {
      if (f.kind === 'host_down') {
        const h = this.hostIndex(f.host.role, f.host.index);
        this.downWindows[h]!.push({ fromUs: f.fromUs, toUs: f.toUs, hung: f.hung });
      } else if (f.kind === 'capacity') {
        const h = this.hostIndex(f.host.role, f.host.index);
        this.sim.at(f.fromUs, this.kCapacity, h, fi, Priority.URGENT);
      } else {
        const li = LINK_KEYS.indexOf(f.link);
        this.latencyWindows[li]!.push({ fromUs: f.fromUs, toUs: f.toUs, party: f.party, addUs: f.addUs });
      }
    });
  }

  /** Runs the whole scenario and returns the statistics. */
  run(): RunResult {
    const sc = this.sc;
    const sim = this.sim;
    // Bucket edges and closes. A bucket closes once every purchase that started in it has had
    // its terminal timeout, so its outcomes are all in.
    // Each edge schedules the next one, so the heap holds one edge and one close at a time.
    sim.at(this.edgeTime(1), this.kBucketEdge, 0, 1, Priority.URGENT);
    sim.at(this.edgeTime(1) + sc.merchants.terminalTimeoutUs + 1, this.kBucketClose, 0, 0, Priority.LATE);
    // Demand starts at t = 0 with a rate boundary.
    sim.at(0, this.kArrival, 0, 1);
    if (this.walletPool > 0) sim.at(0, this.kProvisionDay, 0, 0, Priority.URGENT);
    const onTick = this.opts.onTick;
    sim.run(Infinity, onTick === undefined ? undefined : (s) => onTick(s.now, s.processed));
    if (this.freeTop !== this.cap) {
      throw new SimError('UNRESOLVED', `${this.cap - this.freeTop} purchases still in flight at the end of the run`, sim.now);
    }
    // The books prove themselves before anything is written; a broken invariant throws.
    this.clearing?.verify();
    const warm = this.firstBucket;
    return {
      scenario: sc,
      seed: this.opts.seed,
      buckets: this.nBuckets,
      bucketUs: this.bucketUs,
      firstBucket: warm,
      throughput: this.throughput,
      nodes: this.nodes,
      hosts: this.hostInfo,
      codes: this.codes,
      declines: this.declines,
      wallet: this.wallet,
      days: this.nDays,
      latencyHistogram: this.histAll,
      events: sim.processed,
      transactions: this.transactions,
      cards: this.cards.count,
      cardStateBytes: this.cards.stateBytes(),
      terminals: this.terminals.count,
      merchants: this.terminals.merchantCount,
      shard: this.shard,
      ...(this.bucketHist !== undefined ? { bucketHistograms: this.bucketHist } : {}),
      ...(this.secondCounts !== undefined ? { secondCounts: this.secondCounts } : {}),
      ...(this.clearing !== undefined
        ? {
            clearing: this.clearing,
            money: {
              books: this.clearing.books,
              compare: this.clearing.compare,
              feeModelNames: this.clearing.models.map((m) => m.name),
              cleared: this.clearing.cleared,
              chargebacks: this.clearing.chargebacks,
              cycleBase: this.clearing.cycleBase,
            },
          }
        : {}),
    };
  }

  // ---------------------------------------------------------------- demand

  private localDay(t: number): number {
    return Math.floor((t + this.sc.startLocalUs) / US_PER_DAY);
  }

  /** Sets the arrival rate for the local hour containing `now` and the time of the next change. */
  private updateRate(now: number): void {
    const sc = this.sc;
    const d = sc.demand;
    if (d.constantPerSecond > 0) {
      this.ratePerUs = d.constantPerSecond / US_PER_S;
      this.nextBoundaryUs = sc.durationUs;
      return;
    }
    const local = now + sc.startLocalUs;
    const day = Math.floor(local / US_PER_DAY);
    const hour = Math.floor((local % US_PER_DAY) / US_PER_HOUR);
    const weekday = (sc.startWeekday + day) % 7;
    const w = sc.wallet;
    // Token holders transact `uplift` times as often: the extra part is its own stream of purchases.
    const cardsRate = this.cards.totalActivity + (w.enabled ? (w.uplift - 1) * this.tokenCount : 0);
    const perDay = d.perCardPerDay * cardsRate * d.weekly[weekday]! * d.hourly[hour]! * 24;
    this.ratePerUs = perDay / US_PER_DAY;
    this.nextBoundaryUs = Math.min(sc.durationUs, (day * 24 + hour + 1) * US_PER_HOUR - sc.startLocalUs);
  }

  /** An arrival event: a purchase (data 0) or a rate boundary (data 1); schedules the next one. */
  private onArrival(boundary: number): void {
    const now = this.sim.now;
    if (boundary === 1) this.updateRate(now);
    else this.purchase(now);
    if (now >= this.sc.durationUs) return;
    const rate = this.ratePerUs;
    const next = rate > 0 ? now + Math.round(this.sArrivals.exponential(1 / rate)) : Infinity;
    if (next >= this.nextBoundaryUs) {
      // Memoryless: at the boundary the next gap is drawn afresh at the new rate.
      if (this.nextBoundaryUs < this.sc.durationUs) this.sim.at(this.nextBoundaryUs, this.kArrival, 0, 1);
    } else {
      this.sim.at(next, this.kArrival, 0, 0);
    }
  }

  private purchase(now: number): void {
    const sc = this.sc;
    const cards = this.cards;
    const terms = this.terminals;
    // Category, then a terminal of that category.
    // (A draw only when there is a choice: each stream serves one purpose, so skipping it changes
    // nothing else; the plain benchmark networks have one category and one channel.)
    const catCum = this.catCum;
    let cat = 0;
    if (catCum.length > 1) {
      const u = this.sCategory.uniform();
      while (u >= catCum[cat]!) cat++;
    }
    const size = terms.categorySize(cat);
    const term = terms.catStart[cat]! + this.sTerminal.int(size);
    // Card: the extra purchases of token holders go to a token holder.
    let card: number;
    const w = sc.wallet;
    const extra = w.enabled ? (w.uplift - 1) * this.tokenCount : 0;
    const uc = this.sCard.uniform();
    const share = extra / (cards.totalActivity + extra);
    if (uc < share) card = this.tokens[Math.floor((uc / share) * this.tokenCount)]!;
    else card = cards.pickActive(((uc - share) / (1 - share)) * cards.totalActivity);
    const day = this.localDay(now);
    const flags = cards.touch(card, day);
    // Channel.
    let channel: number;
    const cnp = this.catCnp[cat] === 1;
    if (cnp) {
      channel = CHANNEL_ECOMMERCE;
    } else {
      let mask = terms.capabilities[term]!;
      if ((flags & CARD_TOKEN) === 0) mask &= ~(1 << CHANNEL_NFC_TOKEN);
      const cw = sc.channelWeights;
      channel = CHANNEL_CHIP;
      if ((mask & (mask - 1)) === 0) {
        // One channel: no choice to draw.
        if (mask !== 0) channel = 31 - Math.clz32(mask);
      } else {
        let total = 0;
        for (let ch = 0; ch < CHANNEL_ECOMMERCE; ch++) if ((mask & (1 << ch)) !== 0) total += cw[ch]!;
        let x = this.sChannel.uniform() * total;
        for (let ch = 0; ch < CHANNEL_ECOMMERCE; ch++) {
          if ((mask & (1 << ch)) === 0) continue;
          channel = ch;
          x -= cw[ch]!;
          if (x < 0) break;
        }
      }
    }
    let amount = this.ticket[cat]!.sample(this.sAmount);
    if (amount < 1) amount = 1;
    const slot = this.alloc();
    this.sCardCol[slot] = card;
    this.sTerm[slot] = term;
    this.sCat[slot] = cat;
    this.sChan[slot] = channel;
    this.sAmountMinor[slot] = amount;
    this.sStart[slot] = now;
    this.sAcqDeadline[slot] = Infinity;
    this.sTermDeadline[slot] = now + sc.merchants.terminalTimeoutUs;
    this.sIssDeadline[slot] = Infinity;
    this.sApplied[slot] = 0;
    this.sRevTries[slot] = 0;
    let state = 0;
    if (cnp && sc.declines.invalidPanRate > 0 && this.sPan.uniform() < sc.declines.invalidPanRate) state |= S_INVALID_PAN;
    if (channel === CHANNEL_NFC_TOKEN) state |= S_TOKEN;
    this.sState[slot] = state;
    this.sState2[slot] = 0;
    this.transactions++;
    // Attempts and peak TPS, by the bucket of the start.
    const b = Math.floor(now / this.bucketUs);
    const tp = this.throughput;
    tp[b * T_FIELDS + T_ATTEMPTS]!++;
    const sec = Math.floor(now / US_PER_S);
    if (sec !== this.curSecond) {
      this.curSecond = sec;
      this.curSecondCount = 0;
    }
    if (this.secondCounts !== undefined) this.secondCounts[sec]!++;
    const c = ++this.curSecondCount;
    if (c > tp[b * T_FIELDS + T_PEAK_TPS]!) tp[b * T_FIELDS + T_PEAK_TPS] = c;
    // To the acquirer.
    const acq = terms.acquirer[term]!;
    const down = this.downState(acq, now);
    if (down === DOWN_REFUSED) {
      this.nodeAdd(acq, now, N_DOWN_REJECTS, 1);
      this.finish(slot, OUTCOME_DECLINED, this.c91, now);
      this.release(slot);
      return;
    }
    const d = this.linkDelay(L_TERM_ACQ, acq, now);
    if (d === 0) {
      // A zero-latency link delivers at once: no event (the plain benchmark networks use this).
      this.sRefs[slot]!++;
      this.onAcqArrive(slot);
    } else {
      this.hop(slot, now + d, this.kAcqArrive);
    }
    this.release(slot);
  }

  // ---------------------------------------------------------------- hosts and links

  private downState(host: number, t: number): number {
    const ws = this.downWindows[host]!;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      if (t >= w.fromUs && t < w.toUs) return w.hung ? DOWN_HUNG : DOWN_REFUSED;
    }
    return DOWN_UP;
  }

  /** The end of the outage of `host` that contains t. */
  private upAgain(host: number, t: number): number {
    const ws = this.downWindows[host]!;
    let up = t;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      if (t >= w.fromUs && t < w.toUs && w.toUs > up) up = w.toUs;
    }
    return up;
  }

  /** Whether an outage of `host` begins in (a, b]: work in service then is lost. */
  private goesDown(host: number, a: number, b: number): boolean {
    const ws = this.downWindows[host]!;
    for (let i = 0; i < ws.length; i++) {
      const f = ws[i]!.fromUs;
      if (f > a && f <= b) return true;
    }
    return false;
  }

  private linkDelay(link: number, party: number, now: number): number {
    let d = this.linkSamplers[link]!.sample(this.linkStreams[link]!);
    const ws = this.latencyWindows[link]!;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      if (now >= w.fromUs && now < w.toUs && (w.party < 0 || w.party === party)) d += w.addUs;
    }
    return d;
  }

  /** Admits a job at host h now; records the host's statistics; returns the completion time. */
  private admit(h: number, now: number, extraServiceUs: number): number {
    const service = this.serviceSamplers[h]!.sample(this.serviceStreams[h]!) + extraServiceUs;
    const stn = this.stations[h]!;
    const done = stn.admit(now, service);
    const nb = this.nBuckets;
    const nh = this.nHosts;
    const nodes = this.nodes;
    const b = Math.floor(now / this.bucketUs);
    if (b < nb) {
      const base = (b * nh + h) * N_FIELDS;
      nodes[base + N_ARRIVALS]!++;
      const wait = stn.lastWait;
      if (wait > 0) {
        nodes[base + N_WAIT_SUM_US]! += wait;
        nodes[base + N_WAITED]!++;
      }
      if (stn.lastQueueLength > nodes[base + N_MAX_QUEUE]!) nodes[base + N_MAX_QUEUE] = stn.lastQueueLength;
    }
    const bs = Math.floor(stn.lastStart / this.bucketUs);
    if (bs < nb) nodes[(bs * nh + h) * N_FIELDS + N_BUSY_US]! += service;
    const bc = Math.floor(done / this.bucketUs);
    if (bc < nb) nodes[(bc * nh + h) * N_FIELDS + N_COMPLETIONS]!++;
    return done;
  }

  private nodeAdd(h: number, t: number, field: number, v: number): void {
    const b = Math.floor(t / this.bucketUs);
    if (b < this.nBuckets) this.nodes[(b * this.nHosts + h) * N_FIELDS + field]! += v;
  }

  // ---------------------------------------------------------------- the authorization path

  /**
   * Schedules the next step of a purchase at time t, first arming whichever timers t overruns:
   * the acquirer's on the switch and the terminal's on the acquirer. Invariant: while a timer is
   * not armed, every step of its purchase happens at or before its deadline, so a timer armed
   * here is never in the past.
   */
  private hop(slot: number, t: number, kind: number): void {
    const st = this.sState[slot]!;
    if ((st & S_ACQ_TIMEOUT_SET) === 0 && t > this.sAcqDeadline[slot]!) {
      this.sState[slot] = st | S_ACQ_TIMEOUT_SET;
      this.schedule(this.sAcqDeadline[slot]!, this.kAcqTimeout, slot);
    }
    const st2 = this.sState[slot]!;
    if ((st2 & S_TERM_TIMEOUT_SET) === 0 && t > this.sTermDeadline[slot]!) {
      this.sState[slot] = st2 | S_TERM_TIMEOUT_SET;
      this.schedule(this.sTermDeadline[slot]!, this.kTermTimeout, slot);
    }
    this.schedule(t, kind, slot);
  }

  /** The request went where no answer will come from: only the timers remain. */
  private lose(slot: number): void {
    const st = this.sState[slot]!;
    if (this.sAcqDeadline[slot]! < Infinity) {
      if ((st & S_ACQ_TIMEOUT_SET) === 0) {
        this.sState[slot] = st | S_ACQ_TIMEOUT_SET;
        this.schedule(this.sAcqDeadline[slot]!, this.kAcqTimeout, slot);
      }
    } else if ((st & S_TERM_TIMEOUT_SET) === 0) {
      this.sState[slot] = st | S_TERM_TIMEOUT_SET;
      this.schedule(this.sTermDeadline[slot]!, this.kTermTimeout, slot);
    }
  }

  private onAcqArrive(slot: number): void {
    const now = this.sim.now;
    const acq = this.terminals.acquirer[this.sTerm[slot]!]!;
    if (this.downState(acq, now) !== DOWN_UP) {
      this.nodeAdd(acq, now, N_DOWN_REJECTS, 1);
      this.lose(slot);
    } else {
      const done = this.admit(acq, now, 0);
      if (this.goesDown(acq, now, done)) {
        this.lose(slot);
      } else {
        this.sAcqDeadline[slot] = done + this.acqTimeoutUs[acq]!;
        this.hop(slot, done + this.linkDelay(L_ACQ_SW, acq, done), this.kSwArrive);
      }
    }
    this.release(slot);
  }

  private onSwArrive(slot: number): void {
    const now = this.sim.now;
    const sw = this.switchHost;
    const down = this.downState(sw, now);
    if (down === DOWN_REFUSED) {
      this.nodeAdd(sw, now, N_DOWN_REJECTS, 1);
      this.sCode[slot] = this.c91;
      const acq = this.terminals.acquirer[this.sTerm[slot]!]!;
      this.respond(slot, now + this.linkDelay(L_SW_ACQ, acq, now));
    } else if (down === DOWN_HUNG) {
      this.nodeAdd(sw, now, N_DOWN_REJECTS, 1);
      this.lose(slot);
    } else {
      const token = (this.sState[slot]! & S_TOKEN) !== 0;
      this.sState2[slot] = this.sState2[slot]! | S2_AT_SWITCH;
      const done = this.admit(sw, now, token ? this.detokenize.sample(this.sDetokenize) : 0);
      if (this.goesDown(sw, now, done)) {
        this.lose(slot);
      } else {
        const iss = this.cards.issuerOf(this.sCardCol[slot]!);
        const ih = this.nAcq + 1 + iss;
        const issDown = this.downState(ih, done);
        const deadline = done + this.sc.switch.issuerTimeoutUs;
        this.sIssDeadline[slot] = deadline;
        if (issDown === DOWN_REFUSED) {
          // The switch finds the issuer down: stand-in at once.
          this.nodeAdd(ih, done, N_DOWN_REJECTS, 1);
          this.standIn(slot, iss, done);
          const acq = this.terminals.acquirer[this.sTerm[slot]!]!;
          this.respond(slot, done + this.linkDelay(L_SW_ACQ, acq, done));
        } else {
          const arrive = done + this.linkDelay(L_SW_ISS, iss, done);
          if (arrive >= deadline) this.hop(slot, deadline, this.kSwStip);
          else this.hop(slot, arrive, this.kIssArrive);
        }
      }
    }
    this.release(slot);
  }

  private onIssArrive(slot: number): void {
    const now = this.sim.now;
    const card = this.sCardCol[slot]!;
    const iss = this.cards.issuerOf(card);
    const ih = this.nAcq + 1 + iss;
    const deadline = this.sIssDeadline[slot]!;
    if (this.downState(ih, now) !== DOWN_UP) {
      this.nodeAdd(ih, now, N_DOWN_REJECTS, 1);
      this.hop(slot, deadline, this.kSwStip);
    } else {
      const done = this.admit(ih, now, 0);
      const back = done + this.linkDelay(L_ISS_SW, iss, done);
      if (this.goesDown(ih, now, done) || back > deadline) {
        // Lost in the outage, or too late: the switch's timer fires and stand-in applies.
        this.hop(slot, deadline, this.kSwStip);
      } else {
        this.decide(slot, card, iss, now);
        // The switch forwards the response without queueing it (its host time covers both
        // directions), so the response's arrival at the acquirer is known now: one event, not two.
        const acq = this.terminals.acquirer[this.sTerm[slot]!]!;
        this.respond(slot, back + this.linkDelay(L_SW_ACQ, acq, back));
      }
    }
    this.release(slot);
  }

  /** The issuer's decision: emergent from the card's state, random at scenario rates otherwise. */
  private decide(slot: number, card: number, iss: number, now: number): void {
    const st = this.sState[slot]!;
    if ((st & S_REVERSED) !== 0) {
      // The acquirer already reversed this purchase: the issuer declines the stale request.
      this.sCode[slot] = this.c91;
      return;
    }
    const cards = this.cards;
    const flags = cards.flags[card]!;
    const amount = this.sAmountMinor[slot]!;
    let code: number;
    if ((st & S_INVALID_PAN) !== 0) code = this.c14;
    else if ((flags & CARD_BLOCKED) !== 0) code = (card & 1) === 0 ? this.c41 : this.c43;
    else if ((flags & CARD_EXPIRED) !== 0) code = this.c54;
    else {
      const d = this.sc.declines;
      const rate = this.sChan[slot] === CHANNEL_ECOMMERCE ? d.randomRateCardNotPresent : d.randomRateCardPresent;
      const s = this.decisionStreams[iss]!;
      if (rate > 0 && s.uniform() < rate) {
        const u = s.uniform();
        let k = 0;
        while (u >= this.mixCum[k]!) k++;
        code = this.mixCode[k]!;
      } else if (!cards.hasFunds(card, amount, this.localDay(now))) {
        code = this.c51;
      } else {
        code = this.c00;
        cards.debit(card, amount);
        this.sApplied[slot] = amount;
      }
    }
    this.sCode[slot] = code;
  }

  /** Stand-in processing at the switch within per-card daily count and amount limits. */
  private standIn(slot: number, iss: number, t: number): void {
    const cards = this.cards;
    const card = this.sCardCol[slot]!;
    const amount = this.sAmountMinor[slot]!;
    const si = this.sc.switch.standIn;
    const ih = this.nAcq + 1 + iss;
    this.sState[slot] = this.sState[slot]! | S_STAND_IN;
    this.nodeAdd(ih, t, N_STAND_IN, 1);
    const flags = cards.flags[card]!;
    const day = this.localDay(t);
    if (cards.stipDay[card] !== day) {
      cards.stipDay[card] = day;
      cards.stipCount[card] = 0;
      cards.stipSumMinor[card] = 0;
    }
    if ((this.sState[slot]! & S_REVERSED) !== 0) {
      this.sCode[slot] = this.c91;
      return;
    }
    if (
      si.enabled &&
      (flags & (CARD_BLOCKED | CARD_EXPIRED)) === 0 &&
      (this.sState[slot]! & S_INVALID_PAN) === 0 &&
      amount <= si.maxAmountMinor &&
      cards.stipCount[card]! < si.maxCountPerDay &&
      cards.stipSumMinor[card]! + amount <= si.maxAmountPerDayMinor
    ) {
      cards.stipCount[card]!++;
      cards.stipSumMinor[card]! += amount;
      // The advice reaches the issuer's books: the funds are taken even if that overdraws.
      cards.debit(card, amount);
      this.sApplied[slot] = amount;
      this.sCode[slot] = this.c00;
    } else {
      this.sCode[slot] = this.c91;
    }
  }

  private onSwStip(slot: number): void {
    const now = this.sim.now;
    const iss = this.cards.issuerOf(this.sCardCol[slot]!);
    this.nodeAdd(this.nAcq + 1 + iss, now, N_TIMEOUTS, 1);
    this.standIn(slot, iss, now);
    const acq = this.terminals.acquirer[this.sTerm[slot]!]!;
    this.respond(slot, now + this.linkDelay(L_SW_ACQ, acq, now));
    this.release(slot);
  }

  /**
   * The response reaches the acquirer at `tAcq` and the terminal a link later. The response path
   * has no queues, so both times are known now: if they beat the acquirer's and the terminal's
   * deadlines the outcome is recorded at once (with the terminal's time) and no event is needed;
   * otherwise the timer that fires first decides the outcome.
   */
  private respond(slot: number, tAcq: number): void {
    const st = this.sState[slot]!;
    if ((st & S_ACQ_TIMEOUT_SET) !== 0 || tAcq > this.sAcqDeadline[slot]!) {
      if ((st & S_ACQ_TIMEOUT_SET) === 0) {
        this.sState[slot] = st | S_ACQ_TIMEOUT_SET;
        this.schedule(this.sAcqDeadline[slot]!, this.kAcqTimeout, slot);
      }
      return;
    }
    if ((st & S_TERM_TIMEOUT_SET) !== 0) return;
    const acq = this.terminals.acquirer[this.sTerm[slot]!]!;
    const atTerminal = tAcq + this.linkDelay(L_ACQ_TERM, acq, tAcq);
    const termDeadline = this.sTermDeadline[slot]!;
    if (atTerminal > termDeadline) {
      // Too late for the terminal: it gives up at its deadline (its timer records the outcome).
      if ((st & S_TERM_TIMEOUT_SET) === 0) {
        this.sState[slot] = st | S_TERM_TIMEOUT_SET;
        this.schedule(termDeadline, this.kTermTimeout, slot);
      }
      return;
    }
    const code = this.sCode[slot]!;
    this.finish(slot, code === this.c00 ? OUTCOME_APPROVED : OUTCOME_DECLINED, code, atTerminal);
  }

  private onAcqTimeout(slot: number): void {
    const now = this.sim.now;
    const acq = this.terminals.acquirer[this.sTerm[slot]!]!;
    const st = this.sState[slot]!;
    if ((st & S_ACQ_TIMED_OUT) === 0) {
      // (Already set when the terminal gave up first and the reversal went out then.)
      this.sState[slot] = st | S_ACQ_TIMED_OUT;
      this.nodeAdd(this.switchHost, now, N_TIMEOUTS, 1);
      const atTerminal = Math.min(now + this.linkDelay(L_ACQ_TERM, acq, now), this.sTermDeadline[slot]!);
      this.finish(slot, OUTCOME_TIMED_OUT, this.c68, atTerminal);
      this.sendReversal(slot, acq, now);
    }
    this.release(slot);
  }

  private onTermTimeout(slot: number): void {
    const now = this.sim.now;
    const acq = this.terminals.acquirer[this.sTerm[slot]!]!;
    this.nodeAdd(acq, now, N_TIMEOUTS, 1);
    this.finish(slot, OUTCOME_TIMED_OUT, this.c68, now);
    const st = this.sState[slot]!;
    if (this.sAcqDeadline[slot]! < Infinity && (st & S_ACQ_TIMED_OUT) === 0) {
      // The request reached the switch: the acquirer reverses it on the terminal's behalf.
      this.sState[slot] = st | S_ACQ_TIMED_OUT;
      this.sendReversal(slot, acq, now);
    }
    this.release(slot);
  }

  /** A reversal (0400) travels acquirer -> switch -> issuer and gives back any funds taken. */
  private sendReversal(slot: number, acq: number, now: number): void {
    this.sState[slot] = this.sState[slot]! | S_REVERSED;
    const b = Math.floor(this.sStart[slot]! / this.bucketUs);
    this.throughput[b * T_FIELDS + T_REVERSALS]!++;
    const iss = this.cards.issuerOf(this.sCardCol[slot]!);
    const t = now + this.linkDelay(L_ACQ_SW, acq, now) + this.linkDelay(L_SW_ISS, iss, now);
    this.schedule(t, this.kRevIss, slot);
  }

  private onRevIss(slot: number): void {
    const now = this.sim.now;
    const iss = this.cards.issuerOf(this.sCardCol[slot]!);
    const ih = this.nAcq + 1 + iss;
    if (this.downState(this.switchHost, now) !== DOWN_UP) {
      // The acquirer retries every 30 s, up to 5 times (DOMAIN §6.5).
      if (this.sRevTries[slot]! < REVERSAL_RETRIES) {
        this.sRevTries[slot]!++;
        this.schedule(now + REVERSAL_RETRY_US, this.kRevIss, slot);
      }
    } else if (this.downState(ih, now) !== DOWN_UP) {
      // The switch holds it and forwards it when the issuer is back, as it does advices.
      this.schedule(this.upAgain(ih, now), this.kRevIss, slot);
    } else {
      const applied = this.sApplied[slot]!;
      if (applied > 0) {
        this.cards.credit(this.sCardCol[slot]!, applied);
        this.sApplied[slot] = 0;
      }
    }
    this.release(slot);
  }

  /** Records the outcome of a purchase once, in the bucket where it started. */
  private finish(slot: number, outcome: number, code: number, atTerminal: number): void {
    const st = this.sState[slot]!;
    if ((st & S_FINISHED) !== 0) return;
    this.sState[slot] = st | S_FINISHED;
    const start = this.sStart[slot]!;
    const b = Math.floor(start / this.bucketUs);
    const tp = this.throughput;
    const base = b * T_FIELDS;
    if (outcome === OUTCOME_APPROVED) {
      tp[base + T_APPROVED]!++;
      tp[base + T_VALUE_APPROVED]! += this.sAmountMinor[slot]!;
    } else if (outcome === OUTCOME_DECLINED) tp[base + T_DECLINED]!++;
    else tp[base + T_TIMED_OUT]!++;
    if ((st & S_STAND_IN) !== 0) tp[base + T_STAND_IN]!++;
    if ((st & S_TOKEN) !== 0) {
      tp[base + T_TOKEN_PURCHASES]!++;
      const d = this.localDay(start);
      if (d < this.nDays) this.wallet[d * W_FIELDS + W_TOKEN_PURCHASES]!++;
    }
    const latency = atTerminal - start;
    tp[base + T_LAT_SUM]! += latency;
    const r = b % this.histRing.length;
    this.histRing[r]![binOf(latency)]!++;
    this.histCount[r]!++;
    if (b >= this.firstBucket) this.histAll[binOf(latency)]!++;
    this.declines[b * this.codes.length + code]!++;
    const clearing = this.clearing;
    if (clearing !== undefined) {
      const x = this.clearingInput;
      const card = this.sCardCol[slot]!;
      const term = this.sTerm[slot]!;
      x.atUs = atTerminal;
      x.issuer = this.cards.issuerOf(card);
      x.acquirer = this.terminals.acquirer[term]!;
      x.mcc = this.catMcc[this.sCat[slot]!]!;
      x.channel = this.sChan[slot]!;
      x.credit = (this.cards.flags[card]! & CARD_CREDIT) !== 0;
      x.amountMinor = this.sAmountMinor[slot]!;
      if (outcome === OUTCOME_APPROVED) clearing.approved(x);
      // Per-authorization scheme fees only for requests the scheme handled.
      else if ((this.sState2[slot]! & S2_AT_SWITCH) !== 0) clearing.notCleared(x);
    }
    const sink = this.opts.onTransaction;
    if (sink !== undefined) {
      const rec = this.record;
      const card = this.sCardCol[slot]!;
      const term = this.sTerm[slot]!;
      const cat = this.sCat[slot]!;
      const k = this.shard.count;
      const si = this.shard.index;
      rec.startUs = start;
      rec.card = card * k + si;
      rec.issuer = this.cards.issuerOf(card);
      rec.terminal = term * k + si;
      rec.merchant = this.terminals.merchantOf(term, cat) * k + si;
      rec.acquirer = this.terminals.acquirer[term]!;
      rec.category = cat;
      rec.channel = this.sChan[slot]!;
      rec.amountMinor = this.sAmountMinor[slot]!;
      rec.outcome = outcome;
      rec.code = this.codes[code]!;
      rec.latencyUs = latency;
      rec.standIn = (st & S_STAND_IN) !== 0;
      rec.credit = (this.cards.flags[card]! & CARD_CREDIT) !== 0;
      sink(rec);
    }
  }

  // ---------------------------------------------------------------- buckets

  /** End of bucket b-1 (the edge numbered b). */
  private edgeTime(b: number): number {
    return Math.min(b * this.bucketUs, this.sc.durationUs);
  }

  private onBucketEdge(b: number): void {
    const now = this.sim.now;
    if (b < this.nBuckets) this.sim.at(this.edgeTime(b + 1), this.kBucketEdge, 0, b + 1, Priority.URGENT);
    const prev = b - 1;
    if (prev >= this.nBuckets) return;
    for (let h = 0; h < this.nHosts; h++) {
      this.nodes[(prev * this.nHosts + h) * N_FIELDS + N_QUEUE_AREA]! += this.stations[h]!.takeArea(now);
    }
    this.throughput[prev * T_FIELDS + T_TOKENS_ACTIVE] = this.tokenCount;
  }

  private onBucketClose(b: number): void {
    if (b + 1 < this.nBuckets) {
      this.sim.at(this.edgeTime(b + 2) + this.sc.merchants.terminalTimeoutUs + 1, this.kBucketClose, 0, b + 1, Priority.LATE);
    }
    const r = b % this.histRing.length;
    const h = this.histRing[r]!;
    const n = this.histCount[r]!;
    const base = b * T_FIELDS;
    this.throughput[base + T_LAT_P50] = histogramQuantile(h, n, 0.5);
    this.throughput[base + T_LAT_P95] = histogramQuantile(h, n, 0.95);
    this.throughput[base + T_LAT_P99] = histogramQuantile(h, n, 0.99);
    if (this.bucketHist !== undefined) this.bucketHist.set(h, b * HISTOGRAM_BINS);
    h.fill(0);
    this.histCount[r] = 0;
  }

  // ---------------------------------------------------------------- faults

  private onCapacity(h: number, faultIndex: number): void {
    const f = this.sc.faults[faultIndex]!;
    if (f.kind !== 'capacity') return;
    const stn = this.stations[h]!;
    const k = stn.serverCount - f.servers;
    if (k > 0) stn.withdraw(k, f.toUs);
  }

  // ---------------------------------------------------------------- wallet tokens

  /**
   * Stochastic Bass diffusion by local day: of the m - N holders still without a token,
   * Binomial(m - N, p + q N / m) try to provision one today, at uniform times in the day.
   */
  private onProvisionDay(day: number): void {
    const sc = this.sc;
    const now = this.sim.now;
    const w = sc.wallet;
    const m = this.walletPool;
    const dayEnd = Math.min((day + 1) * US_PER_DAY - sc.startLocalUs, sc.durationUs);
    const fraction = (dayEnd - now) / US_PER_DAY;
    const hazard = Math.min(1, (w.bassP + (w.bassQ * this.tokenCount) / m) * fraction);
    const attempts = this.sWallet.binomial(m - this.tokenCount, hazard);
    for (let i = 0; i < attempts; i++) {
      const t = now + Math.floor(this.sWallet.uniform() * (dayEnd - now));
      this.sim.at(t, this.kProvision, 0, day);
    }
    if (dayEnd < sc.durationUs) this.sim.at(dayEnd, this.kProvisionDay, 0, day + 1, Priority.URGENT);
  }

  private onProvision(): void {
    const w = this.sc.wallet;
    const now = this.sim.now;
    const day = this.localDay(now);
    const wb = day * W_FIELDS;
    this.wallet[wb + W_ATTEMPTS]!++;
    const s = this.sWallet;
    if (s.uniform() < w.stepUpShare) this.wallet[wb + W_STEP_UPS]!++;
    if (s.uniform() < w.provisioningFailure || this.tokenCount >= this.walletPool) {
      this.wallet[wb + W_FAILURES]!++;
      return;
    }
    // A holder of an active card at a wallet issuer, without a token yet.
    const cards = this.cards;
    let walletActive = 0;
    for (const i of this.walletIssuers) walletActive += cards.activeCount[i]!;
    for (let tries = 0; tries < 64; tries++) {
      let k = s.int(walletActive);
      let card = -1;
      for (const i of this.walletIssuers) {
        const a = cards.activeCount[i]!;
        if (k < a) {
          card = cards.issuerStart[i]! + k;
          break;
        }
        k -= a;
      }
      const f = cards.touch(card, day);
      if ((f & CARD_TOKEN) !== 0) continue;
      cards.flags[card] = f | CARD_TOKEN;
      this.tokens[this.tokenCount++] = card;
      this.wallet[wb + W_PROVISIONED]!++;
      for (let d = day; d < this.nDays; d++) this.wallet[d * W_FIELDS + W_TOKENS_ACTIVE] = this.tokenCount;
      return;
    }
    this.wallet[wb + W_FAILURES]!++;
  }

  // ---------------------------------------------------------------- slots

  private schedule(t: number, kind: number, slot: number): void {
    this.sRefs[slot]!++;
    this.sim.at(t, kind, 0, slot);
  }

  /** Called at the end of every slot handler: frees the slot when no event refers to it. */
  private release(slot: number): void {
    const r = this.sRefs[slot]!;
    if (r > 1) {
      this.sRefs[slot] = r - 1;
      return;
    }
    if ((this.sState[slot]! & S_FINISHED) === 0) {
      throw new SimError('UNRESOLVED', `purchase in slot ${slot} has no pending event and no outcome`, this.sim.now);
    }
    this.sRefs[slot] = 0;
    this.freeList[this.freeTop++] = slot;
  }

  private alloc(): number {
    if (this.freeTop === 0) this.growSlots(this.cap * 2);
    const slot = this.freeList[--this.freeTop]!;
    // The purchase handler itself holds one reference until it returns.
    this.sRefs[slot] = 1;
    return slot;
  }

  private growSlots(n: number): void {
    const old = this.cap;
    this.sCardCol = grown(this.sCardCol, n);
    this.sTerm = grown(this.sTerm, n);
    this.sCat = grown(this.sCat, n);
    this.sChan = grown(this.sChan, n);
    this.sState = grown(this.sState, n);
    this.sState2 = grown(this.sState2, n);
    this.sCode = grown(this.sCode, n);
    this.sRefs = grown(this.sRefs, n);
    this.sRevTries = grown(this.sRevTries, n);
    this.sAmountMinor = grown(this.sAmountMinor, n);
    this.sStart = grown(this.sStart, n);
    this.sAcqDeadline = grown(this.sAcqDeadline, n);
    this.sTermDeadline = grown(this.sTermDeadline, n);
    this.sIssDeadline = grown(this.sIssDeadline, n);
    this.sApplied = grown(this.sApplied, n);
    const fl = new Int32Array(n);
    fl.set(this.freeList.subarray(0, this.freeTop));
    // New slots go on the free list highest first, so the lowest is handed out first.
    let top = this.freeTop;
    for (let s = n - 1; s >= old; s--) fl[top++] = s;
    this.freeList = fl;
    this.freeTop = top;
    this.cap = n;
  }
}

/** Builds the network of a resolved scenario and runs it. */
export function runNetwork(sc: Scenario, opts: RunOptions): RunResult {
  return new Network(sc, opts).run();
}

export { CHANNEL_CHIP, CHANNEL_CONTACTLESS, CHANNEL_QR };
