/** money.ts: integer minor-unit arithmetic (round half to even, ppm), exact decimal parsing, FX conversion and formatting. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyPpm,
  currencyExponent,
  divRoundHalfEven,
  formatMinor,
  formatPpm,
  fxConvert,
  FxTable,
  invertRateE8,
  mulDivRoundHalfEven,
  parseAmountMinor,
  parsePercentPpm,
  parseRateE8,
} from '../../src/economics/index.js';

/** Independent reference: round-half-even of a/b with BigInt, by comparing 2*remainder to b. */
function refDiv(a: bigint, b: bigint): bigint {
  const neg = a < 0n;
  const x = neg ? -a : a;
  let q = x / b;
  const r2 = 2n * (x % b);
  if (r2 > b || (r2 === b && q % 2n === 1n)) q += 1n;
  return neg ? -q : q;
}

describe('round half to even', () => {
  it('rounds exact ties to the even neighbour, others to nearest', () => {
    expect(divRoundHalfEven(5, 2)).toBe(2); // 2.5 -> 2
    expect(divRoundHalfEven(7, 2)).toBe(4); // 3.5 -> 4
    expect(divRoundHalfEven(-5, 2)).toBe(-2);
    expect(divRoundHalfEven(-7, 2)).toBe(-4);
    expect(divRoundHalfEven(2, 3)).toBe(1); // 0.67
    expect(divRoundHalfEven(1, 3)).toBe(0);
    expect(divRoundHalfEven(-2, 3)).toBe(-1);
    expect(Object.is(divRoundHalfEven(-1, 4), 0)).toBe(true); // -0.25 -> +0, never -0
  });

  it('applyPpm: 1.2 % of RUB 1,000.00 is RUB 12.00', () => {
    expect(applyPpm(100_000, 12_000)).toBe(1_200);
  });

  it('applyPpm ties: 0.0325 % of CNY 1,000.00 is 32.5 fen -> 32; of CNY 3,000.00 is 97.5 -> 98', () => {
    expect(applyPpm(100_000, 325)).toBe(32);
    expect(applyPpm(300_000, 325)).toBe(98);
    expect(applyPpm(25, 20_000)).toBe(0); // 0.5 -> 0
    expect(applyPpm(75, 20_000)).toBe(2); // 1.5 -> 2
    expect(applyPpm(-75, 20_000)).toBe(-2);
  });

  it('applyPpm switches to BigInt beyond 2^53 and stays exact', () => {
    // 4e15 x 12345 = 4.938e19 > 2^53; / 1e6 = 49 380 000 000 000 exactly.
    expect(applyPpm(4_000_000_000_000_000, 12_345)).toBe(49_380_000_000_000);
    // 50 % of 3e15 + 1 = 1.5e15 + 0.5: a tie, to the even 1.5e15.
    expect(applyPpm(3_000_000_000_000_001, 500_000)).toBe(1_500_000_000_000_000);
    // 50 % of 3e15 + 3 = 1.5e15 + 1.5: a tie, to the even 1.5e15 + 2.
    expect(applyPpm(3_000_000_000_000_003, 500_000)).toBe(1_500_000_000_000_002);
  });

  it('applyPpm agrees with a BigInt reference on random amounts and rates', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_000_000_000_000, max: 9_000_000_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (a, r) => {
        expect(applyPpm(a, r)).toBe(Number(refDiv(BigInt(a) * BigInt(r), 1_000_000n)));
      }),
      { numRuns: 2000 },
    );
  });

  it('mulDivRoundHalfEven agrees with the reference', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 1, max: 2 ** 30 }), (a, b, d) => {
        const ref = refDiv(BigInt(a) * BigInt(b), BigInt(d));
        fc.pre(ref <= BigInt(Number.MAX_SAFE_INTEGER));
        expect(mulDivRoundHalfEven(a, b, d)).toBe(Number(ref));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('exact decimal parsing', () => {
  it('reads percentages to ppm without float drift', () => {
    expect(parsePercentPpm(0.0325)).toEqual({ ok: true, value: 325 });
    expect(parsePercentPpm('0.0325')).toEqual({ ok: true, value: 325 });
    expect(parsePercentPpm('0.0325%')).toEqual({ ok: true, value: 325 });
    expect(parsePercentPpm(1.2)).toEqual({ ok: true, value: 12_000 });
    expect(parsePercentPpm('120bp')).toEqual({ ok: true, value: 12_000 });
    expect(parsePercentPpm('12 bps')).toEqual({ ok: true, value: 1_200 });
    expect(parsePercentPpm(100)).toEqual({ ok: true, value: 1_000_000 });
    expect(parsePercentPpm(0.0001)).toEqual({ ok: true, value: 1 });
    expect(parsePercentPpm(0.35)).toEqual({ ok: true, value: 3_500 });
    expect(parsePercentPpm(0.065)).toEqual({ ok: true, value: 650 });
  });

  it('refuses more precision than 1 ppm instead of rounding silently', () => {
    expect(parsePercentPpm(0.00001).ok).toBe(false);
    expect(parsePercentPpm(1e-7).ok).toBe(false);
    // 0.1 + 0.2 is 0.30000000000000004 in binary: not a 4-decimal percentage.
    expect(parsePercentPpm(0.1 + 0.2).ok).toBe(false);
    expect(parsePercentPpm('abc').ok).toBe(false);
    expect(parsePercentPpm(Number.NaN).ok).toBe(false);
    expect(parsePercentPpm(null).ok).toBe(false);
  });

  it('reads amounts to minor units of the currency exponent', () => {
    expect(parseAmountMinor(13, currencyExponent('CNY'))).toEqual({ ok: true, value: 1_300 });
    expect(parseAmountMinor('0.5', 2)).toEqual({ ok: true, value: 50 });
    expect(parseAmountMinor('1_000.25', 2)).toEqual({ ok: true, value: 100_025 });
    expect(parseAmountMinor(3.25, 2)).toEqual({ ok: true, value: 325 });
    expect(parseAmountMinor(150, currencyExponent('JPY'))).toEqual({ ok: true, value: 150 });
    expect(parseAmountMinor(1.5, currencyExponent('JPY')).ok).toBe(false);
    expect(parseAmountMinor(0.001, 2).ok).toBe(false);
    expect(parseAmountMinor(-2.5, 2)).toEqual({ ok: true, value: -250 });
  });

  it('reads FX rates x 1e8', () => {
    expect(parseRateE8(0.1043)).toEqual({ ok: true, value: 10_430_000 });
    expect(parseRateE8('9.5')).toEqual({ ok: true, value: 950_000_000 });
    expect(parseRateE8('0.000000001').ok).toBe(false);
  });

  it('unknown currencies throw', () => {
    expect(() => currencyExponent('XXX')).toThrow(/unknown currency/);
  });
});

describe('FX conversion', () => {
  it('RUB 1,000.00 at 0.1043 CNY/RUB is CNY 104.30', () => {
    expect(fxConvert(100_000, 10_430_000, 2, 2)).toBe(10_430);
  });

  it('rounds ties half to even across exponents (USD cents -> JPY)', () => {
    // 50 JPY per USD: 1 cent = 0.5 yen -> 0; 3 cents = 1.5 -> 2; 5 cents = 2.5 -> 2; 7 cents = 3.5 -> 4.
    expect(fxConvert(1, 5_000_000_000, 2, 0)).toBe(0);
    expect(fxConvert(3, 5_000_000_000, 2, 0)).toBe(2);
    expect(fxConvert(5, 5_000_000_000, 2, 0)).toBe(2);
    expect(fxConvert(7, 5_000_000_000, 2, 0)).toBe(4);
    // JPY 150 at 0.00666667 USD/JPY = USD 1.0000005 = 100.00005 cents -> 100.
    expect(fxConvert(150, 666_667, 0, 2)).toBe(100);
  });

  it('is exact on any input: the Number path agrees with BigInt half-even arithmetic', () => {
    const ref = (x: number, r: number, f: number, t: number): bigint => {
      const n = BigInt(x) * BigInt(r) * 10n ** BigInt(t);
      const d = 100_000_000n * 10n ** BigInt(f);
      const q = n / d;
      const r2 = 2n * (n % d < 0n ? -(n % d) : n % d);
      return r2 > d || (r2 === d && q % 2n !== 0n) ? q + (n < 0n ? -1n : 1n) : q;
    };
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -(2 ** 50), max: 2 ** 50 })),
        fc.oneof(fc.integer({ min: 1, max: 200_000_000 }), fc.integer({ min: 1, max: 2 ** 45 }), fc.constantFrom(10_309_278, 1_250_000, 5_000_000_000)),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 8 }),
        (x, r, f, t) => {
          const want = ref(x, r, f, t);
          if (want > BigInt(Number.MAX_SAFE_INTEGER) || want < -BigInt(Number.MAX_SAFE_INTEGER)) {
            expect(() => fxConvert(x, r, f, t)).toThrow(RangeError);
          } else {
            expect(Object.is(fxConvert(x, r, f, t), Number(want) + 0)).toBe(true);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('inverts rates with the same rounding', () => {
    // 1e16 / 10 430 000 = 958 772 770.853... -> 958 772 771.
    expect(invertRateE8(10_430_000)).toBe(958_772_771);
  });

  it('FxTable: fixed rates, daily series (last value holds), inverse pairs', () => {
    const t = new FxTable([
      { from: 'CNY', to: 'RUB', rateE8: [950_000_000, 960_000_000, 970_000_000] },
      { from: 'USD', to: 'RUB', rateE8: [6_500_000_000] },
    ]);
    expect(t.rateE8('CNY', 'RUB', 0)).toBe(950_000_000);
    expect(t.rateE8('CNY', 'RUB', 1)).toBe(960_000_000);
    expect(t.rateE8('CNY', 'RUB', 29)).toBe(970_000_000);
    expect(t.convert(10_000, 'CNY', 'RUB', 1)).toBe(96_000); // CNY 100 -> RUB 960
    expect(t.rateE8('RUB', 'USD', 3)).toBe(1_538_462); // 1e16 / 6.5e9 = 1 538 461.54 -> 1 538 462
    expect(t.convert(777, 'RUB', 'RUB', 0)).toBe(777);
    expect(() => t.rateE8('EUR', 'RUB', 0)).toThrow(/no FX rate/);
  });
});

describe('formatting', () => {
  it('formats minor units and ppm exactly', () => {
    expect(formatMinor(1_300, 2)).toBe('13.00');
    expect(formatMinor(-5, 2)).toBe('-0.05');
    expect(formatMinor(150, 0)).toBe('150');
    expect(formatPpm(325)).toBe('0.0325 %');
    expect(formatPpm(12_000)).toBe('1.2 %');
    expect(formatPpm(0)).toBe('0 %');
  });
});
