/**
 * The `fraud` section: labelled fraud. Five typologies (sources §13.1), each a Poisson process of
 * episodes with attempts of its own signature; the issuers' scoring (detection per typology and
 * false positives on genuine purchases, which together make code 59); and the liability rules.
 */

import { BAD, allDefined, type Path, type ResolveContext } from '../context.js';
import { amountDist, duration, nonNegative, object, probability, type JsonSchema } from '../schema-blocks.js';
import { FRAUD_TYPES, type FraudSpec, type FraudType, type FraudTypeSpec, type MerchantsSpec } from '../types.js';

interface TypeDefaults {
  readonly episodes_per_million_cards_per_day: number;
  readonly attempts: number;
  readonly window: string;
  readonly ticket: { readonly dist: 'lognormal'; readonly mean: number; readonly sigma: number };
  readonly detection: number;
  readonly label_delay: string;
}

/**
 * Defaults, sized for a rouble scenario at about 4 bp of approved value in fraud (sources §2.8:
 * 3-5 bp), card-not-present about three quarters of it (§13.1: CNP 73 % of SEPA fraud value,
 * 79 % without ATMs) and card testing a quarter of the attempts but < 5 % of the value (§13.1);
 * the derivation is in sources §13.3. Rates are episodes per day per million cards.
 */
export const FRAUD_DEFAULTS = {
  card_testing: { episodes_per_million_cards_per_day: 0.5, attempts: 20, window: '30m', ticket: { dist: 'lognormal', mean: 10, sigma: 0.5 }, detection: 0.2, label_delay: '1d' },
  lost_stolen: { episodes_per_million_cards_per_day: 2, attempts: 5, window: '3h', ticket: { dist: 'lognormal', mean: 900, sigma: 0.3 }, detection: 0.3, label_delay: '2d' },
  counterfeit: { episodes_per_million_cards_per_day: 0.8, attempts: 3, window: '1h', ticket: { dist: 'lognormal', mean: 3000, sigma: 0.8 }, detection: 0.6, label_delay: '7d' },
  cnp_takeover: { episodes_per_million_cards_per_day: 5.5, attempts: 3, window: '2h', ticket: { dist: 'lognormal', mean: 5000, sigma: 0.8 }, detection: 0.5, label_delay: '14d' },
  friendly: { episodes_per_million_cards_per_day: 1.5, attempts: 1, window: '1m', ticket: { dist: 'lognormal', mean: 1800, sigma: 1.0 }, detection: 0, label_delay: '30d' },
  hit_rate: 0.02,
  three_ds_share: 0.5,
  false_positive_rate: { card_present: 0.004, card_not_present: 0.006 },
  cardholder_liability: 0,
} as const satisfies Record<FraudType, TypeDefaults> & Record<string, unknown>;

const DESCRIPTIONS: Record<FraudType, string> = {
  card_testing: 'Card testing: bursts of tiny card-not-present attempts on a range of consecutive card numbers at one merchant; most numbers are wrong (14).',
  lost_stolen: 'A lost or stolen card: a card-present spree (contactless where the terminal takes it) at merchants of any category.',
  counterfeit: 'Counterfeit cards read by magnetic-stripe fallback at card-present terminals (the acquirer side bears the loss).',
  cnp_takeover: 'Card-not-present account takeover: larger e-commerce purchases on a compromised card.',
  friendly: 'Friendly fraud: a genuine-looking card-not-present purchase by the cardholder, disputed later as a chargeback.',
};

function typeSchema(t: FraudType): JsonSchema {
  const d = FRAUD_DEFAULTS[t];
  return object(
    DESCRIPTIONS[t],
    {
      episodes_per_million_cards_per_day: nonNegative('Episodes started per day per million cards (0: none of this type).', d.episodes_per_million_cards_per_day),
      attempts: { type: 'number', minimum: 1, description: 'Mean attempts per episode (geometric, at least 1).', default: d.attempts },
      window: duration("Mean time over which an episode's attempts spread.", d.window),
      ticket: amountDist('Amount of an attempt, major units.', d.ticket),
      detection: probability("Chance that the issuer's fraud scoring declines (59) an attempt that reaches it.", d.detection),
      label_delay: duration('Time from the purchase to the booked loss (the chargeback or the issuer write-off).', d.label_delay),
      ...(t === 'card_testing' ? { hit_rate: probability('Share of attempts with a valid card number; the others decline 14.', FRAUD_DEFAULTS.hit_rate) } : {}),
    },
    { default: {} },
  );
}

