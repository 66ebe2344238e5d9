import { hashUniform, saltOf } from '../engine/hash.js';
import { Streams } from '../engine/rng.js';
import { PlatformBooks } from '../economics/platform-books.js';
import { Simulation } from '../engine/simulation.js';
import { FcfsStation } from '../engine/station.js';
import { US_PER_DAY, US_PER_S } from '../engine/time.js';
import { FRAUD_TYPES, type NetworksSpec, type Scenario } from '../scenario/types.js';
import { buildAdoption, startAdoption } from './acceptance.js';
import { BucketHistogramWriter } from './bucket-histograms.js';
import { buildAtm } from './atm.js';
import { fillServerTime } from './capacity.js';
import { dayDemand, runCalendar } from './calendar.js';
import { CardTable } from './cards.js';
import { BASE_CODES } from './codes.js';
import { Clearing } from './clearing.js';
import { Sampler } from './dist.js';
import { registerHandlers } from './dispatch.js';
import { episodeRates, startFraud } from './fraud.js';
import { BEARERS, FRAUD_ROWS, F_FIELDS } from './fraud-book.js';
import { K_CAPACITY, P_CAPACITY } from './events.js';
import { hostIndex } from './hosts.js';
import { InFlight } from './in-flight.js';
import { Links } from './links.js';
import type { HostInfo, RunOptions } from './results.js';
import { W_FIELDS } from './results.js';
import { buildMarkets } from './markets.js';
import { shardKey } from './shard.js';
import { SlotPool } from './slot-pool.js';
import { HISTOGRAM_BINS, N_FIELDS, T_FIELDS } from './stats.js';
import { TerminalTable } from './terminals.js';
import { CODE_NO_KEY, buildWallet, declinesWithoutKey, detokenizers, walletSpecs } from './wallet-build.js';
import type { Decisions, Demand, Fraud, Hosts, Networks, Stats, World } from './world.js';

/**
 * The build stage: scenario -> world. Allocates the tables, derives the named random streams,
 * numbers the hosts, registers the event handlers and installs the faults. Nothing is drawn
 * here (streams are derived by name, so the order of building does not matter).
 */


/** Slots of the in-flight table to start with (it doubles when full). */
const INITIAL_SLOTS = 1024;
/** Pending events to start with (the heap doubles when full). */
const INITIAL_EVENTS = 4096;

function buildHosts(sc: Scenario, st: Streams): Hosts {
  const stations: FcfsStation[] = [];
  const serviceSamplers: Sampler[] = [];
  const serviceStreams: Hosts['serviceStreams'] = [];
  const info: Hosts['info'] = [];
  const add = (name: string, role: HostInfo['role'], host: Scenario['switch']['host']): void => {
    stations.push(new FcfsStation(host.servers));
    serviceSamplers.push(Sampler.duration(host.service));
    serviceStreams.push(st.get(`service/${role}/${name}`));
    info.push({ name, role, servers: host.servers });
  };
  for (const a of sc.acquirers) add(a.name, 'acquirer', a.host);
  add(sc.switch.name, 'switch', sc.switch.host);
  for (const i of sc.issuers) add(i.name, 'issuer', i.host);
  const net = sc.networks;
  const platformHost = net === undefined ? -1 : stations.length;
  if (net !== undefined) for (const p of net.platforms) add(p.name, 'platform', p.host);
  const clearingHost = net === undefined ? -1 : stations.length;
  if (net !== undefined) add(net.clearingHouse.name, 'clearing_house', net.clearingHouse.host);
  return {
    stations,
    serviceSamplers,
    serviceStreams,
    info,
    acquirers: sc.acquirers.length,
    issuers: sc.issuers.length,
    switchHost: sc.acquirers.length,
    count: stations.length,
    acqTimeoutUs: Float64Array.from(sc.acquirers.map((a) => a.timeoutUs)),
    ...detokenizers(sc, st),
    platformHost,
    clearingHost,
  };
}

