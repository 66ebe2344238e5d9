/**
 * Money arithmetic for Quartet: integer minor units, integer rates, one rounding rule.
 *
 * - Amounts are integers of minor units (kopecks, fen, cents; yen for JPY), always with the
 *   currency beside them (a code, or an index into a currency list the caller owns).
 * - Percentage rates are integers of parts per million (`ratePpm`): 1.2 % = 12 000 ppm,
 *   0.0325 % = 325 ppm, 1 bp = 100 ppm.
 * - FX rates are integers scaled by 1e8 (`rateE8`): "1 RUB = 0.1043 CNY" is 10 430 000.
 *
 * ## The rounding rule (used everywhere in src/economics)
 *
 * Every division is exact integer arithmetic followed by **round half to even** ("banker's
 * rounding"): the exact quotient is rounded to the nearest integer, and an exact tie (x.5) goes
 * to the even neighbour. Why:
 * - Ties are common, not exotic: a 0.0325 % scheme fee on CNY 1 000.00 is 32.5 fen, and every
 *   amount ending in 5 or 0 hits a tie at round rates. Half-up would push every tie the same way
 *   and, over millions of simulated purchases, bias fee totals upwards by up to half a minor unit
 *   per tie; half-even is unbiased over a uniform spread of amounts.
 * - It is the IEEE 754 default and the usual rule in financial libraries, so results are easy to
 *   reproduce by hand or in a spreadsheet with an explicit ROUND_HALF_EVEN.
 * - The arithmetic never touches a binary fraction: the product is exact (a Number while it is a
 *   safe integer, a BigInt otherwise) and the remainder decides the rounding, so results are
 *   identical on every platform and never drift.
 *
 * `applyPpm` is exact for any |amount x rate| < 2^53 on the Number path, i.e. any amount below
 * 2^53 / 1e6 ~= 9e9 minor units at rates up to 100 %; above that it switches to BigInt and stays
 * exact up to a result of 2^53.
 *
 * Pure module: no I/O, no clock, no randomness.
 */

/** Parts per million in one (100 %). */
export const PPM = 1_000_000;
/** ppm in one percent. */
export const PPM_PER_PERCENT = 10_000;
/** ppm in one basis point. */
export const PPM_PER_BP = 100;
/** Scale of integer FX rates: `rateE8 = rate x 1e8`. */
export const FX_SCALE = 100_000_000;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** An amount with its currency beside it. */
export interface Money {
  /** Integer minor units. */
  readonly minor: number;
  /** ISO 4217 code, e.g. "RUB". */
  readonly currency: string;
}

/**
 * The currency table: ISO 4217 code -> exponent (decimal places of the minor unit).
 * Sources: ISO 4217 (background knowledge, K): RUB, CNY, USD, EUR and the currencies of the
 * markets of docs/sources.md §8 and of the Chinese travellers (KZT, BYN, UZS, HUF, RSD, THB) have
 * 2 decimals; JPY and KRW have no minor unit.
 */
const CODES = ['RUB', 'CNY', 'USD', 'EUR', 'JPY', 'KZT', 'BYN', 'UZS', 'HUF', 'RSD', 'THB', 'KRW'] as const;
const NO_MINOR_UNIT: ReadonlySet<string> = new Set(['JPY', 'KRW']);
export const CURRENCIES: Readonly<Record<string, { readonly exponent: number }>> = Object.freeze(
  Object.fromEntries(CODES.map((c) => [c, Object.freeze({ exponent: NO_MINOR_UNIT.has(c) ? 0 : 2 })])),
);

/** Whether `code` is in the currency table. */
export function isKnownCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURRENCIES, code);
}

/** Decimal places of the minor unit of `code`; throws RangeError for an unknown currency. */
export function currencyExponent(code: string): number {
  const c = isKnownCurrency(code) ? CURRENCIES[code] : undefined;
  if (c === undefined) {
    throw new RangeError(`unknown currency "${code}" (known: ${Object.keys(CURRENCIES).join(', ')})`);
  }
  return c.exponent;
}

