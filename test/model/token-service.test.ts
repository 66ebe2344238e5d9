import { describe, expect, it } from 'vitest';
import { CARD_TOKEN } from '../../src/model/cards.js';
import { onProvision, onProvisionDay } from '../../src/model/parties/token-service.js';
import { W_ATTEMPTS, W_FAILURES, W_PROVISIONED, W_TOKENS_ACTIVE } from '../../src/model/results.js';
import type { Scenario } from '../../src/scenario/types.js';
import { smallWorld } from '../helpers/world.js';

const wallet = (sc: Scenario): Scenario => ({
  ...sc,
  issuers: sc.issuers.map((i, k) => ({ ...i, wallet: k === 0 })),
  wallet: { ...sc.wallet, enabled: true, name: 'Pay', eligibleShare: 0.1, bassP: 0.5, bassQ: 0, uplift: 2 },
});

describe('token service', () => {
  it('provisions tokens to distinct holders of the wallet issuer until the pool is full, then fails', () => {
    const { w } = smallWorld(wallet);
    const pool = w.wallet.pool;
    expect(pool).toBe(5); // 10 % of the wallet issuer's 50 active cards
    for (let i = 0; i < pool + 2; i++) onProvision(w);
    const tokens = [...w.wallet.tokens.subarray(0, w.wallet.tokenCount)];
    expect(new Set(tokens).size).toBe(pool);
    for (const c of tokens) {
      expect(w.cards.issuerOf(c)).toBe(0);
      expect(w.cards.flags[c]! & CARD_TOKEN).toBe(CARD_TOKEN);
    }
    const d = w.stats.walletDays;
    expect([d[W_ATTEMPTS], d[W_PROVISIONED], d[W_FAILURES], d[W_TOKENS_ACTIVE]]).toEqual([pool + 2, pool, 2, pool]);
  });

  it('a provisioning day schedules Binomial attempts inside the day and the next day at its end', () => {
    const { w } = smallWorld((sc) => ({ ...wallet(sc), durationUs: 2 * 86_400_000_000 }));
    onProvisionDay(w, 0);
    // Hazard 0.5 for the 5 holders without a token: between 0 and 5 attempts, plus the next day.
    expect(w.sim.pending).toBeGreaterThanOrEqual(1);
    expect(w.sim.pending).toBeLessThanOrEqual(6);
  });
});
