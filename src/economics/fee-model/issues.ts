/**
 * What the fee-model reader reports: issue codes and records, the collector every stage writes
 * into, and the small helpers the stages share (`isObj`, `describe`, the units of amounts).
 */

import type { FeeModel } from '../fees.js';

export type FeeFormatCode =
  | 'type'
  | 'required'
  | 'unknown_key'
  | 'unknown_preset'
  | 'invalid_value'
  | 'invalid_number'
  | 'unknown_currency'
  | 'currency_mismatch'
  | 'not_applicable'
  | 'duplicate_name'
  | 'matches_nothing'
  | 'overlap'
  | 'fee_exceeds_purchase'
  | 'uncovered';

export interface FeeFormatIssue {
  /** Path relative to the fee-model node; `['model']` for a problem inside a preset. */
  readonly path: (string | number)[];
  readonly code: FeeFormatCode;
  readonly message: string;
}

export interface ResolveResult {
  /** Set when there are no errors. */
  readonly model?: FeeModel;
  readonly errors: FeeFormatIssue[];
  /** Non-fatal: e.g. purchases no interchange rule covers (they pay no interchange). */
  readonly warnings: FeeFormatIssue[];
}

export interface ResolveOptions {
  /**
   * The scenario currency. A model without `currency` takes it; a model in another currency is
   * converted with its `fx.rates` (day 0) or, if it has no fixed amounts, relabelled; otherwise
   * it is a `currency_mismatch` error.
   */
  readonly currency?: string;
}

/** A path into the fee-model node: mapping keys and list indexes. */
export type Path = (string | number)[];
/** A YAML mapping. */
export type Obj = Record<string, unknown>;

/** The currency amounts are read in and its number of decimals. */
export interface Units {
  readonly exponent: number;
  readonly currency: string;
}

export function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A raw value for a message: `null`, `a list`, `a mapping`, `string "x"`. */
export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (isObj(x)) return 'a mapping';
  return `${typeof x} ${JSON.stringify(x)}`;
}

/** Errors and warnings of one reading, in the order they were found. */
export class Issues {
  /** How messages refer to rule i of a list ("interchange[3]", or "of preset ru-2019"). */
  ruleRef: (label: string, i: number) => string = (label, i) => `${label === 'mdr' ? 'acquirer.mdr' : label}[${i}]`;
  readonly errors: FeeFormatIssue[] = [];
  readonly warnings: FeeFormatIssue[] = [];
  err(path: Path, code: FeeFormatCode, message: string): void {
    this.errors.push({ path: [...path], code, message });
  }
  warn(path: Path, code: FeeFormatCode, message: string): void {
    this.warnings.push({ path: [...path], code, message });
  }
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** The candidate nearest to `name` (ties: first), or undefined if none is reasonably close. */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.ceil(best.length / 2)) ? best : undefined;
}
