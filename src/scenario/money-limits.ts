/**
 * Money limits, checked once the sections are resolved and the command-line duration applied:
 * no amount and no total the run can reach may leave exact integer arithmetic (2^53 - 1 minor
 * units), and the tickets are checked against the fee model's smallest plausible purchase
 * (`fees.min_amount`). docs/fees.md ("Money limits") gives the rules and their reasons.
 *
 * - The largest ticket of a category is its fixed value, or the largest draw the engine's
 *   lognormal sampler can make: exp(mu + sigma z) with z below `LOGNORMAL_Z_MAX` (the sampler
 *   inverts a uniform of 32-bit resolution, so z <= the normal quantile of 1 - 2^-32, 6.2303).
 * - The purchases a run can make: the expected count from the demand (at the busiest weekday, the
 *   wallet uplift on every card), times 1.25, plus 10 standard deviations of a Poisson count and
 *   100; per category in proportion to its share.
 * - The largest total: each category's purchase bound times its largest ticket, plus every fee
 *   the fee model can charge on them (`feeBound`), plus as many chargebacks as the chargeback
 *   share allows (bounded the same way). The ledger sums every posting of a currency, so this is
 *   the largest sum it holds; an issuer settling in another currency books its side converted,
 *   checked at the dearest rate of the fee model's series.
 */

import { feeBound, formatMinor, type FxSeries } from '../economics/index.js';
import { CURRENCY_EXPONENTS } from './schema-blocks.js';
import type { Path, ResolveContext } from './context.js';
import type { AmountDist, CardsSpec, DemandSpec, IssuerSpec, MerchantsSpec, MoneySpec, WalletSpec } from './types.js';

/** Above the largest standard-normal quantile the engine's lognormal sampler reaches (6.2303). */
export const LOGNORMAL_Z_MAX = 6.24;
/** A lognormal ticket below `min_amount` more often than this gets a warning. */
export const BELOW_MIN_WARN_SHARE = 0.01;

const US_PER_HOUR = 3_600_000_000;
const US_PER_DAY = 24 * US_PER_HOUR;

/** The smallest and the largest amount a ticket can draw, minor units (lognormal: down to 1 minor unit). */
export function ticketRange(t: AmountDist): { minMinor: number; maxMinor: number } {
  if (t.kind === 'fixed') return { minMinor: t.valueMinor, maxMinor: t.valueMinor };
  const mu = Math.log(t.meanMinor) - (t.sigma * t.sigma) / 2;
  return { minMinor: 1, maxMinor: Math.ceil(Math.exp(mu + t.sigma * LOGNORMAL_Z_MAX)) };
}

/** Standard normal CDF (Abramowitz and Stegun 26.2.17, absolute error below 7.5e-8). */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? 1 - tail : tail;
}

/** The share of a ticket's draws below `amountMinor`. */
export function shareBelow(t: AmountDist, amountMinor: number): number {
  if (t.kind === 'fixed') return t.valueMinor < amountMinor ? 1 : 0;
  const mu = Math.log(t.meanMinor) - (t.sigma * t.sigma) / 2;
  return t.sigma === 0 ? (t.meanMinor < amountMinor ? 1 : 0) : normalCdf((Math.log(amountMinor) - mu) / t.sigma);
}

export interface DemandParts {
  readonly cards: CardsSpec;
  readonly issuers: readonly IssuerSpec[];
  readonly demand: DemandSpec;
  readonly wallet: WalletSpec;
  readonly durationUs: number;
}

/**
 * An upper bound of the expected purchase count of a run: any 24 hours hold each hour of the day
 * once (hourly weights summing to 1), at most at the busiest weekday's multiplier; the hours left
 * over at most at the busiest hour.
 */
export function expectedPurchasesBound(p: DemandParts): number {
  const d = p.demand;
  if (d.constantPerSecond > 0) return (d.constantPerSecond * p.durationUs) / 1e6;
  const activity = Math.max(1, ...p.issuers.map((i) => i.activity));
  const uplift = p.wallet.enabled ? Math.max(1, p.wallet.uplift) : 1;
  const perDay = d.perCardPerDay * p.cards.count * p.cards.activeShare * activity * uplift * Math.max(...d.weekly);
  const days = Math.floor(p.durationUs / US_PER_DAY);
  const restHours = Math.ceil((p.durationUs - days * US_PER_DAY) / US_PER_HOUR);
  // A start inside an hour touches one hour more.
  const rest = restHours === 0 ? 0 : Math.min(1, (restHours + 1) * Math.max(...d.hourly));
  return perDay * (days + rest);
}