export const FRAUD_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  fraud: object('Labelled fraud: typologies, the issuers\' scoring and liability. Absent: no fraud, and 59 is a random decline.', {
    ...Object.fromEntries(FRAUD_TYPES.map((t) => [t, typeSchema(t)])),
    three_ds_share: probability('Share of card-not-present takeover episodes authenticated with 3-D Secure: the issuer bears them, the merchant the rest.', FRAUD_DEFAULTS.three_ds_share),
    false_positive_rate: object(
      "Genuine purchases the issuers' scoring declines 59.",
      {
        card_present: probability('Card-present purchases.', FRAUD_DEFAULTS.false_positive_rate.card_present),
        card_not_present: probability('Card-not-present purchases.', FRAUD_DEFAULTS.false_positive_rate.card_not_present),
      },
      { default: FRAUD_DEFAULTS.false_positive_rate },
    ),
    cardholder_liability: nonNegative('Most a cardholder bears of the losses on a lost or stolen card, major units (the issuer bears the rest).', FRAUD_DEFAULTS.cardholder_liability),
  }),
};

function resolveType(ctx: ResolveContext, t: FraudType): FraudTypeSpec | undefined {
  const d = FRAUD_DEFAULTS[t];
  const p = (...keys: string[]): Path => ['fraud', t, ...keys];
  return allDefined({
    episodesPerMillionCardsPerDay: ctx.number(p('episodes_per_million_cards_per_day'), d.episodes_per_million_cards_per_day),
    attempts: ctx.number(p('attempts'), d.attempts),
    windowUs: ctx.duration(p('window'), d.window, 'positive'),
    ticket: ctx.amountDist(p('ticket'), d.ticket, true),
    detection: ctx.number(p('detection'), d.detection),
    labelDelayUs: ctx.duration(p('label_delay'), d.label_delay),
  });
}

/** Typologies that need a card-not-present merchant category (the others a card-present one). */
const NEEDS_CNP: Record<FraudType, boolean> = { card_testing: true, lost_stolen: false, counterfeit: false, cnp_takeover: true, friendly: true };

/** Each typology with episodes needs a merchant category of its kind. */
function checkCategories(ctx: ResolveContext, types: readonly FraudTypeSpec[], merchants: MerchantsSpec): boolean {
  let ok = true;
  FRAUD_TYPES.forEach((t, i) => {
    if (types[i]!.episodesPerMillionCardsPerDay === 0) return;
    const cnp = NEEDS_CNP[t];
    if (merchants.categories.some((c) => c.cardNotPresent === cnp)) return;
    const kind = cnp ? 'card-not-present' : 'card-present';
    ctx.report.add(['fraud', t], 'invalid_choice', `${t} fraud needs a ${kind} merchant category; add one to merchants.categories or set episodes_per_million_cards_per_day to 0`, 'key');
    ok = false;
  });
  return ok;
}

/** The fraud section: undefined when absent (`present` false) or in error. */
export function resolveFraud(ctx: ResolveContext, merchants: MerchantsSpec | undefined): { present: boolean; spec: FraudSpec | undefined } {
  if (!ctx.present(['fraud'])) return { present: false, spec: undefined };
  if (ctx.raw(['fraud']) === BAD) return { present: true, spec: undefined };
  const types = FRAUD_TYPES.map((t) => resolveType(ctx, t));
  const fields = allDefined({
    cardTestingHitRate: ctx.number(['fraud', 'card_testing', 'hit_rate'], FRAUD_DEFAULTS.hit_rate),
    threeDsShare: ctx.number(['fraud', 'three_ds_share'], FRAUD_DEFAULTS.three_ds_share),
    falsePositiveCardPresent: ctx.number(['fraud', 'false_positive_rate', 'card_present'], FRAUD_DEFAULTS.false_positive_rate.card_present),
    falsePositiveCardNotPresent: ctx.number(['fraud', 'false_positive_rate', 'card_not_present'], FRAUD_DEFAULTS.false_positive_rate.card_not_present),
    cardholderLiabilityMinor: ctx.money(['fraud', 'cardholder_liability'], FRAUD_DEFAULTS.cardholder_liability),
  });
  if (fields === undefined || types.some((t) => t === undefined)) return { present: true, spec: undefined };
  const resolved = types as FraudTypeSpec[];
  if (merchants !== undefined && !checkCategories(ctx, resolved, merchants)) return { present: true, spec: undefined };
  return { present: true, spec: { types: resolved, ...fields } };
}