function buildDemand(sc: Scenario, st: Streams): Demand {
  const cats = sc.merchants.categories;
  const catCum = new Float64Array(cats.length);
  let acc = 0;
  cats.forEach((c, i) => (catCum[i] = acc += c.share));
  catCum[cats.length - 1] = Infinity;
  const rc = runCalendar(sc);
  const days = Math.ceil((sc.durationUs + sc.startLocalUs) / US_PER_DAY);
  const byDay = dayDemand(rc?.cal, rc?.startDay ?? 0, days, cats);
  return {
    arrivals: st.get('demand/arrivals'),
    categoryStream: st.get('demand/category'),
    terminalStream: st.get('demand/terminal'),
    cardStream: st.get('demand/card'),
    channelStream: st.get('demand/channel'),
    amountStream: st.get('demand/amount'),
    panStream: st.get('demand/invalid-pan'),
    catCum,
    baseCatCum: catCum,
    dayFactor: byDay.factor,
    dayCatCum: byDay.catCum,
    ticket: cats.map((c) => Sampler.amount(c.ticket)),
    catCnp: Uint8Array.from(cats.map((c) => (c.cardNotPresent ? 1 : 0))),
    catMcc: Int32Array.from(cats.map((c) => c.mcc)),
    ratePerUs: 0,
    nextBoundaryUs: 0,
  };
}

function buildDecisions(sc: Scenario, st: Streams): Decisions {
  const codes: string[] = [...BASE_CODES];
  for (const m of sc.declines.mix) if (!codes.includes(m.code)) codes.push(m.code);
  if (sc.networks !== undefined && !codes.includes('QL')) codes.push('QL');
  if (sc.fraud !== undefined && !codes.includes('59')) codes.push('59');
  if (declinesWithoutKey(sc) && !codes.includes(CODE_NO_KEY)) codes.push(CODE_NO_KEY);
  const ci = (c: string): number => codes.indexOf(c);
  const { mix, keep } = randomMix(sc);
  const mixCum = new Float64Array(mix.length);
  const mixCode = new Int32Array(mix.length);
  let acc = 0;
  mix.forEach((m, i) => {
    mixCum[i] = acc += m.weight;
    mixCode[i] = ci(m.code);
  });
  if (mix.length > 0) mixCum[mix.length - 1] = Infinity;
  return {
    codes,
    streams: sc.issuers.map((i) => st.get(`decide/issuer/${i.name}`)),
    mixCum,
    mixCode,
    c00: ci('00'),
    c14: ci('14'),
    c41: ci('41'),
    c43: ci('43'),
    c51: ci('51'),
    c54: ci('54'),
    c68: ci('68'),
    c91: ci('91'),
    cQL: ci('QL'),
    c59: sc.fraud === undefined ? -1 : ci('59'),
    randomRateCardPresent: sc.declines.randomRateCardPresent * keep,
    randomRateCardNotPresent: sc.declines.randomRateCardNotPresent * keep,
  };
}

/**
 * The random decline mix. With labelled fraud, 59 is made by the issuers' scoring, so it leaves
 * the random mix and the random rates shrink by its weight (`keep` = 1 - the 59 weight), so each
 * other code keeps its rate; the scored 59 takes the place of the random one.
 */
function randomMix(sc: Scenario): { mix: Scenario['declines']['mix']; keep: number } {
  const mix = sc.declines.mix;
  if (sc.fraud === undefined) return { mix, keep: 1 };
  const rest = mix.filter((m) => m.code !== '59');
  const total = rest.reduce((a, m) => a + m.weight, 0);
  if (rest.length === 0 || total === 0) return { mix, keep: 1 };
  return { mix: rest.map((m) => ({ code: m.code, weight: m.weight / total })), keep: total };
}

