import { Sampler } from '../dist.js';
import type { World } from '../world.js';

/**
 * Withdrawals of wallet balances to the consumer's bank account (sources §1.7: free up to a
 * lifetime quota, then 0.1 %, at least CNY 0.1). Each local day, each consumer who holds the
 * wallet withdraws with the platform's `per_consumer_per_day` probability an amount drawn from
 * its `amount` distribution, into the account at its card's issuer; the platform's books post it
 * (platform -> clearing house -> bank) with the fee above the quota the consumer has left.
 *
 * Withdrawals touch no purchase (the model keeps no wallet balance per consumer), so they are
 * drawn day by day when the run closes, from a stream of their own per platform: the purchases,
 * their random numbers and every other output are the same with or without them. The days
 * between withdrawers are geometric, so the cost is one draw per withdrawal, not per consumer.
 */
export function bookWithdrawals(w: World): void {
  const net = w.networks;
  if (net === undefined) return;
  const cards = w.cards;
  const n = cards.count;
  net.spec.platforms.forEach((spec, p) => {
    const rate = spec.withdrawals.perConsumerPerDay;
    if (!(rate > 0)) return;
    const stream = w.streams.get(`withdrawals/${spec.name}`);
    const amount = Sampler.amount(spec.withdrawals.amount);
    const quota = spec.prices.withdrawalFreeQuotaMinor;
    // What each consumer has withdrawn so far, capped at the quota (exact in 32 bits up to 2^24 minor units).
    const withdrawn = quota <= 0 ? undefined : quota <= 2 ** 24 ? new Float32Array(n) : new Float64Array(n);
    const logStay = rate >= 1 ? -Infinity : Math.log1p(-rate);
    const held = net.heldBy;
    const bit = 1 << p;
    for (let day = 0; day < net.books.days; day++) {
      for (let c = nextAfter(-1, stream.uniform(), logStay); c < n; c = nextAfter(c, stream.uniform(), logStay)) {
        if (held !== undefined && (held[c]! & bit) === 0) continue;
        const x = Math.max(1, amount.sample(stream));
        const before = withdrawn === undefined ? 0 : withdrawn[c]!;
        net.books.withdraw(p, cards.issuerOf(c), x, before, day);
        if (withdrawn !== undefined) withdrawn[c] = Math.min(quota, before + x);
      }
    }
  });
}

/** The next consumer after `c` who withdraws: a geometric gap from the uniform u (each consumer with probability 1 - e^logStay). */
function nextAfter(c: number, u: number, logStay: number): number {
  if (logStay === -Infinity) return c + 1;
  return c + 1 + Math.floor(Math.log1p(-u) / logStay);
}
