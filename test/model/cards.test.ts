import { describe, expect, it } from 'vitest';
import { Stream } from '../../src/engine/rng.js';
import { CARD_BLOCKED, CARD_CREDIT, CARD_EXPIRED, CARD_INITIALISED, CardTable, apportion, normalQuantile } from '../../src/model/cards.js';

/** Every card's flags, balance and balance day, in card order. */
const allFlags = (t: CardTable): number[] => Array.from({ length: t.count }, (_, c) => t.flagsOf(c));
const allBalances = (t: CardTable): number[] => Array.from({ length: t.count }, (_, c) => t.balanceOf(c));
const allBalanceDays = (t: CardTable): number[] => Array.from({ length: t.count }, (_, c) => t.balanceDayOf(c));
import type { AmountDist, CardsSpec } from '../../src/scenario/types.js';

function spec(o: Partial<CardsSpec> = {}): CardsSpec {
  return {
    count: 1000,
    activeShare: 0.8,
    creditShare: 0.3,
    expiredShare: 0.05,
    blockedShare: 0.02,
    unlimitedFunds: false,
    debitBalance: { kind: 'lognormal', meanMinor: 100_000, sigma: 0.5 },
    creditLimit: { kind: 'fixed', valueMinor: 500_000 },
    debitIncomePerDayMinor: 0,
    creditRepaymentPerDayMinor: 0,
    ...o,
  };
}

const fixedAmount = (v: number): AmountDist => ({ kind: 'fixed', valueMinor: v });

/** Random issuer shares, some tiny, normalised to sum 1. */
function randomShares(s: Stream, k: number): number[] {
  const raw = Array.from({ length: k }, () => (s.uniform() < 0.2 ? s.uniform() * 1e-4 : s.uniform()));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => r / total);
}

describe('apportion (largest remainder)', () => {
  it('matches hand-computed splits', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]); // ties go to the lower index
    // Quotas 3.5, 1.75, 1.75: floors 3, 1, 1; the two largest remainders (0.75, 0.75) get one each.
    expect(apportion(7, [0.5, 0.25, 0.25])).toEqual([3, 2, 2]);
    expect(apportion(5, [0, 1])).toEqual([0, 5]);
    expect(apportion(100, [0.333, 0.333, 0.334])).toEqual([33, 33, 34]);
    expect(apportion(0, [0.5, 0.5])).toEqual([0, 0]);
    expect(apportion(1, [0.2, 0.3, 0.5])).toEqual([0, 0, 1]);
  });

  it('sums exactly to the total and gives each part the floor or ceiling of its quota, on random inputs', () => {
    const s = new Stream('test/cards/apportion', 1);
    for (let trial = 0; trial < 2000; trial++) {
      const k = 1 + s.int(12);
      const shares = randomShares(s, k);
      const n = trial % 3 === 0 ? s.int(20) : s.int(300_000_000);
      const parts = apportion(n, shares);
      expect(parts.length).toBe(k);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(n);
      parts.forEach((p, i) => {
        const quota = n * shares[i]!;
        expect(Number.isInteger(p)).toBe(true);
        // floor or ceil of the quota (with a hair of float slack on the quota itself)
        expect(p).toBeGreaterThanOrEqual(Math.floor(quota - 1e-6));
        expect(p).toBeLessThanOrEqual(Math.ceil(quota + 1e-6));
      });
    }
  });
});

