import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import {
  createFeeBreakdown,
  FEE_MODEL_JSON_SCHEMA,
  FEE_PRESET_NAMES,
  FEE_PRESETS,
  FeePricer,
  nearestName,
  resolveFeeModel,
  type FeeFormatIssue,
  type FeeModel,
  type PurchaseInput,
} from '../../src/economics/index.js';

function errorsOf(raw: unknown, currency?: string): FeeFormatIssue[] {
  return resolveFeeModel(raw, currency ? { currency } : {}).errors;
}

function ok(raw: unknown, currency?: string): FeeModel {
  const r = resolveFeeModel(raw, currency ? { currency } : {});
  expect(r.errors).toEqual([]);
  return r.model as FeeModel;
}

function ic(m: FeeModel, p: Partial<PurchaseInput> & { amountMinor: number }): number {
  const out = createFeeBreakdown();
  new FeePricer(m).price({ product: 0, mcc: 5999, channelClass: 0, crossBorder: false, ...p }, out);
  return out.interchange;
}

describe('presets', () => {
  it('every preset resolves without errors or warnings and cites sources', () => {
    for (const name of FEE_PRESET_NAMES) {
      const r = resolveFeeModel({ model: name });
      expect(r.errors, name).toEqual([]);
      expect(r.warnings, name).toEqual([]);
      expect(r.model?.name).toBe(name);
      expect(r.model?.sources.length, name).toBeGreaterThan(0);
    }
  });

  it('the required presets exist', () => {
    for (const name of ['eu-ifr', 'us-reg-ii', 'cn-ndrc-2016', 'ru-2019', 'wallet-3party-cn']) expect(FEE_PRESETS[name], name).toBeDefined();
  });

  it('a preset name alone is a shorthand', () => {
    expect(resolveFeeModel('ru-2019').model).toEqual(resolveFeeModel({ model: 'ru-2019' }).model);
  });
});

describe('unknown presets', () => {
  it('suggests the nearest name', () => {
    const [e] = errorsOf({ model: 'ru-2018' });
    expect(e?.code).toBe('invalid_choice');
    expect(e?.path).toEqual(['model']);
    expect(e?.message).toContain('did you mean "ru-2019"?');
    expect(errorsOf({ model: 'cn-ndrc2016' })[0]?.message).toContain('did you mean "cn-ndrc-2016"?');
    expect(errorsOf({ model: 'eu_ifr' })[0]?.message).toContain('did you mean "eu-ifr"?');
  });

  it('shorthand errors point at the node itself; nothing close gives no suggestion', () => {
    const [e] = errorsOf('totally-unrelated-thing');
    expect(e?.path).toEqual([]);
    expect(e?.message).not.toContain('did you mean');
    expect(nearestName('wallet-3party', FEE_PRESET_NAMES)).toBe('wallet-3party-cn');
  });
});

describe('rules that can match nothing', () => {
  it('an empty product list', () => {
    const e = errorsOf({ currency: 'RUB', interchange: [{ product: [], pct: 1 }] });
    expect(e).toContainEqual(expect.objectContaining({ code: 'matches_nothing', path: ['interchange', 0, 'product'] }));
  });

  it('an empty MCC range', () => {
    const e = errorsOf({ currency: 'RUB', interchange: [{ mcc: ['5999-5000'], pct: 1 }] });
    expect(e).toContainEqual(expect.objectContaining({ code: 'matches_nothing', path: ['interchange', 0, 'mcc', 0] }));
  });

  it('a rule shadowed by higher-priority rules', () => {
    const e = errorsOf({
      currency: 'RUB',
      interchange: [
        { name: 'everything', pct: 1, priority: 1 },
        { name: 'debit', product: 'debit', pct: 2 },
      ],
    });
    expect(e).toEqual([expect.objectContaining({ code: 'matches_nothing', path: ['interchange', 1] })]);
    expect(e[0]?.message).toContain('"debit" can never apply');
  });

  it('a rule shadowed by a union of more specific rules', () => {
    const e = errorsOf({
      currency: 'RUB',
      interchange: [
        { name: 'debit', product: 'debit', pct: 1 },
        { name: 'credit', product: 'credit', pct: 1 },
        { name: 'other', product: ['premium', 'commercial'], pct: 1 },
        { name: 'debit-or-credit', product: ['debit', 'credit'], pct: 2 },
      ],
    });
    expect(e).toEqual([expect.objectContaining({ code: 'matches_nothing', path: ['interchange', 3] })]);
  });
});

