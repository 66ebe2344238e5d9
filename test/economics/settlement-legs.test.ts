/**
 * The leg tables that are derived, not written out: the chargeback from the purchase, each
 * cross-currency table from its one-currency form. The expected lists are the posting order of
 * ledger.csv (a purchase: sources of each leg in settlement-legs.ts's module comment).
 */
import { describe, expect, it } from 'vitest';
import { ATM_WITHDRAWAL_CROSS } from '../../src/economics/atm-legs.js';
import { ACCOUNT_ACQUIRER, ACCOUNT_ISSUER, ACCOUNT_MERCHANT, ACCOUNT_SCHEME, KIND, POSTING_KINDS } from '../../src/economics/accounts.js';
import {
  CHARGEBACK, CHARGEBACK_CROSS, CLEAR_CROSS, FRAUD_WRITE_OFF_CROSS, SIDE_I, SIDE_T, S_SCHEME_ACQUIRER, S_VALUE, acrossCurrencies, leg, type LegTable,
} from '../../src/economics/settlement-legs.js';

/** Each leg as `kind/side` (I: the issuer's currency). */
const legs = (t: LegTable): string[] => t.legs.map((l) => `${POSTING_KINDS[l.kind]!.name}/${l.side === SIDE_I ? 'I' : 'T'}`);

describe('derived leg tables', () => {
  it('a chargeback reverses the purchase leg by leg, then books the chargeback fee', () => {
    expect(legs(CHARGEBACK)).toEqual([
      'chargeback/T', 'interchange_reversal/T', 'scheme_fee_issuer_reversal/T', 'scheme_fee_acquirer_reversal/T',
      'merchant_discount_reversal/T', 'platform_fee_reversal/T', 'cardholder_fx_fee_reversal/T', 'chargeback_fee/T',
    ]);
  });

  it('across currencies, a movement between issuer and acquirer splits at the scheme, payer first; then the swaps', () => {
    expect(legs(CLEAR_CROSS)).toEqual([
      'purchase_issuer_leg/I', 'purchase_acquirer_leg/T', 'interchange_acquirer_leg/T', 'interchange_issuer_leg/I',
      'scheme_fee_issuer/I', 'scheme_fee_acquirer/T', 'merchant_discount/T', 'platform_fee/T', 'cardholder_fx_fee/I',
      'fx_conversion_out/I', 'fx_conversion_out/T',
    ]);
    expect(legs(CHARGEBACK_CROSS)).toEqual([
      'chargeback_acquirer_leg/T', 'chargeback_issuer_leg/I', 'interchange_reversal_issuer_leg/I', 'interchange_reversal_acquirer_leg/T',
      'scheme_fee_issuer_reversal/I', 'scheme_fee_acquirer_reversal/T', 'merchant_discount_reversal/T', 'platform_fee_reversal/T',
      'cardholder_fx_fee_reversal/I', 'chargeback_fee/T', 'fx_conversion_in/T', 'fx_conversion_in/I',
    ]);
    expect(legs(ATM_WITHDRAWAL_CROSS)).toEqual([
      'atm_withdrawal_issuer_leg/I', 'atm_withdrawal_acquirer_leg/T', 'atm_interchange_issuer_leg/I', 'atm_interchange_acquirer_leg/T',
      'atm_cardholder_fee/I', 'fx_conversion_out/I', 'fx_conversion_out/T',
    ]);
    expect(legs(FRAUD_WRITE_OFF_CROSS)).toEqual(['fraud_write_off/I']);
    expect(CLEAR_CROSS.touches).toEqual([[ACCOUNT_ISSUER, SIDE_I], [ACCOUNT_SCHEME, SIDE_I], [ACCOUNT_SCHEME, SIDE_T], [ACCOUNT_ACQUIRER, SIDE_T], [ACCOUNT_MERCHANT, SIDE_T]]);
  });

  it('refuses an issuer-side leg whose amount has no issuer-currency slot', () => {
    const bad: LegTable = { legs: [leg(KIND.scheme_fee_issuer, S_SCHEME_ACQUIRER, SIDE_T, S_VALUE)], touches: [] };
    expect(() => acrossCurrencies(bad, [])).toThrow(/no issuer-currency amount/);
  });
});
