import { describe, expect, it } from 'vitest';
import { onArrival, pickCard, updateRate } from '../../src/model/parties/cardholder.js';
import { smallWorld } from '../helpers/world.js';

describe('cardholder', () => {
  it('a constant rate holds for the whole run; an hourly profile changes at the next local hour', () => {
    const { w } = smallWorld();
    updateRate(w, 0);
    expect(w.demand.ratePerUs).toBeCloseTo(10 / 1e6, 15);
    expect(w.demand.nextBoundaryUs).toBe(w.sc.durationUs);
    const hourly = new Array(24).fill(0.5 / 23);
    hourly[1] = 0.5;
    const { w: h } = smallWorld((sc) => ({ ...sc, durationUs: 2 * 3_600_000_000, demand: { ...sc.demand, constantPerSecond: 0, perCardPerDay: 24, hourly } }));
    updateRate(h, 3_600_000_000 + 5);
    // 100 active cards x 24 a day x 0.5 of the day in hour 1 x 24 = 28,800 in that hour (8 /s).
    expect(h.demand.ratePerUs * 3_600_000_000).toBeCloseTo(100 * 24 * 0.5, 6);
    expect(h.demand.nextBoundaryUs).toBe(2 * 3_600_000_000);
  });

  it('picks active cards only, and a purchase arrival starts one purchase and schedules the next arrival', () => {
    const { w } = smallWorld((sc) => ({ ...sc, cards: { ...sc.cards, activeShare: 0.5 } }));
    for (let i = 0; i < 500; i++) {
      const card = pickCard(w);
      const iss = w.cards.issuerOf(card);
      expect(card - w.cards.issuerStart[iss]!).toBeLessThan(w.cards.activeCount[iss]!);
    }
    onArrival(w, 1); // the rate boundary at t = 0
    expect(w.stats.transactions).toBe(0);
    expect(w.sim.pending).toBe(1);
    w.sim.now = 100;
    onArrival(w, 0);
    expect(w.stats.transactions).toBe(1);
  });
});
