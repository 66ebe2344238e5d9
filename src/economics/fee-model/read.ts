/**
 * Reading stage of the fee model: raw YAML values (percentages, amounts, MCC lists, rule lists,
 * scheme-fee sides) into the resolved numbers of fees.ts, exactly (no binary floating point),
 * with an issue for every value that cannot be read. Relations between values (overlapping
 * rules, fees above the purchase) are the checking stage's (check.ts).
 */

import { formatMinor, formatPpm, isKnownCurrency, parseAmountMinor, parsePercentPpm, parseRateE8, type FxSeries } from '../money.js';
import {
  ALL_CHANNELS,
  ALL_PRODUCTS,
  ALL_REGIONS,
  CHANNEL_CLASSES,
  MCC_COUNT,
  PRODUCTS,
  REGIONS,
  ZERO_FEE,
  type FeeRule,
  type FeeSpec,
  type MccRange,
  type SchemeSideFees,
} from '../fees.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { describe, isObj, type Issues, type Obj, type Path, type Units } from './issues.js';

export function checkKeys(node: Obj, path: Path, allowed: readonly string[], is: Issues): void {
  for (const k of Object.keys(node)) {
    if (allowed.includes(k)) continue;
    is.err([...path, k], 'unknown_key', `unknown key "${k}"${didYouMean(k, allowed, '"')} (allowed: ${allowed.join(', ')})`);
  }
}

/** The node as a mapping, or an error (undefined / null count as absent -> {}). */
export function mapping(node: unknown, path: Path, is: Issues, allowed: readonly string[]): Obj | null {
  if (node === undefined || node === null) return {};
  if (!isObj(node)) {
    is.err(path, 'wrong_type', `expected a mapping, got ${describe(node)}`);
    return null;
  }
  checkKeys(node, path, allowed, is);
  return node;
}

export function readPct(node: Obj, key: string, path: Path, is: Issues, dflt = 0): number {
  const v = node[key];
  if (v === undefined || v === null) return dflt;
  const r = parsePercentPpm(v);
  if (!r.ok) {
    is.err([...path, key], 'invalid_format', `${key}: ${r.message}`);
    return dflt;
  }
  if (r.value < 0) {
    is.err([...path, key], 'invalid_value', `${key} must not be negative, got ${formatPpm(r.value)}`);
    return dflt;
  }
  return r.value;
}

export function readAmount(node: Obj, key: string, path: Path, is: Issues, u: Units, dflt = 0): number {
  const v = node[key];
  if (v === undefined || v === null) return dflt;
  const r = parseAmountMinor(v, u.exponent);
  if (!r.ok) {
    is.err([...path, key], 'invalid_format', `${key}: ${r.message} (${u.currency} has ${u.exponent} decimals)`);
    return dflt;
  }
  if (r.value < 0) {
    is.err([...path, key], 'invalid_value', `${key} must not be negative`);
    return dflt;
  }
  return r.value;
}

export function readBool(node: Obj, key: string, path: Path, is: Issues, dflt: boolean): boolean {
  const v = node[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') {
    is.err([...path, key], 'wrong_type', `${key}: expected true or false, got ${describe(v)}`);
    return dflt;
  }
  return v;
}

export const FEE_KEYS = ['pct', 'fixed', 'cap', 'floor'] as const;

export function readFee(node: Obj, path: Path, is: Issues, u: Units): FeeSpec {
  const ratePpm = readPct(node, 'pct', path, is);
  const fixedMinor = readAmount(node, 'fixed', path, is, u);
  const capMinor = node['cap'] === undefined || node['cap'] === null ? null : readAmount(node, 'cap', path, is, u);
  const floorMinor = readAmount(node, 'floor', path, is, u);
  if (capMinor !== null && capMinor < floorMinor) {
    is.err([...path, 'cap'], 'invalid_value', `cap ${formatMinor(capMinor, u.exponent)} is below floor ${formatMinor(floorMinor, u.exponent)}`);
  }
  return { ratePpm, fixedMinor, capMinor, floorMinor };
}

