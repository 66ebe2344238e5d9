/**
 * Resolved fee models and the hot-path pricer.
 *
 * A `FeeModel` is plain, JSON-serialisable data produced by `resolveFeeModel` (fee-format.ts)
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

import { applyPpm, FxTable, type FxSeries } from './money.js';

// ---------------------------------------------------------------------------------------------
// Dimensions
// ---------------------------------------------------------------------------------------------

/** Card products; the index is the `product` number of a PurchaseInput. */
export const PRODUCTS = ['debit', 'credit', 'premium', 'commercial'] as const;
export type Product = (typeof PRODUCTS)[number];
export const PRODUCT_DEBIT = 0;
export const PRODUCT_CREDIT = 1;
export const PRODUCT_PREMIUM = 2;
export const PRODUCT_COMMERCIAL = 3;

/** Channel classes; the index is the `channelClass` number of a PurchaseInput. */
export const CHANNEL_CLASSES = ['card_present', 'card_not_present', 'wallet_token', 'qr'] as const;
export type ChannelClass = (typeof CHANNEL_CLASSES)[number];
export const CHANNEL_CARD_PRESENT = 0;
export const CHANNEL_CARD_NOT_PRESENT = 1;
export const CHANNEL_WALLET_TOKEN = 2;
export const CHANNEL_QR = 3;

/** Regions; index 0 domestic, 1 cross-border (PurchaseInput.crossBorder). */
export const REGIONS = ['domestic', 'cross_border'] as const;
export type Region = (typeof REGIONS)[number];

/**
 * The channel class of a terminal channel name of the scenario (src/scenario/types.ts
 * `CHANNELS`): chip and contactless are card-present, nfc_token is a wallet token, qr is QR,
 * ecommerce is card-not-present. Returns -1 for an unknown name.
 */
export function channelClassOf(channel: string): number {
  switch (channel) {
    case 'chip':
    case 'contactless':
    case 'magstripe':
    case 'card_present':
      return CHANNEL_CARD_PRESENT;
    case 'ecommerce':
    case 'card_not_present':
      return CHANNEL_CARD_NOT_PRESENT;
    case 'nfc_token':
    case 'wallet_token':
      return CHANNEL_WALLET_TOKEN;
    case 'qr':
      return CHANNEL_QR;
    default:
      return -1;
  }
}

/** MCCs are four digits: 0000-9999. */
export const MCC_COUNT = 10_000;

/** Bit masks covering every value of a dimension. */
export const ALL_PRODUCTS = 0b1111;
export const ALL_CHANNELS = 0b1111;
export const ALL_REGIONS = 0b11;

// ---------------------------------------------------------------------------------------------
// Resolved model types
// ---------------------------------------------------------------------------------------------

/** An inclusive MCC range [from, to]. */
export type MccRange = readonly [number, number];

/** A percentage plus fixed amount, with optional cap and floor on the total. */
export interface FeeSpec {
  readonly ratePpm: number;
  readonly fixedMinor: number;
  /** null = no cap. */
  readonly capMinor: number | null;
  readonly floorMinor: number;
}

/** The set of purchases a rule matches: a bit mask per enumerated dimension and MCC ranges. */
export interface MatchSpec {
  /** Bit i set = matches PRODUCTS[i]. */
  readonly products: number;
  /** Bit i set = matches CHANNEL_CLASSES[i]. */
  readonly channels: number;
  /** Bit 0 domestic, bit 1 cross-border. */
  readonly regions: number;
  /** Sorted, disjoint, non-adjacent inclusive ranges; null = every MCC (also invalid ones). */
  readonly mcc: readonly MccRange[] | null;
  /** Higher wins; among equal priorities the most specific (smallest) matching rule wins. */
  readonly priority: number;
}

export interface FeeRule extends MatchSpec, FeeSpec {
  readonly name: string;
}

export interface SchemeSideFees {
  /** Percent of value, with cap and floor on this part only (fixedMinor unused, 0). */
  readonly value: FeeSpec;
  readonly perAuthMinor: number;
  readonly perItemMinor: number;
  /** Cross-border assessment, percent of value. */
  readonly crossBorderPpm: number;
  /** MCC ranges that pay no scheme fee on this side (e.g. NDRC 2016 non-profit exemptions). */
  readonly exemptMcc: readonly MccRange[];
}

export type AcquirerPricing =
  | { readonly pricing: 'blended'; readonly mdr: readonly FeeRule[] }
  | { readonly pricing: 'interchange_plus_plus'; readonly margin: FeeSpec };

export interface WithdrawalFeeSpec {
  readonly ratePpm: number;
  readonly minMinor: number;
  /** Lifetime free quota per cardholder. */
  readonly freeQuotaMinor: number;
}

export interface PlatformSpec {
  readonly merchantFee: FeeSpec;
  readonly withdrawal: WithdrawalFeeSpec;
}

export interface FxSpec {
  /** Cardholder FX fee on cross-border purchases. */
  readonly cardholderFeePpm: number;
  /** The cardholders' billing currency for cross-border purchases, if known. */
  readonly billingCurrency: string | null;
  readonly rates: readonly FxSeries[];
}

export interface ChargebackPolicy {
  /** The acquirer refunds the merchant discount (and a platform its fee) on a chargeback. */
  readonly refundMerchantDiscount: boolean;
  /** The scheme refunds both sides' scheme fees on a chargeback. */
  readonly refundSchemeFees: boolean;
  /** The issuer refunds the cardholder FX fee on a chargeback. */
  readonly refundFxFee: boolean;
  /** Acquirer's chargeback handling fee charged to the merchant. */
  readonly feeMinor: number;
}

