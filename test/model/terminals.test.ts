import { describe, expect, it } from 'vitest';
import { Network, type TransactionRecord } from '../../src/model/network.js';
import { N_ARRIVALS, N_FIELDS } from '../../src/model/stats.js';
import { TerminalTable, terminalBytes } from '../../src/model/terminals.js';
import { exponential, fixed, plainNetwork } from '../helpers/scenarios.js';

/** A plain network whose merchants are spread over `n` acquirers with equal shares. */
function manyAcquirers(n: number) {
  const base = plainNetwork({
    ratePerSecond: 200,
    durationS: 20,
    bucketS: 10,
    acquirer: [2, exponential(1)],
    switch: [8, exponential(1)],
    issuer: [4, exponential(1)],
    links: { acquirerSwitch: fixed(1) },
  });
  const acquirers = Array.from({ length: n }, (_, i) => ({ ...base.acquirers[0]!, name: `Acquirer ${i}`, share: 1 / n }));
  return { ...base, acquirers, merchants: { ...base.merchants, terminals: 6000 } };
}

describe('TerminalTable: acquirers beyond 256', () => {
  it('numbers the acquirers of 300 without wrapping (every acquirer gets merchants, the highest is 299)', () => {
    const sc = manyAcquirers(300);
    const t = new TerminalTable(sc.merchants, sc.acquirers.map((a) => a.share), 7);
    const seen = new Set<number>();
    for (let i = 0; i < t.count; i++) seen.add(t.acquirerOf(i));
    expect(Math.max(...seen)).toBe(299);
    expect(seen.size).toBe(300);
  });

  it('keeps one byte per acquirer entry up to 256 acquirers and two beyond', () => {
    expect(terminalBytes(256)).toBe(2);
    expect(terminalBytes(257)).toBe(4);
    const table = (n: number): TerminalTable => new TerminalTable(manyAcquirers(n).merchants, manyAcquirers(n).acquirers.map((a) => a.share), 7);
    expect(table(256).bytesPerTerminal).toBe(2);
    expect(table(300).bytesPerTerminal).toBe(4);
  });

  it('a run with 300 acquirers sends each purchase to its terminal\'s acquirer host', () => {
    const sc = manyAcquirers(300);
    const byAcquirer = new Float64Array(300);
    let net: Network | undefined;
    const onTransaction = (r: TransactionRecord): void => {
      expect(r.acquirer).toBe(net!.terminals.acquirerOf(r.terminal));
      byAcquirer[r.acquirer]!++;
    };
    net = new Network(sc, { seed: 3, onTransaction });
    const r = net.run();
    expect(byAcquirer.slice(256).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // Host h < 300 is acquirer h: its admissions equal the purchases recorded for it.
    for (const a of [0, 255, 256, 299]) {
      let arrivals = 0;
      for (let b = 0; b < r.buckets; b++) arrivals += r.nodes[(b * r.hosts.length + a) * N_FIELDS + N_ARRIVALS]!;
      expect(arrivals).toBe(byAcquirer[a]);
    }
  });
});