/** A count that a Poisson count of mean `expected` does not exceed in practice: 1.25 x, 10 sd, 100. */
export function countBound(expected: number): number {
  return Math.ceil(1.25 * expected + 10 * Math.sqrt(expected) + 100);
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Money text for a message: exact below 2^53, else in scientific notation. */
function moneyText(minor: number, currency: string, exponent: number): string {
  if (Number.isSafeInteger(minor)) return `${currency} ${formatMinor(minor, exponent)}`;
  return `${currency} ${(minor / 10 ** exponent).toExponential(3)}`;
}

/** The largest factor from one minor unit of `from` to minor units of `to` over the rate series (either direction), 0 without one. */
export function conversionFactor(rates: readonly FxSeries[], from: string, to: string): number {
  let f = 0;
  for (const r of rates) {
    if (r.from === from && r.to === to) for (const x of r.rateE8) f = Math.max(f, x / 1e8);
    if (r.from === to && r.to === from) for (const x of r.rateE8) f = Math.max(f, 1e8 / x);
  }
  return f * 10 ** ((CURRENCY_EXPONENTS[to] ?? 0) - (CURRENCY_EXPONENTS[from] ?? 0));
}

type Fmt = (minor: number, currency?: string) => string;
const ticketPath = (i: number, t: AmountDist): Path => ['merchants', 'categories', i, 'ticket', t.kind === 'fixed' ? 'value' : 'mean'];

/**
 * Checks the money limits (module comment); reports each problem at its ticket. Returns false
 * when there is an error (warnings do not count).
 */
export function checkMoneyLimits(ctx: ResolveContext, merchants: MerchantsSpec, demandParts: DemandParts, money: MoneySpec | undefined): boolean {
  const fmt: Fmt = (minor, currency = ctx.currency ?? '') => moneyText(minor, currency, CURRENCY_EXPONENTS[currency] ?? ctx.exponent ?? 0);
  const minOk = money === undefined || checkMinAmount(ctx, merchants, money, fmt);
  return checkTotals(ctx, merchants, demandParts, money, fmt) && minOk;
}

/** Tickets against `fees.min_amount`: a fixed one below it is an error, a lognormal one often below it a warning. */
function checkMinAmount(ctx: ResolveContext, merchants: MerchantsSpec, money: MoneySpec, fmt: Fmt): boolean {
  const min = money.feeModel.minAmountMinor;
  let ok = true;
  merchants.categories.forEach((c, i) => {
    const below = shareBelow(c.ticket, min);
    if (c.ticket.kind === 'fixed' && below > 0) {
      ok = false;
      ctx.report.add(ticketPath(i, c.ticket), 'out_of_range', `a ticket of ${fmt(c.ticket.valueMinor)} is below fees.min_amount ${fmt(min)}, the smallest purchase the fee model is checked for: its fees could exceed the purchase; raise the ticket or lower min_amount`);
    } else if (below > BELOW_MIN_WARN_SHARE) {
      const pct = `${(below * 100).toFixed(1)} %`;
      ctx.report.warn(ticketPath(i, c.ticket), 'out_of_range', `about ${pct} of the purchases of '${c.name}' are below fees.min_amount ${fmt(min)}; their fees may exceed them (docs/fees.md, "Money limits")`);
    }
  });
  return ok;
}

/**
 * The largest total of the run in each book currency (the scenario's, and each issuer's
 * settlement currency at its dearest rate) against 2^53 - 1; an error at the ticket of the
 * category that contributes most.
 */
function checkTotals(ctx: ResolveContext, merchants: MerchantsSpec, demandParts: DemandParts, money: MoneySpec | undefined, fmt: Fmt): boolean {
  const cats = merchants.categories;
  const bound = money === undefined ? { ratePpm: 0, fixedMinor: 0, chargebackFeeMinor: 0 } : feeBound(money.feeModel);
  const expected = expectedPurchasesBound(demandParts);
  const cbShare = money?.chargebackShare ?? 0;
  let total = 0;
  let worst = -1;
  let worstPart = -1;
  const parts = cats.map((c, i) => {
    const n = countBound(expected * c.share);
    const max = ticketRange(c.ticket).maxMinor;
    const perPurchase = max * (1 + bound.ratePpm / 1e6) + bound.fixedMinor;
    const chargebacks = cbShare > 0 ? countBound(n * cbShare) : 0;
    const part = n * perPurchase + Math.min(n, chargebacks) * (perPurchase + bound.chargebackFeeMinor);
    total += part;
    if (part > worstPart) [worst, worstPart] = [i, part];
    return { n, max };
  });
  // An issuer settling in another currency books the issuer side converted (plus a minor unit of rounding a leg).
  const base = ctx.currency ?? '';
  let currency = base;
  let largest = total;
  for (const ic of new Set(money?.issuerSettlementCurrency ?? [])) {
    if (ic === base) continue;
    const converted = total * conversionFactor(money!.feeModel.fx.rates, base, ic) + 12 * parts.reduce((a, p) => a + 2 * p.n, 0);
    if (converted > largest) [currency, largest] = [ic, converted];
  }
  if (worst < 0 || largest <= MAX_SAFE) return true;
  const c = cats[worst]!;
  const { n, max } = parts[worst]!;
  const what = c.ticket.kind === 'fixed' ? `a ticket of ${fmt(max)}` : `a ticket that can draw up to ${fmt(max)}`;
  const inCurrency = currency === base ? '' : ` in ${currency}, where issuers settle`;
  ctx.report.add(
    ticketPath(worst, c.ticket),
    'out_of_range',
    `${what}, on up to ${n.toLocaleString('en-US')} purchases of '${c.name}' in the run, can take the run's money totals${inCurrency} (with fees and chargebacks) to ${fmt(largest, currency)}, ` +
      `beyond ${fmt(MAX_SAFE, currency)} (2^53 - 1 minor units), where integer money stops being exact; lower the ticket, the demand or the duration`,
  );
  return false;
}
