/**
 * The settlement legs of an ATM cash withdrawal (read by `SettlementBook.withdrawal` with the
 * same interpreter as a purchase's, settlement-legs.ts). The ATM's acquirer pays the cash out;
 * the issuer takes it from the cardholder and reimburses the acquirer through the scheme, and
 * pays it the ATM interchange: the reverse of a purchase's interchange (sources §9.2). A
 * withdrawal pays no merchant discount and has no merchant. The cardholder's ATM fee (off-us,
 * abroad) goes to the issuer.
 *
 * Slots (settlement-legs.ts): S_VALUE the amount, S_INTERCHANGE the ATM interchange, S_FX_FEE
 * the cardholder's fee, and their issuer-currency conversions. Across currencies the scheme sells
 * what the issuer paid it, conv(V) + conv(a) of the issuer currency (S_SWAP_I > 0), and buys
 * V + a of the transaction currency (S_SWAP_T = -(V + a) < 0), which it pays the acquirer.
 */

import { ACCOUNT_ACQUIRER, ACCOUNT_ISSUER, ACCOUNT_SCHEME, KIND } from './accounts.js';
import { applyPpm } from './money.js';
import { SIDE_T, SWAPS_FORWARD, S_FX_FEE, S_INTERCHANGE, S_VALUE, acrossCurrencies, leg, type LegTable } from './settlement-legs.js';

const T = SIDE_T;

/** A withdrawal whose issuer settles in the transaction currency. */
export const ATM_WITHDRAWAL: LegTable = {
  legs: [
    leg(KIND.atm_withdrawal, S_VALUE, T, S_VALUE),
    leg(KIND.atm_interchange, S_INTERCHANGE, T, S_VALUE),
    leg(KIND.atm_cardholder_fee, S_FX_FEE, T, S_VALUE),
  ],
  touches: [[ACCOUNT_ISSUER, T], [ACCOUNT_SCHEME, T], [ACCOUNT_ACQUIRER, T]],
};

/**
 * A withdrawal with a card whose issuer settles in another currency (a foreign card at this
 * market's ATM): the amount and the ATM interchange change currency at the scheme, the
 * cardholder's fee is in the issuer currency (settlement-legs.ts, `acrossCurrencies`).
 */
export const ATM_WITHDRAWAL_CROSS: LegTable = acrossCurrencies(ATM_WITHDRAWAL, SWAPS_FORWARD);

/** The ATM fees of one withdrawal, in minor units of the transaction currency. */
export interface AtmFees {
  interchangeMinor: number;
  cardholderFeeMinor: number;
}

/**
 * What one kind of withdrawal pays: the ATM interchange (issuer to the ATM's acquirer) and the
 * cardholder's fee, a rate of the amount with a minimum. Amounts in minor units, the rate in ppm.
 */
export interface AtmKindPrices {
  readonly interchangeMinor: number;
  readonly feePpm: number;
  readonly feeMinMinor: number;
}

/** The ATM prices of a scenario (the `atm` section's `fees`): off-us and with a cross-border card (on-us is free). */
export interface AtmPrices {
  readonly offUs: AtmKindPrices;
  readonly crossBorder: AtmKindPrices;
}

/** Withdrawal kinds: at the issuer's own bank's ATM, another bank's, or with a cross-border card. */
export const ATM_ON_US = 0;
export const ATM_OFF_US = 1;
export const ATM_CROSS_BORDER = 2;

/**
 * Prices one withdrawal of `kind` into `out`: on-us is free; off-us pays the ATM interchange and
 * the off-us fee; a cross-border card pays the cross-border interchange and fee (about 1 % on the
 * UnionPay rail, sources §9.2). A fee is its rate of the amount (half to even), at least its minimum.
 */
export function priceWithdrawal(prices: AtmPrices, kind: number, amountMinor: number, out: AtmFees): AtmFees {
  if (kind === ATM_ON_US) {
    out.interchangeMinor = 0;
    out.cardholderFeeMinor = 0;
  } else {
    const k = kind === ATM_OFF_US ? prices.offUs : prices.crossBorder;
    out.interchangeMinor = k.interchangeMinor;
    out.cardholderFeeMinor = Math.max(k.feeMinMinor, applyPpm(amountMinor, k.feePpm));
  }
  return out;
}
