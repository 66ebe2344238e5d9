/**
 * What every section resolver of the scenario pipeline shares: the document (as plain JS), the
 * paths that failed the structural check, the report, the scenario currency once the run section
 * has read it, and typed readers that fall back to defaults and convert units.
 *
 * Values that failed the structural check are "bad": the readers return them as unknown
 * (`undefined`, or `BAD` from `raw`) and the sections skip the checks that would need them, so
 * one mistake gives one error, not a cascade.
 */

import { formatDuration, parseDurationDetailed } from './duration.js';
import { didYouMean, formatNumber, type ScenarioPath } from './errors.js';
import type { LoadedDocument } from './load.js';
import type { Reporter } from './report.js';
import type { AmountDist, DurationDist } from './types.js';

/** Tolerance of "sums to 1" checks. */
export const SUM_TOLERANCE = 1e-6;

/** A raw value that failed the structural check (or has such a value inside it, or on the way to it). */
export const BAD = Symbol('bad');

export type Obj = Readonly<Record<string, unknown>>;
export type Path = ScenarioPath;
type Raw = unknown;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** `'a', 'b', 3` for a message. */
export function quoteList(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
}

/** `; did you mean 'x'?` for a near name, else `; the <plural> are 'a', 'b'` (after an unknown name). */
export function nameHint(name: string, names: readonly string[], plural: string): string {
  return didYouMean(name, names) || `; the ${plural} are ${quoteList(names)}`;
}

/**
 * The fields when every one is defined (a section resolved in full), else undefined. The object
 * is returned as given, so its keys keep their order.
 */
