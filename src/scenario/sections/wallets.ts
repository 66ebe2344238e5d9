/**
 * The `wallets` section (several phone wallets, each with its devices, issuers, adoption curve,
 * token service provider and token kind), the cardholders' `phones` (brand shares) and the
 * terminal `rollout` (capability shares by local day). The single `wallet:` section
 * (sections/wallet.ts) takes the same keys and is a list of one.
 */

import { BAD, SUM_TOLERANCE, allDefined, nameHint, sum, type Path, type ResolveContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { durationDist, integer, nonNegative, object, positive, probability, type JsonSchema } from '../schema-blocks.js';
import {
  CHANNEL_CHIP,
  CHANNEL_CONTACTLESS,
  CHANNEL_NFC_TOKEN,
  CHANNEL_QR,
  type DurationDist,
  type IssuerSpec,
  type PhoneSpec,
  type RolloutChannelSpec,
  type RolloutSpec,
  type TokenKindSpec,
  type TsmStepSpec,
  type WalletSpec,
} from '../types.js';

const D = DEFAULTS.wallet;
/** A card's wallets are one byte of bits. */
export const MAX_WALLETS = 8;
/** Defaults of the token kinds (the provisioning funnel of sources §10.3). */
const TD = {
  keys: 10,
  replenish_below: 2,
  replenish_delay: { dist: 'exponential', mean: '6h' },
  replenish_failure: 0.02,
  no_key: 'decline',
  online_latency: { dist: 'lognormal', mean: '400ms', sigma: 0.4 },
  step: { latency: { dist: 'lognormal', mean: '2s', sigma: 0.4 }, failure: 0.01 },
} as const;

const TSM_STEP: JsonSchema = {
  ...object('One TSM step of secure-element provisioning.', {
    name: { type: 'string', minLength: 1, description: 'Name of the step (e.g. create security domain, personalise, activate). Required.' },
    latency: durationDist('Time the step takes.', TD.step.latency),
    failure: probability('Share of attempts failing at this step (the holder tries again later).', TD.step.failure),
  }),
  required: ['name'],
};

const TOKEN_SCHEMA: JsonSchema = object(
  'The token kind: `plain` (default: provisioned at once, no keys), `se` (secure element, provisioned through a TSM in steps) or `hce` (cloud tokens with limited-use keys).',
  {
    kind: { enum: ['plain', 'se', 'hce'], description: 'Token kind.', default: 'plain' },
    tsm: { type: 'array', minItems: 1, maxItems: 8, items: TSM_STEP, description: 'With `se`: the TSM steps in order. Required with se.' },
    keys: integer('With `hce`: limited-use keys a full token holds.', 1, TD.keys, 127),
    replenish_below: integer('With `hce`: a purchase that leaves this many keys or fewer asks the token service for more.', 0, TD.replenish_below, 126),
    replenish_delay: durationDist('With `hce`: time until the phone is online and has its new keys.', TD.replenish_delay),
    replenish_failure: probability('With `hce`: share of replenishments that fail.', TD.replenish_failure),
    no_key: { enum: ['decline', 'online'], description: 'With `hce`: a purchase with no key left declines (code NK) or goes online to the token service.', default: TD.no_key },
    online_latency: durationDist('With `hce` and `no_key: online`: the extra time of the online purchase.', TD.online_latency),
  },
);

/** The keys of a wallet (of `wallet:` and of each item of `wallets:`). */
export const WALLET_ITEM_PROPERTIES: Readonly<Record<string, JsonSchema>> = {
  name: { type: 'string', minLength: 1, description: 'Name of the wallet.', default: D.name },
  devices: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description: 'Phone brands (keys of `phones`) the wallet runs on. Absent: any phone.' },
  issuers: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Issuers whose cards the wallet takes. Absent: `issuers.wallet`.' },
  eligible_share: probability('Share of active cards of its issuers (with an eligible phone, when `devices` is given) whose holders have a capable phone: the Bass pool. Default 0.15, or 1 with `devices`.'),
  bass: object(
    'Bass diffusion coefficients of token adoption, per day.',
    {
      p: nonNegative('Innovation coefficient p: adoption hazard per day of a holder nobody has influenced.', D.bass.p),
      q: nonNegative('Imitation coefficient q: extra hazard per day per unit of adopted share of the pool.', D.bass.q),
    },
    { default: D.bass },
  ),
  step_up_share: probability('Share of provisioning attempts needing an OTP step-up.', D.step_up_share),
  provisioning_failure: probability('Share of provisioning attempts that fail.', D.provisioning_failure),
  uplift: positive("Multiplier of a token holder's purchase rate (the same for every wallet).", D.uplift),
  tsp: durationDist("Detokenization time at the wallet's token service provider. Absent: switch.detokenize."),
  token: TOKEN_SCHEMA,
};