/** A resolved fee model. All fixed amounts are minor units of `currency`. */
export interface FeeModel {
  readonly name: string;
  /** Citations of the numbers, free text. */
  readonly sources: readonly string[];
  readonly type: 'four_party' | 'three_party';
  readonly currency: string;
  readonly exponent: number;
  /** Smallest plausible purchase: no single fee may exceed the purchase from here up. */
  readonly minAmountMinor: number;
  /** Empty for a three-party model. */
  readonly interchange: readonly FeeRule[];
  readonly schemeIssuer: SchemeSideFees;
  readonly schemeAcquirer: SchemeSideFees;
  readonly acquirer: AcquirerPricing;
  /** Set for a three-party model only. */
  readonly platform: PlatformSpec | null;
  readonly fx: FxSpec;
  readonly chargeback: ChargebackPolicy;
  /** Merchant's avoided cost of cash (the tourist-test benchmark b_S), ppm of turnover. */
  readonly avoidedCostOfCashPpm: number;
}

export const ZERO_FEE: FeeSpec = Object.freeze({ ratePpm: 0, fixedMinor: 0, capMinor: null, floorMinor: 0 });
export const NO_SCHEME_FEES: SchemeSideFees = Object.freeze({
  value: ZERO_FEE,
  perAuthMinor: 0,
  perItemMinor: 0,
  crossBorderPpm: 0,
  exemptMcc: [],
});

// ---------------------------------------------------------------------------------------------
// Purchases and breakdowns
// ---------------------------------------------------------------------------------------------

/** One purchase to price. Amounts are minor units of the model currency. */
export interface PurchaseInput {
  amountMinor: number;
  /** 0 debit, 1 credit, 2 premium, 3 commercial. */
  product: number;
  /** Merchant category code, 0-9999. */
  mcc: number;
  /** 0 card_present, 1 card_not_present, 2 wallet_token, 3 qr. */
  channelClass: number;
  crossBorder: boolean;
}

/**
 * The fees of one purchase, minor units of the transaction currency. Who pays whom:
 * - interchange: acquirer -> issuer
 * - schemeFeeIssuer: issuer -> scheme; schemeFeeAcquirer: acquirer -> scheme
 * - merchantDiscount: merchant -> acquirer (the whole MDR / merchant service charge)
 * - platformFee: merchant -> platform (three-party; booked to the scheme account)
 * - cardholderFxFee: cardholder -> issuer
 * Nets per party: see `partyNets`.
 */
export interface FeeBreakdown {
  interchange: number;
  schemeFeeIssuer: number;
  schemeFeeAcquirer: number;
  merchantDiscount: number;
  platformFee: number;
  cardholderFxFee: number;
  /** Index of the interchange rule that applied, -1 for none. */
  interchangeRule: number;
  /** Index of the blended MDR rule that applied, -1 for none / interchange-plus-plus. */
  mdrRule: number;
}

/** What a chargeback moves back, minor units. Every field is a positive amount reversed. */
export interface ChargebackBreakdown {
  /** The purchase amount returned: merchant -> cardholder. */
  amount: number;
  /** Interchange returned: issuer -> acquirer (always, the whole interchange). */
  interchange: number;
  /** Scheme fees refunded: scheme -> issuer / acquirer (0 unless the policy refunds them). */
  schemeFeeIssuer: number;
  schemeFeeAcquirer: number;
  /** Merchant discount refunded: acquirer -> merchant (0 unless the policy refunds it). */
  merchantDiscount: number;
  /** Platform fee refunded: platform -> merchant (same policy flag as the merchant discount). */
  platformFee: number;
  /** FX fee refunded: issuer -> cardholder. */
  cardholderFxFee: number;
  /** Acquirer's chargeback handling fee: merchant -> acquirer. */
  chargebackFee: number;
}

export function createFeeBreakdown(): FeeBreakdown {
  return {
    interchange: 0,
    schemeFeeIssuer: 0,
    schemeFeeAcquirer: 0,
    merchantDiscount: 0,
    platformFee: 0,
    cardholderFxFee: 0,
    interchangeRule: -1,
    mdrRule: -1,
  };
}

export function createChargebackBreakdown(): ChargebackBreakdown {
  return {
    amount: 0,
    interchange: 0,
    schemeFeeIssuer: 0,
    schemeFeeAcquirer: 0,
    merchantDiscount: 0,
    platformFee: 0,
    cardholderFxFee: 0,
    chargebackFee: 0,
  };
}

/** Net result of one purchase per party (minor units; positive = the party gains). */
export interface PartyNets {
  /** -(amount + FX fee). */
  cardholder: number;
  /** interchange + FX fee - issuer scheme fee. */
  issuer: number;
  /** Both scheme fees + platform fee. */
  scheme: number;
  /** merchant discount - interchange - acquirer scheme fee (the acquirer margin). */
  acquirer: number;
  /** amount - merchant discount - platform fee. */
  merchant: number;
}

/** The per-party nets of a priced purchase; they sum to zero. Allocates: not for the hot path. */
export function partyNets(amountMinor: number, b: FeeBreakdown): PartyNets {
  return {
    cardholder: -(amountMinor + b.cardholderFxFee),
    issuer: b.interchange + b.cardholderFxFee - b.schemeFeeIssuer,
    scheme: b.schemeFeeIssuer + b.schemeFeeAcquirer + b.platformFee,
    acquirer: b.merchantDiscount - b.interchange - b.schemeFeeAcquirer,
    merchant: amountMinor - b.merchantDiscount - b.platformFee,
  };
}

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
