/**
 * Built-in fee presets, written in the same declarative format a scenario uses (`fees:`).
 *
 * Every number says where it comes from. "sources §x" is docs/sources.md, section x; its
 * confidence tags are kept: H official / several sources, M one reputable source, L weak,
 * A assumption (no source stands behind it), K background knowledge not confirmed by a source.
 * Percentages are written as decimal strings so that they are read exactly. The four-party
 * presets give their sourced numbers to `fourParty`, which adds what they all share.
 */

import type { RawFeeModel } from './fee-model/raw-types.js';

/**
 * MCCs of non-profit medical, educational, social-welfare, elderly-care and charity merchants,
 * which pay zero issuer and network fees under NDRC 2016 (sources §1.3, H). The mapping of those
 * merchant classes to MCCs is background knowledge (K): 8050 nursing/personal care, 8062
 * hospitals, 8211 schools, 8220 colleges, 8241-8249 correspondence/business/vocational schools,
 * 8299 educational services, 8351 child care, 8398 charitable and social service organisations.
 */
const CN_NONPROFIT_MCC = [8050, 8062, 8211, 8220, '8241-8249', 8299, 8351, 8398];

/** sources §4.1: EC DG COMP (2015) merchant survey, total cost of cash 1.26 % of turnover (H). */
const EC_2015_COST_OF_CASH_PCT = '1.26';

/** What a four-party preset sources itself; `fourParty` fills in the rest. */
type FourPartyNumbers = Required<Pick<RawFeeModel, 'name' | 'sources' | 'currency' | 'interchange' | 'scheme_fees'>> & {
  /** The acquirer's margin over the fees it passes through (interchange-plus-plus), percent. */
  readonly acquirer_margin_pct: string;
  /** The cardholder's FX fee on a cross-border purchase, percent. */
  readonly cardholder_fx_fee_pct: string;
};

/**
 * A four-party preset: its acquirers price interchange-plus-plus (the fees passed through plus a
 * margin), and the merchant's avoided cost of cash is the EC 2015 figure.
 */
function fourParty(p: FourPartyNumbers): RawFeeModel {
  return {
    name: p.name,
    sources: p.sources,
    type: 'four_party',
    currency: p.currency,
    interchange: p.interchange,
    scheme_fees: p.scheme_fees,
    acquirer: { pricing: 'interchange_plus_plus', margin: { pct: p.acquirer_margin_pct } },
    fx: { cardholder_fee_pct: p.cardholder_fx_fee_pct },
    avoided_cost_of_cash_pct: EC_2015_COST_OF_CASH_PCT,
  };
}

const EU_IFR = fourParty({
  name: 'eu-ifr',
  sources: [
    'sources §1.1: Interchange Fee Regulation (EU) 2015/751, Arts. 3-4 (H)',
    'sources §1.5: scheme fees, typical ranges (L/M); sources §1.6: EC 2015 merchant survey (H)',
    'sources §4.1: EC 2015 cost of cash 1.26 % (H)',
  ],
  currency: 'EUR',
  interchange: [
    // sources §1.1: IFR Art. 3, consumer debit interchange cap 0.20 % of value (H); domestic and
    // intra-EEA cross-border alike (IFR scope, H). The member-state option of <= EUR 0.05 per
    // transaction with a 0.2 % weighted average is not modelled.
    { name: 'consumer-debit', product: 'debit', pct: '0.20' },
    // sources §1.1: IFR Art. 4, consumer credit interchange cap 0.30 % (H); premium consumer cards
    // are consumer credit cards under the IFR.
    { name: 'consumer-credit', product: ['credit', 'premium'], pct: '0.30' },
    // sources §1.1: commercial cards are outside the IFR caps (H). No sourced rate: the consumer
    // credit cap is used as a stand-in (A).
    { name: 'commercial', product: 'commercial', pct: '0.30' },
  ],
  scheme_fees: {
    // sources §1.5: scheme fees 0.10-0.25 % of value in total (L/M): the low end, split evenly (A).
    issuer: { pct: '0.05' },
    acquirer: {
      // sources §1.5: 0.10-0.25 % in total (L/M), half on this side (A).
      pct: '0.05',
      // sources §1.5: per-authorisation network access fee USD 0.01-0.02 (M); EUR 0.02 (A).
      per_auth: '0.02',
      // sources §1.5: cross-border assessment +0.4-1.0 % (M): the low end (A).
      cross_border_pct: '0.4',
    },
  },
  // Derived (A) from sources §1.6 (EC 2015, H): debit MSC = 52 % of a 0.67 % total cost = 0.35 %,
  // minus 0.20 % interchange and 0.05 % scheme fee = 0.10 % acquirer margin.
  acquirer_margin_pct: '0.10',
  // sources §1.8: generic issuer FX mark-up 1-3 % (M); Visa/MC network 1-1.5 % (L/M): 1.5 % (A).
  cardholder_fx_fee_pct: '1.5',
});

