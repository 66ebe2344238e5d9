import { describe, expect, it } from 'vitest';
import { CARD_INITIALISED, CARD_TOKEN } from '../../src/model/cards.js';
import { S_ACQ_TIMED_OUT, S_REVERSED } from '../../src/model/in-flight.js';
import { chooseChannel, onTerminalTimeout, start } from '../../src/model/parties/terminal.js';
import { CHANNEL_CHIP, CHANNEL_CONTACTLESS, CHANNEL_NFC_TOKEN } from '../../src/scenario/types.js';
import { acquirers, openPurchase, smallWorld } from '../helpers/world.js';

describe('terminal', () => {
  it('offers NFC tokens only to token holders, and draws among the channels the terminal takes by weight', () => {
    const { w } = smallWorld((sc) => ({ ...sc, channelWeights: [1, 1, 1, 0, 1] }));
    const nfcOnly = 1 << CHANNEL_NFC_TOKEN;
    w.terminals.setCapabilities(0, nfcOnly | (1 << CHANNEL_CHIP));
    expect(chooseChannel(w, 0, CARD_INITIALISED)).toBe(CHANNEL_CHIP);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(chooseChannel(w, 0, CARD_INITIALISED | CARD_TOKEN));
    expect([...seen].sort()).toEqual([CHANNEL_CHIP, CHANNEL_NFC_TOKEN]);
    w.terminals.setCapabilities(1, 1 << CHANNEL_CONTACTLESS);
    expect(chooseChannel(w, 1, CARD_INITIALISED | CARD_TOKEN)).toBe(CHANNEL_CONTACTLESS);
  });

  it('opens the purchase and sends it to the first party of its route after the link', () => {
    const { w } = smallWorld();
    w.sim.now = 500;
    start(w, 500, 5, w.cards.touch(5, 0), 0, 3, 1234, 0);
    expect(w.stats.transactions).toBe(1);
    expect(w.flight.used).toBe(1);
    // Terminal -> acquirer link 1 ms.
    expect(w.sim.peek()).toBe(1500);
  });

  it('declines 91 at once when the acquirer refuses connections', () => {
    const { w, records } = smallWorld((sc) => ({
      ...sc,
      faults: [{ kind: 'host_down', host: { role: 'acquirer', index: 1 }, hung: false, fromUs: 0, toUs: 1_000_000 }],
    }));
    const term = acquirers(w).indexOf(1);
    start(w, 0, 5, w.cards.touch(5, 0), 0, term, 1234, 0);
    expect(records.map((r) => [r.outcome, r.code, r.latencyUs, r.acquirer])).toEqual([[1, '91', 0, 1]]);
    expect(w.flight.used).toBe(0);
  });

  it('its timer ends the purchase as timed out and reverses a request that reached the switch', () => {
    const { w, records } = smallWorld();
    const reached = openPurchase(w, { card: 1 });
    w.flight.acqDeadlineUs[reached] = 5_000_000;
    const notReached = openPurchase(w, { card: 2 });
    w.sim.now = 30_000_000;
    for (const s of [reached, notReached]) {
      w.flight.refs[s]!++;
      onTerminalTimeout(w, s);
    }
    expect(records.map((r) => [r.card, r.outcome, r.code])).toEqual([[1, 2, '68'], [2, 2, '68']]);
    expect(w.flight.state[reached]! & (S_ACQ_TIMED_OUT | S_REVERSED)).toBe(S_ACQ_TIMED_OUT | S_REVERSED);
    expect(w.flight.state[notReached]! & S_REVERSED).toBe(0);
  });
});
