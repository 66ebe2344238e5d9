/**
 * Fee rule matching: which purchases a rule covers, how specific it is, which equal-priority
 * rules specificity cannot order, and the precomputed `RuleTable` from (MCC, product, channel,
 * region) to the winning rule that the pricer reads per purchase.
 */

import { MCC_COUNT, type MatchSpec, type MccRange } from './fee-types.js';

// ---------------------------------------------------------------------------------------------
// Rule sets: matching, specificity, conflicts, lookup tables
// ---------------------------------------------------------------------------------------------

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/** Number of MCCs in a range list; null (every code) counts as MCC_COUNT + 1 (it also takes invalid codes). */
export function mccCount(mcc: readonly MccRange[] | null): number {
  if (mcc === null) return MCC_COUNT + 1;
  let n = 0;
  for (const [a, b] of mcc) n += b - a + 1;
  return n;
}

/** Number of (product, channel, region, mcc) cells a rule matches: smaller = more specific. */
export function matchSize(m: MatchSpec): number {
  return popcount(m.products) * popcount(m.channels) * popcount(m.regions) * mccCount(m.mcc);
}

export function mccMatches(mcc: readonly MccRange[] | null, code: number): boolean {
  if (mcc === null) return true;
  for (const [a, b] of mcc) if (code >= a && code <= b) return true;
  return false;
}

function mccIntersects(a: readonly MccRange[] | null, b: readonly MccRange[] | null): boolean {
  if (a === null || b === null) return true;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as MccRange;
    const y = b[j] as MccRange;
    if (x[1] < y[0]) i++;
    else if (y[1] < x[0]) j++;
    else return true;
  }
  return false;
}

/** a is a subset of b (every MCC of a is in b). */
function mccSubset(a: readonly MccRange[] | null, b: readonly MccRange[] | null): boolean {
  if (b === null) return true;
  if (a === null) return false;
  for (const [lo, hi] of a) {
    if (!b.some(([x, y]) => x <= lo && hi <= y)) return false; // ranges in b are non-adjacent
  }
  return true;
}

/** Whether two rules match at least one common purchase. */
export function rulesIntersect(a: MatchSpec, b: MatchSpec): boolean {
  return (a.products & b.products) !== 0 && (a.channels & b.channels) !== 0 && (a.regions & b.regions) !== 0 && mccIntersects(a.mcc, b.mcc);
}

/** Whether every purchase rule a matches is matched by rule b. */
export function ruleContains(b: MatchSpec, a: MatchSpec): boolean {
  return (a.products & ~b.products) === 0 && (a.channels & ~b.channels) === 0 && (a.regions & ~b.regions) === 0 && mccSubset(a.mcc, b.mcc);
}

/**
 * Pairs of rules that specificity cannot order: equal priority, a common purchase, and neither
 * strictly contains the other (partial overlap, or identical match sets).
 */
export function findRuleConflicts(rules: readonly MatchSpec[]): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) {
      const a = rules[i] as MatchSpec;
      const b = rules[j] as MatchSpec;
      if (a.priority !== b.priority || !rulesIntersect(a, b)) continue;
      const aInB = ruleContains(b, a);
      const bInA = ruleContains(a, b);
      if (aInB !== bInA) continue; // strictly nested: the smaller one is more specific
      out.push([i, j]);
    }
  }
  return out;
}

/**
 * A precomputed lookup table from (mcc, product, channel, region) to the winning rule.
 * MCCs are collapsed into classes bounded by the rules' range ends, so the table holds
 * `classes x 4 x 4 x 2` cells; a lookup is two typed-array reads.
 */
export class RuleTable {
  /** mcc -> class. */
  readonly mccClass: Uint16Array;
  /** The class of a code outside 0-9999 (matches only rules without an MCC list). */
  readonly outClass: number;
  /** cell -> rule index, -1 for no rule. cell = ((class * 4 + product) * 4 + channel) * 2 + region. */
  readonly cells: Int32Array;
  /** Number of cells (of valid MCCs) each rule wins (0 = the rule can never apply). */
  readonly cellsWon: Uint32Array;
  /** Number of cells (of valid MCCs) no rule covers. */
  readonly uncovered: number;

  constructor(rules: readonly MatchSpec[]) {
    const cuts = new Set<number>([0, MCC_COUNT]);
    for (const r of rules) {
      if (r.mcc === null) continue;
      for (const [a, b] of r.mcc) {
        cuts.add(Math.max(0, Math.min(MCC_COUNT, a)));
        cuts.add(Math.max(0, Math.min(MCC_COUNT, b + 1)));
      }
    }
    const bounds = [...cuts].sort((x, y) => x - y);
    const segments = bounds.length - 1;
    this.mccClass = new Uint16Array(MCC_COUNT);
    for (let s = 0; s < segments; s++) this.mccClass.fill(s, bounds[s] as number, bounds[s + 1] as number);
    this.outClass = segments;
    const classes = segments + 1;
    this.cells = new Int32Array(classes * 32).fill(-1);
    this.cellsWon = new Uint32Array(rules.length);
    const sizes = rules.map(matchSize);
    let uncovered = 0;
    for (let c = 0; c < classes; c++) {
      const rep = c < segments ? (bounds[c] as number) : -1;
      const mccOk = rules.map((r) => (rep < 0 ? r.mcc === null : mccMatches(r.mcc, rep)));
      for (let p = 0; p < 4; p++) {
        for (let ch = 0; ch < 4; ch++) {
          for (let g = 0; g < 2; g++) {
            let best = -1;
            for (let i = 0; i < rules.length; i++) {
              const r = rules[i] as MatchSpec;
              if (!mccOk[i] || !(r.products & (1 << p)) || !(r.channels & (1 << ch)) || !(r.regions & (1 << g))) continue;
              if (best < 0) {
                best = i;
                continue;
              }
              const b = rules[best] as MatchSpec;
              if (r.priority > b.priority || (r.priority === b.priority && (sizes[i] as number) < (sizes[best] as number))) best = i;
            }
            const cell = ((c * 4 + p) * 4 + ch) * 2 + g;
            this.cells[cell] = best;
            // Only real MCCs count: a rule that wins nothing but invalid codes never applies.
            if (c < segments) {
              if (best >= 0) this.cellsWon[best] = (this.cellsWon[best] as number) + 1;
              else uncovered++;
            }
          }
        }
      }
    }
    this.uncovered = uncovered;
  }

  /** The winning rule index for a purchase, -1 for none. */
  lookup(mcc: number, product: number, channel: number, region: number): number {
    const cls = mcc >= 0 && mcc < MCC_COUNT ? (this.mccClass[mcc] as number) : this.outClass;
    return this.cells[((cls * 4 + product) * 4 + channel) * 2 + region] as number;
  }
}