const ROLLOUT_CHANNEL: JsonSchema = object(
  'How the share of card-present terminals taking this channel changes: a `schedule` of (day, share) points, linear between them, or Bass adoption by acquirers.',
  {
    schedule: {
      type: 'array',
      minItems: 1,
      items: { ...object('A point of the schedule.', { day: integer('Local day of the run.', 0), share: probability('Share of terminals on that day.') }), required: ['day', 'share'] },
      description: 'Points by ascending day; before the first and after the last the share stays.',
    },
    bass: object('Bass adoption of the channel by terminals, per day.', { p: nonNegative('Innovation coefficient per day.'), q: nonNegative('Imitation coefficient per day.') }, { required: ['p', 'q'] }),
    start: probability('With `bass`: the share on day 0. Default: merchants.capabilities.'),
    ceiling: probability('With `bass`: the share the rollout tends to.', 1),
  },
);

export const WALLETS_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  wallets: {
    type: 'array',
    minItems: 1,
    maxItems: MAX_WALLETS,
    items: { ...object('A phone wallet (tokens over NFC).', WALLET_ITEM_PROPERTIES), required: ['name'] },
    description: 'Several phone wallets (Huawei Pay, Mir Pay, Samsung Pay, ...); a cardholder may hold tokens in several. Absent: `wallet:` or none.',
  },
  phones: {
    type: 'object',
    additionalProperties: probability('Share of cardholders with a phone of this brand.'),
    description: "Cardholders' phone brands and their shares (summing to 1), for the wallets' `devices`.",
  },
  rollout: object('Terminal capability shares over time, by channel (they replace merchants.capabilities for the channels given).', {
    chip: ROLLOUT_CHANNEL,
    contactless: ROLLOUT_CHANNEL,
    nfc_token: ROLLOUT_CHANNEL,
    qr: ROLLOUT_CHANNEL,
  }),
};

/** The phone brands: shares summing to 1 (empty when absent). */
export function resolvePhones(ctx: ResolveContext): PhoneSpec[] | undefined {
  const raw = ctx.raw(['phones']);
  if (raw === BAD) return undefined;
  if (!ctx.present(['phones'])) return [];
  const obj = raw as Record<string, unknown>;
  const phones = Object.keys(obj).map((name) => ({ name, share: obj[name] as number }));
  if (phones.length === 0) return [];
  return ctx.sumsToOne(phones.map((p) => p.share), ['phones'], 'the phone shares') ? phones : undefined;
}

/** Names of `list` at `path` as indices into `names`, each known and once (undefined, reported, otherwise). */
function indicesOf(ctx: ResolveContext, path: Path, list: string[], names: readonly string[], what: string, plural: string): number[] | undefined {
  let ok = ctx.checkUnique(list, (i) => [...path, i], what);
  const out = list.map((n, i) => {
    const k = names.indexOf(n);
    if (k < 0) {
      ok = false;
      ctx.report.add([...path, i], 'unknown_name', `unknown ${what} '${n}'${nameHint(n, [...names], plural)}`);
    }
    return k;
  });
  return ok ? out : undefined;
}

function tsmSteps(ctx: ResolveContext, base: Path): TsmStepSpec[] | undefined {
  const raw = ctx.raw([...base, 'tsm']);
  if (raw === BAD) return undefined;
  if (!Array.isArray(raw)) {
    ctx.report.add([...base, 'kind'], 'missing_key', 'a secure-element token (kind: se) needs its TSM steps: add token.tsm, a list of {name, latency, failure}');
    return undefined;
  }
  const steps = raw.map((_, i) => allDefined({
    name: ctx.string([...base, 'tsm', i, 'name']),
    latency: ctx.durationDist([...base, 'tsm', i, 'latency'], TD.step.latency),
    failure: ctx.number([...base, 'tsm', i, 'failure'], TD.step.failure),
  }));
  return steps.every((s) => s !== undefined) ? (steps as TsmStepSpec[]) : undefined;
}