function buildFraud(sc: Scenario, st: Streams, cards: CardTable, days: number): Fraud | undefined {
  const spec = sc.fraud;
  if (spec === undefined) return undefined;
  const cats = sc.merchants.categories;
  const idx = (cnp: boolean): Int32Array => Int32Array.from(cats.flatMap((c, i) => (c.cardNotPresent === cnp ? [i] : [])));
  const n = 16;
  return {
    spec,
    arrivals: FRAUD_TYPES.map((t) => st.get(`fraud/${t}/arrivals`)),
    episode: FRAUD_TYPES.map((t) => st.get(`fraud/${t}/episode`)),
    attempt: FRAUD_TYPES.map((t) => st.get(`fraud/${t}/attempt`)),
    scoreGenuine: st.get('fraud/score/genuine'),
    scoreFraud: st.get('fraud/score/attempts'),
    ticket: spec.types.map((t) => Sampler.amount(t.ticket)),
    ratePerUs: episodeRates({ sc }, cards.count),
    cnpCats: idx(true),
    cpCats: idx(false),
    episodes: new SlotPool({
      type: new Uint8Array(n),
      card: new Int32Array(n),
      terminal: new Int32Array(n),
      category: new Int32Array(n),
      left: new Int32Array(n),
      attempt: new Int32Array(n),
      bits: new Uint8Array(n),
    }),
    cardholderBorne: new Map(),
    days: new Float64Array(days * FRAUD_ROWS * BEARERS.length * F_FIELDS),
  };
}

/** Each card's wallets and each merchant's accepted wallets (bit p), fixed properties from (seed, index). */
function portfolios(choice: NonNullable<NetworksSpec['choice']>, cards: number, merchants: number, seed: number | string): { heldBy: Uint8Array; acceptedBy: Uint8Array } {
  const heldBy = new Uint8Array(cards);
  const salt = saltOf(`portfolio/${seed}`);
  const ports = choice.portfolios;
  for (let c = 0; c < cards; c++) {
    const u = hashUniform(salt, c);
    let k = 0;
    let acc = ports[0]!.share;
    while (u >= acc && k < ports.length - 1) acc += ports[++k]!.share;
    heldBy[c] = ports[k]!.mask;
  }
  const acceptedBy = new Uint8Array(merchants);
  choice.acceptance.forEach((a, p) => {
    const s = saltOf(`acceptance/${p}/${seed}`);
    for (let m = 0; m < merchants; m++) if (hashUniform(s, m) < a) acceptedBy[m] = acceptedBy[m]! | (1 << p);
  });
  return { heldBy, acceptedBy };
}

function buildNetworks(sc: Scenario, st: Streams, cards: CardTable, merchants: number, seed: number | string, days: number): Networks | undefined {
  const net = sc.networks;
  if (net === undefined) return undefined;
  const ps = net.platforms;
  const pf = net.choice === undefined ? undefined : portfolios(net.choice, cards.count, merchants, seed);
  const shareCum = new Float64Array(ps.length);
  let acc = 0;
  ps.forEach((p, i) => (shareCum[i] = acc += p.share));
  return {
    spec: net,
    choiceStream: st.get('choice/instrument'),
    shareCum,
    bankShare: Float64Array.from(ps.map((p) => p.bankFundedShare)),
    dynamicShare: Float64Array.from(ps.map((p) => p.dynamicShare)),
    balanceDecline: Float64Array.from(ps.map((p) => p.balanceDeclineRate)),
    balanceStreams: ps.map((p) => st.get(`decide/platform/${p.name}`)),
    qrDay: new Int32Array(cards.count).fill(-1),
    staticSpendMinor: new Float64Array(cards.count),
    dynamicSpendMinor: new Float64Array(cards.count),
    classSalt: saltOf(`qr-class/${seed}`),
    noCvmLimitMinor: net.noCvmLimitMinor,
    books: new PlatformBooks(ps.map((p) => p.name), sc.issuers.map((i) => i.name), net.clearingHouse.name, ps.map((p) => p.prices), days, sc.money?.settlementDays ?? 1),
    promoSalt: saltOf(`promotional/${seed}`),
    weights: net.choice === undefined ? undefined : Float64Array.from(net.choice.weights),
    heldBy: pf?.heldBy,
    acceptedBy: pf?.acceptedBy,
    choiceDays: new Float64Array(days * (1 + ps.length) * 2),
  };
}

