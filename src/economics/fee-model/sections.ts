/**
 * The sections of a fee-model node (after any preset merge), each read and then checked, and put
 * together into one `FeeModel`. Sections are read in a fixed order (header, parties, FX,
 * chargebacks), so the issues come out in that order.
 */

import { currencyExponent, CURRENCIES, isKnownCurrency, PPM } from '../money.js';
import { ZERO_FEE, type AcquirerPricing, type ChargebackPolicy, type FeeModel, type FeeRule, type FxSpec, type PlatformSpec, type RuleTable, type SchemeSideFees } from '../fees.js';
import { checkFeeBound, checkIcPlusPlusTotal, checkRuleSet, checkSchemeSide } from './check.js';
import { inScenarioCurrency } from './currency.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { describe, type Issues, type Obj, type ResolveOptions, type Units } from './issues.js';
import { checkKeys, FEE_KEYS, mapping, readAmount, readBool, readFee, readFxRates, readPct, readRules, readSchemeSide } from './read.js';

/** Default smallest plausible purchase, in major units of the model currency. */
export const DEFAULT_MIN_AMOUNT_MAJOR = 10;
/** sources §4.1: EC DG COMP (2015) survey, merchants' total cost of cash 1.26 % of turnover (H). */
export const DEFAULT_AVOIDED_COST_OF_CASH_PPM = 12_600;
/**
 * Chargeback defaults (A): the interchange is always returned; scheme fees and the merchant
 * discount are kept (common acquirer practice, no source in docs/sources.md); the FX fee is refunded;
 * no handling fee.
 */
export const DEFAULT_CHARGEBACK: ChargebackPolicy = Object.freeze({
  refundMerchantDiscount: false,
  refundSchemeFees: false,
  refundFxFee: true,
  feeMinor: 0,
});

const TOP_KEYS = [
  'model',
  'name',
  'sources',
  'type',
  'currency',
  'min_amount',
  'interchange',
  'scheme_fees',
  'acquirer',
  'platform',
  'fx',
  'chargeback',
  'avoided_cost_of_cash_pct',
] as const;

/** The keys every model has: what it is called, cites, is, and counts in. */
interface Header {
  readonly name: string;
  readonly sources: string[];
  readonly type: 'four_party' | 'three_party';
  readonly currency: string;
  readonly u: Units;
  readonly minAmountMinor: number;
}

/** What the parties charge: interchange, scheme fees and acquirer pricing, or a platform fee. */
type Parties = Pick<FeeModel, 'interchange' | 'schemeIssuer' | 'schemeAcquirer' | 'acquirer' | 'platform'>;

/** A fee-model node (already merged with its preset) as a model, or null if it has errors. */
export function readModel(node: Obj, is: Issues, options: ResolveOptions): FeeModel | null {
  checkKeys(node, [], TOP_KEYS, is);
  const header = readHeader(node, is, options);
  if (header === null) return null;
  const { u, minAmountMinor } = header;
  const parties = header.type === 'three_party' ? readThreeParty(node, is, u, minAmountMinor) : readFourParty(node, is, u, minAmountMinor);
  const fx = readFx(node, is);
  const chargeback = readChargeback(node, is, u);
  const avoidedCostOfCashPpm = readPct(node, 'avoided_cost_of_cash_pct', [], is, DEFAULT_AVOIDED_COST_OF_CASH_PPM);
  if (is.errors.length > 0) return null;
  const model: FeeModel = {
    name: header.name,
    sources: header.sources,
    type: header.type,
    currency: header.currency,
    exponent: u.exponent,
    minAmountMinor,
    ...parties,
    fx,
    chargeback,
    avoidedCostOfCashPpm,
  };
  return inScenarioCurrency(model, node, options, is);
}

/** Name, sources, type, currency and min_amount; null when the currency is missing or unknown. */
function readHeader(node: Obj, is: Issues, options: ResolveOptions): Header | null {
  let name = 'custom';
  if (node['name'] !== undefined) {
    if (typeof node['name'] !== 'string' || node['name'] === '') is.err(['name'], 'wrong_type', 'name: expected a non-empty string');
    else name = node['name'];
  }
  const sources: string[] = [];
  if (node['sources'] !== undefined) {
    const s = node['sources'];
    if (!Array.isArray(s) || s.some((x) => typeof x !== 'string')) is.err(['sources'], 'wrong_type', 'sources: expected a list of strings');
    else sources.push(...(s as string[]));
  }
  let type: 'four_party' | 'three_party' = 'four_party';
  if (node['type'] !== undefined) {
    if (node['type'] === 'four_party' || node['type'] === 'three_party') type = node['type'];
    else is.err(['type'], 'invalid_value', `type: expected four_party or three_party, got ${describe(node['type'])}`);
  }
  let currency = options.currency;
  if (node['currency'] !== undefined) {
    const c = node['currency'];
    if (typeof c !== 'string' || !isKnownCurrency(c)) {
      const near = typeof c === 'string' ? didYouMean(c, Object.keys(CURRENCIES), '"') : '';
      is.err(['currency'], 'invalid_choice', `unknown currency ${describe(c)}${near} (known: ${Object.keys(CURRENCIES).join(', ')})`);
      return null;
    }
    currency = c;
  }
  if (currency === undefined) {
    is.err([], 'missing_key', 'currency: required (the currency of the fixed amounts), unless the scenario gives one');
    return null;
  }
  if (!isKnownCurrency(currency)) {
    is.err([], 'invalid_choice', `unknown currency "${currency}"`);
    return null;
  }
  const u: Units = { currency, exponent: currencyExponent(currency) };
  const minAmountMinor = node['min_amount'] === undefined ? DEFAULT_MIN_AMOUNT_MAJOR * 10 ** u.exponent : readAmount(node, 'min_amount', [], is, u);
  if (minAmountMinor <= 0 && node['min_amount'] !== undefined) is.err(['min_amount'], 'invalid_value', 'min_amount must be positive');
  return { name, sources, type, currency, u, minAmountMinor };
}

