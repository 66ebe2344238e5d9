/**
 * `networks.choice`: portfolios and instrument choice. Each consumer holds cards and zero, one or
 * more wallets (a portfolio, by share: multi-homing, sources §7); each merchant accepts a wallet's
 * static QR sticker with the wallet's acceptance share; at each card-present purchase the
 * consumer chooses among the instruments both sides have by a multinomial logit on the
 * scenario's utilities.
 */

import { BAD, allDefined, isObj, nameHint, type Path, type ResolveContext } from '../context.js';
import { nonNegative, object, probability, type JsonSchema } from '../schema-blocks.js';
import type { ChoiceSpec, PlatformSpec } from '../types.js';

/** The instrument name of the four-party network in `utilities`. */
export const CARD_INSTRUMENT = 'card';

export const CHOICE_SCHEMA: JsonSchema = object(
  'Portfolios and instrument choice by multinomial logit. Absent: each platform takes its `share` of purchases.',
  {
    utilities: {
      type: 'object',
      description: 'Base utility (preference, habit) of each instrument: `card` (the four-party network) and each platform by name. Default 0.',
      additionalProperties: { type: 'number', description: 'Utility of the instrument.' },
      default: {},
    },
    cashback_weight: nonNegative("Utility of one percent of cash-back (the platform's fees.cashback).", 0),
    portfolios: {
      type: 'array',
      minItems: 1,
      description: 'Which wallets consumers hold, with the share of consumers holding each set; the shares sum to 1. Required.',
      items: {
        ...object('A set of wallets and the share of consumers holding exactly it (besides their cards).', {
          wallets: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Platform names. Required.' },
          share: probability('Share of consumers. Required.'),
        }),
        required: ['wallets', 'share'],
      },
    },
    acceptance: {
      type: 'object',
      description: "Share of merchants accepting each platform's QR code, by platform name. Default 1.",
      additionalProperties: probability('Share of merchants.'),
      default: {},
    },
  },
  { required: ['portfolios'] },
);

function platformIndex(ctx: ResolveContext, path: Path, name: string, names: string[]): number {
  const i = names.indexOf(name);
  if (i < 0) ctx.report.add(path, 'unknown_name', `unknown platform '${name}'${nameHint(name, names, 'platforms')}`);
  return i;
}

function utilities(ctx: ResolveContext, names: string[]): number[] | undefined {
  const path: Path = ['networks', 'choice', 'utilities'];
  const raw = ctx.raw(path, {});
  if (raw === BAD || !isObj(raw)) return undefined;
  const u = new Array<number>(names.length + 1).fill(0);
  let ok = true;
  for (const [key, v] of Object.entries(raw)) {
    const i = key === CARD_INSTRUMENT ? -1 : names.indexOf(key);
    if (key !== CARD_INSTRUMENT && i < 0) {
      ctx.report.add([...path, key], 'unknown_name', `unknown instrument '${key}'${nameHint(key, [CARD_INSTRUMENT, ...names], 'instruments')}`, 'key');
      ok = false;
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      ctx.report.add([...path, key], 'out_of_range', `a utility must be a finite number; got ${String(v)}`);
      ok = false;
    } else u[i + 1] = v;
  }
  return ok ? u : undefined;
}

function portfolios(ctx: ResolveContext, names: string[]): { mask: number; share: number }[] | undefined {
  const path: Path = ['networks', 'choice', 'portfolios'];
  const raw = ctx.raw(path);
  if (raw === BAD || !Array.isArray(raw)) return undefined;
  const out: { mask: number; share: number }[] = [];
  let ok = true;
  raw.forEach((_, k) => {
    const share = ctx.number([...path, k, 'share']);
    const wallets = ctx.strings([...path, k, 'wallets']);
    if (share === undefined || wallets === undefined) return void (ok = false);
    let mask = 0;
    wallets.forEach((name, j) => {
      const i = platformIndex(ctx, [...path, k, 'wallets', j], name, names);
      if (i < 0) ok = false;
      else mask |= 1 << i;
    });
    out.push({ mask, share });
  });
  if (!ok || !ctx.sumsToOne(out.map((x) => x.share), path, 'the portfolio shares')) return undefined;
  return out;
}

function acceptance(ctx: ResolveContext, names: string[]): number[] | undefined {
  const path: Path = ['networks', 'choice', 'acceptance'];
  const raw = ctx.raw(path, {});
  if (raw === BAD || !isObj(raw)) return undefined;
  const a = new Array<number>(names.length).fill(1);
  let ok = true;
  for (const [key, v] of Object.entries(raw)) {
    const i = names.indexOf(key);
    if (i < 0) {
      ctx.report.add([...path, key], 'unknown_name', `unknown platform '${key}'${nameHint(key, names, 'platforms')}`, 'key');
      ok = false;
    } else if (v === 0) {
      ctx.report.add([...path, key], 'out_of_range', `no merchant accepts '${key}': its acceptance share is 0; give it a share above 0 or remove the platform`);
      ok = false;
    } else if (typeof v === 'number') a[i] = v;
  }
  return ok ? a : undefined;
}

/** The choice of `networks.choice`, or undefined when absent (`ok` false when in error). */
export function resolveChoice(ctx: ResolveContext, platforms: readonly PlatformSpec[]): { spec?: ChoiceSpec; ok: boolean } {
  if (!ctx.present(['networks', 'choice'])) return { ok: true };
  if (ctx.raw(['networks', 'choice']) === BAD) return { ok: false };
  const names = platforms.map((p) => p.name);
  const fields = allDefined({
    utilities: utilities(ctx, names),
    cashbackWeight: ctx.number(['networks', 'choice', 'cashback_weight'], 0),
    portfolios: portfolios(ctx, names),
    acceptance: acceptance(ctx, names),
  });
  if (fields === undefined) return { ok: false };
  // Cash-back in percent of the ticket adds to a platform's utility.
  const v = fields.utilities.map((u, i) => (i === 0 ? u : u + fields.cashbackWeight * (platforms[i - 1]!.prices.cashbackPpm / 10_000)));
  const top = Math.max(...v);
  return { spec: { utilities: v, weights: v.map((x) => Math.exp(x - top)), portfolios: fields.portfolios, acceptance: fields.acceptance }, ok: true };
}