describe('overlapping rules', () => {
  it('partial overlap with equal priority is an error with an example purchase', () => {
    const e = errorsOf({
      currency: 'RUB',
      interchange: [
        { name: 'debit', product: 'debit', pct: 1 },
        { name: 'grocery', mcc: 5411, pct: 2 },
      ],
    });
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: 'overlap', path: ['interchange', 1] });
    expect(e[0]?.message).toContain('"debit" (interchange[0]) and "grocery" (interchange[1])');
    expect(e[0]?.message).toContain('debit card_present domestic MCC 5411');
  });

  it('identical match sets with equal priority are an error', () => {
    const e = errorsOf({ currency: 'RUB', interchange: [{ product: 'credit', pct: 1 }, { product: 'credit', pct: 2 }] });
    expect(e.map((x) => x.code)).toContain('overlap');
  });

  it('a priority resolves the overlap; a nested rule needs none', () => {
    const m = ok({
      currency: 'RUB',
      interchange: [
        { name: 'debit', product: 'debit', pct: 1 },
        { name: 'grocery', mcc: 5411, pct: 2, priority: 1 },
        { name: 'credit', product: ['credit', 'premium', 'commercial'], pct: 3 },
        { name: 'credit-fuel', product: 'credit', mcc: '5541-5542', pct: '2.5' },
      ],
    });
    expect(ic(m, { amountMinor: 10_000, mcc: 5411 })).toBe(200);
    expect(ic(m, { amountMinor: 10_000, mcc: 5412 })).toBe(100);
    expect(ic(m, { amountMinor: 10_000, mcc: 5541, product: 1 })).toBe(250);
    expect(ic(m, { amountMinor: 10_000, mcc: 5541, product: 2 })).toBe(300);
  });

  it('MDR rules are checked the same way', () => {
    const e = errorsOf({ currency: 'RUB', acquirer: { pricing: 'blended', mdr: [{ channel: 'qr', pct: 1 }, { region: 'cross_border', pct: 2 }] } });
    expect(e).toContainEqual(expect.objectContaining({ code: 'overlap', path: ['acquirer', 'mdr', 1] }));
  });
});

describe('fees that can exceed the purchase', () => {
  it('a fixed fee above the smallest plausible purchase', () => {
    const e = errorsOf({ currency: 'RUB', min_amount: 10, interchange: [{ pct: 1, fixed: 15 }] });
    expect(e).toEqual([expect.objectContaining({ code: 'out_of_range', path: ['interchange', 0] })]);
    expect(e[0]?.message).toContain('RUB 15.10');
    // A floor does it too; a cap below the amount keeps it legal.
    expect(errorsOf({ currency: 'RUB', interchange: [{ pct: 1, floor: 11 }] })[0]?.code).toBe('out_of_range');
    expect(errorsOf({ currency: 'RUB', interchange: [{ pct: 1, fixed: 15, cap: 5 }] })).toEqual([]);
  });

  it('a percentage above 100 %', () => {
    const e = errorsOf({ currency: 'RUB', interchange: [{ pct: 150 }] });
    expect(e).toEqual([expect.objectContaining({ code: 'out_of_range', path: ['interchange', 0, 'pct'] })]);
  });

  it('scheme fees, margin and the interchange-plus-plus total', () => {
    expect(errorsOf({ currency: 'RUB', scheme_fees: { acquirer: { per_auth: 20 } } })).toContainEqual(
      expect.objectContaining({ code: 'out_of_range', path: ['scheme_fees', 'acquirer'] }),
    );
    expect(errorsOf({ currency: 'RUB', acquirer: { margin: { pct: 101 } } })).toContainEqual(
      expect.objectContaining({ code: 'out_of_range', path: ['acquirer', 'margin', 'pct'] }),
    );
    const total = errorsOf({ currency: 'RUB', interchange: [{ pct: 60 }], acquirer: { margin: { pct: 50 } } });
    expect(total).toEqual([expect.objectContaining({ code: 'out_of_range', path: ['acquirer'] })]);
    expect(errorsOf({ type: 'three_party', currency: 'CNY', platform: { merchant_fee: { fixed: 11 } } })).toContainEqual(
      expect.objectContaining({ code: 'out_of_range', path: ['platform', 'merchant_fee'] }),
    );
  });
});