function buildStats(sc: Scenario, hosts: number, codes: number, sharded: boolean): Stats {
  const buckets = Math.ceil(sc.durationUs / sc.bucketUs);
  const open = Math.ceil(sc.merchants.terminalTimeoutUs / sc.bucketUs) + 2;
  const days = Math.ceil((sc.durationUs + sc.startLocalUs) / US_PER_DAY);
  return {
    buckets,
    bucketUs: sc.bucketUs,
    firstBucket: Math.floor(sc.warmupUs / sc.bucketUs),
    throughput: new Float64Array(buckets * T_FIELDS),
    nodes: new Float64Array(buckets * hosts * N_FIELDS),
    declines: new Float64Array(buckets * codes),
    histRing: Array.from({ length: open }, () => new Uint32Array(HISTOGRAM_BINS)),
    histCount: new Float64Array(open),
    histAll: new Uint32Array(HISTOGRAM_BINS),
    walletDays: new Float64Array(days * Math.max(1, walletSpecs(sc).length) * W_FIELDS),
    days,
    bucketHist: sharded ? new BucketHistogramWriter(buckets) : undefined,
    secondCounts: sharded ? new Uint32Array(Math.ceil(sc.durationUs / US_PER_S)) : undefined,
    transactions: 0,
    curSecond: -1,
    curSecondCount: 0,
  };
}

/** Builds the world of a resolved scenario: tables, hosts, streams, counters, handlers and faults. */
export function buildWorld(sc: Scenario, opts: RunOptions): World {
  const shard = opts.shard ?? shardKey(opts.seed, 0, 1);
  const seed = shard.seedKey;
  const st = new Streams(seed);
  const sim = new Simulation(INITIAL_EVENTS);
  const cards = new CardTable(sc.cards, sc.issuers.map((i) => i.share), seed, sc.issuers.map((i) => i.activity));
  const terminals = new TerminalTable(sc.merchants, sc.acquirers.map((a) => a.share), seed);
  if (sc.rollout !== undefined) terminals.rollOut(sc.rollout, 0, sc.merchants);
  const hosts = buildHosts(sc, st);
  const decisions = buildDecisions(sc, st);
  const stats = buildStats(sc, hosts.count, decisions.codes.length, shard.count > 1);
  const w: World = {
    sc,
    opts,
    sim,
    streams: st,
    shard,
    cards,
    terminals,
    hosts,
    links: new Links(sc.links, st, hosts.count, sc.networks),
    flight: new InFlight(INITIAL_SLOTS),
    demand: buildDemand(sc, st),
    decisions,
    wallet: buildWallet(sc, st, cards, seed, decisions.codes),
    stats,
    atm: buildAtm(sc, st, seed, Math.ceil((sc.durationUs + sc.startLocalUs) / US_PER_DAY)),
    fraud: buildFraud(sc, st, cards, stats.days),
    markets: buildMarkets(sc, st, cards, terminals),
    networks: undefined,
    adoption: undefined,
    clearing: undefined,
    clearingInput: { atUs: 0, issuer: 0, acquirer: 0, mcc: 0, channel: 0, credit: false, amountMinor: 0 },
    record: {
      startUs: 0, card: 0, issuer: 0, merchant: 0, terminal: 0, acquirer: 0, category: 0, channel: 0,
      amountMinor: 0, outcome: 0, code: '00', latencyUs: 0, standIn: false, credit: false, route: 0, platform: 0, fraudType: -1, fraudBearer: 0,
    },
  };
  w.networks = buildNetworks(sc, st, cards, terminals.merchantCount, seed, w.stats.days);
  w.adoption = buildAdoption(w, w.stats.days);
  startAdoption(w);
  registerHandlers(w);
  installFaults(w);
  if (w.fraud !== undefined) startFraud(w);
  fillServerTime(w);
  if (sc.money === undefined) return w;
  // Clearing registers its own event kinds after the network's.
  const models = opts.feeModels ?? [sc.money.feeModel];
  w.clearing = new Clearing(sc, sc.money, models, sim, st.get('clearing/chargebacks'), opts.onPosting);
  return w;
}

function installFaults(w: World): void {
  w.sc.faults.forEach((f, fi) => {
    if (f.kind === 'host_down') w.links.addOutage(hostIndex(w, f.host.role, f.host.index), f);
    else if (f.kind === 'capacity') w.sim.at(f.fromUs, K_CAPACITY, hostIndex(w, f.host.role, f.host.index), fi, P_CAPACITY);
    else w.links.addLatency(f);
  });
}
