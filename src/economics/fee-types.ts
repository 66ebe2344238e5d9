/**
 * The resolved fee model as plain, JSON-serialisable data (what `resolveFeeModel` in
 * fee-model/resolve.ts produces from the YAML shape), the dimensions a purchase is priced on, and the
 * breakdowns the pricer writes: the fees of one purchase and the reversals of a chargeback.
 */

import type { FxSeries } from './money.js';

// ---------------------------------------------------------------------------------------------
// Dimensions
// ---------------------------------------------------------------------------------------------

/** Card products; the index is the `product` number of a PurchaseInput. */
export const PRODUCTS = ['debit', 'credit', 'premium', 'commercial'] as const;
export type Product = (typeof PRODUCTS)[number];
export const [PRODUCT_DEBIT, PRODUCT_CREDIT, PRODUCT_PREMIUM, PRODUCT_COMMERCIAL] = [0, 1, 2, 3] as const;

/** Channel classes; the index is the `channelClass` number of a PurchaseInput. */
export const CHANNEL_CLASSES = ['card_present', 'card_not_present', 'wallet_token', 'qr'] as const;
export type ChannelClass = (typeof CHANNEL_CLASSES)[number];
export const [CHANNEL_CARD_PRESENT, CHANNEL_CARD_NOT_PRESENT, CHANNEL_WALLET_TOKEN, CHANNEL_QR] = [0, 1, 2, 3] as const;

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
 * The fee parts of a purchase, minor units of the transaction currency: what a purchase pays
 * (`FeeBreakdown`) and what a chargeback moves back (`ChargebackBreakdown`). Who pays whom on a
 * purchase (a chargeback moves each part the other way):
 * - interchange: acquirer -> issuer
 * - schemeFeeIssuer: issuer -> scheme; schemeFeeAcquirer: acquirer -> scheme
 * - merchantDiscount: merchant -> acquirer (the whole MDR / merchant service charge)
 * - platformFee: merchant -> platform (three-party; booked to the scheme account)
 * - cardholderFxFee: cardholder -> issuer
 */
export interface FeeParts {
  interchange: number;
  schemeFeeIssuer: number;
  schemeFeeAcquirer: number;
  merchantDiscount: number;
  platformFee: number;
  cardholderFxFee: number;
}

/** The fees of one purchase and the rules that set them. Nets per party: see `partyNets`. */
export interface FeeBreakdown extends FeeParts {
  /** Index of the interchange rule that applied, -1 for none. */
  interchangeRule: number;
  /** Index of the blended MDR rule that applied, -1 for none / interchange-plus-plus. */
  mdrRule: number;
}

/**
 * What a chargeback moves back, minor units. Every field is a positive amount reversed: the
 * whole interchange always; the scheme fees only when the policy refunds them; the merchant
 * discount and the platform fee (one policy flag) only when the policy refunds them; the FX fee
 * to the cardholder.
 */
export interface ChargebackBreakdown extends FeeParts {
  /** The purchase amount returned: merchant -> cardholder. */
  amount: number;
  /** Acquirer's chargeback handling fee: merchant -> acquirer. */
  chargebackFee: number;
}

/** Every fee part at zero. */
function zeroParts(): FeeParts {
  return { interchange: 0, schemeFeeIssuer: 0, schemeFeeAcquirer: 0, merchantDiscount: 0, platformFee: 0, cardholderFxFee: 0 };
}

/** A breakdown to reuse as scratch: the pricer fills it per purchase (created once, not per purchase). */
export function createFeeBreakdown(): FeeBreakdown {
  return { ...zeroParts(), interchangeRule: -1, mdrRule: -1 };
}

/** A chargeback breakdown to reuse as scratch. */
export function createChargebackBreakdown(): ChargebackBreakdown {
  return { amount: 0, ...zeroParts(), chargebackFee: 0 };
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
