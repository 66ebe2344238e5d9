/**
 * Resolved fee models and the hot-path pricer.
 *
 * A `FeeModel` is plain, JSON-serialisable data produced by `resolveFeeModel` (fee-model/resolve.ts)
 * from the declarative YAML shape. `FeePricer` precomputes rule lookup tables from it once, then
 * prices a purchase with a handful of typed-array reads, writing into a caller-owned
 * `FeeBreakdown` (no allocation per call).
 *
 * Fee formulas (V = purchase amount in minor units; every percentage goes through `applyPpm`,
 * i.e. exact integer arithmetic rounded half to even, see money.ts):
 * - rule fee (interchange, MDR, acquirer margin, platform fee):
 *   `clamp(applyPpm(V, rate) + fixed, floor, cap)` - the cap and floor bound the whole fee.
 * - scheme fee of one side: `clamp(applyPpm(V, rate), floor, cap) + perItem + perAuth
 *   + (crossBorder ? applyPpm(V, crossBorderRate) : 0)`, and 0 for an exempt MCC. The cap and
 *   floor bound the value-based part only (NDRC 2016: "0.0325 %, max CNY 3.25").
 * - merchant discount: blended MDR rule fee, or interchange-plus-plus
 *   `interchange + schemeFeeAcquirer + margin`.
 * - cardholder FX fee: `crossBorder ? applyPpm(V, fxFee) : 0`.
 */

import { applyPpm, FxTable } from './money.js';
import { MCC_COUNT, NO_SCHEME_FEES, ZERO_FEE, type ChargebackBreakdown, type FeeBreakdown, type FeeModel, type FeeSpec, type PurchaseInput, type SchemeSideFees } from './fee-types.js';
import { RuleTable } from './rule-table.js';

/** The pricer's inputs and outputs (fee-types.ts) and its rule matching (rule-table.ts), for importers of fees.js. */
export * from './fee-types.js';
export * from './rule-table.js';

// ---------------------------------------------------------------------------------------------
// The pricer
// ---------------------------------------------------------------------------------------------

/** Flattened rule parameters in typed arrays. */
class RuleParams {
  readonly rate: Float64Array;
  readonly fixed: Float64Array;
  readonly cap: Float64Array;
  readonly floor: Float64Array;
  constructor(rules: readonly FeeSpec[]) {
    const n = rules.length;
    this.rate = new Float64Array(n);
    this.fixed = new Float64Array(n);
    this.cap = new Float64Array(n);
    this.floor = new Float64Array(n);
    rules.forEach((r, i) => {
      this.rate[i] = r.ratePpm;
      this.fixed[i] = r.fixedMinor;
      this.cap[i] = r.capMinor ?? Infinity;
      this.floor[i] = r.floorMinor;
    });
  }
  fee(i: number, amountMinor: number): number {
    let v = applyPpm(amountMinor, this.rate[i] as number) + (this.fixed[i] as number);
    const cap = this.cap[i] as number;
    if (v > cap) v = cap;
    const floor = this.floor[i] as number;
    if (v < floor) v = floor;
    return v;
  }
}

/** A single fee spec evaluated on its own: clamp(applyPpm(V, rate) + fixed, floor, cap). */
export function specFee(s: FeeSpec, amountMinor: number): number {
  let v = applyPpm(amountMinor, s.ratePpm) + s.fixedMinor;
  if (s.capMinor !== null && v > s.capMinor) v = s.capMinor;
  if (v < s.floorMinor) v = s.floorMinor;
  return v;
}

class SchemeSide {
  readonly rate: number;
  readonly cap: number;
  readonly floor: number;
  readonly perItem: number;
  readonly perAuth: number;
  readonly crossBorder: number;
  /** 1 = exempt, per MCC. */
  readonly exempt: Uint8Array;
  constructor(s: SchemeSideFees) {
    this.rate = s.value.ratePpm;
    this.cap = s.value.capMinor ?? Infinity;
    this.floor = s.value.floorMinor;
    this.perItem = s.perItemMinor;
    this.perAuth = s.perAuthMinor;
    this.crossBorder = s.crossBorderPpm;
    this.exempt = new Uint8Array(MCC_COUNT);
    for (const [a, b] of s.exemptMcc) this.exempt.fill(1, Math.max(0, a), Math.min(MCC_COUNT, b + 1));
  }
  fee(amountMinor: number, mcc: number, crossBorder: boolean): number {
    if (mcc >= 0 && mcc < MCC_COUNT && this.exempt[mcc] === 1) return 0;
    let v = this.rate === 0 ? 0 : applyPpm(amountMinor, this.rate);
    if (v > this.cap) v = this.cap;
    if (v < this.floor) v = this.floor;
    v += this.perItem + this.perAuth;
    if (crossBorder && this.crossBorder !== 0) v += applyPpm(amountMinor, this.crossBorder);
    return v;
  }
  authFee(mcc: number): number {
    if (mcc >= 0 && mcc < MCC_COUNT && this.exempt[mcc] === 1) return 0;
    return this.perAuth;
  }
}