describe('shape errors', () => {
  it('unknown keys and enum values get suggestions', () => {
    const e = errorsOf({ currency: 'RUB', interchang: [], interchange: [{ product: 'debt', channel: 'ecommerce', pct: 1 }] });
    expect(e).toContainEqual(expect.objectContaining({ code: 'unknown_key', path: ['interchang'] }));
    expect(e.find((x) => x.path[0] === 'interchang')?.message).toContain('did you mean "interchange"?');
    expect(e).toContainEqual(expect.objectContaining({ code: 'invalid_value', path: ['interchange', 0, 'product'] }));
    expect(e.find((x) => x.path.join() === 'interchange,0,product')?.message).toContain('did you mean "debit"?');
    expect(e).toContainEqual(expect.objectContaining({ code: 'invalid_value', path: ['interchange', 0, 'channel'] }));
  });

  it('numbers more precise than the unit, bad currencies, missing currency', () => {
    expect(errorsOf({ currency: 'RUB', interchange: [{ pct: 0.00001 }] })).toEqual([
      expect.objectContaining({ code: 'invalid_format', path: ['interchange', 0, 'pct'] }),
    ]);
    expect(errorsOf({ currency: 'RUB', interchange: [{ pct: 1, fixed: 0.001 }] })[0]?.code).toBe('invalid_format');
    expect(errorsOf({ currency: 'RUR' })[0]).toMatchObject({ code: 'invalid_choice', path: ['currency'] });
    expect(errorsOf({ interchange: [] })[0]).toMatchObject({ code: 'missing_key', path: [] });
    expect(errorsOf({ interchange: [] }, 'RUB')).toEqual([]);
  });

  it('three-party and four-party keys do not mix', () => {
    expect(errorsOf({ type: 'three_party', currency: 'CNY', interchange: [], platform: { merchant_fee: { pct: 0.6 } } })).toContainEqual(
      expect.objectContaining({ code: 'not_applicable', path: ['interchange'] }),
    );
    expect(errorsOf({ type: 'three_party', currency: 'CNY' })).toContainEqual(expect.objectContaining({ code: 'missing_key', path: ['platform'] }));
    expect(errorsOf({ currency: 'CNY', platform: { merchant_fee: { pct: 0.6 } } })).toContainEqual(expect.objectContaining({ code: 'not_applicable', path: ['platform'] }));
  });

  it('a model without interchange rules warns', () => {
    const r = resolveFeeModel({}, { currency: 'RUB' });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'uncovered', path: ['interchange'] }));
  });
});

