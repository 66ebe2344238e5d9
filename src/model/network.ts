import type { PlatformBooks } from '../economics/platform-books.js';
import { bookWithdrawals } from './parties/wallet-withdrawals.js';
import { SimError } from '../engine/errors.js';
import type { Simulation } from '../engine/simulation.js';
import { CHANNEL_CHIP, CHANNEL_CONTACTLESS, CHANNEL_QR, type Scenario } from '../scenario/types.js';
import { acceptanceResult } from './acceptance.js';
import { startBuckets } from './buckets.js';
import { buildWorld } from './build.js';
import type { CardTable } from './cards.js';
import type { Clearing } from './clearing.js';
import { K_ARRIVAL, K_ATM_ARRIVAL } from './events.js';
import { startWallets } from './parties/token-service.js';
import { startRollout } from './terminal-rollout.js';
import type { RunOptions, RunResult } from './results.js';
import { marketDays } from './markets.js';
import { T_APPROVED, T_DECLINED, T_FIELDS, T_TIMED_OUT } from './stats.js';
import type { TerminalTable } from './terminals.js';
import type { World } from './world.js';

export {
  OUTCOME_APPROVED,
  OUTCOME_DECLINED,
  OUTCOME_TIMED_OUT,
  OUTCOMES,
  W_ATTEMPTS,
  W_FAILURES,
  W_FIELDS,
  W_PROVISIONED,
  W_STEP_UPS,
  W_TOKENS_ACTIVE,
  W_TOKEN_PURCHASES,
  type HostInfo,
  type MoneyResult,
  type RunOptions,
  type RunResult,
  type TransactionRecord,
} from './results.js';

/**
 * The four-party network, event by event: a facade over the world (world.ts), built by build.ts,
 * whose parties (parties/*.ts) move each purchase along its route (routes.ts). A purchase travels
 * terminal -> acquirer host -> switch (detokenizes wallet tokens) -> issuer host and back; each
 * host is an FCFS station, each link a latency distribution. Timers: the acquirer on the switch
 * (then it declines to the terminal and sends a reversal), the switch on the issuer (then
 * stand-in), the terminal on the acquirer. Every purchase ends exactly once as approved, declined
 * or timed out (lifecycle in events.ts).
 *
 * State changes happen at admission to a host: FCFS stations serve in admission order, so the
 * issuer deciding at admission sees cards in the same order as deciding at service start.
 */
export class Network {
  readonly sim: Simulation;
  readonly cards: CardTable;
  readonly terminals: TerminalTable;
  readonly clearing?: Clearing;
  /** The wallet platforms' books, when the scenario has competing networks. */
  readonly platformBooks?: PlatformBooks;
  private readonly w: World;

  constructor(sc: Scenario, opts: RunOptions) {
    const w = buildWorld(sc, opts);
    this.w = w;
    this.sim = w.sim;
    this.cards = w.cards;
    this.terminals = w.terminals;
    if (w.clearing !== undefined) this.clearing = w.clearing;
    if (w.networks !== undefined) this.platformBooks = w.networks.books;
  }

  /** Runs the whole scenario and returns the statistics. */
  run(): RunResult {
    const w = this.w;
    const sim = w.sim;
    startBuckets(w);
    // Demand starts at t = 0 with a rate boundary.
    sim.at(0, K_ARRIVAL, 0, 1);
    if (w.atm !== undefined) sim.at(0, K_ATM_ARRIVAL, 0, 1);
    startWallets(w);
    startRollout(w);
    const onTick = w.opts.onTick;
    // One tick at t = 0 says the network is built; then one every 65,536 events.
    onTick?.(0, 0, 0, 0, 0);
    sim.run(Infinity, onTick === undefined ? undefined : () => tick(w, onTick));
    if (w.flight.used !== 0) {
      throw new SimError('UNRESOLVED', `${w.flight.used} purchases still in flight at the end of the run`, sim.now);
    }
    // The books prove themselves before anything is written; a broken invariant throws.
    w.clearing?.verify();
    bookWithdrawals(w);
    w.networks?.books.closeFloat();
    w.networks?.books.verify();
    return result(w);
  }
}

/** Reports progress: simulated time, events, purchases started, approved and decided so far (ticks are rare: a pass over the buckets is cheap). */
function tick(w: World, onTick: NonNullable<RunOptions['onTick']>): void {
  const st = w.stats;
  const tp = st.throughput;
  let approved = 0;
  let decided = 0;
  for (let b = 0; b < st.buckets; b++) {
    const base = b * T_FIELDS;
    approved += tp[base + T_APPROVED]!;
    decided += tp[base + T_APPROVED]! + tp[base + T_DECLINED]! + tp[base + T_TIMED_OUT]!;
  }
  onTick(w.sim.now, w.sim.processed, st.transactions, approved, decided);
}

function result(w: World): RunResult {
  const st = w.stats;
  const clearing = w.clearing;
  return {
    scenario: w.sc,
    seed: w.opts.seed,
    buckets: st.buckets,
    bucketUs: st.bucketUs,
    firstBucket: st.firstBucket,
    throughput: st.throughput,
    nodes: st.nodes,
    hosts: w.hosts.info,
    codes: w.decisions.codes,
    declines: st.declines,
    wallet: st.walletDays,
    days: st.days,
    latencyHistogram: st.histAll,
    events: w.sim.processed,
    transactions: st.transactions,
    cards: w.cards.count,
    cardStateBytes: w.cards.stateBytes(),
    terminals: w.terminals.count,
    merchants: w.terminals.merchantCount,
    shard: w.shard,
    ...(w.networks !== undefined ? { platformBooks: w.networks.books, choiceDays: w.networks.choiceDays, acceptance: acceptanceResult(w)! } : {}),
    ...(w.atm !== undefined ? { atm: w.atm.days } : {}),
    ...(w.fraud !== undefined ? { fraud: w.fraud.days } : {}),
    ...(w.markets !== undefined ? { markets: marketDays(w.markets, clearing?.markets?.days) } : {}),
    ...(st.bucketHist !== undefined ? { bucketHistograms: st.bucketHist.result() } : {}),
    ...(st.secondCounts !== undefined ? { secondCounts: st.secondCounts } : {}),
    ...(clearing !== undefined
      ? {
          clearing,
          money: {
            books: clearing.books,
            compare: clearing.compare,
            feeModelNames: clearing.models.map((m) => m.name),
            cleared: clearing.cleared,
            chargebacks: clearing.chargebacks,
            cycleBase: clearing.cycleBase,
          },
        }
      : {}),
  };
}

/** Builds the network of a resolved scenario and runs it. */
export function runNetwork(sc: Scenario, opts: RunOptions): RunResult {
  return new Network(sc, opts).run();
}

export { CHANNEL_CHIP, CHANNEL_CONTACTLESS, CHANNEL_QR };