describe('CardTable: issuer ranges, active cards, issuerOf', () => {
  it('splits cards into contiguous issuer ranges by apportionment, with round(count * activeShare) active', () => {
    const t = new CardTable(spec({ count: 1003, activeShare: 0.7 }), [0.5, 0.3, 0.2], 1);
    // Quotas 501.5, 300.9, 200.6: floors 501, 300, 200 leave 2 cards, which go to the largest
    // remainders 0.9 and 0.6 -> 501, 301, 201.
    expect(Array.from(t.issuerStart)).toEqual([0, 501, 802, 1003]);
    // Active: round(350.7) = 351, round(210.7) = 211, round(140.7) = 141.
    expect(Array.from(t.activeCount)).toEqual([351, 211, 141]);
    expect(Array.from(t.activeCum)).toEqual([0, 351, 562, 703]);
    expect(t.totalActive).toBe(703);
    expect(t.count).toBe(1003);
  });

  it('maps active index k onto each issuer active range exactly once, and issuerOf inverts the ranges, on random tables', () => {
    const s = new Stream('test/cards/ranges', 1);
    for (let trial = 0; trial < 60; trial++) {
      const k = 1 + s.int(8);
      const shares = randomShares(s, k);
      const count = 1 + s.int(5000);
      const activeShare = trial % 5 === 0 ? 1 : s.uniform();
      const t = new CardTable(spec({ count, activeShare }), shares, trial);
      const counts = apportion(count, shares);
      // Ranges.
      expect(t.issuerStart[0]).toBe(0);
      expect(t.issuerStart[k]).toBe(count);
      for (let i = 0; i < k; i++) {
        expect(t.issuerStart[i + 1]! - t.issuerStart[i]!).toBe(counts[i]);
        expect(t.activeCount[i]).toBe(Math.round(counts[i]! * activeShare));
      }
      // The active cards, as the union of the first activeCount[i] cards of each range.
      const expected: number[] = [];
      for (let i = 0; i < k; i++) for (let c = 0; c < t.activeCount[i]!; c++) expected.push(t.issuerStart[i]! + c);
      expect(t.totalActive).toBe(expected.length);
      const mapped = Array.from({ length: t.totalActive }, (_, j) => t.activeCard(j));
      expect(mapped).toEqual(expected); // in order, so also a bijection onto the active set
      // issuerOf: the range each card falls in.
      const owner: number[] = [];
      const bad: number[] = [];
      for (let i = 0; i < k; i++) for (let c = t.issuerStart[i]!; c < t.issuerStart[i + 1]!; c++) owner.push(i);
      for (let c = 0; c < count; c++) if (t.issuerOf(c) !== owner[c]) bad.push(c);
      expect(bad).toEqual([]);
    }
  });

  it('handles issuers with no cards at either end and in the middle', () => {
    // Share 1e-9 of 100 cards rounds to 0 cards.
    const t = new CardTable(spec({ count: 100, activeShare: 1 }), [1e-9, 0.5, 1e-9, 0.5 - 2e-9, 1e-9], 3);
    expect(Array.from(t.issuerStart)).toEqual([0, 0, 50, 50, 100, 100]);
    for (let c = 0; c < 50; c++) expect(t.issuerOf(c)).toBe(1);
    for (let c = 50; c < 100; c++) expect(t.issuerOf(c)).toBe(3);
    expect(t.activeCard(0)).toBe(0);
    expect(t.activeCard(49)).toBe(49);
    expect(t.activeCard(50)).toBe(50);
    expect(t.activeCard(99)).toBe(99);
  });
});

