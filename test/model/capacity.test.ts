import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNetwork } from '../../src/model/network.js';
import { writeAggregates } from '../../src/output/records.js';
import { exponential, fixed, plainNetwork } from '../helpers/scenarios.js';

/** nodes.csv rows of the issuer host as objects. */
function issuerRows(dir: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(dir, 'nodes.csv'), 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v]))).filter((r) => r.role === 'issuer');
}

describe('capacity faults in nodes.csv', () => {
  it('shows the servers in effect in each bucket and computes utilization over them', () => {
    // Issuer: 4 servers, 10 ms each, at 100/s: 25 % busy. A capacity fault leaves 1 server from
    // 15 s to 30 s: bucket 1 (10-20 s) has 4 servers for half of it and 1 for the other half.
    const sc = plainNetwork({
      ratePerSecond: 100, durationS: 40, bucketS: 10,
      acquirer: [8, fixed(1)], switch: [8, fixed(1)], issuer: [4, exponential(10)],
      faults: [{ kind: 'capacity', host: { role: 'issuer', index: 0 }, servers: 1, fromUs: 15_000_000, toUs: 30_000_000 }],
    });
    const r = runNetwork(sc, { seed: 3 });
    const dir = mkdtempSync(join(tmpdir(), 'quartet-capacity-'));
    try {
      writeAggregates(r, dir);
      const rows = issuerRows(dir);
      expect(rows.map((x) => x.servers)).toEqual(['4', '4', '4', '4']);
      expect(rows.map((x) => Number(x.servers_in_effect))).toEqual([4, 2.5, 1, 4]);
      // Utilization is over the servers in effect: in bucket 2 one server does all the work, at about 100 % (it queues).
      const util = rows.map((x) => Number(x.utilization));
      expect(util[0]).toBeGreaterThan(0.2);
      expect(util[0]).toBeLessThan(0.3);
      expect(util[2]).toBeGreaterThan(0.9);
      expect(util[2]).toBeLessThanOrEqual(1.000001);
      expect(util[1]).toBeGreaterThan(util[0]! * 1.2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
