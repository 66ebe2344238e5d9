import { describe, expect, it } from 'vitest';
import { FEE_MODEL_CODES, scenarioCode, type FeeFormatCode, type ScenarioErrorCode } from '../../src/diagnostics/codes.js';
import { didYouMean, nearest } from '../../src/diagnostics/suggest.js';
import * as scenarioErrors from '../../src/scenario/errors.js';
import { resolveFeeModel } from '../../src/economics/index.js';

describe('one code union', () => {
  it('a finer kind of fee_model shows as fee_model in a scenario, every other code as it is', () => {
    for (const c of FEE_MODEL_CODES) expect(scenarioCode(c), c).toBe('fee_model');
    const shared: FeeFormatCode[] = ['wrong_type', 'missing_key', 'unknown_key', 'invalid_choice', 'invalid_format', 'out_of_range', 'duplicate_name'];
    for (const c of shared) expect(scenarioCode(c), c).toBe(c);
    const scenarioOnly: ScenarioErrorCode[] = ['yaml_syntax', 'bad_sum', 'fee_model'];
    for (const c of scenarioOnly) expect(scenarioCode(c), c).toBe(c);
  });

  it('fee-model problems keep the scenario codes they had before the union', () => {
    // Each raw model provokes one kind of problem; the right column is the scenario code it had
    // (the former FEE_CODE table of scenario/validate.ts).
    const cases: [unknown, ScenarioErrorCode][] = [
      [{ currency: 'RUB', interchange: { pct: 1 } }, 'wrong_type'],
      [{ interchange: [] }, 'missing_key'],
      [{ currency: 'RUB', intrchange: [] }, 'unknown_key'],
      [{ model: 'ru-2018' }, 'invalid_choice'],
      [{ currency: 'RUR' }, 'invalid_choice'],
      [{ currency: 'RUB', interchange: [{ pct: 'x' }] }, 'invalid_format'],
      [{ currency: 'RUB', interchange: [{ name: 'a', pct: 1 }, { name: 'a', product: 'debit', pct: 1 }] }, 'duplicate_name'],
      [{ currency: 'RUB', interchange: [{ pct: 101 }] }, 'out_of_range'],
      [{ currency: 'RUB', interchange: [{ product: 'gold', pct: 1 }] }, 'fee_model'],
      [{ currency: 'RUB', platform: { merchant_fee: { pct: 1 } } }, 'fee_model'],
      [{ currency: 'RUB', interchange: [{ product: [], pct: 1 }] }, 'fee_model'],
      [{ currency: 'RUB', interchange: [{ product: 'debit', pct: 1 }, { mcc: 5411, pct: 2 }] }, 'fee_model'],
    ];
    for (const [raw, code] of cases) {
      const errors = resolveFeeModel(raw).errors;
      expect(errors.length, JSON.stringify(raw)).toBeGreaterThan(0);
      expect(scenarioCode(errors[0]!.code), JSON.stringify(raw)).toBe(code);
    }
  });
});

describe('one "did you mean"', () => {
  it('scenario/errors.ts re-exports the same functions', () => {
    expect(scenarioErrors.nearest).toBe(nearest);
    expect(scenarioErrors.didYouMean).toBe(didYouMean);
  });

  it('quotes the suggestion as the message around it does', () => {
    expect(didYouMean('servrs', ['servers'])).toBe("; did you mean 'servers'?");
    expect(didYouMean('servrs', ['servers'], '"')).toBe('; did you mean "servers"?');
    expect(didYouMean('zzzzzz', ['servers'], '"')).toBe('');
  });

  it('the fee reader suggests by the same rule: at most max(2, length / 3) edits from the word', () => {
    // 'credt' is 1 edit from 'credit'; 'prem' is 3 from 'premium', more than max(2, 4 / 3).
    const msg = (product: string) => resolveFeeModel({ currency: 'RUB', interchange: [{ product, pct: 1 }] }).errors[0]?.message;
    expect(msg('credt')).toContain('did you mean "credit"?');
    expect(msg('prem')).not.toContain('did you mean');
    expect(nearest('prem', ['debit', 'credit', 'premium', 'commercial'])).toBeUndefined();
    expect(nearest('premum', ['debit', 'credit', 'premium', 'commercial'])).toBe('premium');
  });
});
