import { describe, expect, it } from 'vitest';
import { createFeeBreakdown, SettlementBook, type PurchaseInput } from '../../src/economics/index.js';
import { CLEAR, type LegTable } from '../../src/economics/settlement-legs.js';
import { checkWrittenFrom } from '../../src/economics/settlement-fast.js';

/**
 * The one-currency clear is written out straight-line (settlement-fast.ts) from the CLEAR leg
 * table; the table is the definition. These tests hold the two together.
 */

function book(postings: number[][]): SettlementBook {
  return new SettlementBook({
    issuers: ['I0', 'I1', 'I2'],
    acquirers: ['A0', 'A1'],
    currencies: ['RUB', 'USD'],
    onPosting: (...a) => postings.push(a),
  });
}

/** A small deterministic generator (no Math.random in the suite either). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the one-currency clear fast path', () => {
  it('books exactly what the CLEAR leg table books, zero fees included', () => {
    const fastPostings: number[][] = [];
    const tablePostings: number[][] = [];
    const fast = book(fastPostings);
    const table = book(tablePostings);
    const r = lcg(7);
    const b = createFeeBreakdown();
    const p: PurchaseInput = { amountMinor: 0, product: 0, mcc: 5411, channelClass: 0, crossBorder: false };
    // Each fee is zero about a third of the time, so every "posting of 0 records nothing" path runs.
    const fee = (): number => (r() < 0.35 ? 0 : Math.floor(r() * 5_000));
    for (let n = 0; n < 3_000; n++) {
      p.amountMinor = 1 + Math.floor(r() * 1_000_000);
      b.interchange = fee();
      b.schemeFeeIssuer = fee();
      b.schemeFeeAcquirer = fee();
      b.merchantDiscount = fee();
      b.platformFee = fee();
      b.cardholderFxFee = fee();
      const cycle = Math.floor(r() * 12);
      const day = Math.floor(r() * 12);
      const issuer = Math.floor(r() * 3);
      const acquirer = Math.floor(r() * 2);
      const currency = Math.floor(r() * 2);
      fast.clear(cycle, day, issuer, acquirer, p, b, currency);
      table.clearByTable(cycle, day, issuer, acquirer, p, b, currency);
    }
    expect(fastPostings).toEqual(tablePostings);
    expect(fast.snapshot()).toEqual(table.snapshot());
    expect([...fast.settlementRows()]).toEqual([...table.settlementRows()]);
    expect(() => fast.verify()).not.toThrow();
  });

  it('throws on the same bad amount as the interpreter, before booking any position', () => {
    const b = createFeeBreakdown();
    b.interchange = -5;
    const p: PurchaseInput = { amountMinor: 100, product: 0, mcc: 5411, channelClass: 0, crossBorder: false };
    const fast = book([]);
    const table = book([]);
    expect(() => fast.clear(0, 0, 0, 0, p, b)).toThrow(/positive safe integer/);
    expect(() => table.clearByTable(0, 0, 0, 0, p, b)).toThrow(/positive safe integer/);
    expect(fast.snapshot()).toEqual(table.snapshot());
  });

  it('refuses a CLEAR table it was not written from', () => {
    expect(() => checkWrittenFrom(CLEAR)).not.toThrow();
    const swapped: LegTable = { legs: [CLEAR.legs[1]!, CLEAR.legs[0]!, ...CLEAR.legs.slice(2)], touches: CLEAR.touches };
    expect(() => checkWrittenFrom(swapped)).toThrow(/CLEAR leg table changed/);
    const longer: LegTable = { legs: [...CLEAR.legs, CLEAR.legs[0]!], touches: CLEAR.touches };
    expect(() => checkWrittenFrom(longer)).toThrow(/CLEAR leg table changed/);
  });
});