/** The token kind of the wallet at `path` (undefined for plain tokens or in error: `ok` says which). */
function tokenKind(ctx: ResolveContext, path: Path): { ok: boolean; token?: TokenKindSpec } {
  const base = [...path, 'token'];
  if (!ctx.present(base)) return { ok: true };
  if (ctx.raw(base) === BAD) return { ok: false };
  const kind = ctx.string([...base, 'kind'], 'plain');
  if (kind === 'plain' || kind === undefined) return { ok: kind !== undefined };
  if (kind === 'se') {
    const steps = tsmSteps(ctx, base);
    return steps === undefined ? { ok: false } : { ok: true, token: { kind: 'se', steps } };
  }
  const f = allDefined({
    keys: ctx.integer([...base, 'keys'], TD.keys),
    replenishBelow: ctx.integer([...base, 'replenish_below'], TD.replenish_below),
    replenishDelay: ctx.durationDist([...base, 'replenish_delay'], TD.replenish_delay),
    replenishFailure: ctx.number([...base, 'replenish_failure'], TD.replenish_failure),
    noKey: ctx.string([...base, 'no_key'], TD.no_key) as 'decline' | 'online' | undefined,
    onlineLatency: ctx.durationDist([...base, 'online_latency'], TD.online_latency),
  });
  if (f === undefined) return { ok: false };
  if (f.replenishBelow >= f.keys) {
    ctx.report.add([...base, 'replenish_below'], 'out_of_range', `must be below token.keys (${f.keys}); got ${f.replenishBelow}`);
    return { ok: false };
  }
  return { ok: true, token: { kind: 'hce', ...f } };
}

/** What every wallet is resolved against: the parties, the phones and the token channel's weight. */
export interface WalletContext {
  readonly issuers: IssuerSpec[] | undefined;
  readonly issuerNames: string[] | undefined;
  readonly phones: PhoneSpec[] | undefined;
  readonly tokenWeight: number | undefined;
}

/** One wallet at `path` (`['wallet']` or `['wallets', i]`). */
export function resolveWalletItem(ctx: ResolveContext, path: Path, wc: WalletContext, enabled: boolean): WalletSpec | undefined {
  const p = (...keys: (string | number)[]): Path => [...path, ...keys];
  const devicesRaw = ctx.strings(p('devices'));
  const devices = devicesRaw === undefined || wc.phones === undefined ? undefined : phoneIndices(ctx, p('devices'), devicesRaw, wc.phones);
  const issuersRaw = ctx.strings(p('issuers'));
  const issuers = issuersRaw === undefined || wc.issuerNames === undefined ? undefined : indicesOf(ctx, p('issuers'), issuersRaw, wc.issuerNames, 'issuer', 'issuers');
  const tsp = ctx.present(p('tsp')) ? ctx.durationDist(p('tsp'), undefined as unknown as DurationDist) : undefined;
  const token = tokenKind(ctx, path);
  const fields = allDefined({
    name: ctx.string(p('name'), D.name),
    eligibleShare: ctx.number(p('eligible_share'), devicesRaw !== undefined ? 1 : D.eligible_share),
    bassP: ctx.number(p('bass', 'p'), D.bass.p),
    bassQ: ctx.number(p('bass', 'q'), D.bass.q),
    stepUpShare: ctx.number(p('step_up_share'), D.step_up_share),
    provisioningFailure: ctx.number(p('provisioning_failure'), D.provisioning_failure),
    uplift: ctx.number(p('uplift'), D.uplift),
  });
  const broken = (devicesRaw !== undefined && devices === undefined) || (issuersRaw !== undefined && issuers === undefined) || (ctx.present(p('tsp')) && tsp === undefined) || !token.ok;
  if (fields === undefined || broken || wc.tokenWeight === undefined || wc.issuers === undefined) return undefined;
  if (enabled && (issuers ?? wc.issuers.flatMap((s, i) => (s.wallet ? [i] : []))).length === 0) {
    const where = issuersRaw !== undefined ? p('issuers') : path;
    ctx.report.add(where, 'wallet_no_issuer', `the wallet '${fields.name}' is enabled but no issuer offers it; list its issuers in ${issuersRaw !== undefined ? 'its issuers' : 'issuers.wallet'}`, 'key');
    return undefined;
  }
  return {
    enabled,
    ...fields,
    tokenWeight: wc.tokenWeight,
    ...(issuers !== undefined && { issuers }),
    ...(devices !== undefined && { devices }),
    ...(tsp !== undefined && { tsp }),
    ...(token.token !== undefined && { token: token.token }),
  };
}

function phoneIndices(ctx: ResolveContext, path: Path, list: string[], phones: PhoneSpec[]): number[] | undefined {
  if (phones.length === 0) {
    ctx.report.add(path, 'missing_key', 'devices name phone brands, but the scenario has no `phones` section with their shares');
    return undefined;
  }
  return indicesOf(ctx, path, list, phones.map((x) => x.name), 'phone brand', 'phone brands');
}

