/**
 * Currency of a resolved fee model: the model in the scenario currency (converted at its own
 * day-0 rate, or relabelled when it has no fixed amounts), and the conversion itself.
 */

import { currencyExponent, FX_SCALE, fxConvert, invertRateE8, isKnownCurrency, type FxSeries } from '../money.js';
import type { AcquirerPricing, FeeModel, FeeSpec, SchemeSideFees } from '../fees.js';
import type { Issues, Obj, ResolveOptions } from './issues.js';

/**
 * The day-0 rate `from` -> `to` (x 1e8) among `rates`: the pair as written, or the inverse of the
 * reverse pair; undefined when neither is there.
 */
export function dayZeroRateE8(rates: readonly FxSeries[], from: string, to: string): number | undefined {
  const direct = rates.find((r) => r.from === from && r.to === to);
  if (direct !== undefined) return direct.rateE8[0] as number;
  const reverse = rates.find((r) => r.from === to && r.to === from);
  return reverse !== undefined ? invertRateE8(reverse.rateE8[0] as number) : undefined;
}

/**
 * The model in the scenario currency (`options.currency`): unchanged when it is already in it,
 * converted at the model's own `fx.rates` (day 0), relabelled when it has no fixed amounts;
 * otherwise null with a `currency_mismatch` error (at `currency` if the node names one).
 */
export function inScenarioCurrency(model: FeeModel, node: Obj, options: ResolveOptions, is: Issues): FeeModel | null {
  const { currency } = model;
  if (options.currency === undefined || options.currency === currency) return model;
  const target = options.currency;
  if (!isKnownCurrency(target)) {
    is.err([], 'invalid_choice', `unknown scenario currency "${target}"`);
    return null;
  }
  const rate = dayZeroRateE8(model.fx.rates, currency, target);
  if (rate !== undefined) return rebaseFeeModel(model, target, rate);
  if (!hasFixedAmounts(model)) return rebaseFeeModel(model, target, FX_SCALE) // a rate of 1: relabel;
  is.err(
    node['currency'] !== undefined ? ['currency'] : [],
    'currency_mismatch',
    `the fee model's fixed amounts are in ${currency} but the scenario is in ${target}; add fx.rates: {"${currency}/${target}": <rate>} to convert them`,
  );
  return null;
}

/** Whether any amount of the model is fixed (not a percentage): such a model cannot be relabelled. */
export function hasFixedAmounts(m: FeeModel): boolean {
  const spec = (f: FeeSpec) => f.fixedMinor !== 0 || (f.capMinor !== null && f.capMinor !== 0) || f.floorMinor !== 0;
  const side = (s: SchemeSideFees) => spec(s.value) || s.perAuthMinor !== 0 || s.perItemMinor !== 0;
  return (
    m.interchange.some(spec) ||
    side(m.schemeIssuer) ||
    side(m.schemeAcquirer) ||
    (m.acquirer.pricing === 'blended' ? m.acquirer.mdr.some(spec) : spec(m.acquirer.margin)) ||
    (m.platform !== null && (spec(m.platform.merchantFee) || m.platform.withdrawal.minMinor !== 0 || m.platform.withdrawal.freeQuotaMinor !== 0)) ||
    m.chargeback.feeMinor !== 0
  );
}

/**
 * The same model with every fixed amount converted to `currency` at `rateE8` (units of the
 * target per unit of the model currency, x 1e8), rounded half to even. Percentages are unchanged.
 */
export function rebaseFeeModel(m: FeeModel, currency: string, rateE8: number): FeeModel {
  const toExp = currencyExponent(currency);
  const cv = (x: number) => fxConvert(x, rateE8, m.exponent, toExp);
  const spec = <T extends FeeSpec>(f: T): T => ({
    ...f,
    fixedMinor: cv(f.fixedMinor),
    capMinor: f.capMinor === null ? null : cv(f.capMinor),
    floorMinor: cv(f.floorMinor),
  });
  const side = (s: SchemeSideFees): SchemeSideFees => ({ ...s, value: spec(s.value), perAuthMinor: cv(s.perAuthMinor), perItemMinor: cv(s.perItemMinor) });
  const acquirer: AcquirerPricing =
    m.acquirer.pricing === 'blended' ? { pricing: 'blended', mdr: m.acquirer.mdr.map(spec) } : { pricing: 'interchange_plus_plus', margin: spec(m.acquirer.margin) };
  return {
    ...m,
    currency,
    exponent: toExp,
    minAmountMinor: cv(m.minAmountMinor),
    interchange: m.interchange.map(spec),
    schemeIssuer: side(m.schemeIssuer),
    schemeAcquirer: side(m.schemeAcquirer),
    acquirer,
    platform:
      m.platform === null
        ? null
        : {
            merchantFee: spec(m.platform.merchantFee),
            withdrawal: { ...m.platform.withdrawal, minMinor: cv(m.platform.withdrawal.minMinor), freeQuotaMinor: cv(m.platform.withdrawal.freeQuotaMinor) },
          },
    chargeback: { ...m.chargeback, feeMinor: cv(m.chargeback.feeMinor) },
  };
}
