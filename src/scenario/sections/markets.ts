/**
 * The `markets` and `travellers` sections: several markets in one scenario. Each market names the
 * issuers and acquirers (of `issuers:` and `acquirers:`) it holds, its currency, its UTC offset,
 * its domestic processor (or none: its domestic purchases go to the scheme's switch) and the
 * one-way latency of its cross-border link to the hub, the first market, where the scheme's
 * switch is. `travellers:` sends a share of one market's cards shopping in another at a rate,
 * with tickets of their own. Absent: the scenario is one market, as without these keys.
 */

import { BAD, allDefined, isObj, nameHint, type Path, type ResolveContext } from '../context.js';
import { CURRENCY_EXPONENTS, amountDist, durationDist, nonNegative, object, probability, utcOffset, type JsonSchema } from '../schema-blocks.js';
import { utcOffsetAt } from './run.js';
import type { FxSeries } from '../../economics/money.js';
import type { MarketSpec, MarketsSpec, MoneySpec, TravellerFlowSpec } from '../types.js';

const names = (what: string): JsonSchema => ({ type: 'array', items: { type: 'string', minLength: 1 }, description: what, default: [] });

export const MARKETS_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  markets: {
    type: 'array',
    minItems: 1,
    description:
      'Several markets in one scenario: each holds some of the issuers and acquirers, with its currency, UTC offset, domestic processor and cross-border link to the hub (the first market, where the scheme switch is). Absent: one market.',
    items: object(
      'One market.',
      {
        name: { type: 'string', minLength: 1, description: 'Unique name of the market.' },
        currency: { type: 'string', enum: Object.keys(CURRENCY_EXPONENTS), description: "ISO 4217 currency its merchants are paid and its cardholders billed in (a rate against the scenario's currency in fees.fx.rates)." },
        utc_offset: utcOffset("Local time of the market: its demand's hours and its acquirers' clearing cut-off (unless clearing.time_zones names them)."),
        issuers: names('Names of the issuers (of `issuers`) in this market.'),
        acquirers: names('Names of the acquirers (of `acquirers`) in this market; their terminals are its merchants.'),
        processor: { type: 'string', minLength: 1, description: 'Domestic processor: a purchase with a card of this market at its merchants stays in the market (no cross-border link). Absent: issuer-to-scheme, over the link.' },
        link: durationDist('One-way latency of the link between this market and the hub, added each way to a purchase that crosses it (none for the hub).'),
      },
      { required: ['name', 'currency', 'utc_offset'] },
    ),
  },
  travellers: {
    type: 'array',
    description: "Visitors: a share of one market's cards shops in another at a rate, with tickets of their own (needs `markets`).",
    default: [],
    items: object(
      'One flow of visitors.',
      {
        from: { type: 'string', minLength: 1, description: 'Market whose cards travel.' },
        to: { type: 'string', minLength: 1, description: 'Market they shop in.' },
        share: probability("Share of the home market's active cards abroad at any time."),
        purchases_per_day: nonNegative('Purchases per travelling card per day (abroad).'),
        ticket: amountDist("The visitors' ticket, major units of the scenario currency."),
      },
      { required: ['from', 'to', 'share', 'purchases_per_day', 'ticket'] },
    ),
  },
};

/** The parties of each market by name, reported at their place: unknown names, and names in two markets. */
function partiesOf(ctx: ResolveContext, i: number, key: 'issuers' | 'acquirers', known: readonly string[], owner: Int32Array): number[] | undefined {
  const path: Path = ['markets', i, key];
  const list = ctx.strings(path, []);
  if (list === undefined) return undefined;
  const role = key === 'issuers' ? 'issuer' : 'acquirer';
  let ok = true;
  const out: number[] = [];
  list.forEach((n, j) => {
    const k = known.indexOf(n);
    if (k < 0) {
      ok = false;
      ctx.report.add([...path, j], 'unknown_name', `unknown ${role} '${n}' in markets[${i}].${key}${nameHint(n, known, key)}`);
    } else if (owner[k]! >= 0) {
      ok = false;
      ctx.report.add([...path, j], 'duplicate_name', `${role} '${n}' is already in market ${owner[k]! + 1}; a party is in one market`);
    } else {
      owner[k] = i;
      out.push(k);
    }
  });
  return ok ? out : undefined;
}

