/**
 * The declarative fee-model format: the raw YAML shape (`fees:` in a scenario), its JSON Schema
 * fragment, and `resolveFeeModel`, which turns raw data (a preset name, a full model, or a preset
 * plus overrides) into a resolved `FeeModel`, or into errors whose paths are relative to the
 * fee-model node so the caller can map them to a line and column.
 *
 * Units in the raw shape:
 * - `pct` keys are percentages: `1.2`, `"1.2"`, `"1.2%"` = 1.2 %; `"120bp"` = 1.2 %. At most
 *   four decimals of a percent (1 ppm). Read exactly, never through binary floating point.
 * - amounts (`fixed`, `cap`, `floor`, `per_auth`, `per_item`, `min`, `free_quota`, `fee`,
 *   `min_amount`) are decimal major units of the model `currency`: `13` = CNY 13.00.
 * - FX rates: `"BASE/QUOTE": rate` = units of QUOTE per unit of BASE, up to 8 decimals; a list
 *   is a daily series from day 0 (the last value holds afterwards).
 */

import {
  currencyExponent,
  CURRENCIES,
  formatMinor,
  formatPpm,
  fxConvert,
  invertRateE8,
  isKnownCurrency,
  parseAmountMinor,
  parsePercentPpm,
  parseRateE8,
  PPM,
  type FxSeries,
} from './money.js';
import {
  ALL_CHANNELS,
  ALL_PRODUCTS,
  ALL_REGIONS,
  CHANNEL_CLASSES,
  findRuleConflicts,
  MCC_COUNT,
  PRODUCTS,
  REGIONS,
  RuleTable,
  specFee,
  ZERO_FEE,
  type AcquirerPricing,
  type ChargebackPolicy,
  type FeeModel,
  type FeeRule,
  type FeeSpec,
  type MatchSpec,
  type MccRange,
  type PlatformSpec,
  type SchemeSideFees,
} from './fees.js';
import { FEE_PRESETS, FEE_PRESET_NAMES } from './presets.js';

// ---------------------------------------------------------------------------------------------
// Raw shape
// ---------------------------------------------------------------------------------------------

/** A decimal as YAML gives it: a number, or a string (exact; may carry "%" or "bp" for rates). */
export type RawDecimal = number | string;

/** One MCC: a code, `"5811-5814"` (inclusive range), or `{from, to}`. */
export type RawMcc = number | string | { from: number; to: number };

/** A percentage plus fixed amount with optional cap and floor on the total. */
export interface RawFee {
  pct?: RawDecimal;
  fixed?: RawDecimal;
  cap?: RawDecimal | null;
  floor?: RawDecimal;
}

/** An interchange or MDR rule: what it matches, and its fee. Omitted dimensions match everything. */
export interface RawRule extends RawFee {
  name?: string;
  /** Higher wins; default 0. Among equal priorities the most specific matching rule wins. */
  priority?: number;
  product?: string | string[];
  mcc?: RawMcc | RawMcc[];
  channel?: string | string[];
  region?: string | string[];
  /** In preset overrides only: drop the preset rule of this name. */
  remove?: boolean;
}

export interface RawSchemeSide {
  pct?: RawDecimal;
  cap?: RawDecimal | null;
  floor?: RawDecimal;
  per_auth?: RawDecimal;
  per_item?: RawDecimal;
  cross_border_pct?: RawDecimal;
  exempt_mcc?: RawMcc | RawMcc[];
}

export interface RawFeeModel {
  /** A built-in preset to start from; the other keys override it. */
  model?: string;
  name?: string;
  sources?: string[];
  type?: 'four_party' | 'three_party';
  currency?: string;
  min_amount?: RawDecimal;
  interchange?: RawRule[];
  scheme_fees?: { issuer?: RawSchemeSide; acquirer?: RawSchemeSide };
  acquirer?: { pricing?: 'blended' | 'interchange_plus_plus'; mdr?: RawRule[]; margin?: RawFee };
  platform?: {
    merchant_fee?: RawFee;
    withdrawal?: { pct?: RawDecimal; min?: RawDecimal; free_quota?: RawDecimal };
  };
  fx?: {
    cardholder_fee_pct?: RawDecimal;
    billing_currency?: string;
    rates?: Record<string, RawDecimal | RawDecimal[]>;
  };
  chargeback?: {
    refund_merchant_discount?: boolean;
    refund_scheme_fees?: boolean;
    refund_fx_fee?: boolean;
    fee?: RawDecimal;
  };
  avoided_cost_of_cash_pct?: RawDecimal;
}

// ---------------------------------------------------------------------------------------------
// Issues
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------------------

/** Default smallest plausible purchase, in major units of the model currency. */
export const DEFAULT_MIN_AMOUNT_MAJOR = 10;
/** DOMAIN §4.1: EC DG COMP (2015) survey, merchants' total cost of cash 1.26 % of turnover (H). */
export const DEFAULT_AVOIDED_COST_OF_CASH_PPM = 12_600;
/**
 * Chargeback defaults (A): the interchange is always returned; scheme fees and the merchant
 * discount are kept (common acquirer practice, no source in DOMAIN); the FX fee is refunded;
 * no handling fee.
 */
