/**
 * `networks.adoption`: merchant acceptance and consumer adoption that change by local day. Each
 * merchant instrument (a wallet's QR sticker, UnionPay QR, NFC) and each consumer wallet follows
 * one rule: a logit on price against the other side's share (the two-sided feedback of
 * Rochet-Tirole), a Bass process (sources §3.1, §7), or a fixed schedule of shares by date.
 */

import { BAD, isObj, nameHint, type Path, type ResolveContext } from '../context.js';
import { parseDate } from '../dates.js';
import { object, probability, tagged, type JsonSchema } from '../schema-blocks.js';
import { CARD_INSTRUMENTS, type AdoptionRule, type AdoptionSpec, type PlatformSpec } from '../types.js';

/** Default share of merchants (consumers) who review a logit choice each day (A: about monthly). */
const REVIEW = 1 / 30;

const num = (description: string, def?: number): JsonSchema => ({ type: 'number', description, ...(def !== undefined && { default: def }) });

function logitSchema(side: 'merchants' | 'consumers'): JsonSchema {
  const fields: Record<string, JsonSchema> =
    side === 'merchants'
      ? {
          fee_weight: num('Utility per percent of the merchant fee (negative: a dearer instrument is dropped more).', 0),
          demand_weight: num('Utility per unit share of consumers holding the instrument (its customers who want it).', 0),
          merchant_fee: probability("The merchant fee of a card instrument (unionpay_qr, nfc), a fraction; a wallet's is its platform's `fees` (standard or promotional)."),
        }
      : {
          cashback_weight: num("Utility per percent of the platform's cash-back.", 0),
          acceptance_weight: num('Utility per unit of ln(share of merchants accepting the wallet).', 0),
        };
  return tagged('rule', 'logit', 'Logit rule.', `A logit, reviewed by a share of ${side} each day: those reviewing hold the instrument with probability 1 / (1 + exp(-U)).`, {
    review: probability(`Share of ${side} who review their choice each day.`, REVIEW),
    constant: num('Constant of the utility U.', 0),
    ...fields,
  }, ['rule']);
}

const BASS: JsonSchema = tagged('rule', 'bass', 'Bass process.', 'Bass diffusion by local day from the share at the start: hazard p + q F (sources §3.1); nobody drops.', {
  p: num('Innovation coefficient per day.'),
  q: num('Imitation coefficient per day.'),
});

const SCHEDULE: JsonSchema = tagged('rule', 'schedule', 'Fixed rollout.', 'A fixed rollout: the share by each date, linear in between, flat before the first and after the last.', {
  schedule: {
    type: 'array',
    minItems: 1,
    description: 'Dates in increasing order and the share holding the instrument on each.',
    items: {
      ...object('A date and its share.', {
        date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date, YYYY-MM-DD.' },
        share: probability('Share on that date.'),
      }),
      required: ['date', 'share'],
    },
  },
});

function rules(side: 'merchants' | 'consumers', what: string): JsonSchema {
  return {
    type: 'object',
    description: what,
    default: {},
    additionalProperties: { type: 'object', description: 'The rule of one instrument.', discriminator: { propertyName: 'rule' }, oneOf: [logitSchema(side), BASS, SCHEDULE] },
  };
}

export const ADOPTION_SCHEMA: JsonSchema = object('Merchant acceptance and consumer adoption that change by local day. Absent: fixed for the run.', {
  merchants: rules('merchants', "Each merchant instrument's rule, by name: a platform (its static QR sticker), `unionpay_qr` or `nfc` (terminal channels). Absent: fixed."),
  consumers: rules('consumers', "Each wallet's rule for the consumers holding it, by platform name. Absent: fixed."),
});

/** A finite number at `path`: a value that is not (.inf, .nan) is an error here. */
function finite(ctx: ResolveContext, path: Path, fallback?: number): number | undefined {
  const v = ctx.raw(path, fallback);
  if (v === BAD || v === undefined) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  ctx.report.add(path, 'out_of_range', `a coefficient must be a finite number; got ${String(v)}`);
  return undefined;
}

function schedule(ctx: ResolveContext, at: Path): AdoptionRule | undefined {
  const raw = ctx.raw([...at, 'schedule']);
  if (raw === BAD || !Array.isArray(raw)) return undefined;
  const days: number[] = [];
  const shares: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const p: Path = [...at, 'schedule', i];
    const text = ctx.string([...p, 'date']);
    const share = ctx.number([...p, 'share']);
    if (text === undefined || share === undefined) return undefined;
    const day = parseDate(text);
    if (Number.isNaN(day)) return void ctx.report.add([...p, 'date'], 'invalid_format', `'${text}' is not a calendar date (YYYY-MM-DD)`);
    if (days.length > 0 && day <= days.at(-1)!) return void ctx.report.add([...p, 'date'], 'out_of_range', `the schedule's dates must be in increasing order: ${text} comes after ${String(ctx.string([...at, 'schedule', i - 1, 'date']))}`);
    days.push(day);
    shares.push(share);
  }
  return { kind: 'schedule', days, shares };
}

