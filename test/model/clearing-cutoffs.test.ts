/** Clearing cut-offs: inclusive cut-off, time-zone shifts, chargebacks in later cycles, by hand and in a run. */
import { describe, expect, it } from 'vitest';
import { KIND } from '../../src/economics/index.js';
import { Network, OUTCOME_APPROVED, type TransactionRecord } from '../../src/model/network.js';
import type { Scenario } from '../../src/scenario/types.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_MIN, withMoney } from '../helpers/money.js';
import { exponential, fixed, plainNetwork } from '../helpers/scenarios.js';
import { twoByTwo, bareClearing, clearedByCycle } from '../helpers/clearing.js';

describe('clearing cut-offs, by hand', () => {
  const MIN = US_PER_MIN;
  const H = US_PER_HOUR;

  it('a purchase answered at or before the cut-off clears that day; one microsecond later, the next day', () => {
    // Start 18:00, North's cut-off 18:30 local, in the scenario's zone: t = 30 min is the cut-off.
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 18.5 * H }));
    approve(30 * MIN - 1, 0, 1);
    approve(30 * MIN, 0, 10);
    approve(30 * MIN + 1, 0, 100);
    // The next day's cut-off is 24 h later; midnight in between changes nothing.
    approve(6 * H, 0, 1_000);
    approve(24 * H + 30 * MIN, 0, 10_000);
    approve(24 * H + 30 * MIN + 1, 0, 100_000);
    expect(clearedByCycle(cl, 0)).toEqual([11, 11_100, 100_000]);
    expect([cl.cycleOf(0, 30 * MIN), cl.cycleOf(0, 30 * MIN + 1), cl.cycleOf(0, 24 * H + 30 * MIN + 1)]).toEqual([0, 1, 2]);
  });

  it("each acquirer's cut-off is in its own time zone: a shift moves a purchase across it", () => {
    // Both cut off at 18:30 local time. North keeps the scenario's zone; South is an hour west
    // (its local time is 17:00 at the start), so its cut-off comes at t = 1 h 30 min.
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 18.5 * H, acquirerZoneShiftUs: [0, -H] }));
    for (const acq of [0, 1]) {
      approve(40 * MIN, acq, 1); // 18:40 North time (after its cut-off), 17:40 South time (before)
      approve(90 * MIN, acq, 10); // South's cut-off exactly
      approve(90 * MIN + 1, acq, 100); // just after it
    }
    expect(clearedByCycle(cl, 0)).toEqual([0, 111]);
    expect(clearedByCycle(cl, 1)).toEqual([11, 100]);
  });

  it('an acquirer east of the scenario can already be past its cut-off at the start', () => {
    // South is 1 h east: 19:00 local at t = 0, after its 18:30 cut-off; its next is at t = 23 h 30 min.
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 18.5 * H, acquirerZoneShiftUs: [0, H] }));
    approve(0, 1, 1);
    approve(23.5 * H, 1, 10);
    approve(23.5 * H + 1, 1, 100);
    expect(clearedByCycle(cl, 1)).toEqual([0, 11, 100]);
  });

  it('a midnight cut-off closes the day at 00:00 local', () => {
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 0 }));
    approve(0, 0, 1); // 18:00 on day 0: after the day-0 cut-off (00:00), so the day-1 cycle
    approve(6 * H, 0, 10); // 00:00 on day 1: that cut-off exactly
    approve(6 * H + 1, 0, 100);
    expect(clearedByCycle(cl, 0)).toEqual([0, 11, 100]);
  });

  // Fixed (was a bug found by this test): the cycle index was clamped at 0, so for an acquirer west
  // of the scenario's zone, whose local clock starts on the eve of day 0, the eve's cut-off was
  // erased and purchases on either side of it were presented in one cycle. Cycles are now offset
  // by Clearing.cycleBase (1 here), and outputs subtract it.
  it('purchases on either side of a cut-off on the eve of day 0 (acquirer-local) clear in different cycles', () => {
    // Start 00:00; South is 2 h west (22:00 local at t = 0), cut-off 23:00 local, so at t = 1 h.
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 23 * H, acquirerZoneShiftUs: [0, -2 * H] }, 0));
    expect(cl.cycleBase).toBe(1);
    expect([cl.cycleOf(1, 30 * MIN), cl.cycleOf(1, 90 * MIN), cl.cycleOf(1, 25 * H + 1)]).toEqual([0, 1, 2]);
    approve(30 * MIN, 1, 1); // 22:30 South time, before its cut-off
    approve(90 * MIN, 1, 10); // 23:30 South time, after it
    approve(25 * H + 1, 1, 100); // just after 23:00 South time the next day (its day-0 cut-off)
    // Three purchases, each in its own clearing window.
    expect(clearedByCycle(cl, 1).filter((v) => v > 0)).toEqual([1, 10, 100]);
  });

  it('settlement rows settle T + N days after their cycle', () => {
    const { cl, approve } = bareClearing(twoByTwo({ cutoffLocalUs: 18.5 * H, settlementDays: 2, merchantPayoutDays: 0 }));
    approve(MIN, 0, 5_000);
    approve(40 * MIN, 1, 5_000);
    const rows = [...cl.books[0]!.settlementRows()];
    expect(rows.filter((r) => r.participant_type === 'merchant').map((r) => [r.participant, r.cycle, r.settlement_day])).toEqual([
      ['North', 0, 0],
      ['South', 1, 1],
    ]);
    for (const r of rows.filter((x) => x.participant_type !== 'merchant')) expect(r.settlement_day).toBe(r.cycle + 2);
  });

  it('a chargeback lands in a later cycle than its purchase, even before the next cut-off', () => {
    // One minute later, still before the 23:00 cut-off: the dispute cannot join the cycle that
    // cleared the purchase, so it goes to the next one.
    const days: number[] = [];
    const sc = twoByTwo({ chargebackShare: 1, chargebackDelay: fixed(60_000), chargebackWindowUs: US_PER_DAY });
    const { sim, cl, approve } = bareClearing(sc, undefined, (kind, _d, _c, _a, _cur, day) => {
      if (kind === KIND.chargeback) days.push(day);
    });
    approve(MIN, 0, 10_000);
    sim.run();
    expect(cl.chargebacks).toBe(1);
    const book = cl.books[0]!;
    expect(book.cycleCount).toBe(2);
    expect(book.gross(0, 'merchant', 0).credit).toBe(10_000); // the purchase
    expect(book.gross(0, 'merchant', 0).debit).toBeLessThan(10_000); // its fees only
    expect(book.gross(1, 'merchant', 0).debit).toBe(10_000); // the chargeback (no handling fee in ru-2019)
    expect(days).toEqual([0]); // filed on day 0, the day it happened
  });

  it('a chargeback after later cut-offs lands in the cycle of its own time', () => {
    // 30 h after a purchase at 18:01: 00:01 on day 2, before that day's 23:00 cut-off: cycle 2.
    const sc = twoByTwo({ chargebackShare: 1, chargebackDelay: fixed(30 * 3_600_000), chargebackWindowUs: 2 * US_PER_DAY });
    const { sim, cl, approve } = bareClearing(sc);
    approve(MIN, 1, 10_000);
    sim.run();
    const book = cl.books[0]!;
    expect([0, 1, 2].map((c) => book.gross(c, 'merchant', 1).debit >= 10_000)).toEqual([false, false, true]);
  });

  it('a chargeback beyond the dispute window, or after the end of the run, is not filed', () => {
    const late = twoByTwo({ chargebackShare: 1, chargebackDelay: fixed(10 * 60_000), chargebackWindowUs: 5 * MIN });
    const a = bareClearing(late);
    a.approve(MIN, 0, 10_000);
    a.sim.run();
    expect(a.cl.chargebacks).toBe(0);
    const short = twoByTwo({ chargebackShare: 1, chargebackDelay: fixed(9 * 60_000), chargebackWindowUs: US_PER_DAY }, 18 * H, 600);
    const b = bareClearing(short);
    b.approve(MIN - 1, 0, 10_000); // 9 min later is just before the end of the run (t = 10 min)
    b.approve(MIN, 0, 10_000); // 9 min later is the end: not simulated
    b.sim.run();
    expect(b.cl.chargebacks).toBe(1);
  });
});

