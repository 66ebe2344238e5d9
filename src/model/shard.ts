import type { FaultSpec, HostSpec, Scenario } from '../scenario/types.js';
import { apportion } from './cards.js';

/** One shard of a run: which, of how many, and the key its random streams are derived from. */
export interface Shard {
  readonly index: number;
  readonly count: number;
  /** The run's seed for a single-shard run (so it draws what an unsharded run draws), else `seed/shard-k`. */
  readonly seedKey: number | string;
}

export function shardKey(seed: number, index: number, count: number): Shard {
  return { index, count, seedKey: count === 1 ? seed : `${seed}/shard-${index}` };
}

const equal = (k: number): number[] => new Array<number>(k).fill(1);

/** Part k of n split into `count` near-equal integers (largest remainder), at least `min`. */
function part(n: number, shard: Shard, min: number): number {
  return Math.max(min, apportion(n, equal(shard.count))[shard.index]!);
}

/**
 * The scenario of one shard (a region): its share of the cards and terminals, its own issuer and
 * acquirer hosts and its slice of the switch, its share of each acquirer's ATMs, each with its share of the servers (at least one),
 * and its share of a constant arrival rate. Everything else (rates per card, distributions,
 * timers, fees, fault windows) is the scenario's own. A single shard is the scenario unchanged.
 */
export function shardScenario(sc: Scenario, shard: Shard): Scenario {
  if (shard.count === 1) return sc;
  const host = (h: HostSpec): HostSpec => ({ ...h, servers: part(h.servers, shard, 1) });
  const cards = part(sc.cards.count, shard, 1);
  const faults: FaultSpec[] = sc.faults.map((f) => (f.kind === 'capacity' ? { ...f, servers: part(f.servers, shard, 0) } : f));
  return {
    ...sc,
    cards: { ...sc.cards, count: cards },
    merchants: { ...sc.merchants, terminals: part(sc.merchants.terminals, shard, sc.merchants.categories.length) },
    issuers: sc.issuers.map((i) => ({ ...i, host: host(i.host) })),
    acquirers: sc.acquirers.map((a) => ({ ...a, host: host(a.host) })),
    switch: { ...sc.switch, host: host(sc.switch.host) },
    demand: { ...sc.demand, constantPerSecond: (sc.demand.constantPerSecond * cards) / sc.cards.count },
    faults,
    ...(sc.atm !== undefined && { atm: { ...sc.atm, perAcquirer: sc.atm.perAcquirer.map((n) => part(n, shard, 0)) } }),
  };
}
