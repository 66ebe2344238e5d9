import { dayZeroRateE8, rebaseFeeModel, resolveFeeModel, type FeeModel } from './economics/index.js';
import type { Scenario } from './scenario/types.js';

/** A list of fee models that does not resolve (bad input). */
export class FeeModelsError extends Error {
  override readonly name = 'FeeModelsError';
}

/**
 * Resolves `--fee-models a,b,c` (preset names). A preset written in another currency (eu-ifr in
 * EUR, cn-ndrc-2016 in CNY) has its fixed amounts, caps and floors converted at the rate the
 * scenario's own fee model gives in `fees.fx.rates` (e.g. "CNY/RUB"), at its first day.
 */
export function resolveModels(names: readonly string[], sc: Scenario): FeeModel[] {
  const models: FeeModel[] = [];
  const problems: string[] = [];
  const rates = sc.money?.feeModel.fx.rates ?? [];
  for (const name of names) {
    const { model, errors } = resolveFeeModel(name);
    if (model === undefined) {
      problems.push(`--fee-models: ${name}: ${errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    if (model.currency === sc.currency) {
      models.push(model);
      continue;
    }
    const rateE8 = dayZeroRateE8(rates, model.currency, sc.currency);
    if (rateE8 === undefined) {
      problems.push(
        `--fee-models: ${name}: its amounts are in ${model.currency} but the scenario is in ${sc.currency}; give the rate in the scenario as fees: {fx: {rates: {"${model.currency}/${sc.currency}": <rate>}}}`,
      );
      continue;
    }
    models.push(rebaseFeeModel(model, sc.currency, rateE8));
  }
  if (problems.length > 0) throw new FeeModelsError(problems.join('\n'));
  return models;
}