export const DEFAULT_CHARGEBACK: ChargebackPolicy = Object.freeze({
  refundMerchantDiscount: false,
  refundSchemeFees: false,
  refundFxFee: true,
  feeMinor: 0,
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type Path = (string | number)[];
type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (isObj(x)) return 'a mapping';
  return `${typeof x} ${JSON.stringify(x)}`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
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

class Issues {
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

function checkKeys(node: Obj, path: Path, allowed: readonly string[], is: Issues): void {
  for (const k of Object.keys(node)) {
    if (allowed.includes(k)) continue;
    const near = nearestName(k, allowed);
    is.err([...path, k], 'unknown_key', `unknown key "${k}"${near ? `; did you mean "${near}"?` : ''} (allowed: ${allowed.join(', ')})`);
  }
}

/** The node as a mapping, or an error (undefined / null count as absent -> {}). */
function mapping(node: unknown, path: Path, is: Issues, allowed: readonly string[]): Obj | null {
  if (node === undefined || node === null) return {};
  if (!isObj(node)) {
    is.err(path, 'type', `expected a mapping, got ${describe(node)}`);
    return null;
  }
  checkKeys(node, path, allowed, is);
  return node;
}

interface Units {
  readonly exponent: number;
  readonly currency: string;
}

function readPct(node: Obj, key: string, path: Path, is: Issues, dflt = 0): number {
  const v = node[key];
  if (v === undefined || v === null) return dflt;
  const r = parsePercentPpm(v);
  if (!r.ok) {
    is.err([...path, key], 'invalid_number', `${key}: ${r.message}`);
    return dflt;
  }
  if (r.value < 0) {
    is.err([...path, key], 'invalid_value', `${key} must not be negative, got ${formatPpm(r.value)}`);
    return dflt;
  }
  return r.value;
}

function readAmount(node: Obj, key: string, path: Path, is: Issues, u: Units, dflt = 0): number {
  const v = node[key];
  if (v === undefined || v === null) return dflt;
  const r = parseAmountMinor(v, u.exponent);
  if (!r.ok) {
    is.err([...path, key], 'invalid_number', `${key}: ${r.message} (${u.currency} has ${u.exponent} decimals)`);
    return dflt;
  }
  if (r.value < 0) {
    is.err([...path, key], 'invalid_value', `${key} must not be negative`);
    return dflt;
  }
  return r.value;
}

function readBool(node: Obj, key: string, path: Path, is: Issues, dflt: boolean): boolean {
  const v = node[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') {
    is.err([...path, key], 'type', `${key}: expected true or false, got ${describe(v)}`);
    return dflt;
  }
  return v;
}

const FEE_KEYS = ['pct', 'fixed', 'cap', 'floor'] as const;

function readFee(node: Obj, path: Path, is: Issues, u: Units): FeeSpec {
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
      is.err(p, 'type', `${key}: expected one of ${names.join(', ')}, got ${describe(x)}`);
      return;
    }
    const idx = names.indexOf(x);
    if (idx < 0) {
      const near = nearestName(x, names);
      is.err(p, 'invalid_value', `unknown ${key} "${x}"${near ? `; did you mean "${near}"?` : ''} (one of ${names.join(', ')})`);
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
function readMcc(node: Obj, key: string, path: Path, is: Issues): MccRange[] | null {
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
      is.err(p, 'type', `MCC: expected a code, a "from-to" string or {from, to}, got ${describe(x)}`);
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

function readRules(v: unknown, path: Path, is: Issues, u: Units, label: string): FeeRule[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    is.err(path, 'type', `${label}: expected a list of rules, got ${describe(v)}`);
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
      if (typeof node['name'] !== 'string' || node['name'] === '') is.err([...p, 'name'], 'type', 'name: expected a non-empty string');
      else name = node['name'];
    }
    const seen = names.get(name);
    if (seen !== undefined) is.err([...p, 'name'], 'duplicate_name', `rule name "${name}" is already used by ${label}[${seen}]`);
    else names.set(name, i);
    let priority = 0;
    if (node['priority'] !== undefined) {
      const pr = node['priority'];
      if (typeof pr !== 'number' || !Number.isInteger(pr)) is.err([...p, 'priority'], 'type', `priority: expected an integer, got ${describe(pr)}`);
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

function readSchemeSide(v: unknown, path: Path, is: Issues, u: Units): SchemeSideFees {
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

// ---------------------------------------------------------------------------------------------
// Preset merge
// ---------------------------------------------------------------------------------------------

/** Where a merged rule came from: the index in the user's list, or null for the preset. */
interface Origins {
  interchange: (number | null)[];
  mdr: (number | null)[];
}

/** Deep merge: mappings merge key by key, null deletes, anything else replaces. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = deepMerge(base[k], v);
  }
  return out;
}

/** Merge rule lists by name: same name merges into the preset rule, `remove: true` drops it, others append. */
function mergeRules(base: unknown, over: unknown, path: Path, is: Issues, origins: (number | null)[]): unknown {
  const baseList = Array.isArray(base) ? base : [];
  if (over === undefined) {
    baseList.forEach(() => origins.push(null));
    return baseList;
  }
  if (!Array.isArray(over)) return over; // reported by the validator
  const merged: unknown[] = [...baseList];
  const from: (number | null)[] = baseList.map(() => null);
  const removed = new Set<number>();
  over.forEach((r, j) => {
    const name = isObj(r) ? r['name'] : undefined;
    const at = typeof name === 'string' ? baseList.findIndex((b) => isObj(b) && b['name'] === name) : -1;
    if (isObj(r) && r['remove'] !== undefined) {
      if (r['remove'] !== true) {
        is.err([...path, j, 'remove'], 'invalid_value', 'remove: only `true` is meaningful');
      } else if (at < 0) {
        const near = nearestName(String(name), baseList.filter(isObj).map((b) => String(b['name'])));
        is.err([...path, j, 'name'], 'invalid_value', `no preset rule named ${JSON.stringify(name)} to remove${near ? `; did you mean "${near}"?` : ''}`);
      } else {
        removed.add(at);
      }
      return;
    }
    if (at >= 0) {
      merged[at] = deepMerge(baseList[at], r);
      from[at] = j;
    } else {
      merged.push(r);
      from.push(j);
    }
  });
  const out: unknown[] = [];
  merged.forEach((r, i) => {
    if (removed.has(i)) return;
    out.push(r);
    origins.push(from[i] ?? null);
  });
  return out;
}

function mergePreset(preset: RawFeeModel, over: Obj, is: Issues, origins: Origins): Obj {
  const rest: Obj = { ...over };
  for (const k of ['model', 'interchange', 'acquirer', 'sources']) delete rest[k];
  const merged = deepMerge(structuredClone(preset), rest) as Obj;
  // Interchange rules: merged by name.
  if (preset.interchange !== undefined || over['interchange'] !== undefined) {
    merged['interchange'] = mergeRules(preset.interchange, over['interchange'], ['interchange'], is, origins.interchange);
  }
  // Acquirer: a mapping merged key by key, except its MDR rules, merged by name.
  const overAcq = over['acquirer'];
  if (overAcq === null) {
    delete merged['acquirer'];
  } else if (overAcq !== undefined && !isObj(overAcq)) {
    merged['acquirer'] = overAcq; // reported by the validator
  } else if (overAcq !== undefined || preset.acquirer !== undefined) {
    const o: Obj = overAcq ?? {};
    const acq: Obj = { ...(preset.acquirer ?? {}) };
    for (const [k, v] of Object.entries(o)) {
      if (k === 'mdr') continue;
      if (v === null) delete acq[k];
      else acq[k] = deepMerge(acq[k], v);
    }
    if (preset.acquirer?.mdr !== undefined || o['mdr'] !== undefined) {
      acq['mdr'] = mergeRules(preset.acquirer?.mdr, o['mdr'], ['acquirer', 'mdr'], is, origins.mdr);
    }
    // Switching the pricing drops the parameters of the preset's other pricing.
    if (o['pricing'] === 'blended' && !('margin' in o)) delete acq['margin'];
    if (o['pricing'] === 'interchange_plus_plus' && !('mdr' in o)) {
      delete acq['mdr'];
      origins.mdr.length = 0;
    }
    merged['acquirer'] = acq;
  }
  // Sources: the user's are appended to the preset's.
  const userSources = over['sources'];
  if (Array.isArray(userSources)) merged['sources'] = [...(preset.sources ?? []), ...userSources];
  else if (userSources !== undefined) merged['sources'] = userSources; // reported by the validator
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Witnesses: an example purchase for messages
// ---------------------------------------------------------------------------------------------

function firstBit(mask: number): number {
  for (let i = 0; i < 8; i++) if (mask & (1 << i)) return i;
  return -1;
}

function firstCommonMcc(a: readonly MccRange[] | null, b: readonly MccRange[] | null): number | null {
  if (a === null && b === null) return null;
  if (a === null) return b?.[0]?.[0] ?? null;
  if (b === null) return a[0]?.[0] ?? null;
  for (const [x0, x1] of a) for (const [y0, y1] of b) if (Math.max(x0, y0) <= Math.min(x1, y1)) return Math.max(x0, y0);
  return null;
}

function cellText(product: number, channel: number, region: number, mcc: number | null): string {
  const m = mcc === null ? 'any MCC' : `MCC ${String(mcc).padStart(4, '0')}`;
  return `${PRODUCTS[product] ?? '?'} ${CHANNEL_CLASSES[channel] ?? '?'} ${REGIONS[region] ?? '?'} ${m}`;
}

// ---------------------------------------------------------------------------------------------
// Rule-set checks
// ---------------------------------------------------------------------------------------------

function checkRuleSet(rules: readonly FeeRule[], path: Path, label: string, is: Issues, u: Units, minAmount: number): RuleTable {
  const conflicts = findRuleConflicts(rules);
  for (const [i, j] of conflicts) {
    const a = rules[i] as FeeRule;
    const b = rules[j] as FeeRule;
    const w = cellText(firstBit(a.products & b.products), firstBit(a.channels & b.channels), firstBit(a.regions & b.regions), firstCommonMcc(a.mcc, b.mcc));
    is.err(
      [...path, j],
      'overlap',
      `${label} rules "${a.name}" (${is.ruleRef(label, i)}) and "${b.name}" (${is.ruleRef(label, j)}) overlap with equal priority ${a.priority} and neither is more specific ` +
        `(both match e.g. ${w}); give one a higher priority or make one a subset of the other`,
    );
  }
  const table = new RuleTable(rules);
  if (conflicts.length === 0) {
    rules.forEach((r, i) => {
      const empty = r.products === 0 || r.channels === 0 || r.regions === 0 || (r.mcc !== null && r.mcc.length === 0);
      if (!empty && table.cellsWon[i] === 0) {
        is.err([...path, i], 'matches_nothing', `${label} rule "${r.name}" can never apply: every purchase it matches goes to a rule of higher priority or a more specific rule`);
      }
    });
    if (rules.length > 0 && table.uncovered > 0) {
      let example = '';
      outer: for (let c = 0; c < table.outClass; c++) {
        for (let cell = 0; cell < 32; cell++) {
          if (table.cells[c * 32 + cell] === -1) {
            const mcc = table.mccClass.indexOf(c);
            example = cellText(cell >> 3, (cell >> 1) & 3, cell & 1, mcc);
            break outer;
          }
        }
      }
      is.warn(path, 'uncovered', `no ${label} rule covers some purchases (e.g. ${example}); they pay no ${label}`);
    }
  }
  rules.forEach((r, i) => checkFeeBound(r, [...path, i], `${label} rule "${r.name}"`, is, u, minAmount));
  return table;
}

/** A fee must never exceed the purchase: rate <= 100 % and fee(min_amount) <= min_amount. */
function checkFeeBound(f: FeeSpec, path: Path, what: string, is: Issues, u: Units, minAmount: number): void {
  if (f.ratePpm > PPM) {
    is.err([...path, 'pct'], 'fee_exceeds_purchase', `${what}: ${formatPpm(f.ratePpm)} is more than 100 % of the purchase`);
    return;
  }
  const fee = specFee(f, minAmount);
  if (fee > minAmount) {
    is.err(
      path,
      'fee_exceeds_purchase',
      `${what}: the fee ${u.currency} ${formatMinor(fee, u.exponent)} exceeds the smallest plausible purchase ` +
        `${u.currency} ${formatMinor(minAmount, u.exponent)} (min_amount)`,
    );
  }
}

function schemeSideFeeAt(s: SchemeSideFees, amount: number): number {
  let v = specFee({ ...s.value, fixedMinor: 0 }, amount);
  v += s.perAuthMinor + s.perItemMinor;
  return v + specFee({ ratePpm: s.crossBorderPpm, fixedMinor: 0, capMinor: null, floorMinor: 0 }, amount);
}

function checkSchemeSide(s: SchemeSideFees, path: Path, side: string, is: Issues, u: Units, minAmount: number): void {
  if (s.value.ratePpm > PPM) is.err([...path, 'pct'], 'fee_exceeds_purchase', `${side} scheme fee ${formatPpm(s.value.ratePpm)} is more than 100 % of the purchase`);
  else if (s.crossBorderPpm > PPM) is.err([...path, 'cross_border_pct'], 'fee_exceeds_purchase', `${side} cross-border assessment is more than 100 %`);
  else {
    const fee = schemeSideFeeAt(s, minAmount);
    if (fee > minAmount) {
      is.err(
        path,
        'fee_exceeds_purchase',
        `${side} scheme fee ${u.currency} ${formatMinor(fee, u.exponent)} (cross-border) exceeds the smallest plausible purchase ` +
          `${u.currency} ${formatMinor(minAmount, u.exponent)} (min_amount)`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Currency rebasing
// ---------------------------------------------------------------------------------------------

function hasFixedAmounts(m: FeeModel): boolean {
  const spec = (f: FeeSpec) => f.fixedMinor !== 0 || (f.capMinor !== null && f.capMinor !== 0) || f.floorMinor !== 0;
  const side = (s: SchemeSideFees) => spec(s.value) || s.perAuthMinor !== 0 || s.perItemMinor !== 0;
  return (
    m.interchange.some(spec) ||
    side(m.schemeIssuer) ||
    side(m.schemeAcquirer) ||
    (m.acquirer.pricing === 'blended' ? m.acquirer.mdr.some(spec) : spec(m.acquirer.margin)) ||
    (m.platform !== null && (spec(m.platform.merchantFee) || m.platform.withdrawal.minMinor !== 0 || m.platform.withdrawal.freeQuotaMinor !== 0)) ||
    m.chargeback.feeMinor !== 0
  );
}

/**
 * The same model with every fixed amount converted to `currency` at `rateE8` (units of the
 * target per unit of the model currency, x 1e8), rounded half to even. Percentages are unchanged.
 */
export function rebaseFeeModel(m: FeeModel, currency: string, rateE8: number): FeeModel {
  const toExp = currencyExponent(currency);
  const cv = (x: number) => fxConvert(x, rateE8, m.exponent, toExp);
  const spec = <T extends FeeSpec>(f: T): T => ({
    ...f,
    fixedMinor: cv(f.fixedMinor),
    capMinor: f.capMinor === null ? null : cv(f.capMinor),
    floorMinor: cv(f.floorMinor),
  });
  const side = (s: SchemeSideFees): SchemeSideFees => ({ ...s, value: spec(s.value), perAuthMinor: cv(s.perAuthMinor), perItemMinor: cv(s.perItemMinor) });
  const acquirer: AcquirerPricing =
    m.acquirer.pricing === 'blended' ? { pricing: 'blended', mdr: m.acquirer.mdr.map(spec) } : { pricing: 'interchange_plus_plus', margin: spec(m.acquirer.margin) };
  return {
    ...m,
    currency,
    exponent: toExp,
    minAmountMinor: cv(m.minAmountMinor),
    interchange: m.interchange.map(spec),
    schemeIssuer: side(m.schemeIssuer),
    schemeAcquirer: side(m.schemeAcquirer),
    acquirer,
    platform:
      m.platform === null
        ? null
        : {
            merchantFee: spec(m.platform.merchantFee),
            withdrawal: { ...m.platform.withdrawal, minMinor: cv(m.platform.withdrawal.minMinor), freeQuotaMinor: cv(m.platform.withdrawal.freeQuotaMinor) },
          },
    chargeback: { ...m.chargeback, feeMinor: cv(m.chargeback.feeMinor) },
  };
}

// ---------------------------------------------------------------------------------------------
// resolveFeeModel
// ---------------------------------------------------------------------------------------------

const TOP_KEYS = [
  'model',
  'name',
  'sources',
  'type',
  'currency',
  'min_amount',
  'interchange',
  'scheme_fees',
  'acquirer',
  'platform',
  'fx',
  'chargeback',
  'avoided_cost_of_cash_pct',
] as const;

/**
 * Resolve a raw fee model: a preset name (`"ru-2019"`), `{model: "ru-2019"}`, a full model,
 * or a preset plus overrides (`{model: "ru-2019", acquirer: {margin: {pct: 0.6}}}`).
 *
 * Overrides merge into the preset: mappings key by key, `null` deletes a key (e.g. `cap: null`),
 * other values replace; rule lists (`interchange`, `acquirer.mdr`) merge by rule `name` (a rule
 * with a preset rule's name is merged into it, `{name: x, remove: true}` drops it, other rules
 * are appended); `sources` are appended to the preset's.
 *
 * Error paths are relative to the fee-model node; a problem inside the preset part reports
 * `['model']`.
 */
export function resolveFeeModel(raw: unknown, options: ResolveOptions = {}): ResolveResult {
  const is = new Issues();
  const user: unknown = typeof raw === 'string' ? { model: raw } : raw;
  if (!isObj(user)) {
    is.err([], 'type', `fees: expected a preset name or a mapping, got ${describe(raw)}`);
    return { errors: is.errors, warnings: is.warnings };
  }
  let node: Obj = user;
  let presetName: string | null = null;
  const origins: Origins = { interchange: [], mdr: [] };
  if (user['model'] !== undefined) {
    const name = user['model'];
    const at: Path = typeof raw === 'string' ? [] : ['model'];
    if (typeof name !== 'string') {
      is.err(at, 'type', `model: expected a preset name, got ${describe(name)}`);
      return { errors: is.errors, warnings: is.warnings };
    }
    const preset = Object.prototype.hasOwnProperty.call(FEE_PRESETS, name) ? FEE_PRESETS[name] : undefined;
    if (preset === undefined) {
      const near = nearestName(name, FEE_PRESET_NAMES);
      is.err(at, 'unknown_preset', `unknown fee preset "${name}"${near ? `; did you mean "${near}"?` : ''} (presets: ${FEE_PRESET_NAMES.join(', ')})`);
      return { errors: is.errors, warnings: is.warnings };
    }
    presetName = name;
    if (user['currency'] !== undefined && user['currency'] !== preset.currency) {
      is.err(
        ['currency'],
        'not_applicable',
        `the amounts of preset "${name}" are in ${preset.currency ?? '?'}; a preset's currency cannot be overridden. ` +
          `To use it in another scenario currency, give fx.rates: {"${preset.currency ?? '?'}/<currency>": <rate>}`,
      );
      return { errors: is.errors, warnings: is.warnings };
    }
    node = mergePreset(preset, user, is, origins);
    if (!('name' in user) && Object.keys(user).some((k) => k !== 'model')) node['name'] = `${name}+overrides`;
  }

  const inner = new Issues();
  if (presetName !== null) {
    const p = presetName;
    inner.ruleRef = (label, i) => {
      const j = (label === 'mdr' ? origins.mdr : origins.interchange)[i];
      const list = label === 'mdr' ? 'acquirer.mdr' : label;
      return j === null || j === undefined ? `preset ${p}` : `${list}[${j}]`;
    };
  }
  const model = build(node, inner, options);
  // Map merged-node paths back to the user's node.
  for (const [list, out] of [
    [inner.errors, is.errors],
    [inner.warnings, is.warnings],
  ] as const) {
    for (const issue of list) {
      if (presetName === null) {
        out.push(issue);
        continue;
      }
      const t = translatePath(issue.path, user, origins);
      if (t === null) {
        out.push({ path: typeof raw === 'string' ? [] : ['model'], code: issue.code, message: `in preset "${presetName}" at ${pathText(issue.path)}: ${issue.message}` });
      } else {
        out.push({ path: t, code: issue.code, message: issue.message });
      }
    }
  }
  if (is.errors.length > 0 || model === null) return { errors: is.errors, warnings: is.warnings };
  return { model, errors: is.errors, warnings: is.warnings };
}

function pathText(p: Path): string {
  return p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(root)';
}

/** Merged path -> user path, or null if the offending part comes from the preset alone. */
function translatePath(path: Path, user: Obj, origins: Origins): Path | null {
  const out: Path = [];
  let u: unknown = user;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as string | number;
    const listOrigins =
      typeof seg === 'number' && i === 1 && path[0] === 'interchange'
        ? origins.interchange
        : typeof seg === 'number' && i === 2 && path[0] === 'acquirer' && path[1] === 'mdr'
          ? origins.mdr
          : null;
    if (listOrigins !== null) {
      const j = listOrigins[seg as number];
      if (j === null || j === undefined || !Array.isArray(u)) return null; // a rule of the preset
      out.push(j);
      u = u[j];
      continue;
    }
    if (isObj(u) && typeof seg === 'string' && seg in u) {
      out.push(seg);
      u = u[seg];
    } else if (Array.isArray(u) && typeof seg === 'number' && seg < u.length) {
      out.push(seg);
      u = u[seg];
    } else {
      return out.length === 0 ? null : out;
    }
  }
  return out;
}

function build(node: Obj, is: Issues, options: ResolveOptions): FeeModel | null {
  checkKeys(node, [], TOP_KEYS, is);
  // Name, sources, type, currency
  let name = 'custom';
  if (node['name'] !== undefined) {
    if (typeof node['name'] !== 'string' || node['name'] === '') is.err(['name'], 'type', 'name: expected a non-empty string');
    else name = node['name'];
  }
  const sources: string[] = [];
  if (node['sources'] !== undefined) {
    const s = node['sources'];
    if (!Array.isArray(s) || s.some((x) => typeof x !== 'string')) is.err(['sources'], 'type', 'sources: expected a list of strings');
    else sources.push(...(s as string[]));
  }
  let type: 'four_party' | 'three_party' = 'four_party';
  if (node['type'] !== undefined) {
    if (node['type'] === 'four_party' || node['type'] === 'three_party') type = node['type'];
    else is.err(['type'], 'invalid_value', `type: expected four_party or three_party, got ${describe(node['type'])}`);
  }
  let currency = options.currency;
  if (node['currency'] !== undefined) {
    const c = node['currency'];
    if (typeof c !== 'string' || !isKnownCurrency(c)) {
      const near = typeof c === 'string' ? nearestName(c, Object.keys(CURRENCIES)) : undefined;
      is.err(['currency'], 'unknown_currency', `unknown currency ${describe(c)}${near ? `; did you mean "${near}"?` : ''} (known: ${Object.keys(CURRENCIES).join(', ')})`);
      return null;
    }
    currency = c;
  }
  if (currency === undefined) {
    is.err([], 'required', 'currency: required (the currency of the fixed amounts), unless the scenario gives one');
    return null;
  }
  if (!isKnownCurrency(currency)) {
    is.err([], 'unknown_currency', `unknown currency "${currency}"`);
    return null;
  }
  const u: Units = { currency, exponent: currencyExponent(currency) };
  const minAmountMinor = node['min_amount'] === undefined ? DEFAULT_MIN_AMOUNT_MAJOR * 10 ** u.exponent : readAmount(node, 'min_amount', [], is, u);
  if (minAmountMinor <= 0 && node['min_amount'] !== undefined) is.err(['min_amount'], 'invalid_value', 'min_amount must be positive');

  // Interchange and scheme fees (four-party only)
  let interchange: FeeRule[] = [];
  let schemeIssuer: SchemeSideFees = { value: ZERO_FEE, perAuthMinor: 0, perItemMinor: 0, crossBorderPpm: 0, exemptMcc: [] };
  let schemeAcquirer = schemeIssuer;
  let acquirer: AcquirerPricing = { pricing: 'interchange_plus_plus', margin: ZERO_FEE };
  let platform: PlatformSpec | null = null;
  if (type === 'three_party') {
    for (const k of ['interchange', 'scheme_fees', 'acquirer'] as const) {
      if (node[k] !== undefined) is.err([k], 'not_applicable', `${k}: a three-party model has no ${k.replace('_', ' ')} (the platform charges the merchant directly)`);
    }
    const pl = node['platform'];
    if (pl === undefined || pl === null) {
      is.err(['platform'], 'required', 'platform: a three-party model needs platform.merchant_fee');
    } else {
      const pn = mapping(pl, ['platform'], is, ['merchant_fee', 'withdrawal']);
      if (pn) {
        const mfNode = mapping(pn['merchant_fee'], ['platform', 'merchant_fee'], is, FEE_KEYS);
        if (pn['merchant_fee'] === undefined) is.err(['platform'], 'required', 'platform.merchant_fee: required');
        const merchantFee = mfNode ? readFee(mfNode, ['platform', 'merchant_fee'], is, u) : ZERO_FEE;
        checkFeeBound(merchantFee, ['platform', 'merchant_fee'], 'platform merchant fee', is, u, minAmountMinor);
        const wn = mapping(pn['withdrawal'], ['platform', 'withdrawal'], is, ['pct', 'min', 'free_quota']);
        const withdrawal = wn
          ? {
              ratePpm: readPct(wn, 'pct', ['platform', 'withdrawal'], is),
              minMinor: readAmount(wn, 'min', ['platform', 'withdrawal'], is, u),
              freeQuotaMinor: readAmount(wn, 'free_quota', ['platform', 'withdrawal'], is, u),
            }
          : { ratePpm: 0, minMinor: 0, freeQuotaMinor: 0 };
        if (withdrawal.ratePpm > PPM) is.err(['platform', 'withdrawal', 'pct'], 'fee_exceeds_purchase', 'withdrawal fee is more than 100 % of the withdrawal');
        platform = { merchantFee, withdrawal };
      }
    }
  } else {
    if (node['platform'] !== undefined) is.err(['platform'], 'not_applicable', 'platform: only a three_party model has a platform fee');
    interchange = readRules(node['interchange'], ['interchange'], is, u, 'interchange');
    const icTable = checkRuleSet(interchange, ['interchange'], 'interchange', is, u, minAmountMinor);
    if (interchange.length === 0 && (node['interchange'] === undefined || node['interchange'] === null || Array.isArray(node['interchange']))) {
      is.warn(['interchange'], 'uncovered', 'no interchange rules: every purchase pays no interchange');
    }
    const sf = mapping(node['scheme_fees'], ['scheme_fees'], is, ['issuer', 'acquirer']);
    if (sf) {
      schemeIssuer = readSchemeSide(sf['issuer'], ['scheme_fees', 'issuer'], is, u);
      schemeAcquirer = readSchemeSide(sf['acquirer'], ['scheme_fees', 'acquirer'], is, u);
      checkSchemeSide(schemeIssuer, ['scheme_fees', 'issuer'], 'issuer-side', is, u, minAmountMinor);
      checkSchemeSide(schemeAcquirer, ['scheme_fees', 'acquirer'], 'acquirer-side', is, u, minAmountMinor);
    }
    const an = mapping(node['acquirer'], ['acquirer'], is, ['pricing', 'mdr', 'margin']);
    if (an) {
      const pricingRaw = an['pricing'] ?? (an['mdr'] !== undefined ? 'blended' : 'interchange_plus_plus');
      if (pricingRaw === 'blended') {
        if (an['margin'] !== undefined) is.err(['acquirer', 'margin'], 'not_applicable', 'acquirer.margin: only for interchange_plus_plus pricing (a blended MDR has its own rates)');
        if (an['mdr'] === undefined) is.err(['acquirer'], 'required', 'acquirer.mdr: blended pricing needs a list of MDR rules');
        const mdr = readRules(an['mdr'], ['acquirer', 'mdr'], is, u, 'mdr');
        checkRuleSet(mdr, ['acquirer', 'mdr'], 'mdr', is, u, minAmountMinor);
        acquirer = { pricing: 'blended', mdr };
      } else if (pricingRaw === 'interchange_plus_plus') {
        if (an['mdr'] !== undefined) is.err(['acquirer', 'mdr'], 'not_applicable', 'acquirer.mdr: only for blended pricing (interchange-plus-plus passes fees through plus a margin)');
        const mn = mapping(an['margin'], ['acquirer', 'margin'], is, FEE_KEYS);
        const margin = mn ? readFee(mn, ['acquirer', 'margin'], is, u) : ZERO_FEE;
        checkFeeBound(margin, ['acquirer', 'margin'], 'acquirer margin', is, u, minAmountMinor);
        acquirer = { pricing: 'interchange_plus_plus', margin };
        // The merchant's whole fee must stay within the purchase too.
        if (is.errors.length === 0) checkIcPlusPlusTotal(interchange, icTable, schemeAcquirer, margin, is, u, minAmountMinor);
      } else {
        is.err(['acquirer', 'pricing'], 'invalid_value', `acquirer.pricing: expected blended or interchange_plus_plus, got ${describe(pricingRaw)}`);
      }
    }
  }

  // FX
  let cardholderFeePpm = 0;
  let billingCurrency: string | null = null;
  const rates: FxSeries[] = [];
  const fxn = mapping(node['fx'], ['fx'], is, ['cardholder_fee_pct', 'billing_currency', 'rates']);
  if (fxn) {
    cardholderFeePpm = readPct(fxn, 'cardholder_fee_pct', ['fx'], is);
    if (cardholderFeePpm > PPM) is.err(['fx', 'cardholder_fee_pct'], 'fee_exceeds_purchase', 'cardholder FX fee is more than 100 % of the purchase');
    const bc = fxn['billing_currency'];
    if (bc !== undefined && bc !== null) {
      if (typeof bc !== 'string' || !isKnownCurrency(bc)) is.err(['fx', 'billing_currency'], 'unknown_currency', `unknown currency ${describe(bc)}`);
      else billingCurrency = bc;
    }
    const rn = fxn['rates'];
    if (rn !== undefined && rn !== null && !isObj(rn)) is.err(['fx', 'rates'], 'type', `fx.rates: expected a mapping of "BASE/QUOTE" pairs, got ${describe(rn)}`);
    if (isObj(rn)) {
      for (const [pair, val] of Object.entries(rn)) {
        const p: Path = ['fx', 'rates', pair];
        const m = /^([A-Z]{3})\/([A-Z]{3})$/.exec(pair);
        if (!m) {
          is.err(p, 'invalid_value', `FX pair "${pair}": expected "BASE/QUOTE", e.g. "CNY/RUB"`);
          continue;
        }
        const [from, to] = [m[1] as string, m[2] as string];
        if (!isKnownCurrency(from) || !isKnownCurrency(to)) {
          is.err(p, 'unknown_currency', `FX pair "${pair}": unknown currency`);
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
          if (!r.ok) is.err(at, 'invalid_number', `FX rate: ${r.message}`);
          else if (r.value <= 0) is.err(at, 'invalid_value', 'FX rate must be positive');
          else series.push(r.value);
        });
        rates.push({ from, to, rateE8: series });
      }
    }
  }

  // Chargebacks
  let chargeback: ChargebackPolicy = DEFAULT_CHARGEBACK;
  const cbn = mapping(node['chargeback'], ['chargeback'], is, ['refund_merchant_discount', 'refund_scheme_fees', 'refund_fx_fee', 'fee']);
  if (cbn) {
    chargeback = {
      refundMerchantDiscount: readBool(cbn, 'refund_merchant_discount', ['chargeback'], is, DEFAULT_CHARGEBACK.refundMerchantDiscount),
      refundSchemeFees: readBool(cbn, 'refund_scheme_fees', ['chargeback'], is, DEFAULT_CHARGEBACK.refundSchemeFees),
      refundFxFee: readBool(cbn, 'refund_fx_fee', ['chargeback'], is, DEFAULT_CHARGEBACK.refundFxFee),
      feeMinor: readAmount(cbn, 'fee', ['chargeback'], is, u),
    };
  }
  const avoidedCostOfCashPpm = readPct(node, 'avoided_cost_of_cash_pct', [], is, DEFAULT_AVOIDED_COST_OF_CASH_PPM);

  if (is.errors.length > 0) return null;
  let model: FeeModel = {
    name,
    sources,
    type,
    currency,
    exponent: u.exponent,
    minAmountMinor,
    interchange,
    schemeIssuer,
    schemeAcquirer,
    acquirer,
    platform,
    fx: { cardholderFeePpm, billingCurrency, rates },
    chargeback,
    avoidedCostOfCashPpm,
  };
  if (options.currency !== undefined && options.currency !== currency) {
    const target = options.currency;
    if (!isKnownCurrency(target)) {
      is.err([], 'unknown_currency', `unknown scenario currency "${target}"`);
      return null;
    }
    const direct = rates.find((r) => r.from === currency && r.to === target);
    const reverse = rates.find((r) => r.from === target && r.to === currency);
    const rate = direct ? (direct.rateE8[0] as number) : reverse ? invertRateE8(reverse.rateE8[0] as number) : null;
    if (rate !== null) model = rebaseFeeModel(model, target, rate);
    else if (!hasFixedAmounts(model)) model = rebaseFeeModel(model, target, 100_000_000);
    else {
      is.err(
        node['currency'] !== undefined ? ['currency'] : [],
        'currency_mismatch',
        `the fee model's fixed amounts are in ${currency} but the scenario is in ${target}; add fx.rates: {"${currency}/${target}": <rate>} to convert them`,
      );
      return null;
    }
  }
  return model;
}

function checkIcPlusPlusTotal(
  interchange: readonly FeeRule[],
  table: RuleTable,
  side: SchemeSideFees,
  margin: FeeSpec,
  is: Issues,
  u: Units,
  minAmount: number,
): void {
  let worst = 0;
  for (let i = 0; i < table.cells.length; i++) {
    const r = table.cells[i] as number;
    const ic = r < 0 ? 0 : specFee(interchange[r] as FeeRule, minAmount);
    if (ic > worst) worst = ic;
  }
  const total = worst + schemeSideFeeAt(side, minAmount) + specFee(margin, minAmount);
  if (total > minAmount) {
    is.err(
      ['acquirer'],
      'fee_exceeds_purchase',
      `interchange-plus-plus merchant discount can reach ${u.currency} ${formatMinor(total, u.exponent)} (highest interchange + acquirer scheme fee + margin), ` +
        `more than the smallest plausible purchase ${u.currency} ${formatMinor(minAmount, u.exponent)} (min_amount)`,
    );
  }
}

/** The rule match set of a resolved rule (for external checks and tests). */
export function matchOf(r: FeeRule): MatchSpec {
  return { products: r.products, channels: r.channels, regions: r.regions, mcc: r.mcc, priority: r.priority };
}

// ---------------------------------------------------------------------------------------------
// JSON Schema fragment
// ---------------------------------------------------------------------------------------------

const decimal = (description: string) => ({
  description,
  anyOf: [{ type: 'number' }, { type: 'string', pattern: '^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*$' }],
});
const percent = (description: string) => ({
  description: `${description} Percent: 1.2 or "1.2%" = 1.2 %; "120bp" = 1.2 %; at most 4 decimals of a percent.`,
  anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: '^\\s*[+]?(\\d+\\.?\\d*|\\.\\d+)\\s*(%|bps?)?\\s*$' }],
});
const amount = (description: string) => decimal(`${description} Decimal major units of the model currency (13 = CNY 13.00).`);
const enumList = (values: readonly string[], description: string) => ({
  description,
  anyOf: [
    { type: 'string', enum: [...values] },
    { type: 'array', items: { type: 'string', enum: [...values] } },
  ],
});
const mccItem = {
  anyOf: [
    { type: 'integer', minimum: 0, maximum: 9999 },
    { type: 'string', pattern: '^\\s*\\d{1,4}\\s*((-|\\.\\.)\\s*\\d{1,4}\\s*)?$' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to'],
      properties: { from: { type: 'integer', minimum: 0, maximum: 9999 }, to: { type: 'integer', minimum: 0, maximum: 9999 } },
    },
  ],
};
const mccList = (description: string) => ({
  description: `${description} A code (5411), a range ("5811-5814" or {from, to}), or a list of them.`,
  anyOf: [mccItem, { type: 'array', items: mccItem }],
});
const feeProps = {
  pct: percent('Percentage of the purchase amount.'),
  fixed: amount('Fixed amount per purchase.'),
  cap: { description: 'Maximum of the whole fee (percent + fixed). null removes a preset cap.', anyOf: [amount('Cap.'), { type: 'null' }] },
  floor: amount('Minimum of the whole fee.'),
};
const feeSchema = (description: string) => ({ type: 'object', description, additionalProperties: false, properties: feeProps });
const ruleSchema = (description: string) => ({
  type: 'object',
  description,
  additionalProperties: false,
  properties: {
    name: { type: 'string', description: 'Rule name: used in messages and to override or remove a preset rule.' },
    priority: { type: 'integer', description: 'Higher wins (default 0). Among equal priorities the most specific matching rule wins; equal-priority rules that partly overlap are an error.' },
    product: enumList(PRODUCTS, 'Card products matched (omit for all).'),
    mcc: mccList('Merchant category codes matched (omit for all).'),
    channel: enumList(CHANNEL_CLASSES, 'Channel classes matched (omit for all).'),
    region: enumList(REGIONS, 'domestic and/or cross_border (omit for both).'),
    ...feeProps,
    remove: { type: 'boolean', const: true, description: 'In preset overrides: drop the preset rule with this name.' },
  },
});
const schemeSideSchema = (side: string) => ({
  type: 'object',
  description: `Scheme fees charged to the ${side}: clamp(pct x value, floor, cap) + per_auth + per_item + cross_border_pct x value (cross-border only).`,
  additionalProperties: false,
  properties: {
    pct: percent('Percent of value.'),
    cap: { description: 'Cap on the percent-of-value part. null removes a preset cap.', anyOf: [amount('Cap.'), { type: 'null' }] },
    floor: amount('Floor on the percent-of-value part.'),
    per_auth: amount('Per authorization.'),
    per_item: amount('Per cleared item.'),
    cross_border_pct: percent('Cross-border assessment, percent of value.'),
    exempt_mcc: mccList('MCCs that pay no scheme fee on this side.'),
  },
});

/**
 * JSON Schema (draft-07 compatible, self-contained, no $ref) of the `fees:` node, for the
 * scenario schema. Structure only: numbers are checked exactly, and rule sets semantically, by
 * `resolveFeeModel`.
 */
export const FEE_MODEL_JSON_SCHEMA: Record<string, unknown> = {
  description: `Fee model: a preset name (${FEE_PRESET_NAMES.join(', ')}), a full model, or {model: <preset>, ...overrides}.`,
  anyOf: [
    { type: 'string', description: 'A built-in preset name.' },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        model: { type: 'string', description: `Built-in preset to start from (${FEE_PRESET_NAMES.join(', ')}); the other keys override it.` },
        name: { type: 'string', description: 'Model name for outputs.' },
        sources: { type: 'array', items: { type: 'string' }, description: 'Citations of the numbers (appended to a preset\'s).' },
        type: { type: 'string', enum: ['four_party', 'three_party'], description: 'four_party (interchange, scheme, acquirer) or three_party (one platform fee; Alipay / WeChat Pay style).' },
        currency: { type: 'string', description: 'ISO 4217 currency of the fixed amounts (default: the scenario currency).' },
        min_amount: amount('Smallest plausible purchase: no single fee may exceed the purchase from this amount up (default 10).'),
        interchange: { type: 'array', description: 'Interchange rules (acquirer -> issuer).', items: ruleSchema('Interchange rule.') },
        scheme_fees: {
          type: 'object',
          description: 'Scheme (network) fees per side.',
          additionalProperties: false,
          properties: { issuer: schemeSideSchema('issuer'), acquirer: schemeSideSchema('acquirer') },
        },
        acquirer: {
          type: 'object',
          description: 'Acquirer pricing of the merchant discount (MDR).',
          additionalProperties: false,
          properties: {
            pricing: { type: 'string', enum: ['blended', 'interchange_plus_plus'], description: 'blended: MDR rules; interchange_plus_plus: interchange + acquirer scheme fee + margin.' },
            mdr: { type: 'array', description: 'Blended MDR rules (same matching as interchange).', items: ruleSchema('MDR rule.') },
            margin: feeSchema('Acquirer margin on top of the pass-through fees (interchange_plus_plus).'),
          },
        },
        platform: {
          type: 'object',
          description: 'Three-party platform fees.',
          additionalProperties: false,
          properties: {
            merchant_fee: feeSchema('The platform fee charged to the merchant.'),
            withdrawal: {
              type: 'object',
              description: 'Cardholder wallet -> bank withdrawal fee: pct of the part above the lifetime free quota, at least min.',
              additionalProperties: false,
              properties: { pct: percent('Rate.'), min: amount('Minimum fee.'), free_quota: amount('Lifetime free quota per cardholder.') },
            },
          },
        },
        fx: {
          type: 'object',
          description: 'Cardholder FX fee and FX rates.',
          additionalProperties: false,
          properties: {
            cardholder_fee_pct: percent('Cardholder FX fee on cross-border purchases.'),
            billing_currency: { type: 'string', description: 'Cardholders\' billing currency for cross-border purchases.' },
            rates: {
              type: 'object',
              description: '"BASE/QUOTE": units of QUOTE per unit of BASE (up to 8 decimals), or a daily series from day 0 (the last value holds).',
              additionalProperties: { anyOf: [decimal('Fixed rate.'), { type: 'array', minItems: 1, items: decimal('Rate of the day.') }] },
            },
          },
        },
        chargeback: {
          type: 'object',
          description: 'What a chargeback reverses. The interchange is always returned.',
          additionalProperties: false,
          properties: {
            refund_merchant_discount: { type: 'boolean', description: 'Acquirer refunds the MDR (and a platform its fee); default false.' },
            refund_scheme_fees: { type: 'boolean', description: 'Scheme refunds both sides\' fees; default false.' },
            refund_fx_fee: { type: 'boolean', description: 'Issuer refunds the cardholder FX fee; default true.' },
            fee: amount('Acquirer chargeback handling fee charged to the merchant (default 0).'),
          },
        },
        avoided_cost_of_cash_pct: percent('Merchant avoided cost of cash for the tourist test (default 1.26, EC 2015).'),
      },
    },
  ],
};
