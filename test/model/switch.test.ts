import { describe, expect, it } from 'vitest';
import { S2_AT_SWITCH, S_REVERSED, S_STAND_IN } from '../../src/model/in-flight.js';
import { onSwitchArrive, standIn } from '../../src/model/parties/switch.js';
import type { Scenario } from '../../src/scenario/types.js';
import { openPurchase, smallWorld } from '../helpers/world.js';

const withStandIn = (sc: Scenario): Scenario => ({
  ...sc,
  switch: { ...sc.switch, standIn: { enabled: true, maxAmountMinor: 20_000, maxCountPerDay: 2, maxAmountPerDayMinor: 30_000 } },
});

describe('switch', () => {
  it('stands in within the per-card daily count and amount limits, and declines 91 beyond them', () => {
    const { w } = smallWorld(withStandIn);
    const codes = [15_000, 15_000, 5_000].map((amountMinor) => {
      const slot = openPurchase(w, { card: 7, amountMinor });
      standIn(w, slot, 0);
      expect(w.flight.state[slot]! & S_STAND_IN).not.toBe(0);
      return w.decisions.codes[w.flight.code[slot]!];
    });
    // Third: the count limit (2 a day) is reached.
    expect(codes).toEqual(['00', '00', '91']);
    const big = openPurchase(w, { card: 8, amountMinor: 20_001 });
    standIn(w, big, 0);
    expect(w.decisions.codes[w.flight.code[big]!]).toBe('91');
    const reversed = openPurchase(w, { card: 9, amountMinor: 100, state: S_REVERSED });
    standIn(w, reversed, 0);
    expect(w.decisions.codes[w.flight.code[reversed]!]).toBe('91');
  });

  it('routes an admitted request to the card\'s issuer with its timer on the issuer', () => {
    const { w } = smallWorld();
    const slot = openPurchase(w, { card: 60 });
    w.flight.acqDeadlineUs[slot] = 1_000_000;
    onSwitchArrive(w, slot);
    expect(w.flight.state2[slot]! & S2_AT_SWITCH).toBe(S2_AT_SWITCH);
    // Service 1 ms (fixed), then the issuer timer (10 s) from there; link to the issuer 1 ms.
    expect(w.flight.issDeadlineUs[slot]).toBe(1000 + 10_000_000);
    expect(w.sim.peek()).toBe(2000);
  });

  it('a refused switch answers 91 at once, a refused issuer is stood in for at once', () => {
    const { w, records } = smallWorld((sc) => ({
      ...withStandIn(sc),
      faults: [
        { kind: 'host_down', host: { role: 'switch', index: 0 }, hung: false, fromUs: 0, toUs: 1_000_000 },
        { kind: 'host_down', host: { role: 'issuer', index: 0 }, hung: false, fromUs: 0, toUs: 10_000_000 },
      ],
    }));
    const a = openPurchase(w, { card: 0 });
    w.flight.acqDeadlineUs[a] = 5_000_000;
    onSwitchArrive(w, a);
    expect(records.map((r) => r.code)).toEqual(['91']);
    w.sim.now = 2_000_000;
    const b = openPurchase(w, { card: 0 });
    w.flight.acqDeadlineUs[b] = 7_000_000;
    onSwitchArrive(w, b);
    expect(records.map((r) => [r.code, r.standIn])).toEqual([['91', false], ['00', true]]);
  });
});
