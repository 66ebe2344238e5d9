/**
 * What the fee-model reader reports: issue codes and records, the collector every stage writes
 * into, and the small helpers the stages share (`isObj`, `describe`, the units of amounts).
 */

import type { FeeFormatCode } from '../../diagnostics/codes.js';
import type { FeeModel } from '../fees.js';

/** The codes this reader reports: part of the one code union (diagnostics/codes.ts). */
export type { FeeFormatCode };

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
