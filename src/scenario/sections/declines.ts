/** The `declines` section: random declines decided by issuers, and the mix of their response codes. */

import { allDefined, isObj, type ResolveContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { RESPONSE_CODE_PATTERN, object, probability, type JsonSchema } from '../schema-blocks.js';
import type { DeclinesSpec } from '../types.js';

export const DECLINES_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  declines: {
    title: 'declines',
    description: 'Random (non-emergent) declines by issuers, or `none` for no random declines at all.',
    default: DEFAULTS.declines,
    if: { type: 'string' },
    then: { const: 'none' },
    else: object('Random decline rates and response-code mix.', {
      random_rate: object(
        'Random decline rate per authorization decided by the issuer.',
        {
          card_present: probability('Card-present purchases.', DEFAULTS.declines.random_rate.card_present),
          card_not_present: probability('Card-not-present (e-commerce) purchases.', DEFAULTS.declines.random_rate.card_not_present),
        },
        { default: DEFAULTS.declines.random_rate },
      ),
      invalid_pan_rate: probability('Share of card-not-present attempts with a mistyped card number (declined 14).', DEFAULTS.declines.invalid_pan_rate),
      mix: {
        type: 'object',
        description: 'ISO 8583 response codes of random declines (quoted, e.g. "05") and their weights, summing to 1.',
        propertyNames: { pattern: RESPONSE_CODE_PATTERN },
        additionalProperties: probability('Weight of this response code.'),
        minProperties: 1,
        default: DEFAULTS.declines.mix,
      },
    }),
  },
};

type Mix = { code: string; weight: number }[];

/** Sorted by code: one canonical order, whatever the order in the file. */
function byCode(entries: readonly (readonly [string, number])[]): Mix {
  return entries.map(([code, weight]) => ({ code, weight })).sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** `declines.mix`: weights summing to 1, without the approval code. */
function mix(ctx: ResolveContext): Mix | undefined {
  const rawMix = ctx.raw(['declines', 'mix'], DEFAULTS.declines.mix);
  if (!isObj(rawMix)) return undefined;
  const entries = Object.entries(rawMix).filter((e): e is [string, number] => typeof e[1] === 'number');
  let ok = entries.length === Object.keys(rawMix).length;
  if (Object.prototype.hasOwnProperty.call(rawMix, '00')) {
    ok = false;
    ctx.report.add(['declines', 'mix', '00'], 'invalid_choice', "'00' is the approval code; it cannot be in the mix of decline codes", 'key');
  }
  if (!ctx.sumsToOne(entries.map((e) => e[1]), ['declines', 'mix'], 'the decline mix weights')) ok = false;
  return ok ? byCode(entries) : undefined;
}

export function resolveDeclines(ctx: ResolveContext): DeclinesSpec | undefined {
  const d = DEFAULTS.declines;
  const raw = ctx.raw(['declines'], d);
  if (raw === 'none') return { randomRateCardPresent: 0, randomRateCardNotPresent: 0, mix: byCode(Object.entries(d.mix)), invalidPanRate: 0 };
  if (!isObj(raw)) return undefined;
  return allDefined({
    randomRateCardPresent: ctx.number(['declines', 'random_rate', 'card_present'], d.random_rate.card_present),
    randomRateCardNotPresent: ctx.number(['declines', 'random_rate', 'card_not_present'], d.random_rate.card_not_present),
    mix: mix(ctx),
    invalidPanRate: ctx.number(['declines', 'invalid_pan_rate'], d.invalid_pan_rate),
  });
}