function logit(ctx: ResolveContext, at: Path, side: 'merchants' | 'consumers', card: boolean): AdoptionRule | undefined {
  const [price, other] = side === 'merchants' ? ['fee_weight', 'demand_weight'] : ['cashback_weight', 'acceptance_weight'];
  const fields = [finite(ctx, [...at, 'constant'], 0), finite(ctx, [...at, price!], 0), finite(ctx, [...at, other!], 0), ctx.number([...at, 'review'], REVIEW)];
  let fee = -1;
  if (card) {
    const f = ctx.number([...at, 'merchant_fee']);
    if (f === undefined && !ctx.present([...at, 'merchant_fee'])) ctx.report.add(at, 'missing_key', "a card instrument's logit needs its 'merchant_fee' (a wallet's comes from its platform)", 'key');
    if (f === undefined) return undefined;
    fee = Math.round(f * 1_000_000);
  } else if (side === 'merchants' && ctx.present([...at, 'merchant_fee'])) {
    ctx.report.add([...at, 'merchant_fee'], 'conflicting_keys', "a wallet's merchant fee is its platform's fees.merchant_fee (and promotional_fee); remove it here", 'key');
    return undefined;
  }
  if (fields.some((x) => x === undefined)) return undefined;
  const [constant, priceWeight, otherSideWeight, review] = fields as number[];
  return { kind: 'logit', review: review!, constant: constant!, priceWeight: priceWeight!, otherSideWeight: otherSideWeight!, merchantFeePpm: fee };
}

function rule(ctx: ResolveContext, at: Path, side: 'merchants' | 'consumers', card: boolean): AdoptionRule | undefined {
  const kind = ctx.string([...at, 'rule']);
  if (kind === 'schedule') return schedule(ctx, at);
  if (kind === 'logit') return logit(ctx, at, side, card);
  if (kind !== 'bass') return undefined;
  const p = finite(ctx, [...at, 'p']);
  const q = finite(ctx, [...at, 'q']);
  if (p === undefined || q === undefined) return undefined;
  if (p < 0 || q < 0) return void ctx.report.add([...at, p < 0 ? 'p' : 'q'], 'out_of_range', `a Bass coefficient must be at least 0; got ${p < 0 ? p : q}`);
  return { kind: 'bass', p, q };
}

/** The rules of one side, by instrument index; undefined when in error. */
function side<T>(ctx: ResolveContext, key: 'merchants' | 'consumers', names: readonly string[], cardFrom: number, make: (i: number, r: AdoptionRule) => T): T[] | undefined {
  const path: Path = ['networks', 'adoption', key];
  const raw = ctx.raw(path, {});
  if (raw === BAD || !isObj(raw)) return undefined;
  const out: T[] = [];
  let ok = true;
  for (const name of Object.keys(raw)) {
    const i = names.indexOf(name);
    if (i < 0) {
      ctx.report.add([...path, name], 'unknown_name', `unknown instrument '${name}'${nameHint(name, names, 'instruments')}`, 'key');
      ok = false;
      continue;
    }
    const r = rule(ctx, [...path, name], key, i >= cardFrom);
    if (r === undefined) ok = false;
    else out.push(make(i, r));
  }
  return ok ? out : undefined;
}

/** `networks.adoption`, or undefined when absent (`ok` false when in error). */
export function resolveAdoption(ctx: ResolveContext, platforms: readonly PlatformSpec[]): { spec?: AdoptionSpec; ok: boolean } {
  const path: Path = ['networks', 'adoption'];
  if (!ctx.present(path)) return { ok: true };
  if (ctx.raw(path) === BAD) return { ok: false };
  const wallets = platforms.map((p) => p.name);
  const merchants = side(ctx, 'merchants', [...wallets, ...CARD_INSTRUMENTS], wallets.length, (instrument, r) => ({ instrument, rule: r }));
  const consumers = side(ctx, 'consumers', wallets, wallets.length, (platform, r) => ({ platform, rule: r }));
  if (merchants === undefined || consumers === undefined) return { ok: false };
  // Wallet acceptance and holdings are the portfolios of `choice`: without it there are none to change.
  const walletRule = merchants.some((m) => m.instrument < wallets.length) || consumers.length > 0;
  if (walletRule && !ctx.present(['networks', 'choice'])) {
    ctx.report.add(path, 'missing_key', "wallet acceptance and holdings change only with 'networks.choice' (the portfolios and acceptance they start from); add it or keep to unionpay_qr and nfc", 'key');
    return { ok: false };
  }
  return { spec: { merchants, consumers }, ok: true };
}