/** 10^n for small non-negative n, exact. */
export function pow10(n: number): number {
  let r = 1;
  for (let i = 0; i < n; i++) r *= 10;
  return r;
}

/**
 * n / d rounded half to even. n and d are integers with |n| <= 2^53 - 1 and d > 0.
 * Exact: the remainder is computed with `%`, which is exact on integers, and (n - r) / d is an
 * exact division of a multiple of d.
 */
export function divRoundHalfEven(n: number, d: number): number {
  const r = n % d;
  let q = (n - r) / d;
  const twice = 2 * Math.abs(r);
  if (twice > d || (twice === d && q % 2 !== 0)) q += n < 0 ? -1 : 1;
  return q + 0; // +0, never -0
}

/** BigInt n / d rounded half to even, d > 0n. */
export function bigDivRoundHalfEven(n: bigint, d: bigint): bigint {
  const r = n % d; // sign of n
  let q = n / d; // truncates toward zero
  const twice = 2n * (r < 0n ? -r : r);
  if (twice > d || (twice === d && q % 2n !== 0n)) q += n < 0n ? -1n : 1n;
  return q;
}

function bigToSafeNumber(x: bigint, what: string): number {
  if (x > BigInt(MAX_SAFE) || x < -BigInt(MAX_SAFE)) {
    throw new RangeError(`${what} ${x} exceeds 2^53 - 1 minor units`);
  }
  return Number(x);
}

/**
 * `amountMinor x ratePpm / 1e6`, rounded half to even. Both arguments must be integers.
 * Hot path: a multiplication, a remainder and a comparison unless the product exceeds 2^53.
 */
export function applyPpm(amountMinor: number, ratePpm: number): number {
  const prod = amountMinor * ratePpm;
  // Fast path (the usual case): 0 <= prod < 2^52. The float quotient is within one unit of the
  // true one, q * 1e6 stays an exact integer, and the remainder fix-up makes q exact; no fmod.
  if (prod >= 0 && prod < 4_503_599_627_370_496) {
    let q = Math.floor(prod / PPM);
    let rem = prod - q * PPM;
    if (rem < 0) {
      q -= 1;
      rem += PPM;
    } else if (rem >= PPM) {
      q += 1;
      rem -= PPM;
    }
    // `q & 1` keeps the parity: ToInt32 reduces modulo 2^32, an even number.
    if (rem > 500_000 || (rem === 500_000 && (q & 1) === 1)) q += 1;
    return q + 0; // +0 for a -0 product
  }
  // If the exact product is >= 2^53 the rounded double is >= 2^53 too, so this test is sound.
  if (prod <= MAX_SAFE && prod >= -MAX_SAFE) return divRoundHalfEven(prod, PPM);
  return bigToSafeNumber(
    bigDivRoundHalfEven(BigInt(amountMinor) * BigInt(ratePpm), BigInt(PPM)),
    'applyPpm result',
  );
}

/** `a x b / d` for integers, rounded half to even, BigInt only when a x b is not a safe integer. */
export function mulDivRoundHalfEven(a: number, b: number, d: number): number {
  const prod = a * b;
  if (prod <= MAX_SAFE && prod >= -MAX_SAFE) return divRoundHalfEven(prod, d);
  return bigToSafeNumber(bigDivRoundHalfEven(BigInt(a) * BigInt(b), BigInt(d)), 'mulDiv result');
}

/**
 * Convert an amount between currencies with an integer rate.
 * @param amountMinor minor units of the source currency
 * @param rateE8 units of the target currency per one unit (major) of the source, x 1e8
 * @param fromExponent decimal places of the source currency
 * @param toExponent decimal places of the target currency
 * @returns minor units of the target currency, rounded half to even
 */