describe('CardTable: lazy attributes', () => {
  it('are stable across touches and independent of the order cards are touched in', () => {
    const sp = spec({ count: 20_000 });
    const a = new CardTable(sp, [0.6, 0.4], 77);
    const b = new CardTable(sp, [0.6, 0.4], 77);
    for (let c = 0; c < sp.count; c++) a.touch(c, 0);
    // b: a random order, each card touched several times, on later days too.
    const s = new Stream('test/cards/order', 1);
    const order = Array.from({ length: sp.count }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = s.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const c of order) b.touch(c, 0);
    for (let i = 0; i < 5000; i++) b.touch(s.int(sp.count), 1 + s.int(30));
    expect(allFlags(b)).toEqual(allFlags(a));
    expect(allBalances(b)).toEqual(allBalances(a));
    // touch returns the stored flags and never re-draws.
    for (let c = 0; c < 100; c++) expect(a.touch(c, 9)).toBe(a.flagsOf(c));
    expect(allBalanceDays(a).every((d) => d === 0)).toBe(true);
    // Every touched card is initialised.
    expect(allFlags(a).every((f) => (f & CARD_INITIALISED) !== 0)).toBe(true);
  });

  it('do not depend on the issuer shares (a function of seed and card number only) but do depend on the seed', () => {
    const sp = spec({ count: 5000 });
    const a = new CardTable(sp, [1], 5);
    const b = new CardTable(sp, [0.1, 0.2, 0.7], 5);
    const c = new CardTable(sp, [1], 6);
    for (let i = 0; i < sp.count; i++) {
      a.touch(i, 0);
      b.touch(i, 0);
      c.touch(i, 0);
    }
    expect(allFlags(b)).toEqual(allFlags(a));
    expect(allFlags(c)).not.toEqual(allFlags(a));
    expect(allBalances(c)).not.toEqual(allBalances(a));
  });

  it('a touch does not reset the balance of a card already touched', () => {
    const t = new CardTable(spec({ debitBalance: fixedAmount(1000), creditShare: 0 }), [1], 1);
    t.touch(3, 0);
    expect(t.balanceOf(3)).toBe(1000);
    t.debit(3, 400);
    t.touch(3, 2);
    expect(t.balanceOf(3)).toBe(600);
    expect(t.balanceDayOf(3)).toBe(0);
  });

  it('has attribute shares within 5 standard errors of the spec, independently of each other', () => {
    const n = 100_000;
    const sp = spec({ count: n, creditShare: 0.3, expiredShare: 0.05, blockedShare: 0.02 });
    const t = new CardTable(sp, [1], 123);
    let credit = 0;
    let expired = 0;
    let blocked = 0;
    let creditExpired = 0;
    for (let c = 0; c < n; c++) {
      const f = t.touch(c, 0);
      if (f & CARD_CREDIT) credit++;
      if (f & CARD_EXPIRED) expired++;
      if (f & CARD_BLOCKED) blocked++;
      if (f & CARD_CREDIT && f & CARD_EXPIRED) creditExpired++;
    }
    const within = (count: number, p: number): void => {
      const se = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(count - n * p), `${count} vs ${n * p}`).toBeLessThan(5 * se);
    };
    within(credit, 0.3);
    within(expired, 0.05);
    within(blocked, 0.02);
    within(creditExpired, 0.3 * 0.05);
  });

  it('draws starting balances from the lognormal of the spec: credit limits for credit cards, balances for debit', () => {
    const n = 100_000;
    const mean = 100_000;
    const sigma = 0.5;
    const t = new CardTable(
      spec({ count: n, creditShare: 0.25, debitBalance: { kind: 'lognormal', meanMinor: mean, sigma }, creditLimit: fixedAmount(777) }),
      [1],
      9,
    );
    let sum = 0;
    let sumLog = 0;
    let sumLog2 = 0;
    let debit = 0;
    for (let c = 0; c < n; c++) {
      const f = t.touch(c, 0);
      const b = t.balanceOf(c);
      if (f & CARD_CREDIT) {
        expect(b).toBe(777);
        continue;
      }
      debit++;
      sum += b;
      sumLog += Math.log(b);
      sumLog2 += Math.log(b) ** 2;
    }
    const variance = mean * mean * (Math.exp(sigma * sigma) - 1);
    expect(Math.abs(sum / debit - mean)).toBeLessThan(5 * Math.sqrt(variance / debit));
    // ln(balance) is N(ln mean - sigma^2/2, sigma^2).
    const mu = Math.log(mean) - (sigma * sigma) / 2;
    const m = sumLog / debit;
    expect(Math.abs(m - mu)).toBeLessThan(5 * Math.sqrt((sigma * sigma) / debit));
    const v = sumLog2 / debit - m * m;
    expect(Math.abs(v - sigma * sigma)).toBeLessThan(5 * Math.sqrt((2 * sigma ** 4) / debit) + 1e-6);
  });

  it('normalQuantile matches tabulated standard normal quantiles', () => {
    // Values of the inverse normal CDF from standard tables.
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963985, 7);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7);
    expect(normalQuantile(0.9999)).toBeCloseTo(3.719016485, 7);
    expect(normalQuantile(0.8413447461)).toBeCloseTo(1, 7);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 7);
  });
});

