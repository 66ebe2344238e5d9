/**
 * An upper bound of the money one purchase of a fee model can move beside its amount: every fee
 * of a purchase of amount x (interchange, scheme fees of both sides, merchant discount or platform
 * fee, cardholder FX fee) sums to at most `ratePpm * x / 1e6 + fixedMinor`, and a chargeback adds
 * at most `chargebackFeeMinor`. The scenario pipeline uses it to reject runs whose money totals
 * could leave exact integer arithmetic (docs/fees.md, "Money limits").
 *
 * Each fee is clamp(round(rate * x) + fixed, floor, cap) <= rate * x + 1 + fixed + floor, so the
 * highest rate and the highest fixed part plus floor of each rule list bound it (plus one minor
 * unit of rounding), whatever rule matches.
 */

import type { FeeModel, FeeSpec, SchemeSideFees } from './fee-types.js';

export interface FeeBound {
  /** Highest total percentage of the fees of one purchase, ppm of its amount. */
  readonly ratePpm: number;
  /** Highest total of their fixed parts and floors, minor units of the model currency. */
  readonly fixedMinor: number;
  /** The chargeback handling fee, minor units. */
  readonly chargebackFeeMinor: number;
}

interface Part {
  ratePpm: number;
  fixedMinor: number;
}

/** The largest rate and the largest fixed part plus floor over a list of fee specs (each bounded on its own). */
function worst(specs: readonly FeeSpec[]): Part {
  let ratePpm = 0;
  let fixedMinor = 0;
  for (const s of specs) {
    ratePpm = Math.max(ratePpm, s.ratePpm);
    fixedMinor = Math.max(fixedMinor, Math.max(0, s.fixedMinor) + s.floorMinor);
  }
  return { ratePpm, fixedMinor };
}

/** One side's scheme fees, cross-border (every part applies). */
function schemeSide(s: SchemeSideFees): Part {
  const v = worst([s.value]);
  return { ratePpm: v.ratePpm + s.crossBorderPpm, fixedMinor: v.fixedMinor + s.perAuthMinor + s.perItemMinor };
}

function add(...parts: Part[]): Part {
  return parts.reduce((a, b) => ({ ratePpm: a.ratePpm + b.ratePpm, fixedMinor: a.fixedMinor + b.fixedMinor }), { ratePpm: 0, fixedMinor: 0 });
}

/** The bound of `m`'s fees on one purchase (see the module comment). */
export function feeBound(m: FeeModel): FeeBound {
  const interchange = worst(m.interchange);
  const issuer = schemeSide(m.schemeIssuer);
  const acquirer = schemeSide(m.schemeAcquirer);
  // Interchange-plus-plus passes the interchange and the acquirer's scheme fee on, plus a margin.
  const mdr = m.acquirer.pricing === 'blended' ? worst(m.acquirer.mdr) : add(interchange, acquirer, worst([m.acquirer.margin]));
  const platform = m.platform === null ? { ratePpm: 0, fixedMinor: 0 } : worst([m.platform.merchantFee]);
  const fx = { ratePpm: m.fx.cardholderFeePpm, fixedMinor: 0 };
  const parts = [interchange, issuer, acquirer, mdr, platform, fx];
  const total = add(...parts);
  // Each percentage is rounded to the nearest minor unit (half to even): at most one more per part,
  // two in the interchange-plus-plus discount (its interchange and scheme fee are rounded on their own).
  const rounding = parts.length + (m.acquirer.pricing === 'blended' ? 0 : 2);
  return { ratePpm: total.ratePpm, fixedMinor: total.fixedMinor + rounding, chargebackFeeMinor: m.chargeback.feeMinor };
}
