/**
 * Checking stage of the fee model: relations a read model must satisfy. Rules of one set must not
 * overlap with equal priority, every rule must be able to apply, and no fee may exceed the
 * smallest plausible purchase (`min_amount`). Messages name an example purchase (a witness).
 */

import { formatMinor, formatPpm, PPM } from '../money.js';
import {
  CHANNEL_CLASSES,
  findRuleConflicts,
  PRODUCTS,
  REGIONS,
  RuleTable,
  specFee,
  type FeeRule,
  type FeeSpec,
  type MatchSpec,
  type MccRange,
  type SchemeSideFees,
} from '../fees.js';
import type { Issues, Path, Units } from './issues.js';

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

export function checkRuleSet(rules: readonly FeeRule[], path: Path, label: string, is: Issues, u: Units, minAmount: number): RuleTable {
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

/** An amount for a message: `CNY 13.00`. */
function money(u: Units, minor: number): string {
  return `${u.currency} ${formatMinor(minor, u.exponent)}`;
}

/** How messages name the bound every fee is checked against. */
function smallestPurchase(u: Units, minAmount: number): string {
  return `the smallest plausible purchase ${money(u, minAmount)} (min_amount)`;
}

/** A fee must never exceed the purchase: rate <= 100 % and fee(min_amount) <= min_amount. */
export function checkFeeBound(f: FeeSpec, path: Path, what: string, is: Issues, u: Units, minAmount: number): void {
  if (f.ratePpm > PPM) {
    is.err([...path, 'pct'], 'out_of_range', `${what}: ${formatPpm(f.ratePpm)} is more than 100 % of the purchase`);
    return;
  }
  const fee = specFee(f, minAmount);
  if (fee > minAmount) {
    is.err(path, 'out_of_range', `${what}: the fee ${money(u, fee)} exceeds ${smallestPurchase(u, minAmount)}`);
  }
}

/** The most one side's scheme fees can be on a purchase of `amount` (cross-border, so every part applies). */
function schemeSideFeeAt(s: SchemeSideFees, amount: number): number {
  let v = specFee({ ...s.value, fixedMinor: 0 }, amount);
  v += s.perAuthMinor + s.perItemMinor;
  return v + specFee({ ratePpm: s.crossBorderPpm, fixedMinor: 0, capMinor: null, floorMinor: 0 }, amount);
}

/** Scheme fees of one side must not exceed the purchase (the cross-border case, the dearest). */
export function checkSchemeSide(s: SchemeSideFees, path: Path, side: string, is: Issues, u: Units, minAmount: number): void {
  if (s.value.ratePpm > PPM) is.err([...path, 'pct'], 'out_of_range', `${side} scheme fee ${formatPpm(s.value.ratePpm)} is more than 100 % of the purchase`);
  else if (s.crossBorderPpm > PPM) is.err([...path, 'cross_border_pct'], 'out_of_range', `${side} cross-border assessment is more than 100 %`);
  else {
    const fee = schemeSideFeeAt(s, minAmount);
    if (fee > minAmount) is.err(path, 'out_of_range', `${side} scheme fee ${money(u, fee)} (cross-border) exceeds ${smallestPurchase(u, minAmount)}`);
  }
}

/** Interchange-plus-plus: the highest interchange + acquirer scheme fee + margin within the purchase. */
export function checkIcPlusPlusTotal(
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
      'out_of_range',
      `interchange-plus-plus merchant discount can reach ${money(u, total)} (highest interchange + acquirer scheme fee + margin), ` +
        `more than ${smallestPurchase(u, minAmount)}`,
    );
  }
}

/** The rule match set of a resolved rule (for external checks and tests). */
export function matchOf(r: FeeRule): MatchSpec {
  return { products: r.products, channels: r.channels, regions: r.regions, mcc: r.mcc, priority: r.priority };
}
