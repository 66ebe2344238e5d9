/** ATM cash withdrawals: their own timers, dispense failures and their reversal, the counters of atm.csv. */
import { describe, expect, it } from 'vitest';
import { A_APPROVED, A_ATTEMPTS, A_DISPENSED, A_DISPENSED_VALUE, A_DISPENSE_FAILURES, A_OFF_US, A_ON_US, A_STAND_IN } from '../../src/model/atm.js';
import { startWithdrawal } from '../../src/model/parties/atm.js';
import { start } from '../../src/model/parties/terminal.js';
import { OUTCOME_APPROVED } from '../../src/model/results.js';
import type { AtmSpec, Scenario } from '../../src/scenario/types.js';
import type { World } from '../../src/model/world.js';
import { fixed } from '../helpers/scenarios.js';
import { smallWorld } from '../helpers/world.js';

const ATM: AtmSpec = {
  perAcquirer: [3, 2],
  contactlessShare: 0,
  perCardPerDay: [1, 1],
  amount: [{ kind: 'fixed', valueMinor: 500_000 }, { kind: 'fixed', valueMinor: 500_000 }],
  issuerTimeoutUs: 25_000_000,
  acquirerTimeoutUs: 30_000_000,
  terminalTimeoutUs: 45_000_000,
  dispenseFailureRate: 0,
  sameBank: [0, -1],
  offUs: { interchangeMinor: 2_000, feePpm: 10_000, feeMinMinor: 10_000 },
  crossBorder: { interchangeMinor: 7_400, feePpm: 10_000, feeMinMinor: 0 },
};

/** A world with ATMs, limited funds (RUB 10,000 a card) and the POS timers of sources §2.1 (acquirer 15 s, terminal 30 s, switch -> issuer 10 s). */
function atmWorld(atm: Partial<AtmSpec> = {}, edit: (sc: Scenario) => Scenario = (sc) => sc): ReturnType<typeof smallWorld> {
  return smallWorld((sc) =>
    edit({
      ...sc,
      cards: { ...sc.cards, unlimitedFunds: false, debitBalance: { kind: 'fixed', valueMinor: 1_000_000 } },
      acquirers: sc.acquirers.map((a) => ({ ...a, timeoutUs: 15_000_000 })),
      atm: { ...ATM, ...atm },
    }),
  );
}

/** A card of issuer 0 (the one with a same-bank acquirer). */
function cardOf(w: World, issuer: number): number {
  for (let c = 0; c < w.cards.count; c++) if (w.cards.issuerOf(c) === issuer) return c;
  throw new Error(`no card of issuer ${issuer}`);
}

const slowIssuer = (sc: Scenario): Scenario => ({ ...sc, issuers: sc.issuers.map((i) => ({ ...i, host: { ...i.host, service: fixed(15_000) } })) });

describe('ATM withdrawals', () => {
  it('survive a 15 s issuer on their 25 s timer, where a purchase is stood in for at the 10 s POS timer', () => {
    const { w, records } = atmWorld({}, slowIssuer);
    const card = cardOf(w, 0);
    const flags = w.cards.touch(card, 0);
    startWithdrawal(w, w.atm!, 0, card, flags, 0, 100_000);
    start(w, 0, card, flags, 0, 0, 10_000, 0);
    w.sim.run(Infinity);
    const atm = records.find((r) => r.channel === 5)!;
    const pos = records.find((r) => r.channel !== 5)!;
    // The withdrawal: the issuer's own approval after its 15 s (plus the links and hosts).
    expect([atm.outcome, atm.code, atm.standIn]).toEqual([OUTCOME_APPROVED, '00', false]);
    expect(atm.latencyUs).toBeGreaterThan(15_000_000);
    // The purchase: the switch's 10 s timer fired first and stand-in (disabled here) declined 91.
    expect([pos.code, pos.standIn]).toEqual(['91', true]);
    expect(pos.latencyUs).toBeLessThan(11_000_000);
    expect(w.atm!.days[A_APPROVED]).toBe(1);
    expect(w.atm!.days[A_STAND_IN]).toBe(0);
    expect(w.flight.used).toBe(0);
  });

  it('time out on the POS timers: with 10 s switch and 15 s acquirer timers the same withdrawal is lost', () => {
    const { w, records } = atmWorld({ issuerTimeoutUs: 10_000_000, acquirerTimeoutUs: 15_000_000, terminalTimeoutUs: 30_000_000 }, slowIssuer);
    const card = cardOf(w, 0);
    startWithdrawal(w, w.atm!, 0, card, w.cards.touch(card, 0), 0, 100_000);
    w.sim.run(Infinity);
    expect([records[0]!.code, records[0]!.standIn]).toEqual(['91', true]);
  });

  it('take the funds when dispensed, and a dispense failure is reversed to the issuer, which gives them back', () => {
    for (const [rate, left] of [[0, 1_000_000 - 100_000], [1, 1_000_000]] as const) {
      const { w, records } = atmWorld({ dispenseFailureRate: rate });
      const card = cardOf(w, 1);
      startWithdrawal(w, w.atm!, 0, card, w.cards.touch(card, 0), 4, 100_000);
      w.sim.run(Infinity);
      // The issuer approved it either way (the authorization), and the ATM counted what it did.
      expect(records.map((r) => [r.code, r.outcome])).toEqual([['00', OUTCOME_APPROVED]]);
      expect(w.cards.balanceOf(card)).toBe(left);
      expect(w.atm!.days[A_DISPENSE_FAILURES]).toBe(rate);
      expect(w.atm!.days[A_DISPENSED]).toBe(1 - rate);
      expect(w.flight.used).toBe(0);
    }
  });

  it('count every withdrawal once, on-us at the same bank and off-us elsewhere, and none among the purchases', () => {
    const { w } = atmWorld();
    const a = cardOf(w, 0);
    const b = cardOf(w, 1);
    // ATMs 0-2 are acquirer 0's (the same bank as issuer 0), 3-4 acquirer 1's.
    for (const [card, at] of [[a, 0], [a, 3], [b, 1], [b, 4]] as const) startWithdrawal(w, w.atm!, 0, card, w.cards.touch(card, 0), at, 10_000);
    w.sim.run(Infinity);
    const d = w.atm!.days;
    expect([d[A_ATTEMPTS], d[A_APPROVED], d[A_DISPENSED], d[A_ON_US], d[A_OFF_US], d[A_DISPENSED_VALUE]]).toEqual([4, 4, 4, 1, 3, 40_000]);
    expect(w.stats.transactions).toBe(0);
  });
});
