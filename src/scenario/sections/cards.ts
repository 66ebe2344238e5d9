/** The `cards` section: the card population, its products, states and funds. */

import { allDefined, type Path, type ResolveContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { formatNumber } from '../errors.js';
import { amountDist, boolean, integer, nonNegative, object, probability, type JsonSchema } from '../schema-blocks.js';
import type { CardsSpec } from '../types.js';

export const CARDS_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  cards: object(
    'The card population.',
    {
      count: integer('Number of cards (at most 1,000,000,000). Required.', 1, undefined, 1_000_000_000),
      active_share: probability('Share of cards that make purchases at all.', DEFAULTS.cards.active_share),
      products: object(
        'Shares of debit and credit cards; they sum to 1.',
        {
          debit: probability('Share of debit cards.', DEFAULTS.cards.products.debit),
          credit: probability('Share of credit cards.', DEFAULTS.cards.products.credit),
        },
        { default: DEFAULTS.cards.products },
      ),
      expired_share: probability('Share of expired cards (declined 54).', DEFAULTS.cards.expired_share),
      blocked_share: probability('Share of lost or stolen cards (declined 41/43).', DEFAULTS.cards.blocked_share),
      unlimited_funds: boolean('When true, funds never run out (plain queueing networks).', DEFAULTS.cards.unlimited_funds),
      balance: object(
        'Starting funds: available balance of debit cards, open-to-buy of credit cards.',
        {
          debit: amountDist('Starting balance of a debit card.', DEFAULTS.cards.balance.debit),
          credit: amountDist('Credit limit (starting open-to-buy) of a credit card.', DEFAULTS.cards.balance.credit),
        },
        { default: DEFAULTS.cards.balance },
      ),
      income_per_day: object(
        'Replenishment per card per day (salary, repayments), applied lazily at authorization.',
        {
          debit: nonNegative('Income per debit card per day, major units.', DEFAULTS.cards.income_per_day.debit),
          credit: nonNegative('Repayment per credit card per day, major units.', DEFAULTS.cards.income_per_day.credit),
        },
        { default: DEFAULTS.cards.income_per_day },
      ),
      income: {
        enum: ['fixed', 'top_up'],
        default: DEFAULTS.cards.income,
        description:
          'How funds are replenished: `fixed` adds income_per_day each day; `top_up` restores each card at its first purchase of a local day to its starting balance (income follows spending, so approval and the decline mix stay level).',
      },
    },
    { required: ['count'] },
  ),
};

export function resolveCards(ctx: ResolveContext): CardsSpec | undefined {
  const p = (...keys: string[]): Path => ['cards', ...keys];
  const d = DEFAULTS.cards;
  const count = ctx.integer(p('count'));
  const activeShare = ctx.number(p('active_share'), d.active_share);
  const debit = ctx.number(p('products', 'debit'), d.products.debit);
  const credit = ctx.number(p('products', 'credit'), d.products.credit);
  if (debit !== undefined && credit !== undefined) ctx.sumsToOne([debit, credit], p('products'), 'the debit and credit shares');
  const expiredShare = ctx.number(p('expired_share'), d.expired_share);
  const blockedShare = ctx.number(p('blocked_share'), d.blocked_share);
  if (expiredShare !== undefined && blockedShare !== undefined && expiredShare + blockedShare > 1) {
    ctx.report.add(
      ctx.present(p('blocked_share')) ? p('blocked_share') : p('expired_share'),
      'out_of_range',
      `expired_share + blocked_share = ${formatNumber(expiredShare + blockedShare)}; together they cannot exceed 1`,
    );
  }
  const incomeMode = ctx.string(p('income'), d.income);
  const spec = allDefined({
    count,
    activeShare,
    creditShare: credit,
    expiredShare,
    blockedShare,
    unlimitedFunds: ctx.boolean(p('unlimited_funds'), d.unlimited_funds),
    debitBalance: ctx.amountDist(p('balance', 'debit'), d.balance.debit, false),
    creditLimit: ctx.amountDist(p('balance', 'credit'), d.balance.credit, false),
    debitIncomePerDayMinor: ctx.money(p('income_per_day', 'debit'), d.income_per_day.debit),
    creditRepaymentPerDayMinor: ctx.money(p('income_per_day', 'credit'), d.income_per_day.credit),
  });
  if (spec === undefined || incomeMode === undefined) return undefined;
  return incomeMode === 'top_up' ? { ...spec, incomeTopUp: true } : spec;
}
