/**
 * JSON Schema fragment of the `fees:` node, for the scenario schema (and editors). Structure only:
 * numbers are read exactly, and rule sets checked, by `resolveFeeModel`.
 */

import { CHANNEL_CLASSES, PRODUCTS, REGIONS } from '../fees.js';
import { FEE_PRESET_NAMES } from '../presets.js';

const decimal = (description: string) => ({
  description,
  anyOf: [{ type: 'number' }, { type: 'string', pattern: '^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*$' }],
});
const percent = (description: string) => ({
  description: `${description} Percent: 1.2 or "1.2%" = 1.2 %; "120bp" = 1.2 %; at most 4 decimals of a percent.`,
  anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: '^\\s*[+]?(\\d+\\.?\\d*|\\.\\d+)\\s*(%|bps?)?\\s*$' }],
});
const amount = (description: string) => decimal(`${description} Decimal major units of the model currency (13 = CNY 13.00).`);
const enumList = (values: readonly string[], description: string) => ({
  description,
  anyOf: [
    { type: 'string', enum: [...values] },
    { type: 'array', items: { type: 'string', enum: [...values] } },
  ],
});
const mccItem = {
  anyOf: [
    { type: 'integer', minimum: 0, maximum: 9999 },
    { type: 'string', pattern: '^\\s*\\d{1,4}\\s*((-|\\.\\.)\\s*\\d{1,4}\\s*)?$' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to'],
      properties: { from: { type: 'integer', minimum: 0, maximum: 9999 }, to: { type: 'integer', minimum: 0, maximum: 9999 } },
    },
  ],
};
const mccList = (description: string) => ({
  description: `${description} A code (5411), a range ("5811-5814" or {from, to}), or a list of them.`,
  anyOf: [mccItem, { type: 'array', items: mccItem }],
});
const feeProps = {
  pct: percent('Percentage of the purchase amount.'),
  fixed: amount('Fixed amount per purchase.'),
  cap: { description: 'Maximum of the whole fee (percent + fixed). null removes a preset cap.', anyOf: [amount('Cap.'), { type: 'null' }] },
  floor: amount('Minimum of the whole fee.'),
};
const feeSchema = (description: string) => ({ type: 'object', description, additionalProperties: false, properties: feeProps });
const ruleSchema = (description: string) => ({
  type: 'object',
  description,
  additionalProperties: false,
  properties: {
    name: { type: 'string', description: 'Rule name: used in messages and to override or remove a preset rule.' },
    priority: { type: 'integer', description: 'Higher wins (default 0). Among equal priorities the most specific matching rule wins; equal-priority rules that partly overlap are an error.' },
    product: enumList(PRODUCTS, 'Card products matched (omit for all).'),
    mcc: mccList('Merchant category codes matched (omit for all).'),
    channel: enumList(CHANNEL_CLASSES, 'Channel classes matched (omit for all).'),
    region: enumList(REGIONS, 'domestic and/or cross_border (omit for both).'),
    ...feeProps,
    remove: { type: 'boolean', const: true, description: 'In preset overrides: drop the preset rule with this name.' },
  },
});
const schemeSideSchema = (side: string) => ({
  type: 'object',
  description: `Scheme fees charged to the ${side}: clamp(pct x value, floor, cap) + per_auth + per_item + cross_border_pct x value (cross-border only).`,
  additionalProperties: false,
  properties: {
    pct: percent('Percent of value.'),
    cap: { description: 'Cap on the percent-of-value part. null removes a preset cap.', anyOf: [amount('Cap.'), { type: 'null' }] },
    floor: amount('Floor on the percent-of-value part.'),
    per_auth: amount('Per authorization.'),
    per_item: amount('Per cleared item.'),
    cross_border_pct: percent('Cross-border assessment, percent of value.'),
    exempt_mcc: mccList('MCCs that pay no scheme fee on this side.'),
  },
});

/**
 * JSON Schema (draft-07 compatible, self-contained, no $ref) of the `fees:` node, for the
 * scenario schema. Structure only: numbers are checked exactly, and rule sets semantically, by
 * `resolveFeeModel`.
 */