export function fxConvert(amountMinor: number, rateE8: number, fromExponent: number, toExponent: number): number {
  // Number path (exact, same result): amount x rate x 10^up / 1e8, or amount x rate / (1e8 x 10^down);
  // mulDivRoundHalfEven itself falls back to BigInt when the product is not a safe integer.
  if (Number.isSafeInteger(amountMinor) && Number.isSafeInteger(rateE8)) {
    const up = toExponent - fromExponent;
    if (up >= 0 && up <= 15) {
      const r = rateE8 * pow10(up);
      if (Number.isSafeInteger(r)) return mulDivRoundHalfEven(amountMinor, r, FX_SCALE) + 0;
    } else if (up < 0 && up >= -7) {
      return mulDivRoundHalfEven(amountMinor, rateE8, FX_SCALE * pow10(-up)) + 0;
    }
  }
  const num = BigInt(amountMinor) * BigInt(rateE8) * 10n ** BigInt(toExponent);
  const den = BigInt(FX_SCALE) * 10n ** BigInt(fromExponent);
  return bigToSafeNumber(bigDivRoundHalfEven(num, den), 'fxConvert result');
}

/** The inverse of an integer rate, 1e16 / rateE8 rounded half to even. */
export function invertRateE8(rateE8: number): number {
  if (!(rateE8 > 0)) throw new RangeError(`FX rate must be positive, got ${rateE8}`);
  return bigToSafeNumber(bigDivRoundHalfEven(BigInt(FX_SCALE) * BigInt(FX_SCALE), BigInt(rateE8)), 'inverse rate');
}

// ---------------------------------------------------------------------------------------------
// Exact decimal parsing (YAML numbers and strings)
// ---------------------------------------------------------------------------------------------

/** Result of an exact parse: the integer, or why it failed. */
export type ParseResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parse a decimal number (a string, or a JS number via its shortest round-trip text, so
 * `0.0325` reads as the digits 0.0325, never as the binary double) and scale it by 10^scale.
 * Fails if the scaled value is not an integer (more precision than the unit allows) or is not
 * a safe integer.
 */
export function parseDecimalScaled(input: unknown, scale: number): ParseResult {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: `not a finite number: ${input}` };
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim().replace(/_/g, '');
  } else {
    return { ok: false, message: `expected a number, got ${describe(input)}` };
  }
  const m = DECIMAL_RE.exec(text);
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (!m || (intPart === '' && fracPart === '')) return { ok: false, message: `not a decimal number: "${text}"` };
  const sign = m[1] === '-' ? -1n : 1n;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  let digits = BigInt(intPart + fracPart || '0');
  let shift = scale + exp - fracPart.length; // value = digits x 10^shift
  if (shift >= 0) {
    if (shift > 30) return { ok: false, message: `number too large: "${text}"` };
    digits *= 10n ** BigInt(shift);
  } else {
    while (shift < 0) {
      if (digits % 10n !== 0n) {
        return { ok: false, message: `"${text}" has more decimal places than the unit allows (1e-${scale})` };
      }
      digits /= 10n;
      shift++;
    }
  }
  const v = sign * digits;
  if (v > BigInt(MAX_SAFE) || v < -BigInt(MAX_SAFE)) return { ok: false, message: `number too large: "${text}"` };
  return { ok: true, value: Number(v) + 0 };
}

/**
 * A percentage to ppm, exactly: `0.0325` or `"0.0325"` or `"0.0325%"` -> 325; `"12bp"` or
 * `"12 bps"` -> 1200. Plain numbers are percent. At most 4 decimal places of a percent (1 ppm).
 */
export function parsePercentPpm(input: unknown): ParseResult {
  if (typeof input === 'string') {
    const t = input.trim();
    const bp = /^(.*?)\s*(bp|bps)$/i.exec(t);
    if (bp) return parseDecimalScaled(bp[1], 2);
    const pct = /^(.*?)\s*%$/.exec(t);
    if (pct) return parseDecimalScaled(pct[1], 4);
    return parseDecimalScaled(t, 4);
  }
  return parseDecimalScaled(input, 4);
}

