/**
 * The memory estimate at the record day's scale: the wallet's token pool (one card number per
 * eligible active card) is counted, and one shard of a population of hundreds of millions of
 * cards needs an eighth of the card columns of the whole run (what each cluster job needs).
 */
import { describe, expect, it } from 'vitest';
import { estimateMemory } from '../../src/model/memory.js';
import { CARD_BYTES } from '../../src/model/cards.js';
import { shardKey, shardScenario } from '../../src/model/shard.js';
import { loadScenario } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/types.js';

function load(path: string, set: string[] = []): Scenario {
  const r = loadScenario(path, { set, durationUs: 86_400_000_000 });
  if (r.scenario === undefined) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

describe('estimateMemory', () => {
  it('counts the wallet token pool: 4 bytes per eligible active card, and the largest card count that fits pays for it', () => {
    const on = load('scenarios/bench-scale.yaml', ['cards.count=200000000', 'wallet.eligible_share=0.5']);
    const off = load('scenarios/bench-scale.yaml', ['cards.count=200000000', 'wallet.enabled=false']);
    const a = estimateMemory(on, 8 * 2 ** 30);
    const b = estimateMemory(off, 8 * 2 ** 30);
    const pool = Math.ceil(200_000_000 * on.cards.activeShare * 0.5 * 4);
    expect(a.walletBytes).toBe(pool);
    expect(b.walletBytes).toBe(0);
    expect(a.totalBytes - a.inFlightBytes - (b.totalBytes - b.inFlightBytes)).toBe(pool);
    expect(a.maxCards).toBeLessThan(b.maxCards);
    expect(a.maxCards).toBe(Math.floor((a.availableBytes - (a.totalBytes - a.cardBytes - a.walletBytes)) / (CARD_BYTES + on.cards.activeShare * 0.5 * 4)));
  });

  it('gives one shard of the record day (500 M cards in 8 regions) an eighth of the card columns', () => {
    const sc = load('scenarios/unionpay-record-day.yaml');
    const whole = estimateMemory(sc, 16 * 2 ** 30);
    const shard = estimateMemory(shardScenario(sc, shardKey(sc.seed, 0, sc.shards)), 16 * 2 ** 30);
    expect(whole.cardBytes).toBe(500_000_000 * CARD_BYTES);
    expect(shard.cardBytes).toBe(62_500_000 * CARD_BYTES);
    expect(Number.isSafeInteger(whole.totalBytes)).toBe(true);
    expect(shard.fits).toBe(true);
  });
});