describe('preset overrides', () => {
  it('overrides a preset rule by name, removes one, appends a new one', () => {
    const m = ok({
      model: 'ru-2019',
      interchange: [
        { name: 'standard-debit', pct: '1.1' },
        { name: 'grocery-debit', remove: true },
        { name: 'telecom-debit', product: 'debit', mcc: 4814, pct: '0.8' },
      ],
    });
    expect(m.name).toBe('ru-2019+overrides');
    expect(ic(m, { amountMinor: 100_000, mcc: 5912 })).toBe(1_100); // standard 1.1 %
    expect(ic(m, { amountMinor: 100_000, mcc: 5411 })).toBe(1_100); // grocery rule gone
    expect(ic(m, { amountMinor: 100_000, mcc: 4814 })).toBe(800);
    expect(ic(m, { amountMinor: 100_000, mcc: 5541 })).toBe(1_000); // untouched preset rule
  });

  it('null removes a preset cap; nested mappings merge', () => {
    const m = ok({ model: 'cn-ndrc-2016', interchange: [{ name: 'debit', cap: null }], acquirer: { margin: { pct: '0.15' } } });
    const out = createFeeBreakdown();
    new FeePricer(m).price({ amountMinor: 1_000_000, product: 0, mcc: 5411, channelClass: 0, crossBorder: false }, out);
    // 0.35 % of CNY 10,000 uncapped = 3 500; network still capped 325; MDR = 3 500 + 325 + 1 500.
    expect([out.interchange, out.schemeFeeAcquirer, out.merchantDiscount]).toEqual([3_500, 325, 5_325]);
  });

  it('errors in overrides point at the user node, not at the merged list', () => {
    const e = errorsOf({ model: 'ru-2019', interchange: [{ name: 'groceryish', product: 'debit', mcc: '5400-5420', pct: 1 }] });
    expect(e).toEqual([expect.objectContaining({ code: 'overlap', path: ['interchange', 0] })]);
    expect(e[0]?.message).toContain('"grocery-debit" (preset ru-2019) and "groceryish" (interchange[0])');
    const r = errorsOf({ model: 'ru-2019', interchange: [{ name: 'grocery-debti', remove: true }] });
    expect(r).toEqual([expect.objectContaining({ code: 'invalid_value', path: ['interchange', 0, 'name'] })]);
    expect(r[0]?.message).toContain('did you mean "grocery-debit"?');
    expect(errorsOf({ model: 'ru-2019', scheme_fees: { issuer: { pct: 'lots' } } })).toEqual([
      expect.objectContaining({ code: 'invalid_format', path: ['scheme_fees', 'issuer', 'pct'] }),
    ]);
  });

  it('a problem the override causes inside the preset reports the model node', () => {
    // Raising min_amount is fine; lowering it below the per-auth fee makes the preset's own
    // acquirer-side fee exceed the purchase.
    const e = errorsOf({ model: 'ru-2019', min_amount: '0.10' });
    expect(e.length).toBeGreaterThan(0);
    expect(e[0]).toMatchObject({ code: 'out_of_range', path: ['model'] });
    expect(e[0]?.message).toMatch(/^in preset "ru-2019" at scheme_fees\.acquirer: /);
  });
});

describe('currencies', () => {
  it("a preset's currency cannot be overridden", () => {
    expect(errorsOf({ model: 'cn-ndrc-2016', currency: 'RUB' })[0]).toMatchObject({ code: 'not_applicable', path: ['currency'] });
  });

  it('a preset in another currency is converted with its fx rates, else refused', () => {
    const m = ok({ model: 'cn-ndrc-2016', fx: { rates: { 'CNY/RUB': '9.5' } } }, 'RUB');
    expect(m.currency).toBe('RUB');
    expect(m.interchange[0]?.capMinor).toBe(12_350); // CNY 13 x 9.5 = RUB 123.50
    expect(m.schemeIssuer.value.capMinor).toBe(3_088); // CNY 3.25 x 9.5 = 30.875 -> 3 088 kopecks
    expect(errorsOf('cn-ndrc-2016', 'RUB')[0]).toMatchObject({ code: 'currency_mismatch', path: [] });
    // The reverse pair works too: 1 / 0.1 = 10 RUB per CNY.
    expect(ok({ model: 'cn-ndrc-2016', fx: { rates: { 'RUB/CNY': '0.1' } } }, 'RUB').interchange[0]?.capMinor).toBe(13_000);
  });

  it('a model without fixed amounts is simply relabelled', () => {
    const m = ok({ currency: 'EUR', interchange: [{ pct: '0.2' }] }, 'RUB');
    expect(m.currency).toBe('RUB');
    expect(m.minAmountMinor).toBe(1_000);
  });
});

describe('JSON Schema fragment', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const validate = ajv.compile(FEE_MODEL_JSON_SCHEMA);

  it('compiles in strict mode and accepts every preset, shorthand and overrides', () => {
    for (const name of FEE_PRESET_NAMES) {
      expect(validate(JSON.parse(JSON.stringify(FEE_PRESETS[name]))), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validate('ru-2019')).toBe(true);
    expect(validate({ model: 'cn-ndrc-2016', interchange: [{ name: 'debit', cap: null }], fx: { rates: { 'CNY/RUB': [9.5, '9.6'] } } })).toBe(true);
  });

  it('rejects unknown keys, bad enums and malformed numbers', () => {
    expect(validate({ interchang: [] })).toBe(false);
    expect(validate({ interchange: [{ product: 'debt' }] })).toBe(false);
    expect(validate({ interchange: [{ pct: 'a lot' }] })).toBe(false);
    expect(validate({ interchange: [{ mcc: 12345 }] })).toBe(false);
    expect(validate({ type: 'two_party' })).toBe(false);
  });
});