/** The `wallets` list (undefined when absent or in error: `ok` says which); refuses `wallet:` beside it. */
export function resolveWalletList(ctx: ResolveContext, wc: WalletContext): { ok: boolean; wallets?: WalletSpec[] } {
  if (!ctx.present(['wallets'])) return { ok: true };
  const raw = ctx.raw(['wallets']);
  if (raw === BAD || !Array.isArray(raw)) return { ok: false };
  if (ctx.present(['wallet'])) {
    ctx.report.add(['wallets'], 'conflicting_keys', 'give either `wallet:` (one wallet) or `wallets:` (a list), not both', 'key');
    return { ok: false };
  }
  const wallets = raw.map((_, i) => resolveWalletItem(ctx, ['wallets', i], wc, true));
  if (wallets.some((x) => x === undefined)) return { ok: false };
  const list = wallets as WalletSpec[];
  if (!ctx.checkUnique(list.map((x) => x.name), (i) => ['wallets', i, 'name'], 'wallet name')) return { ok: false };
  const uplift = list[0]!.uplift;
  const other = list.findIndex((x) => x.uplift !== uplift);
  if (other > 0) {
    ctx.report.add(['wallets', other, 'uplift'], 'conflicting_keys', `a token holder's uplift is one figure for every wallet; wallet 1 has ${uplift}, this one ${list[other]!.uplift}`);
    return { ok: false };
  }
  return { ok: true, wallets: list };
}

const ROLLOUT_CHANNELS = [
  ['chip', CHANNEL_CHIP],
  ['contactless', CHANNEL_CONTACTLESS],
  ['nfc_token', CHANNEL_NFC_TOKEN],
  ['qr', CHANNEL_QR],
] as const;

/** One channel's rollout: exactly one of `schedule` and `bass`, a schedule by ascending day. */
function rolloutChannel(ctx: ResolveContext, key: string, channel: number, startShare: number | undefined): RolloutChannelSpec | undefined {
  const base: Path = ['rollout', key];
  const hasSchedule = ctx.present([...base, 'schedule']);
  if (hasSchedule === ctx.present([...base, 'bass'])) {
    ctx.report.add(base, hasSchedule ? 'conflicting_keys' : 'missing_key', `rollout.${key} needs exactly one of schedule and bass`, 'key');
    return undefined;
  }
  if (hasSchedule) {
    const raw = ctx.raw([...base, 'schedule']);
    if (raw === BAD || !Array.isArray(raw)) return undefined;
    const days: number[] = [];
    const shares: number[] = [];
    for (let i = 0; i < raw.length; i++) {
      const day = ctx.integer([...base, 'schedule', i, 'day']);
      const share = ctx.number([...base, 'schedule', i, 'share']);
      if (day === undefined || share === undefined) return undefined;
      if (i > 0 && day <= days[i - 1]!) {
        ctx.report.add([...base, 'schedule', i, 'day'], 'out_of_range', `schedule days must ascend; day ${day} follows day ${days[i - 1]}`);
        return undefined;
      }
      days.push(day);
      shares.push(share);
    }
    return { channel, kind: 'schedule', days, shares };
  }
  const f = allDefined({
    p: ctx.number([...base, 'bass', 'p']),
    q: ctx.number([...base, 'bass', 'q']),
    start: ctx.number([...base, 'start'], startShare),
    ceiling: ctx.number([...base, 'ceiling'], 1),
  });
  if (f === undefined) return undefined;
  if (f.start > f.ceiling + SUM_TOLERANCE) {
    ctx.report.add([...base, 'start'], 'out_of_range', `the start share ${f.start} is above the ceiling ${f.ceiling}`);
    return undefined;
  }
  return { channel, kind: 'bass', ...f };
}

/** The terminal rollout (undefined when absent or in error: `ok` says which). */
export function resolveRollout(ctx: ResolveContext, capabilityShare: readonly number[] | undefined): { ok: boolean; rollout?: RolloutSpec } {
  if (!ctx.present(['rollout'])) return { ok: true };
  if (ctx.raw(['rollout']) === BAD) return { ok: false };
  const channels: RolloutChannelSpec[] = [];
  let ok = true;
  for (const [key, ch] of ROLLOUT_CHANNELS) {
    if (!ctx.present(['rollout', key])) continue;
    const r = rolloutChannel(ctx, key, ch, capabilityShare?.[ch]);
    if (r === undefined) ok = false;
    else channels.push(r);
  }
  return ok ? { ok, rollout: { channels } } : { ok };
}

/** Sum of the eligible phones' shares of a wallet (1 without devices). */
export function deviceShare(wallet: WalletSpec, phones: readonly PhoneSpec[]): number {
  return wallet.devices === undefined ? 1 : sum(wallet.devices.map((i) => phones[i]!.share));
}