export const FEE_MODEL_JSON_SCHEMA: Record<string, unknown> = {
  description: `Fee model: a preset name (${FEE_PRESET_NAMES.join(', ')}), a full model, or {model: <preset>, ...overrides}.`,
  anyOf: [
    { type: 'string', description: 'A built-in preset name.' },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        model: { type: 'string', description: `Built-in preset to start from (${FEE_PRESET_NAMES.join(', ')}); the other keys override it.` },
        name: { type: 'string', description: 'Model name for outputs.' },
        sources: { type: 'array', items: { type: 'string' }, description: 'Citations of the numbers (appended to a preset\'s).' },
        type: { type: 'string', enum: ['four_party', 'three_party'], description: 'four_party (interchange, scheme, acquirer) or three_party (one platform fee; Alipay / WeChat Pay style).' },
        currency: { type: 'string', description: 'ISO 4217 currency of the fixed amounts (default: the scenario currency).' },
        min_amount: amount('Smallest plausible purchase: no single fee may exceed the purchase from this amount up (default 10).'),
        interchange: { type: 'array', description: 'Interchange rules (acquirer -> issuer).', items: ruleSchema('Interchange rule.') },
        scheme_fees: {
          type: 'object',
          description: 'Scheme (network) fees per side.',
          additionalProperties: false,
          properties: { issuer: schemeSideSchema('issuer'), acquirer: schemeSideSchema('acquirer') },
        },
        acquirer: {
          type: 'object',
          description: 'Acquirer pricing of the merchant discount (MDR).',
          additionalProperties: false,
          properties: {
            pricing: { type: 'string', enum: ['blended', 'interchange_plus_plus'], description: 'blended: MDR rules; interchange_plus_plus: interchange + acquirer scheme fee + margin.' },
            mdr: { type: 'array', description: 'Blended MDR rules (same matching as interchange).', items: ruleSchema('MDR rule.') },
            margin: feeSchema('Acquirer margin on top of the pass-through fees (interchange_plus_plus).'),
          },
        },
        platform: {
          type: 'object',
          description: 'Three-party platform fees.',
          additionalProperties: false,
          properties: {
            merchant_fee: feeSchema('The platform fee charged to the merchant.'),
            withdrawal: {
              type: 'object',
              description: 'Cardholder wallet -> bank withdrawal fee: pct of the part above the lifetime free quota, at least min.',
              additionalProperties: false,
              properties: { pct: percent('Rate.'), min: amount('Minimum fee.'), free_quota: amount('Lifetime free quota per cardholder.') },
            },
          },
        },
        fx: {
          type: 'object',
          description: 'Cardholder FX fee and FX rates.',
          additionalProperties: false,
          properties: {
            cardholder_fee_pct: percent('Cardholder FX fee on cross-border purchases.'),
            billing_currency: { type: 'string', description: 'Cardholders\' billing currency for cross-border purchases.' },
            rates: {
              type: 'object',
              description: '"BASE/QUOTE": units of QUOTE per unit of BASE (up to 8 decimals), or a daily series from day 0 (the last value holds).',
              additionalProperties: { anyOf: [decimal('Fixed rate.'), { type: 'array', minItems: 1, items: decimal('Rate of the day.') }] },
            },
          },
        },
        chargeback: {
          type: 'object',
          description: 'What a chargeback reverses. The interchange is always returned.',
          additionalProperties: false,
          properties: {
            refund_merchant_discount: { type: 'boolean', description: 'Acquirer refunds the MDR (and a platform its fee); default false.' },
            refund_scheme_fees: { type: 'boolean', description: 'Scheme refunds both sides\' fees; default false.' },
            refund_fx_fee: { type: 'boolean', description: 'Issuer refunds the cardholder FX fee; default true.' },
            fee: amount('Acquirer chargeback handling fee charged to the merchant (default 0).'),
          },
        },
        avoided_cost_of_cash_pct: percent('Merchant avoided cost of cash for the tourist test (default 1.26, EC 2015).'),
      },
    },
  ],
};
