import { describe, expect, it } from 'vitest';
import { S_ACQ_TIMEOUT_SET, S_REVERSED, S_TERM_TIMEOUT_SET } from '../../src/model/in-flight.js';
import { answerArrives, onAcquirerArrive, onAcquirerTimeout } from '../../src/model/parties/acquirer.js';
import { N_ARRIVALS, N_DOWN_REJECTS, N_FIELDS, T_FIELDS, T_REVERSALS } from '../../src/model/stats.js';
import type { World } from '../../src/model/world.js';
import { acquirers, openPurchase, smallWorld } from '../helpers/world.js';

const node = (w: World, h: number, f: number): number => w.stats.nodes[h * N_FIELDS + f]!;

describe('acquirer', () => {
  it('admits a request, arms its timer on the switch from the completion, and sends it on after the link', () => {
    const { w } = smallWorld();
    const slot = openPurchase(w, { terminal: 0 });
    const acq = w.flight.acquirer[slot]!;
    onAcquirerArrive(w, slot);
    // Service 1 ms (fixed), acquirer -> switch link 1 ms, timeout 5 s.
    expect(w.flight.acqDeadlineUs[slot]).toBe(1000 + 5_000_000);
    expect(w.sim.pending).toBe(1);
    expect(w.sim.peek()).toBe(2000);
    expect(node(w, acq, N_ARRIVALS)).toBe(1);
  });

  it('a refused acquirer host loses the request: only the terminal timer remains', () => {
    const { w } = smallWorld((sc) => ({
      ...sc,
      faults: [{ kind: 'host_down', host: { role: 'acquirer', index: 0 }, hung: false, fromUs: 0, toUs: 10_000_000 }],
    }));
    const term = acquirers(w).indexOf(0);
    const slot = openPurchase(w, { terminal: term });
    onAcquirerArrive(w, slot);
    expect(node(w, 0, N_DOWN_REJECTS)).toBe(1);
    expect(w.flight.state[slot]! & S_TERM_TIMEOUT_SET).not.toBe(0);
    expect(w.sim.peek()).toBe(w.flight.termDeadlineUs[slot]);
  });

  it('an answer in time is recorded at once with the terminal time; a late one leaves it to the timer', () => {
    const { w, records } = smallWorld();
    const a = openPurchase(w, { card: 3 });
    w.flight.acqDeadlineUs[a] = 10_000;
    w.flight.code[a] = w.decisions.c00;
    answerArrives(w, a, 7000);
    // Acquirer -> terminal link 2 ms.
    expect(records).toHaveLength(1);
    expect(records[0]!.latencyUs).toBe(9000);
    expect(records[0]!.code).toBe('00');
    const b = openPurchase(w, { card: 4 });
    w.flight.acqDeadlineUs[b] = 10_000;
    answerArrives(w, b, 10_001);
    expect(records).toHaveLength(1);
    expect(w.flight.state[b]! & S_ACQ_TIMEOUT_SET).not.toBe(0);
  });

  it('its timer tells the terminal "timed out" (68) and sends a reversal', () => {
    const { w, records } = smallWorld();
    const slot = openPurchase(w);
    w.flight.refs[slot]!++; // the timer event's own reference
    w.sim.now = 5000;
    onAcquirerTimeout(w, slot);
    expect(records.map((r) => [r.outcome, r.code, r.latencyUs])).toEqual([[2, '68', 7000]]);
    expect(w.flight.state[slot]! & S_REVERSED).not.toBe(0);
    expect(w.stats.throughput[0 * T_FIELDS + T_REVERSALS]).toBe(1);
    // The reversal reaches the issuer after acquirer -> switch (1 ms) and switch -> issuer (1 ms).
    expect(w.sim.peek()).toBe(7000);
  });
});