describe('CardTable: funds and replenishment', () => {
  it('replenishes debit cards by the daily income for each day since the last replenishment', () => {
    const t = new CardTable(spec({ creditShare: 0, debitBalance: fixedAmount(1000), debitIncomePerDayMinor: 500, creditRepaymentPerDayMinor: 7 }), [1], 1);
    const c = 10;
    t.touch(c, 0);
    expect(t.hasFunds(c, 1000, 0)).toBe(true);
    expect(t.hasFunds(c, 1001, 0)).toBe(false);
    t.debit(c, 1000);
    expect(t.balanceOf(c)).toBe(0);
    expect(t.hasFunds(c, 1, 0)).toBe(false); // same day: nothing added
    expect(t.hasFunds(c, 500, 1)).toBe(true); // one day of income
    expect(t.balanceOf(c)).toBe(500);
    expect(t.balanceDayOf(c)).toBe(1);
    expect(t.hasFunds(c, 500, 1)).toBe(true); // asking again the same day adds nothing
    expect(t.balanceOf(c)).toBe(500);
    expect(t.hasFunds(c, 2001, 4)).toBe(false); // 500 + 3 * 500 = 2000
    expect(t.balanceOf(c)).toBe(2000);
    expect(t.hasFunds(c, 2000, 4)).toBe(true);
    // An earlier day never takes income back.
    expect(t.hasFunds(c, 2000, 2)).toBe(true);
    expect(t.balanceOf(c)).toBe(2000);
  });

  it('replenishes credit cards by the daily repayment, not the debit income', () => {
    const t = new CardTable(spec({ creditShare: 1, creditLimit: fixedAmount(300), debitIncomePerDayMinor: 1_000_000, creditRepaymentPerDayMinor: 40 }), [1], 1);
    const c = 0;
    expect(t.touch(c, 5) & CARD_CREDIT).toBe(CARD_CREDIT);
    expect(t.balanceDayOf(c)).toBe(5); // replenishment counts from the day of the first touch
    t.debit(c, 300);
    expect(t.hasFunds(c, 120, 7)).toBe(false); // 2 days * 40 = 80
    expect(t.balanceOf(c)).toBe(80);
    expect(t.hasFunds(c, 120, 8)).toBe(true);
  });

  it('lets a balance go negative after a debit (stand-in) and gives funds back on credit', () => {
    const t = new CardTable(spec({ creditShare: 0, debitBalance: fixedAmount(100), debitIncomePerDayMinor: 30 }), [1], 1);
    t.touch(1, 0);
    t.debit(1, 250);
    expect(t.balanceOf(1)).toBe(-150);
    expect(t.hasFunds(1, 1, 5)).toBe(false); // -150 + 5 * 30 = 0
    expect(t.balanceOf(1)).toBe(0);
    t.credit(1, 250);
    expect(t.balanceOf(1)).toBe(250);
  });

  it('clamps balances at the Int32 maximum instead of wrapping', () => {
    const max = 2147483647;
    const t = new CardTable(spec({ creditShare: 0, debitBalance: fixedAmount(max - 100), debitIncomePerDayMinor: 1000 }), [1], 1);
    t.touch(0, 0);
    expect(t.hasFunds(0, max, 1)).toBe(true);
    expect(t.balanceOf(0)).toBe(max);
    t.credit(0, 5000);
    expect(t.balanceOf(0)).toBe(max);
  });

  it('with unlimited funds always has funds and debits nothing', () => {
    const t = new CardTable(spec({ unlimitedFunds: true, debitBalance: fixedAmount(1) }), [1], 1);
    t.touch(0, 0);
    expect(t.hasFunds(0, 1e9, 0)).toBe(true);
    t.debit(0, 1e9);
    expect(t.balanceOf(0)).toBe(0);
    expect(t.hasFunds(0, 1e9, 0)).toBe(true);
  });
});

describe('issuer activity', () => {
  it('pickActive with every activity 1 is activeCard(floor(x)); with activity a, an issuer draws a times its share of purchases', () => {
    const spec = {
      count: 10_000, activeShare: 0.5, creditShare: 0, expiredShare: 0, blockedShare: 0, unlimitedFunds: true,
      debitBalance: { kind: 'fixed', valueMinor: 1 }, creditLimit: { kind: 'fixed', valueMinor: 1 },
      debitIncomePerDayMinor: 0, creditRepaymentPerDayMinor: 0,
    } as const;
    const plain = new CardTable(spec, [0.7, 0.3], 1);
    for (const x of [0, 0.5, 1, 1234.9, 3499.99, 3500, 4999.5]) expect(plain.pickActive(x)).toBe(plain.activeCard(Math.floor(x)));
    // Issuer 1 (30 % of cards) at 10x: weights 3500 and 1500 * 10 = 15000.
    const t = new CardTable(spec, [0.7, 0.3], 1, [1, 10]);
    expect(t.totalActivity).toBe(3500 + 15000);
    let second = 0;
    const n = 18_500;
    for (let i = 0; i < n; i++) {
      const c = t.pickActive(i + 0.5);
      if (t.issuerOf(c) === 1) second++;
      // Every pick is an active card of its issuer.
      const iss = t.issuerOf(c);
      expect(c - t.issuerStart[iss]!).toBeLessThan(t.activeCount[iss]!);
    }
    expect(second).toBe(15_000);
  });
});