/**
 * The hot-path pricer of one fee model.
 *
 * ```ts
 * const pricer = new FeePricer(model);
 * const out = createFeeBreakdown();          // once
 * pricer.price(purchase, out);               // per purchase, no allocation
 * ```
 * Purchases must be in the model currency (`model.currency`); `resolveFeeModel(raw,
 * { currency })` rebases a model to the scenario currency.
 */
export class FeePricer {
  readonly model: FeeModel;
  /** The model's FX rates (fixed or daily series). */
  readonly fx: FxTable;
  private readonly threeParty: boolean;
  private readonly icTable: RuleTable;
  private readonly icParams: RuleParams;
  private readonly mdrTable: RuleTable | null;
  private readonly mdrParams: RuleParams | null;
  private readonly margin: FeeSpec;
  private readonly platform: FeeSpec;
  private readonly issuerSide: SchemeSide;
  private readonly acquirerSide: SchemeSide;
  private readonly fxFeePpm: number;

  constructor(model: FeeModel) {
    this.model = model;
    this.fx = new FxTable(model.fx.rates);
    this.threeParty = model.type === 'three_party';
    const ic = this.threeParty ? [] : model.interchange;
    this.icTable = new RuleTable(ic);
    this.icParams = new RuleParams(ic);
    if (!this.threeParty && model.acquirer.pricing === 'blended') {
      this.mdrTable = new RuleTable(model.acquirer.mdr);
      this.mdrParams = new RuleParams(model.acquirer.mdr);
      this.margin = ZERO_FEE;
    } else {
      this.mdrTable = null;
      this.mdrParams = null;
      this.margin = model.acquirer.pricing === 'interchange_plus_plus' && !this.threeParty ? model.acquirer.margin : ZERO_FEE;
    }
    this.platform = this.threeParty && model.platform ? model.platform.merchantFee : ZERO_FEE;
    this.issuerSide = new SchemeSide(this.threeParty ? NO_SCHEME_FEES : model.schemeIssuer);
    this.acquirerSide = new SchemeSide(this.threeParty ? NO_SCHEME_FEES : model.schemeAcquirer);
    this.fxFeePpm = model.fx.cardholderFeePpm;
  }

  /** Price one cleared purchase into `out` (every field is overwritten). */
  price(p: PurchaseInput, out: FeeBreakdown): void {
    const v = p.amountMinor;
    // Out-of-range codes would silently read a neighbouring table cell: refuse them (two compares).
    if (p.product >>> 0 > 3 || p.channelClass >>> 0 > 3) {
      throw new RangeError(`product ${p.product} / channelClass ${p.channelClass} out of range 0-3`);
    }
    out.cardholderFxFee = p.crossBorder && this.fxFeePpm !== 0 ? applyPpm(v, this.fxFeePpm) : 0;
    if (this.threeParty) {
      out.interchange = 0;
      out.schemeFeeIssuer = 0;
      out.schemeFeeAcquirer = 0;
      out.merchantDiscount = 0;
      out.interchangeRule = -1;
      out.mdrRule = -1;
      out.platformFee = specFee(this.platform, v);
      return;
    }
    const region = p.crossBorder ? 1 : 0;
    const r = this.icTable.lookup(p.mcc, p.product, p.channelClass, region);
    out.interchangeRule = r;
    out.interchange = r < 0 ? 0 : this.icParams.fee(r, v);
    out.schemeFeeIssuer = this.issuerSide.fee(v, p.mcc, p.crossBorder);
    out.schemeFeeAcquirer = this.acquirerSide.fee(v, p.mcc, p.crossBorder);
    out.platformFee = 0;
    if (this.mdrTable !== null && this.mdrParams !== null) {
      const m = this.mdrTable.lookup(p.mcc, p.product, p.channelClass, region);
      out.mdrRule = m;
      out.merchantDiscount = m < 0 ? 0 : this.mdrParams.fee(m, v);
    } else {
      out.mdrRule = -1;
      out.merchantDiscount = out.interchange + out.schemeFeeAcquirer + specFee(this.margin, v);
    }
  }

  /**
   * The reversals of a full chargeback of a purchase priced as `original`, per the model's
   * chargeback policy, into `out`.
   */
  priceChargeback(amountMinor: number, original: FeeBreakdown, out: ChargebackBreakdown): void {
    const cb = this.model.chargeback;
    out.amount = amountMinor;
    out.interchange = original.interchange;
    out.schemeFeeIssuer = cb.refundSchemeFees ? original.schemeFeeIssuer : 0;
    out.schemeFeeAcquirer = cb.refundSchemeFees ? original.schemeFeeAcquirer : 0;
    out.merchantDiscount = cb.refundMerchantDiscount ? original.merchantDiscount : 0;
    out.platformFee = cb.refundMerchantDiscount ? original.platformFee : 0;
    out.cardholderFxFee = cb.refundFxFee ? original.cardholderFxFee : 0;
    out.chargebackFee = cb.feeMinor;
  }

  /** Issuer-side scheme fee of an authorization that does not clear (declined, reversed). */
  authFeeIssuer(mcc: number): number {
    return this.issuerSide.authFee(mcc);
  }

  /** Acquirer-side scheme fee of an authorization that does not clear. */
  authFeeAcquirer(mcc: number): number {
    return this.acquirerSide.authFee(mcc);
  }
}