/** One market; undefined when it is in error (reported). */
function market(ctx: ResolveContext, i: number, issuerNames: readonly string[], acquirerNames: readonly string[], owners: { iss: Int32Array; acq: Int32Array }, startOffsetUs: number): MarketSpec | undefined {
  const p = (...keys: string[]): Path => ['markets', i, ...keys];
  const f = allDefined({
    name: ctx.string(p('name')),
    currency: ctx.string(p('currency')),
    offset: utcOffsetAt(ctx, p('utc_offset')),
    issuers: partiesOf(ctx, i, 'issuers', issuerNames, owners.iss),
    acquirers: partiesOf(ctx, i, 'acquirers', acquirerNames, owners.acq),
  });
  const link = ctx.present(p('link')) ? ctx.durationDist(p('link'), undefined) : null;
  if (f === undefined || link === undefined) return undefined;
  const processor = ctx.present(p('processor')) ? (ctx.string(p('processor')) ?? null) : null;
  return { name: f.name, currency: f.currency, exponent: CURRENCY_EXPONENTS[f.currency]!, offsetUs: f.offset, shiftUs: f.offset - startOffsetUs, issuers: f.issuers, acquirers: f.acquirers, processor, link };
}

/** Reports each party in no market (at `markets`). */
function everyPartyPlaced(ctx: ResolveContext, owner: Int32Array, list: readonly string[], role: string): boolean {
  const missing = list.filter((_, k) => owner[k]! < 0);
  if (missing.length > 0) ctx.report.add(['markets'], 'missing_key', `${role} ${missing.map((n) => `'${n}'`).join(', ')} in no market; list each ${role} in one market's ${role}s`);
  return missing.length === 0;
}

/** A market name at `path`, its index; reported with the nearest name when unknown. */
function marketRef(ctx: ResolveContext, path: Path, known: readonly string[]): number | undefined {
  const n = ctx.string(path);
  if (n === undefined) return undefined;
  const k = known.indexOf(n);
  if (k >= 0) return k;
  ctx.report.add(path, 'unknown_name', `unknown market '${n}' in ${path.filter((x) => typeof x === 'string').join('.')}${nameHint(n, known, 'markets')}`);
  return undefined;
}

/** The visitor flows; `list` undefined (a market in error): only their market names are checked, against `known`. */
function travellers(ctx: ResolveContext, known: readonly string[], list: readonly MarketSpec[] | undefined): TravellerFlowSpec[] | undefined {
  const raw = ctx.peek(['travellers']);
  if (!Array.isArray(raw)) return ctx.raw(['travellers']) === BAD ? undefined : [];
  const out: TravellerFlowSpec[] = [];
  let ok = true;
  raw.forEach((_, i) => {
    const p = (k: string): Path => ['travellers', i, k];
    const f = allDefined({
      from: marketRef(ctx, p('from'), known),
      to: marketRef(ctx, p('to'), known),
      share: ctx.number(p('share')),
      perCardPerDay: ctx.number(p('purchases_per_day')),
      ticket: ctx.amountDist(p('ticket'), undefined, true),
    });
    if (f === undefined || list === undefined) ok = false;
    else if (list[f.to]!.acquirers.length === 0) {
      ok = false;
      ctx.report.add(p('to'), 'out_of_range', `market '${list[f.to]!.name}' has no acquirer: its visitors would have nowhere to shop`);
    } else if (f.from === f.to) {
      ok = false;
      ctx.report.add(p('to'), 'out_of_range', `travellers go abroad: 'to' must be another market than '${list[f.from]!.name}'`);
    } else out.push(f);
  });
  return ok ? out : undefined;
}

/** Each market's currency needs a rate against the scenario's (in fees.fx.rates), when there is money. */
function checkRates(ctx: ResolveContext, list: readonly MarketSpec[], rates: readonly FxSeries[] | undefined): boolean {
  const base = ctx.currency;
  if (rates === undefined || base === undefined) return true;
  let ok = true;
  list.forEach((m, i) => {
    if (m.currency === base || rates.some((r) => (r.from === m.currency && r.to === base) || (r.from === base && r.to === m.currency))) return;
    ok = false;
    ctx.report.add(['markets', i, 'currency'], 'missing_key', `market '${m.name}' in ${m.currency} needs a rate: add fees: {fx: {rates: {"${m.currency}/${base}": <rate>}}}`);
  });
  return ok;
}

