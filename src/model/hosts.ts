import { N_ARRIVALS, N_BUSY_US, N_COMPLETIONS, N_FIELDS, N_MAX_QUEUE, N_WAITED, N_WAIT_SUM_US } from './stats.js';
import type { World } from './world.js';

/**
 * Hosts: admission to a host's FCFS station with its statistics, and the host numbering
 * (acquirers, then the switch, then issuers, then the wallet platforms and the clearing house).
 */

/** Host number of a party by role and index. */
export function hostIndex(w: World, role: 'acquirer' | 'switch' | 'issuer' | 'platform' | 'clearing_house', index: number): number {
  if (role === 'acquirer') return index;
  if (role === 'switch') return w.hosts.switchHost;
  if (role === 'platform') return w.hosts.platformHost + index;
  if (role === 'clearing_house') return w.hosts.clearingHost;
  return w.hosts.switchHost + 1 + index;
}

/** Admits a job at host h now; records the host's statistics; returns the completion time. */
export function admit(w: World, h: number, now: number, extraServiceUs: number): number {
  const hosts = w.hosts;
  const service = hosts.serviceSamplers[h]!.sample(hosts.serviceStreams[h]!) + extraServiceUs;
  const stn = hosts.stations[h]!;
  const done = stn.admit(now, service);
  const st = w.stats;
  const nb = st.buckets;
  const nh = hosts.count;
  const nodes = st.nodes;
  const bucketUs = st.bucketUs;
  const b = Math.floor(now / bucketUs);
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
  const bs = Math.floor(stn.lastStart / bucketUs);
  if (bs < nb) nodes[(bs * nh + h) * N_FIELDS + N_BUSY_US]! += service;
  const bc = Math.floor(done / bucketUs);
  if (bc < nb) nodes[(bc * nh + h) * N_FIELDS + N_COMPLETIONS]!++;
  return done;
}

/** Adds v to a host counter in the bucket of time t. */
export function nodeAdd(w: World, h: number, t: number, field: number, v: number): void {
  const st = w.stats;
  const b = Math.floor(t / st.bucketUs);
  if (b < st.buckets) st.nodes[(b * w.hosts.count + h) * N_FIELDS + field]! += v;
}

/** A capacity fault starts: host h withdraws servers until the fault ends. */
export function onCapacity(w: World, h: number, faultIndex: number): void {
  const f = w.sc.faults[faultIndex]!;
  if (f.kind !== 'capacity') return;
  const stn = w.hosts.stations[h]!;
  const k = stn.serverCount - f.servers;
  if (k > 0) stn.withdraw(k, f.toUs);
}
