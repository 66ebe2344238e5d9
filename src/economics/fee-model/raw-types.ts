/**
 * The raw shape of a fee model (`fees:` in a scenario, and the built-in presets) as YAML gives it,
 * before it is read. Types only: this file imports nothing, so the presets and the reader can both
 * depend on it without a circle.
 *
 * Units in the raw shape:
 * - `pct` keys are percentages: `1.2`, `"1.2"`, `"1.2%"` = 1.2 %; `"120bp"` = 1.2 %. At most
 *   four decimals of a percent (1 ppm). Read exactly, never through binary floating point.
 * - amounts (`fixed`, `cap`, `floor`, `per_auth`, `per_item`, `min`, `free_quota`, `fee`,
 *   `min_amount`) are decimal major units of the model `currency`: `13` = CNY 13.00.
 * - FX rates: `"BASE/QUOTE": rate` = units of QUOTE per unit of BASE, up to 8 decimals; a list
 *   is a daily series from day 0 (the last value holds afterwards).
 */


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