function noSchemeFees(): SchemeSideFees {
  return { value: ZERO_FEE, perAuthMinor: 0, perItemMinor: 0, crossBorderPpm: 0, exemptMcc: [] };
}

/** A three-party model: one platform fee to the merchant, and a wallet withdrawal fee. */
function readThreeParty(node: Obj, is: Issues, u: Units, minAmountMinor: number): Parties {
  const none = noSchemeFees();
  const parties: Parties = { interchange: [], schemeIssuer: none, schemeAcquirer: none, acquirer: { pricing: 'interchange_plus_plus', margin: ZERO_FEE }, platform: null };
  for (const k of ['interchange', 'scheme_fees', 'acquirer'] as const) {
    if (node[k] !== undefined) is.err([k], 'not_applicable', `${k}: a three-party model has no ${k.replace('_', ' ')} (the platform charges the merchant directly)`);
  }
  const pl = node['platform'];
  if (pl === undefined || pl === null) {
    is.err(['platform'], 'missing_key', 'platform: a three-party model needs platform.merchant_fee');
    return parties;
  }
  const pn = mapping(pl, ['platform'], is, ['merchant_fee', 'withdrawal']);
  if (!pn) return parties;
  const mfNode = mapping(pn['merchant_fee'], ['platform', 'merchant_fee'], is, FEE_KEYS);
  if (pn['merchant_fee'] === undefined) is.err(['platform'], 'missing_key', 'platform.merchant_fee: required');
  const merchantFee = mfNode ? readFee(mfNode, ['platform', 'merchant_fee'], is, u) : ZERO_FEE;
  checkFeeBound(merchantFee, ['platform', 'merchant_fee'], 'platform merchant fee', is, u, minAmountMinor);
  const wn = mapping(pn['withdrawal'], ['platform', 'withdrawal'], is, ['pct', 'min', 'free_quota']);
  const withdrawal = wn
    ? {
        ratePpm: readPct(wn, 'pct', ['platform', 'withdrawal'], is),
        minMinor: readAmount(wn, 'min', ['platform', 'withdrawal'], is, u),
        freeQuotaMinor: readAmount(wn, 'free_quota', ['platform', 'withdrawal'], is, u),
      }
    : { ratePpm: 0, minMinor: 0, freeQuotaMinor: 0 };
  if (withdrawal.ratePpm > PPM) is.err(['platform', 'withdrawal', 'pct'], 'out_of_range', 'withdrawal fee is more than 100 % of the withdrawal');
  const platform: PlatformSpec = { merchantFee, withdrawal };
  return { ...parties, platform };
}

/** A four-party model: interchange rules, scheme fees per side, acquirer pricing. */
function readFourParty(node: Obj, is: Issues, u: Units, minAmountMinor: number): Parties {
  if (node['platform'] !== undefined) is.err(['platform'], 'not_applicable', 'platform: only a three_party model has a platform fee');
  const interchange = readRules(node['interchange'], ['interchange'], is, u, 'interchange');
  const icTable = checkRuleSet(interchange, ['interchange'], 'interchange', is, u, minAmountMinor);
  if (interchange.length === 0 && (node['interchange'] === undefined || node['interchange'] === null || Array.isArray(node['interchange']))) {
    is.warn(['interchange'], 'uncovered', 'no interchange rules: every purchase pays no interchange');
  }
  let schemeIssuer = noSchemeFees();
  let schemeAcquirer = schemeIssuer;
  const sf = mapping(node['scheme_fees'], ['scheme_fees'], is, ['issuer', 'acquirer']);
  if (sf) {
    schemeIssuer = readSchemeSide(sf['issuer'], ['scheme_fees', 'issuer'], is, u);
    schemeAcquirer = readSchemeSide(sf['acquirer'], ['scheme_fees', 'acquirer'], is, u);
    checkSchemeSide(schemeIssuer, ['scheme_fees', 'issuer'], 'issuer-side', is, u, minAmountMinor);
    checkSchemeSide(schemeAcquirer, ['scheme_fees', 'acquirer'], 'acquirer-side', is, u, minAmountMinor);
  }
  const acquirer = readAcquirer(node, is, u, minAmountMinor, { interchange, icTable, schemeAcquirer });
  return { interchange, schemeIssuer, schemeAcquirer, acquirer, platform: null };
}

