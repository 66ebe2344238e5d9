import { describe, expect, it } from 'vitest';
import { CARD_BLOCKED, CARD_INITIALISED } from '../../src/model/cards.js';
import { S_INVALID_PAN, S_REVERSED } from '../../src/model/in-flight.js';
import { decide, onReversalAtIssuer } from '../../src/model/parties/issuer.js';
import { openPurchase, smallWorld } from '../helpers/world.js';

const codeOf = (w: ReturnType<typeof smallWorld>['w'], slot: number): string => w.decisions.codes[w.flight.code[slot]!]!;

describe('issuer', () => {
  it('declines a blocked card 41 or 43 by the parity of its number, an invalid PAN 14, a stale request 91', () => {
    const { w } = smallWorld();
    for (const card of [10, 11]) {
      const slot = openPurchase(w, { card });
      w.cards.addFlags(card, CARD_INITIALISED | CARD_BLOCKED);
      decide(w, slot, 0);
      expect(codeOf(w, slot)).toBe(card === 10 ? '41' : '43');
    }
    const pan = openPurchase(w, { card: 12, state: S_INVALID_PAN });
    decide(w, pan, 0);
    expect(codeOf(w, pan)).toBe('14');
    const stale = openPurchase(w, { card: 13, state: S_REVERSED });
    decide(w, stale, 0);
    expect(codeOf(w, stale)).toBe('91');
  });

  it('approves with funds and takes them; declines 51 without; a reversal gives them back', () => {
    const { w } = smallWorld((sc) => ({
      ...sc,
      cards: { ...sc.cards, unlimitedFunds: false, debitBalance: { kind: 'fixed', valueMinor: 15_000 } },
    }));
    const a = openPurchase(w, { card: 20, amountMinor: 10_000 });
    decide(w, a, 0);
    expect(codeOf(w, a)).toBe('00');
    expect(w.cards.balanceOf(20)).toBe(5_000);
    const b = openPurchase(w, { card: 20, amountMinor: 10_000 });
    decide(w, b, 0);
    expect(codeOf(w, b)).toBe('51');
    expect(w.cards.balanceOf(20)).toBe(5_000);
    w.flight.refs[a]!++; // the reversal event's reference (the purchase's own one remains)
    onReversalAtIssuer(w, a);
    expect(w.cards.balanceOf(20)).toBe(15_000);
    expect(w.flight.appliedMinor[a]).toBe(0);
  });

  it('a reversal while the switch is down is retried every 30 s, up to 5 times', () => {
    const { w } = smallWorld((sc) => ({
      ...sc,
      faults: [{ kind: 'host_down', host: { role: 'switch', index: 0 }, hung: false, fromUs: 0, toUs: 3_600_000_000 }],
    }));
    const slot = openPurchase(w);
    w.flight.refs[slot]!++;
    for (let i = 0; i < 6; i++) {
      const pending = w.sim.pending;
      onReversalAtIssuer(w, slot);
      expect(w.sim.pending - pending).toBe(i < 5 ? 1 : 0);
      w.sim.now += 30_000_000;
    }
    expect(w.flight.reversalTries[slot]).toBe(5);
  });
});
