import { hostIndex } from './hosts.js';
import { N_FIELDS, N_SERVER_US } from './stats.js';
import type { World } from './world.js';

/**
 * The server time each host has in each bucket: its servers times the bucket's length, less the
 * servers a capacity fault withdraws over the part of the bucket the fault covers (a fault leaves
 * `servers` in service, so it withdraws the rest; overlapping faults on one host withdraw their
 * sum, as the station does). nodes.csv reports `servers_in_effect` and the utilization over it.
 */
export function fillServerTime(w: World): void {
  const st = w.stats;
  const nh = w.hosts.count;
  const bucketUs = st.bucketUs;
  const durationUs = w.sc.durationUs;
  const nodes = st.nodes;
  for (let h = 0; h < nh; h++) {
    const servers = w.hosts.stations[h]!.serverCount;
    for (let b = 0; b < st.buckets; b++) {
      const lenUs = Math.max(0, Math.min(bucketUs, durationUs - b * bucketUs));
      nodes[(b * nh + h) * N_FIELDS + N_SERVER_US] = servers * lenUs;
    }
  }
  for (const f of w.sc.faults) {
    if (f.kind !== 'capacity') continue;
    const h = hostIndex(w, f.host.role, f.host.index);
    const withdrawn = w.hosts.stations[h]!.serverCount - f.servers;
    if (withdrawn <= 0) continue;
    const to = Math.min(f.toUs, durationUs);
    for (let b = Math.floor(f.fromUs / bucketUs); b < st.buckets && b * bucketUs < to; b++) {
      const overlapUs = Math.min(to, (b + 1) * bucketUs) - Math.max(f.fromUs, b * bucketUs);
      const i = (b * nh + h) * N_FIELDS + N_SERVER_US;
      if (overlapUs > 0) nodes[i] = Math.max(0, nodes[i]! - withdrawn * overlapUs);
    }
  }
}