/**
 * The `markets` and `travellers` sections: undefined spec when absent (ok), ok false when in error.
 * @param rates - the fee model's FX rates (undefined without money or when it is in error).
 */
export function resolveMarkets(
  ctx: ResolveContext,
  issuerNames: string[] | undefined,
  acquirerNames: string[] | undefined,
  rates: readonly FxSeries[] | undefined,
  startOffsetUs: number | undefined,
): { ok: boolean; spec?: MarketsSpec } {
  if (!ctx.present(['markets'])) {
    if (ctx.present(['travellers']) && Array.isArray(ctx.peek(['travellers'])) && (ctx.peek(['travellers']) as unknown[]).length > 0) {
      ctx.report.add(['travellers'], 'missing_key', 'travellers go from one market to another: add a `markets` section', 'key');
      return { ok: false };
    }
    return { ok: true };
  }
  const raw = ctx.peek(['markets']);
  if (ctx.raw(['markets']) === BAD || !Array.isArray(raw) || issuerNames === undefined || acquirerNames === undefined || startOffsetUs === undefined) return { ok: false };
  const owners = { iss: new Int32Array(issuerNames.length).fill(-1), acq: new Int32Array(acquirerNames.length).fill(-1) };
  const list: MarketSpec[] = [];
  let ok = true;
  raw.forEach((m, i) => {
    const spec = isObj(m) ? market(ctx, i, issuerNames, acquirerNames, owners, startOffsetUs) : undefined;
    if (spec === undefined) ok = false;
    else list.push(spec);
  });
  const known = raw.map((m) => (isObj(m) && typeof m['name'] === 'string' ? m['name'] : ''));
  if (!ok) {
    travellers(ctx, known, undefined);
    return { ok: false };
  }
  ok = ctx.checkUnique(list.map((m) => m.name), (i) => ['markets', i, 'name'], 'market') && ok;
  ok = everyPartyPlaced(ctx, owners.iss, issuerNames, 'issuer') && ok;
  ok = everyPartyPlaced(ctx, owners.acq, acquirerNames, 'acquirer') && ok;
  ok = checkRates(ctx, list, rates) && ok;
  list.forEach((m, i) => {
    if (i === 0 && m.link !== null) ctx.report.add(['markets', 0, 'link'], 'out_of_range', `market '${m.name}' is the hub (the first market, where the scheme switch is): it has no link to itself`, 'key');
    if (m.acquirers.length === 0 && m.issuers.length === 0) ctx.report.add(['markets', i], 'out_of_range', `market '${m.name}' holds no issuer and no acquirer`);
  });
  const flows = travellers(ctx, known, list);
  if (!ok || flows === undefined) return { ok: false };
  return { ok: true, spec: { list, issuerMarket: Array.from(owners.iss), acquirerMarket: Array.from(owners.acq), travellers: flows } };
}

/**
 * The money of a run with markets: each issuer settles in its market's currency and each
 * acquirer cuts off in its market's time zone, unless `clearing.settlement_currencies` or
 * `clearing.time_zones` names it.
 */
export function marketMoney(ctx: ResolveContext, money: MoneySpec, m: MarketsSpec, issuerNames: readonly string[], acquirerNames: readonly string[]): MoneySpec {
  const given = (key: string, name: string): boolean => ctx.peek(['clearing', key, name]) !== undefined;
  return {
    ...money,
    issuerSettlementCurrency: money.issuerSettlementCurrency.map((c, i) => (given('settlement_currencies', issuerNames[i]!) ? c : m.list[m.issuerMarket[i]!]!.currency)),
    acquirerZoneShiftUs: money.acquirerZoneShiftUs.map((s, a) => (given('time_zones', acquirerNames[a]!) ? s : m.list[m.acquirerMarket[a]!]!.shiftUs)),
  };
}