function readEnumMask(node: Obj, key: string, names: readonly string[], all: number, path: Path, is: Issues): number {
  const v = node[key];
  if (v === undefined || v === null) return all;
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) {
    is.err([...path, key], 'matches_nothing', `${key}: an empty list matches nothing (omit ${key} to match every ${key})`);
    return 0;
  }
  let mask = 0;
  list.forEach((x, i) => {
    const p = Array.isArray(v) ? [...path, key, i] : [...path, key];
    if (typeof x !== 'string') {
      is.err(p, 'wrong_type', `${key}: expected one of ${names.join(', ')}, got ${describe(x)}`);
      return;
    }
    const idx = names.indexOf(x);
    if (idx < 0) {
      is.err(p, 'invalid_value', `unknown ${key} "${x}"${didYouMean(x, names, '"')} (one of ${names.join(', ')})`);
      return;
    }
    mask |= 1 << idx;
  });
  return mask;
}

function normaliseRanges(ranges: MccRange[]): MccRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function isMcc(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < MCC_COUNT;
}

/** MCC list -> normalised ranges; null if absent (= every MCC). */
export function readMcc(node: Obj, key: string, path: Path, is: Issues): MccRange[] | null {
  const v = node[key];
  if (v === undefined || v === null) return null;
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) {
    is.err([...path, key], 'matches_nothing', `${key}: an empty list matches nothing (omit ${key} to match every MCC)`);
    return [];
  }
  const ranges: MccRange[] = [];
  list.forEach((x, i) => {
    const p = Array.isArray(v) ? [...path, key, i] : [...path, key];
    let from: unknown;
    let to: unknown;
    if (typeof x === 'number') {
      from = to = x;
    } else if (typeof x === 'string') {
      const m = /^\s*(\d{1,4})\s*(?:(?:-|\.\.)\s*(\d{1,4})\s*)?$/.exec(x);
      if (!m) {
        is.err(p, 'invalid_value', `MCC "${x}": expected a four-digit code or a range like "5811-5814"`);
        return;
      }
      from = Number(m[1]);
      to = m[2] === undefined ? from : Number(m[2]);
    } else if (isObj(x)) {
      checkKeys(x, p, ['from', 'to'], is);
      from = x['from'];
      to = x['to'];
    } else {
      is.err(p, 'wrong_type', `MCC: expected a code, a "from-to" string or {from, to}, got ${describe(x)}`);
      return;
    }
    if (!isMcc(from) || !isMcc(to)) {
      is.err(p, 'invalid_value', `MCC ${JSON.stringify(x)}: codes are integers 0-9999`);
      return;
    }
    if (from > to) {
      is.err(p, 'matches_nothing', `MCC range ${from}-${to} is empty (from > to)`);
      return;
    }
    ranges.push([from, to]);
  });
  return normaliseRanges(ranges);
}

const RULE_KEYS = ['name', 'priority', 'product', 'mcc', 'channel', 'region', ...FEE_KEYS, 'remove'] as const;