/** A major-unit decimal amount to minor units of a currency with `exponent` decimals, exactly. */
export function parseAmountMinor(input: unknown, exponent: number): ParseResult {
  return parseDecimalScaled(input, exponent);
}

/** An FX rate (units of target per unit of source) to rateE8, exactly (at most 8 decimals). */
export function parseRateE8(input: unknown): ParseResult {
  return parseDecimalScaled(input, 8);
}

/** Plain decimal text of a minor amount, e.g. formatMinor(1300, 2) = "13.00". */
export function formatMinor(amountMinor: number, exponent: number): string {
  const neg = amountMinor < 0;
  const s = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  const body = exponent === 0 ? s : `${s.slice(0, s.length - exponent)}.${s.slice(s.length - exponent)}`;
  return neg ? `-${body}` : body;
}

/** ppm as a percent string without float noise, e.g. formatPpm(325) = "0.0325 %". */
export function formatPpm(ratePpm: number): string {
  const neg = ratePpm < 0;
  const s = String(Math.abs(ratePpm)).padStart(5, '0');
  let body = `${s.slice(0, s.length - 4)}.${s.slice(s.length - 4)}`.replace(/0+$/, '').replace(/\.$/, '');
  if (neg) body = `-${body}`;
  return `${body} %`;
}

/** A Money's text, e.g. "CNY 13.00". */
export function formatMoney(m: Money): string {
  return `${m.currency} ${formatMinor(m.minor, currencyExponent(m.currency))}`;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  return typeof x === 'object' ? 'a mapping' : `${typeof x} ${JSON.stringify(x)}`;
}

// ---------------------------------------------------------------------------------------------
// FX tables: fixed rates or daily series
// ---------------------------------------------------------------------------------------------

/** One resolved FX pair: `rateE8[d]` is the rate on day d (the last value holds afterwards). */
export interface FxSeries {
  /** Source currency (the BASE of "BASE/QUOTE"). */
  readonly from: string;
  /** Target currency (the QUOTE). */
  readonly to: string;
  /** Units of `to` per unit of `from`, x 1e8, one per day from day 0; length >= 1. */
  readonly rateE8: readonly number[];
}

/**
 * A table of FX rates. `rateE8(from, to, day)` uses the direct pair, else the inverse of the
 * reverse pair (rounded half to even); a day past the end of a series uses its last value.
 */
export class FxTable {
  private readonly pairs = new Map<string, readonly number[]>();

  constructor(series: readonly FxSeries[]) {
    for (const s of series) {
      if (s.rateE8.length === 0) throw new RangeError(`FX series ${s.from}/${s.to} is empty`);
      this.pairs.set(`${s.from}/${s.to}`, s.rateE8);
    }
  }

  /** Whether a rate from -> to is available (directly or inverted). */
  has(from: string, to: string): boolean {
    return from === to || this.pairs.has(`${from}/${to}`) || this.pairs.has(`${to}/${from}`);
  }

  /** Units of `to` per unit of `from` on `day`, x 1e8. Throws RangeError if the pair is missing. */
  rateE8(from: string, to: string, day: number): number {
    if (from === to) return FX_SCALE;
    const direct = this.pairs.get(`${from}/${to}`);
    if (direct) return pick(direct, day);
    const reverse = this.pairs.get(`${to}/${from}`);
    if (reverse) return invertRateE8(pick(reverse, day));
    throw new RangeError(`no FX rate for ${from}/${to}`);
  }

  /** Convert `amountMinor` of `from` to minor units of `to` at the rate of `day`. */
  convert(amountMinor: number, from: string, to: string, day: number): number {
    if (from === to) return amountMinor;
    return fxConvert(amountMinor, this.rateE8(from, to, day), currencyExponent(from), currencyExponent(to));
  }
}

function pick(series: readonly number[], day: number): number {
  const i = day < 0 ? 0 : day >= series.length ? series.length - 1 : Math.floor(day);
  return series[i] as number;
}