describe('clearing cut-offs in a run', () => {
  /** 20 min from 18:00 at 20 purchases/s; North cuts off at 18:10 local, South at 18:10 in its own zone. */
  function scenario(southShiftUs: number): Scenario {
    const base = plainNetwork({
      ratePerSecond: 20,
      durationS: 1200,
      bucketS: 60,
      acquirer: [2, exponential(20)],
      switch: [4, exponential(10)],
      issuer: [2, exponential(20)],
      links: { terminalAcquirer: fixed(15), acquirerSwitch: fixed(5), switchIssuer: fixed(5), acquirerTerminal: fixed(15) },
      seed: 11,
    });
    const sc: Scenario = {
      ...base,
      startLocalUs: 18 * US_PER_HOUR,
      acquirers: [
        { ...base.acquirers[0]!, name: 'North', share: 0.5 },
        { ...base.acquirers[0]!, name: 'South', share: 0.5 },
      ],
      merchants: { ...base.merchants, categories: [{ ...base.merchants.categories[0]!, ticket: { kind: 'lognormal', meanMinor: 5_000, sigma: 0.7 } }] },
    };
    return withMoney(sc, { cutoffLocalUs: 18 * US_PER_HOUR + 10 * US_PER_MIN, acquirerZoneShiftUs: [0, southShiftUs], chargebackShare: 0 });
  }

  /** Expected value per (acquirer, cycle) from each purchase's answer time, computed here. */
  function expected(sc: Scenario, tx: { acquirer: number; atUs: number; amount: number }[]): number[][] {
    const m = sc.money!;
    const out = sc.acquirers.map(() => [0, 0, 0]);
    for (const x of tx) {
      const local = x.atUs + sc.startLocalUs + m.acquirerZoneShiftUs[x.acquirer]!;
      // The first cut-off at or after the answer: cut-off instants are k days + cutoff, k = cycle.
      const cycle = Math.ceil((local - m.cutoffLocalUs[x.acquirer]!) / US_PER_DAY);
      out[x.acquirer]![cycle]! += x.amount;
    }
    return out;
  }

  function run(southShiftUs: number): { sc: Scenario; got: number[][]; want: number[][] } {
    const sc = scenario(southShiftUs);
    const tx: { acquirer: number; atUs: number; amount: number }[] = [];
    const r = new Network(sc, {
      seed: 11,
      onTransaction: (x: TransactionRecord) => {
        if (x.outcome === OUTCOME_APPROVED) tx.push({ acquirer: x.acquirer, atUs: x.startUs + x.latencyUs, amount: x.amountMinor });
      },
    }).run();
    const got = [0, 1].map((a) => [0, 1, 2].map((c) => r.clearing!.books[0]!.gross(c, 'merchant', a).credit));
    return { sc, got, want: expected(sc, tx) };
  }

  it('each purchase clears in the cycle of the first cut-off at or after its answer, in its acquirer\'s zone', () => {
    const { got, want } = run(-5 * US_PER_MIN);
    expect(got).toEqual(want);
    // Both acquirers have purchases on both sides of their cut-offs, and South's comes 5 min later.
    for (const a of [0, 1]) expect(got[a]!.slice(0, 2).every((v) => v > 0)).toBe(true);
    const early = (a: number) => got[a]![0]! / (got[a]![0]! + got[a]![1]!);
    expect(early(0)).toBeGreaterThan(0.4);
    expect(early(0)).toBeLessThan(0.6);
    expect(early(1)).toBeGreaterThan(0.65);
  });

  it('shifting the zone moves purchases across the cut-off and nothing else', () => {
    const west = run(-15 * US_PER_MIN); // South's cut-off at t = 25 min: after the run
    const east = run(15 * US_PER_MIN); // South is past 18:10 from the start
    expect(west.got).toEqual(west.want);
    expect(east.got).toEqual(east.want);
    expect(west.got[1]![1]).toBe(0);
    expect(east.got[1]![0]).toBe(0);
    expect(west.got[1]![0]).toBe(east.got[1]![1]);
    expect(west.got[0]).toEqual(east.got[0]);
  });
});