export function readRules(v: unknown, path: Path, is: Issues, u: Units, label: string): FeeRule[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    is.err(path, 'wrong_type', `${label}: expected a list of rules, got ${describe(v)}`);
    return [];
  }
  const rules: FeeRule[] = [];
  const names = new Map<string, number>();
  v.forEach((raw, i) => {
    const p = [...path, i];
    const node = mapping(raw, p, is, RULE_KEYS);
    if (!node) return;
    if (node['remove'] !== undefined) {
      is.err([...p, 'remove'], 'not_applicable', '`remove` only applies to a rule of a preset, in overrides');
    }
    let name = `${label}[${i}]`;
    if (node['name'] !== undefined) {
      if (typeof node['name'] !== 'string' || node['name'] === '') is.err([...p, 'name'], 'wrong_type', 'name: expected a non-empty string');
      else name = node['name'];
    }
    const seen = names.get(name);
    if (seen !== undefined) is.err([...p, 'name'], 'duplicate_name', `rule name "${name}" is already used by ${label}[${seen}]`);
    else names.set(name, i);
    let priority = 0;
    if (node['priority'] !== undefined) {
      const pr = node['priority'];
      if (typeof pr !== 'number' || !Number.isInteger(pr)) is.err([...p, 'priority'], 'wrong_type', `priority: expected an integer, got ${describe(pr)}`);
      else priority = pr;
    }
    const products = readEnumMask(node, 'product', PRODUCTS, ALL_PRODUCTS, p, is);
    const channels = readEnumMask(node, 'channel', CHANNEL_CLASSES, ALL_CHANNELS, p, is);
    const regions = readEnumMask(node, 'region', REGIONS, ALL_REGIONS, p, is);
    const mcc = readMcc(node, 'mcc', p, is);
    const fee = readFee(node, p, is, u);
    rules.push({ name, priority, products, channels, regions, mcc, ...fee });
  });
  return rules;
}

export function readSchemeSide(v: unknown, path: Path, is: Issues, u: Units): SchemeSideFees {
  const node = mapping(v, path, is, ['pct', 'cap', 'floor', 'per_auth', 'per_item', 'cross_border_pct', 'exempt_mcc']);
  if (!node) return { value: ZERO_FEE, perAuthMinor: 0, perItemMinor: 0, crossBorderPpm: 0, exemptMcc: [] };
  const ratePpm = readPct(node, 'pct', path, is);
  const capMinor = node['cap'] === undefined || node['cap'] === null ? null : readAmount(node, 'cap', path, is, u);
  const floorMinor = readAmount(node, 'floor', path, is, u);
  if (capMinor !== null && capMinor < floorMinor) is.err([...path, 'cap'], 'invalid_value', 'cap is below floor');
  return {
    value: { ratePpm, fixedMinor: 0, capMinor, floorMinor },
    perAuthMinor: readAmount(node, 'per_auth', path, is, u),
    perItemMinor: readAmount(node, 'per_item', path, is, u),
    crossBorderPpm: readPct(node, 'cross_border_pct', path, is),
    exemptMcc: readMcc(node, 'exempt_mcc', path, is) ?? [],
  };
}

/** `fx.rates`: `"BASE/QUOTE": rate` or a daily series of rates (x 1e8), in the order written. */
export function readFxRates(rn: unknown, is: Issues): FxSeries[] {
  const rates: FxSeries[] = [];
  if (rn !== undefined && rn !== null && !isObj(rn)) is.err(['fx', 'rates'], 'wrong_type', `fx.rates: expected a mapping of "BASE/QUOTE" pairs, got ${describe(rn)}`);
  if (!isObj(rn)) return rates;
  for (const [pair, val] of Object.entries(rn)) {
    const p: Path = ['fx', 'rates', pair];
    const m = /^([A-Z]{3})\/([A-Z]{3})$/.exec(pair);
    if (!m) {
      is.err(p, 'invalid_value', `FX pair "${pair}": expected "BASE/QUOTE", e.g. "CNY/RUB"`);
      continue;
    }
    const [from, to] = [m[1] as string, m[2] as string];
    if (!isKnownCurrency(from) || !isKnownCurrency(to)) {
      is.err(p, 'invalid_choice', `FX pair "${pair}": unknown currency`);
      continue;
    }
    const list = Array.isArray(val) ? val : [val];
    if (list.length === 0) {
      is.err(p, 'invalid_value', `FX pair "${pair}": empty series`);
      continue;
    }
    const series: number[] = [];
    list.forEach((x, i) => {
      const r = parseRateE8(x);
      const at = Array.isArray(val) ? [...p, i] : p;
      if (!r.ok) is.err(at, 'invalid_format', `FX rate: ${r.message}`);
      else if (r.value <= 0) is.err(at, 'invalid_value', 'FX rate must be positive');
      else series.push(r.value);
    });
    rates.push({ from, to, rateE8: series });
  }
  return rates;
}
