import { buildWorld } from '../../src/model/build.js';
import type { RunOptions, TransactionRecord } from '../../src/model/results.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { World } from '../../src/model/world.js';
import { R_FOUR_PARTY } from '../../src/model/routes.js';
import { exponential, fixed, plainNetwork } from './scenarios.js';

/**
 * A small hand-built world for unit tests of one party: two acquirers, the switch, two issuers,
 * 100 cards and 20 terminals, fixed links (1 ms out, 2 ms back) so times are exact, and every
 * finished purchase copied into `records`. `edit` adjusts the scenario before the build.
 */
export function smallWorld(edit: (sc: Scenario) => Scenario = (sc) => sc, opts: Partial<RunOptions> = {}): { w: World; records: TransactionRecord[] } {
  const base = plainNetwork({
    ratePerSecond: 10,
    durationS: 60,
    bucketS: 10,
    acquirer: [2, fixed(1)],
    switch: [4, fixed(1)],
    issuer: [2, exponential(1)],
    links: {
      terminalAcquirer: fixed(1),
      acquirerSwitch: fixed(1),
      switchIssuer: fixed(1),
      issuerSwitch: fixed(2),
      switchAcquirer: fixed(2),
      acquirerTerminal: fixed(2),
    },
  });
  const sc: Scenario = {
    ...base,
    cards: { ...base.cards, count: 100 },
    issuers: [base.issuers[0]!, { ...base.issuers[0]!, name: 'Issuer 2' }].map((i) => ({ ...i, share: 0.5 })),
    acquirers: [base.acquirers[0]!, { ...base.acquirers[0]!, name: 'Acquirer 2' }].map((a) => ({ ...a, share: 0.5, timeoutUs: 5_000_000 })),
    merchants: { ...base.merchants, terminals: 20 },
  };
  const records: TransactionRecord[] = [];
  const w = buildWorld(edit(sc), { seed: 1, onTransaction: (r) => records.push({ ...r }), ...opts });
  return { w, records };
}

/**
 * Opens a purchase in the in-flight table as the terminal would, without sending it anywhere:
 * card `card` at terminal `terminal`, started at the world's current time. Returns the slot
 * (holding one reference, as a handler's own).
 */
export function openPurchase(w: World, o: { card?: number; terminal?: number; amountMinor?: number; state?: number } = {}): number {
  const f = w.flight;
  const card = o.card ?? 0;
  const term = o.terminal ?? 0;
  w.cards.touch(card, 0);
  const slot = f.alloc();
  f.card[slot] = card;
  f.terminal[slot] = term;
  f.acquirer[slot] = w.terminals.acquirerOf(term);
  f.issuer[slot] = w.cards.issuerOf(card);
  f.category[slot] = 0;
  f.channel[slot] = 0;
  f.route[slot] = R_FOUR_PARTY;
  f.amountMinor[slot] = o.amountMinor ?? 10_000;
  f.startUs[slot] = w.sim.now;
  f.acqDeadlineUs[slot] = Infinity;
  f.termDeadlineUs[slot] = w.sim.now + w.sc.merchants.terminalTimeoutUs;
  f.issDeadlineUs[slot] = Infinity;
  f.appliedMinor[slot] = 0;
  f.reversalTries[slot] = 0;
  f.state[slot] = o.state ?? 0;
  f.state2[slot] = 0;
  return slot;
}

/** The acquirer of every terminal of a world, in terminal order. */
export function acquirers(w: World): number[] {
  return Array.from({ length: w.terminals.count }, (_, t) => w.terminals.acquirerOf(t));
}