const EU_INTERREGIONAL: RawFeeModel = {
  ...EU_IFR,
  name: 'eu-interregional',
  sources: [
    ...(EU_IFR.sources ?? []),
    'sources §1.1: Visa/Mastercard inter-regional commitments, 29 Apr 2019 (H): non-EEA cards in the EEA',
  ],
  interchange: [
    ...(EU_IFR.interchange ?? []),
    // sources §1.1: inter-regional MIF for non-EEA cards, card-not-present debit 1.15 % (H);
    // card-present stays at 0.2 % / 0.3 % (the domestic rules above). Here cross_border = a
    // non-EEA card used at an EEA merchant.
    { name: 'interregional-debit-cnp', product: 'debit', channel: 'card_not_present', region: 'cross_border', pct: '1.15', priority: 1 },
    // sources §1.1: inter-regional card-not-present credit 1.50 % (H).
    { name: 'interregional-credit-cnp', product: ['credit', 'premium'], channel: 'card_not_present', region: 'cross_border', pct: '1.50', priority: 1 },
  ],
};

const US_REG_II = fourParty({
  name: 'us-reg-ii',
  sources: [
    'sources §1.2: Durbin Amendment / Regulation II, 12 CFR 235, covered issuers >= USD 10 bn assets (H)',
    'sources §1.5, §1.6: scheme fees and unregulated credit interchange (M)',
  ],
  currency: 'USD',
  interchange: [
    // sources §1.2: Reg II debit cap USD 0.21 + 5 bp of value, + USD 0.01 fraud-prevention
    // adjustment (H): 0.05 % + USD 0.22 (worked example: USD 100 -> USD 0.27). Covered issuers.
    { name: 'debit-covered', product: 'debit', pct: '0.05', fixed: '0.22' },
    // sources §1.6: US typical credit interchange 2.0-2.5 % (L/M): the low end for standard credit (A).
    { name: 'credit', product: 'credit', pct: '2.0' },
    // sources §1.6: the high end of 2.0-2.5 % for premium and commercial cards (A).
    { name: 'premium-commercial', product: ['premium', 'commercial'], pct: '2.5' },
  ],
  scheme_fees: {
    // No sourced issuer-side figure; 0.05 % as in sources §6.7 (A).
    issuer: { pct: '0.05' },
    acquirer: {
      // sources §1.5: Visa US credit assessment 0.14 % of volume (M).
      pct: '0.14',
      // sources §1.5: network access fee (Visa NAPF, Mastercard APF) USD 0.01-0.02 per authorisation (M).
      per_auth: '0.02',
      // sources §1.5: cross-border assessment +0.4-1.0 % (M): 0.8 % (A).
      cross_border_pct: '0.8',
    },
  },
  // No sourced acquirer margin for the US; 0.25 % (A).
  acquirer_margin_pct: '0.25',
  // sources §1.8: Visa/MC international transaction fee 1-1.5 % passed to the cardholder (L/M): 1.5 % (A).
  cardholder_fx_fee_pct: '1.5',
});