/** What interchange-plus-plus passes through, for its total check. */
interface PassThrough {
  readonly interchange: readonly FeeRule[];
  readonly icTable: RuleTable;
  readonly schemeAcquirer: SchemeSideFees;
}

/** `acquirer:`: blended MDR rules, or interchange-plus-plus with a margin (the default). */
function readAcquirer(node: Obj, is: Issues, u: Units, minAmountMinor: number, through: PassThrough): AcquirerPricing {
  const fallback: AcquirerPricing = { pricing: 'interchange_plus_plus', margin: ZERO_FEE };
  const an = mapping(node['acquirer'], ['acquirer'], is, ['pricing', 'mdr', 'margin']);
  if (!an) return fallback;
  const pricingRaw = an['pricing'] ?? (an['mdr'] !== undefined ? 'blended' : 'interchange_plus_plus');
  if (pricingRaw === 'blended') {
    if (an['margin'] !== undefined) is.err(['acquirer', 'margin'], 'not_applicable', 'acquirer.margin: only for interchange_plus_plus pricing (a blended MDR has its own rates)');
    if (an['mdr'] === undefined) is.err(['acquirer'], 'missing_key', 'acquirer.mdr: blended pricing needs a list of MDR rules');
    const mdr = readRules(an['mdr'], ['acquirer', 'mdr'], is, u, 'mdr');
    checkRuleSet(mdr, ['acquirer', 'mdr'], 'mdr', is, u, minAmountMinor);
    return { pricing: 'blended', mdr };
  }
  if (pricingRaw === 'interchange_plus_plus') {
    if (an['mdr'] !== undefined) is.err(['acquirer', 'mdr'], 'not_applicable', 'acquirer.mdr: only for blended pricing (interchange-plus-plus passes fees through plus a margin)');
    const mn = mapping(an['margin'], ['acquirer', 'margin'], is, FEE_KEYS);
    const margin = mn ? readFee(mn, ['acquirer', 'margin'], is, u) : ZERO_FEE;
    checkFeeBound(margin, ['acquirer', 'margin'], 'acquirer margin', is, u, minAmountMinor);
    // The merchant's whole fee must stay within the purchase too.
    if (is.errors.length === 0) checkIcPlusPlusTotal(through.interchange, through.icTable, through.schemeAcquirer, margin, is, u, minAmountMinor);
    return { pricing: 'interchange_plus_plus', margin };
  }
  is.err(['acquirer', 'pricing'], 'invalid_value', `acquirer.pricing: expected blended or interchange_plus_plus, got ${describe(pricingRaw)}`);
  return fallback;
}

/** `fx:`: the cardholder FX fee, the billing currency and the rates. */
function readFx(node: Obj, is: Issues): FxSpec {
  const fxn = mapping(node['fx'], ['fx'], is, ['cardholder_fee_pct', 'billing_currency', 'rates']);
  if (!fxn) return { cardholderFeePpm: 0, billingCurrency: null, rates: [] };
  const cardholderFeePpm = readPct(fxn, 'cardholder_fee_pct', ['fx'], is);
  if (cardholderFeePpm > PPM) is.err(['fx', 'cardholder_fee_pct'], 'out_of_range', 'cardholder FX fee is more than 100 % of the purchase');
  let billingCurrency: string | null = null;
  const bc = fxn['billing_currency'];
  if (bc !== undefined && bc !== null) {
    if (typeof bc !== 'string' || !isKnownCurrency(bc)) is.err(['fx', 'billing_currency'], 'invalid_choice', `unknown currency ${describe(bc)}`);
    else billingCurrency = bc;
  }
  return { cardholderFeePpm, billingCurrency, rates: readFxRates(fxn['rates'], is) };
}

/** `chargeback:`: what a chargeback reverses, and the handling fee. */
function readChargeback(node: Obj, is: Issues, u: Units): ChargebackPolicy {
  const cbn = mapping(node['chargeback'], ['chargeback'], is, ['refund_merchant_discount', 'refund_scheme_fees', 'refund_fx_fee', 'fee']);
  if (!cbn) return DEFAULT_CHARGEBACK;
  return {
    refundMerchantDiscount: readBool(cbn, 'refund_merchant_discount', ['chargeback'], is, DEFAULT_CHARGEBACK.refundMerchantDiscount),
    refundSchemeFees: readBool(cbn, 'refund_scheme_fees', ['chargeback'], is, DEFAULT_CHARGEBACK.refundSchemeFees),
    refundFxFee: readBool(cbn, 'refund_fx_fee', ['chargeback'], is, DEFAULT_CHARGEBACK.refundFxFee),
    feeMinor: readAmount(cbn, 'fee', ['chargeback'], is, u),
  };
}