export function allDefined<T extends object>(fields: T): { [K in keyof T]: Exclude<T[K], undefined> } | undefined {
  for (const value of Object.values(fields)) if (value === undefined) return undefined;
  return fields as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** One key per path segment, so that a key and its number twin ('3' and 3) stay apart. */
function segmentKey(segment: string | number): string {
  return typeof segment === 'number' ? `#${segment}` : `.${segment}`;
}

function isResolvedDist(v: unknown): v is DurationDist {
  return isObj(v) && typeof v['kind'] === 'string';
}

/** The shared state and readers of the section resolvers. */
export class ResolveContext {
  /** The scenario currency and its exponent; set by the run section (undefined when in error). */
  currency: string | undefined;
  exponent: number | undefined;

  /** Keys of the paths that failed the structural check. */
  private readonly badPaths = new Set<string>();
  /** Keys of every prefix of those paths (the containers on the way to a failed value). */
  private readonly badPrefixes = new Set<string>();

  constructor(
    readonly loaded: LoadedDocument,
    readonly root: Obj,
    bad: readonly Path[],
    readonly report: Reporter,
  ) {
    // Sets of path keys rather than a scan of `bad` on every read: a file with tens of thousands
    // of structural errors would otherwise take time quadratic in its size.
    for (const b of bad) {
      let key = '';
      this.badPrefixes.add(key);
      for (const segment of b) {
        key += segmentKey(segment);
        this.badPrefixes.add(key);
      }
      this.badPaths.add(key);
    }
  }

  /** Whether `path`, a value inside it, or a container on the way to it failed the structural check. */
  private isBad(path: Path): boolean {
    if (this.badPaths.size === 0) return false;
    let key = '';
    if (this.badPaths.has(key)) return true;
    for (const segment of path) {
      key += segmentKey(segment);
      if (this.badPaths.has(key)) return true;
    }
    return this.badPrefixes.has(key);
  }

  /**
   * The raw value at `path`: `fallback` when absent, `BAD` when it (or something inside it, or a
   * container on the way) failed the structural check.
   */
  raw(path: Path, fallback?: Raw): Raw | typeof BAD {
    if (this.isBad(path)) return BAD;
    let node: unknown = this.root;
    for (const segment of path) {
      if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
      else if (isObj(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
      else if (isObj(node) || node === undefined) return fallback;
      else return BAD;
    }
    return node === undefined ? fallback : node;
  }

  /** The raw value at `path` as written, ignoring structural errors (for iterating over lists and maps). */
  peek(path: Path): unknown {
    let node: unknown = this.root;
    for (const segment of path) {
      if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
      else if (isObj(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
      else return undefined;
    }
    return node;
  }

  /** Whether `path` is written in the file (whatever its value). */
  present(path: Path): boolean {
    let node: unknown = this.root;
    for (const segment of path) {
      if (isObj(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
      else if (Array.isArray(node) && typeof segment === 'number' && segment < node.length) node = node[segment];
      else return false;
    }
    return true;
  }

  /** A finite number at `path` (or `fallback`); undefined when absent without fallback, bad or not a number. The readers below are alike. */
  number(path: Path, fallback?: number): number | undefined {
    const v = this.raw(path, fallback);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }

  integer(path: Path, fallback?: number): number | undefined {
    const v = this.number(path, fallback);
    return v !== undefined && Number.isSafeInteger(v) ? v : undefined;
  }

  boolean(path: Path, fallback: boolean): boolean | undefined {
    const v = this.raw(path, fallback);
    return typeof v === 'boolean' ? v : undefined;
  }

  string(path: Path, fallback?: string): string | undefined {
    const v = this.raw(path, fallback);
    return typeof v === 'string' ? v : undefined;
  }

  numbers(path: Path, fallback?: readonly number[]): number[] | undefined {
    const v = this.raw(path, fallback);
    return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : undefined;
  }

  strings(path: Path, fallback?: readonly string[]): string[] | undefined {
    const v = this.raw(path, fallback);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  }

  /** A duration in µs; `min` is 'positive' or 'non-negative' (checked, reported at `path`). */
  duration(path: Path, fallback: string | undefined, min: 'positive' | 'non-negative' | 'any' = 'non-negative'): number | undefined {
    const v = this.raw(path, fallback);
    if (typeof v !== 'string') return undefined;
    return this.durationValue(v, path, min);
  }

  private durationValue(text: string, path: Path, min: 'positive' | 'non-negative' | 'any'): number | undefined {
    const parsed = parseDurationDetailed(text);
    if (!parsed.ok) {
      this.report.add(path, 'invalid_format', parsed.reason);
      return undefined;
    }
    if (min === 'positive' && parsed.us <= 0) {
      this.report.add(path, 'out_of_range', `must be longer than 0; got ${text}`);
      return undefined;
    }
    if (min === 'non-negative' && parsed.us < 0) {
      this.report.add(path, 'out_of_range', `must not be negative; got ${text}`);
      return undefined;
    }
    return parsed.us;
  }

  /** A duration distribution, resolved; `fallback` (already resolved) when absent. */
  durationDist(path: Path, fallback: DurationDist | Raw): DurationDist | undefined {
    if (!this.present(path)) return isResolvedDist(fallback) ? fallback : this.distFromRaw(fallback, path);
    const v = this.raw(path);
    return v === BAD ? undefined : this.distFromRaw(v, path);
  }

  private distFromRaw(v: Raw, path: Path): DurationDist | undefined {
    if (typeof v === 'string') {
      const us = this.durationValue(v, path, 'non-negative');
      return us === undefined ? undefined : { kind: 'fixed', valueUs: us };
    }
    if (!isObj(v)) return undefined;
    const field = (key: string, min: 'positive' | 'non-negative'): number | undefined => {
      const x = v[key];
      return typeof x === 'string' ? this.durationValue(x, [...path, key], min) : undefined;
    };
    switch (v['dist']) {
      case 'fixed': {
        const valueUs = field('value', 'non-negative');
        return valueUs === undefined ? undefined : { kind: 'fixed', valueUs };
      }
      case 'exponential': {
        const meanUs = field('mean', 'positive');
        return meanUs === undefined ? undefined : { kind: 'exponential', meanUs };
      }
      case 'lognormal': {
        const meanUs = field('mean', 'positive');
        const sigma = v['sigma'];
        return meanUs === undefined || typeof sigma !== 'number' ? undefined : { kind: 'lognormal', meanUs, sigma };
      }
      case 'uniform': {
        const minUs = field('min', 'non-negative');
        const maxUs = field('max', 'non-negative');
        if (minUs === undefined || maxUs === undefined) return undefined;
        if (minUs > maxUs) {
          this.report.add([...path, 'max'], 'out_of_range', `max ${formatDuration(maxUs)} is below min ${formatDuration(minUs)}`);
          return undefined;
        }
        return { kind: 'uniform', minUs, maxUs };
      }
      case 'mixture': {
        const of = v['of'];
        if (!Array.isArray(of)) return undefined;
        const parts = of.map((part: unknown, i) => {
          const w = isObj(part) ? part['weight'] : undefined;
          const value = isObj(part) ? this.distFromRaw(part['value'] as Raw, [...path, 'of', i, 'value']) : undefined;
          return typeof w === 'number' && value !== undefined ? { weight: w, value } : undefined;
        });
        return parts.every((p) => p !== undefined) ? { kind: 'mixture', parts: parts as { weight: number; value: DurationDist }[] } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Major units -> integer minor units of the scenario currency. */
  private minor(amount: number | undefined, path: Path): number | undefined {
    if (amount === undefined || this.exponent === undefined) return undefined;
    const m = Math.round(amount * 10 ** this.exponent);
    if (Number.isSafeInteger(m)) return m;
    this.report.add(path, 'out_of_range', `${formatNumber(amount)} ${this.currency ?? ''} is too large to count exactly in minor units`);
    return undefined;
  }

  /** An amount in major units at `path`, in integer minor units of the scenario currency. */
  money(path: Path, fallback?: number): number | undefined {
    return this.minor(this.number(path, fallback), path);
  }

  /** An amount distribution in minor units; for a ticket, amounts must be at least one minor unit. */
  amountDist(path: Path, fallback: Raw, ticket: boolean): AmountDist | undefined {
    const v = this.raw(path, fallback);
    if (!isObj(v)) return undefined;
    const tooSmall = (key: string, amount: number): void => {
      this.report.add([...path, key], 'out_of_range', `${formatNumber(amount)} ${this.currency ?? ''} rounds to 0 minor units; a purchase amount must be positive`);
    };
    if (v['dist'] === 'fixed' && typeof v['value'] === 'number') {
      const valueMinor = this.minor(v['value'], [...path, 'value']);
      if (valueMinor === undefined) return undefined;
      if (ticket && valueMinor <= 0) return void tooSmall('value', v['value']);
      return { kind: 'fixed', valueMinor };
    }
    if (v['dist'] === 'lognormal' && typeof v['mean'] === 'number' && typeof v['sigma'] === 'number') {
      const meanMinor = this.minor(v['mean'], [...path, 'mean']);
      if (meanMinor === undefined) return undefined;
      if (meanMinor <= 0) return void tooSmall('mean', v['mean']);
      return { kind: 'lognormal', meanMinor, sigma: v['sigma'] };
    }
    return undefined;
  }

  /** Reports a `bad_sum` unless `values` sum to 1 within the tolerance. */
  sumsToOne(values: readonly number[], path: Path, what: string): boolean {
    const total = sum(values);
    if (Math.abs(total - 1) <= SUM_TOLERANCE) return true;
    this.report.add(path, 'bad_sum', `${what} sum to ${formatNumber(total)}; they must sum to 1 (within ${SUM_TOLERANCE})`);
    return false;
  }

  /** Reports each name given more than once (at its second and later places). */
  checkUnique(names: readonly string[], path: (i: number) => Path, what: string): boolean {
    const first = new Map<string, number>();
    let ok = true;
    names.forEach((name, i) => {
      const j = first.get(name);
      if (j === undefined) first.set(name, i);
      else {
        ok = false;
        this.report.add(path(i), 'duplicate_name', `${what} '${name}' is given twice (first at index ${j}); names must be unique`);
      }
    });
    return ok;
  }

  /**
   * The keys of the mapping at `path` (as written), reporting each that names no party of
   * `names` (`unknown_name`, at the key); every key is known while `names` is undefined.
   * @returns the known keys, and whether some key was unknown.
   */
  namedKeys(path: Path, names: readonly string[] | undefined, role: string): { keys: string[]; unknown: boolean } {
    const raw = this.peek(path);
    const keys: string[] = [];
    let unknown = false;
    if (!isObj(raw)) return { keys, unknown };
    const plural = `${role}s`;
    for (const key of Object.keys(raw)) {
      if (names !== undefined && !names.includes(key)) {
        unknown = true;
        this.report.add([...path, key], 'unknown_name', `unknown ${role} '${key}' in ${path.join('.')}${nameHint(key, names, plural)}`, 'key');
      } else keys.push(key);
    }
    return { keys, unknown };
  }
}