const CN_NDRC_2016 = fourParty({
  name: 'cn-ndrc-2016',
  sources: [
    'sources §1.3: NDRC & PBOC bank-card fee reform (发改价格〔2016〕557号), effective 6 Sep 2016 (H)',
    'sources §7: acquirer margin 0.10-0.15 % => MDR ~0.45-0.60 % (A, consistent with the cardinfo price list, M)',
  ],
  currency: 'CNY',
  interchange: [
    // sources §1.3: NDRC 2016, debit issuer fee <= 0.35 %, max CNY 13 per transaction (H).
    { name: 'debit', product: 'debit', pct: '0.35', cap: '13' },
    // sources §1.3: NDRC 2016, credit issuer fee <= 0.45 %, no per-transaction cap (H); premium and
    // commercial cards are credit cards here (A).
    { name: 'credit', product: ['credit', 'premium', 'commercial'], pct: '0.45' },
    // sources §1.3: non-profit medical, educational, welfare, elderly-care and charity merchants
    // pay zero issuer fee (H); MCC mapping K.
    { name: 'non-profit-exempt', mcc: CN_NONPROFIT_MCC, pct: '0', priority: 1 },
  ],
  scheme_fees: {
    // sources §1.3: network fee <= 0.065 %, max CNY 6.5, split 50/50: <= 0.0325 %, max CNY 3.25
    // charged to the issuer (H); non-profit merchants exempt (H).
    issuer: { pct: '0.0325', cap: '3.25', exempt_mcc: CN_NONPROFIT_MCC },
    // sources §1.3: <= 0.0325 %, max CNY 3.25 charged to the acquirer (H); non-profit exempt (H).
    acquirer: { pct: '0.0325', cap: '3.25', exempt_mcc: CN_NONPROFIT_MCC },
  },
  // sources §1.3: acquirer fee market-determined, typically 0.05-0.25 % (A); sources §7 uses
  // 0.10-0.15 %: 0.10 % gives a debit MDR of 0.4825 %, inside the 0.38-0.60 % of §1.3 (M).
  acquirer_margin_pct: '0.10',
  // sources §1.8: UnionPay rail, Chinese cardholder abroad: no currency-conversion fee (M).
  cardholder_fx_fee_pct: '0',
});

/** ru-2019 rule pair: debit rate and credit rate = debit + 0.3 pp (sources §6.7, A). */
function ruPair(
  name: string,
  debitPct: string,
  creditPct: string,
  match: { mcc?: Array<number | string>; channel?: string },
  priority = 0,
): NonNullable<RawFeeModel['interchange']> {
  return [
    { name: `${name}-debit`, product: 'debit', ...match, pct: debitPct, ...(priority ? { priority } : {}) },
    // sources §6.7: credit +0.3 pp (A); premium and commercial priced as credit (A; sources §1.4
    // gives a 0.8-1.75 % range by card level without a per-tier table).
    { name: `${name}-credit`, product: ['credit', 'premium', 'commercial'], ...match, pct: creditPct, ...(priority ? { priority } : {}) },
  ];
}

