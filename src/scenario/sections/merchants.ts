/** The acceptance network: `merchants` (terminals, capabilities, categories) and the card `channels`. */

import { allDefined, type Path, type ResolveContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { amountDist, boolean, duration, integer, nonNegative, object, probability, type JsonSchema } from '../schema-blocks.js';
import type { CategorySpec, MerchantsSpec } from '../types.js';

export const MERCHANTS_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  merchants: object(
    'The acceptance network: terminals and merchant categories.',
    {
      terminals: integer('Number of terminals (at most 100,000,000). Required.', 1, undefined, 100_000_000),
      terminals_per_merchant: integer('Terminals per merchant location.', 1, DEFAULTS.merchants.terminals_per_merchant),
      terminal_timeout: duration("The terminal's timer on its acquirer; longer than every acquirer timeout.", DEFAULTS.merchants.terminal_timeout),
      capabilities: object(
        'Share of card-present terminals supporting each channel.',
        {
          chip: probability('Chip (contact EMV).', DEFAULTS.merchants.capabilities.chip),
          contactless: probability('Contactless card.', DEFAULTS.merchants.capabilities.contactless),
          nfc_token: probability('Wallet token over NFC.', DEFAULTS.merchants.capabilities.nfc_token),
          qr: probability('QR code.', DEFAULTS.merchants.capabilities.qr),
        },
        { default: DEFAULTS.merchants.capabilities },
      ),
      categories: {
        type: 'array',
        minItems: 1,
        description: 'Merchant categories; their shares of purchase count sum to 1. Required.',
        items: object(
          'A merchant category.',
          {
            name: { type: 'string', minLength: 1, description: 'Unique name of the category.' },
            mcc: integer('ISO 18245 merchant category code.', 0, undefined, 9999),
            share: probability('Share of purchase count.'),
            ticket: amountDist('Purchase amount distribution, major units.'),
            card_not_present: boolean('E-commerce category: its terminals take only the ecommerce channel.', DEFAULTS.merchants.card_not_present),
          },
          { required: ['name', 'mcc', 'share', 'ticket'] },
        ),
      },
    },
    { required: ['terminals', 'categories'] },
  ),
  channels: object(
    'Relative weights of the card-present channels a purchase picks among (those its terminal and card support).',
    {
      chip: nonNegative('Chip (contact).', DEFAULTS.channels.chip),
      contactless: nonNegative('Contactless card.', DEFAULTS.channels.contactless),
      qr: nonNegative('QR code.', DEFAULTS.channels.qr),
      nfc_token: nonNegative('Wallet token, for a token holder at an NFC terminal.', DEFAULTS.channels.nfc_token),
    },
    { default: DEFAULTS.channels },
  ),
};

const p = (...keys: (string | number)[]): Path => ['merchants', ...keys];

/** Each category as resolved (undefined where one is in error). */
function categoryList(ctx: ResolveContext, count: number): (CategorySpec | undefined)[] {
  const resolved: (CategorySpec | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    resolved.push(
      allDefined({
        name: ctx.string(p('categories', i, 'name')),
        mcc: ctx.integer(p('categories', i, 'mcc')),
        share: ctx.number(p('categories', i, 'share')),
        ticket: ctx.amountDist(p('categories', i, 'ticket'), undefined, true),
        cardNotPresent: ctx.boolean(p('categories', i, 'card_not_present'), DEFAULTS.merchants.card_not_present),
      }),
    );
  }
  return resolved;
}

/** The categories: unique names, shares summing to 1. Names and shares are checked on what was written, even if another field of a category is bad. */
function categories(ctx: ResolveContext): CategorySpec[] | undefined {
  const rawCategories = ctx.peek(p('categories'));
  const count = Array.isArray(rawCategories) ? rawCategories.length : 0;
  const resolved = categoryList(ctx, count);
  if (!Array.isArray(rawCategories)) return undefined;
  const names: string[] = [];
  const namePaths: Path[] = [];
  const shares: number[] = [];
  let sharesOk = true;
  for (let i = 0; i < count; i++) {
    const n = ctx.string(p('categories', i, 'name'));
    if (n !== undefined) {
      names.push(n);
      namePaths.push(p('categories', i, 'name'));
    }
    const s = ctx.number(p('categories', i, 'share'));
    if (s === undefined) sharesOk = false;
    else shares.push(s);
  }
  const unique = ctx.checkUnique(names, (i) => namePaths[i] ?? p('categories'), 'category name');
  const summed = sharesOk && count > 0 ? ctx.sumsToOne(shares, p('categories'), 'the category shares') : sharesOk;
  return unique && summed && resolved.every((c) => c !== undefined) ? (resolved as CategorySpec[]) : undefined;
}

export function resolveMerchants(ctx: ResolveContext): MerchantsSpec | undefined {
  const d = DEFAULTS.merchants;
  const terminals = ctx.integer(p('terminals'));
  const terminalsPerMerchant = ctx.integer(p('terminals_per_merchant'), d.terminals_per_merchant);
  const terminalTimeoutUs = ctx.duration(p('terminal_timeout'), d.terminal_timeout, 'positive');
  const caps = (['chip', 'contactless', 'nfc_token', 'qr'] as const).map((c) => ctx.number(p('capabilities', c), d.capabilities[c]));
  const [chip, contactless, nfcToken, qr] = caps;
  const fields = allDefined({ terminals, terminalsPerMerchant, categories: categories(ctx), chip, contactless, nfcToken, qr, terminalTimeoutUs });
  if (fields === undefined) return undefined;
  return {
    terminals: fields.terminals,
    terminalsPerMerchant: fields.terminalsPerMerchant,
    categories: fields.categories,
    capabilityShare: [fields.chip, fields.contactless, fields.nfcToken, fields.qr, 0],
    terminalTimeoutUs: fields.terminalTimeoutUs,
  };
}

/** The channel weights `[chip, contactless, nfc_token, qr, ecommerce]`; some card channel must be usable. */
export function resolveChannels(ctx: ResolveContext, merchants: MerchantsSpec | undefined): number[] | undefined {
  const d = DEFAULTS.channels;
  const chip = ctx.number(['channels', 'chip'], d.chip);
  const contactless = ctx.number(['channels', 'contactless'], d.contactless);
  const qr = ctx.number(['channels', 'qr'], d.qr);
  const nfcToken = ctx.number(['channels', 'nfc_token'], d.nfc_token);
  if (chip === undefined || contactless === undefined || qr === undefined || nfcToken === undefined) return undefined;
  if (chip + contactless + qr <= 0) {
    ctx.report.add(['channels'], 'no_channel', 'the card channels chip, contactless and qr all have weight 0; at least one must be positive');
    return undefined;
  }
  if (merchants !== undefined && merchants.categories.some((c) => !c.cardNotPresent)) {
    const cap = merchants.capabilityShare;
    const usable = chip * (cap[0] ?? 0) + contactless * (cap[1] ?? 0) + qr * (cap[3] ?? 0);
    if (usable <= 0) {
      ctx.report.add(
        ctx.present(['merchants', 'capabilities']) ? ['merchants', 'capabilities'] : ['channels'],
        'no_channel',
        'no card channel is both supported by terminals (merchants.capabilities) and given a positive weight (channels); card-present purchases could not happen',
      );
      return undefined;
    }
  }
  return [chip, contactless, nfcToken, qr, 1];
}
