/**
 * The one-market booking (model/booking.ts): every event goes to the settlement book with the
 * acquirer's side in book currency 0 (the scenario's), the issuer's book currency and the rate
 * clearing computed, the amounts untouched; cross-border follows the scenario's foreign issuers.
 */
import { describe, expect, it } from 'vitest';
import { OneMarket } from '../../src/model/booking.js';
import type { SettlementBook } from '../../src/economics/index.js';

/** A settlement book that records each call's method and arguments. */
function recordingBook(): { book: SettlementBook; calls: [string, unknown[]][] } {
  const calls: [string, unknown[]][] = [];
  const book = new Proxy({}, { get: (_t, name) => (...args: unknown[]) => void calls.push([String(name), args]) }) as unknown as SettlementBook;
  return { book, calls };
}

describe('OneMarket', () => {
  it('is cross-border exactly for the foreign issuers', () => {
    const b = new OneMarket([false, true, false]);
    expect([0, 1, 2, 3].map((i) => b.isCross(i, 0))).toEqual([false, true, false, false]);
  });

  it('books every event with acquirer currency 0, the issuer currency and the given rate, amounts unchanged', () => {
    const { book, calls } = recordingBook();
    const b = new OneMarket([]);
    const p = { amountMinor: 12_345, product: 0, mcc: 5411, channelClass: 0, crossBorder: false };
    const fees = {} as never;
    const cb = {} as never;
    b.clear(book, 3, 2, 1, 4, p, fees, 2, 1_234_567_890);
    b.chargeback(book, 4, 3, 1, 4, cb, 2, 987_654_321);
    b.authorizationFees(book, 3, 2, 1, 4, 70, 30, 2, 555);
    b.withdrawal(book, 3, 2, 1, 4, 500_000, 4_000, 1_500, 2, 666);
    b.fraudWriteOff(book, 5, 4, 1, 4, 77_700, 2, 777);
    b.countCleared();
    expect(calls).toEqual([
      ['clear', [3, 2, 1, 4, p, fees, 0, 2, 1_234_567_890]],
      ['chargeback', [4, 3, 1, 4, cb, 0, 2, 987_654_321]],
      ['authorizationFees', [3, 2, 1, 4, 70, 30, 0, 2, 555]],
      ['withdrawal', [3, 2, 1, 4, 500_000, 4_000, 1_500, 0, 2, 666]],
      ['fraudWriteOff', [5, 4, 1, 4, 77_700, 0, 2, 777]],
    ]);
  });
});