const RU_2019 = fourParty({
  name: 'ru-2019',
  sources: [
    'sources §6.7: fee model ru-2019 + UPI overlay (A, within the sourced Russian ranges of §1.4)',
    'sources §1.4: Mir interchange 0.8-1.75 % (M), MDR 1.5-2.5 % (M), Mir programme rates (M)',
    'sources §1.5: scheme fees (L/M); sources §1.8: UnionPay rail has no FX fee (M)',
  ],
  currency: 'RUB',
  interchange: [
    // sources §6.7: domestic debit 1.2 % standard (A).
    ...ruPair('standard', '1.2', '1.5', {}),
    // sources §6.7: grocery 1.0 % (A); grocery MCCs 5411, 5499 (sources §6.2).
    ...ruPair('grocery', '1.0', '1.3', { mcc: [5411, 5499] }),
    // sources §6.7: fuel 1.0 % (A); fuel MCCs 5541, 5542 (sources §6.2).
    ...ruPair('fuel', '1.0', '1.3', { mcc: ['5541-5542'] }),
    // sources §6.7: taxi 1.0 % (A); Mir taxi/limousine 1.0 % from 1 Oct 2019 (sources §1.4, M); MCC 4121.
    ...ruPair('taxi', '1.0', '1.3', { mcc: [4121] }),
    // sources §6.7: apparel/home 0.9 % (A); Mir clothing/home programme 0.8-1.0 % (sources §1.4, M);
    // MCCs: clothing 5641, 5651, 5691, 5699 and home 5200, 5261, 5712 (sources §1.4), shoes 5661 (§6.2).
    ...ruPair('apparel-home', '0.9', '1.2', { mcc: [5200, 5261, 5641, 5651, 5661, 5691, 5699, 5712] }),
    // sources §6.7: catering 1.5 % (A); cafes/restaurants 5812, fast food 5814 (sources §6.2).
    ...ruPair('catering', '1.5', '1.8', { mcc: [5812, 5814] }),
    // sources §6.7: e-commerce 1.6 % (A), whatever the MCC: priority 1 over the MCC rules.
    ...ruPair('ecommerce', '1.6', '1.9', { channel: 'card_not_present' }, 1),
    // sources §6.7: cross-border (China-issued card in Russia) interchange 1.5 % (A), any product,
    // MCC and channel: priority 2 over everything domestic.
    { name: 'cross-border', region: 'cross_border', pct: '1.5', priority: 2 },
  ],
  scheme_fees: {
    // sources §6.7: UPI scheme fee 0.05 % issuer side (A).
    issuer: { pct: '0.05' },
    acquirer: {
      // sources §6.7: UPI scheme fee 0.10 % acquirer side (A).
      pct: '0.10',
      // sources §6.7: RUB 0.5 per authorisation (A); charged to the acquirer like Visa's NAPF
      // (sources §1.5, M) - the side is an assumption (A).
      per_auth: '0.5',
      // sources §6.7: cross-border assessment 0.6 % (A, sourced range 0.4-1.0 %, §1.5 M); on the
      // acquirer side (A).
      cross_border_pct: '0.6',
    },
  },
  // sources §6.7: acquirer margin 0.4-0.8 % => MDR 1.5-2.5 % (sourced range, §1.4 M). 0.5 % puts
  // every domestic MDR in range: apparel debit 0.9 + 0.1 + 0.5 = 1.5 %, e-commerce credit
  // 1.9 + 0.1 + 0.5 = 2.5 % (A).
  acquirer_margin_pct: '0.5',
  // sources §6.7: cardholder FX fee 0 % on the UnionPay rail (vs 1.5 % on Visa/MC) (M).
  cardholder_fx_fee_pct: '0',
});

const WALLET_3PARTY_CN: RawFeeModel = {
  name: 'wallet-3party-cn',
  sources: [
    'sources §1.7: Alipay / WeChat Pay three-party pricing (M/H)',
    'sources §4.1: EC 2015 cost of cash 1.26 % (H)',
  ],
  type: 'three_party',
  currency: 'CNY',
  platform: {
    // sources §1.7: merchant fee, mainland retail ~0.6 %, WeChat and Alipay at parity (M).
    merchant_fee: { pct: '0.6' },
    // sources §1.7: WeChat wallet -> bank withdrawal 0.1 %, min CNY 0.1, above a lifetime free
    // quota of CNY 1,000, from 1 Mar 2016 (H). Alipay: same rate above CNY 20,000 (H).
    withdrawal: { pct: '0.1', min: '0.1', free_quota: '1000' },
  },
  // No sourced figure for wallet cross-border FX fees (A: none).
  fx: { cardholder_fee_pct: '0' },
  avoided_cost_of_cash_pct: EC_2015_COST_OF_CASH_PCT,
};

/** The built-in presets by name. */
export const FEE_PRESETS: Readonly<Record<string, RawFeeModel>> = Object.freeze({
  'eu-ifr': EU_IFR,
  'eu-interregional': EU_INTERREGIONAL,
  'us-reg-ii': US_REG_II,
  'cn-ndrc-2016': CN_NDRC_2016,
  'ru-2019': RU_2019,
  'wallet-3party-cn': WALLET_3PARTY_CN,
});

/** Names of the built-in presets, in a stable order. */
export const FEE_PRESET_NAMES: readonly string[] = Object.freeze(Object.keys(FEE_PRESETS));
