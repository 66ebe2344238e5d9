/**
 * The parties: `issuers` and `acquirers` (generated from a count: names, shares, hosts), the
 * `switch` and the network `links` between them.
 */

import { BAD, allDefined, isObj, nameHint, sum, type Path, type ResolveContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { boolean, duration, durationDist, integer, nonNegative, object, withDefault, type JsonSchema } from '../schema-blocks.js';
import type { AcquirerSpec, DurationDist, HostSpec, IssuerSpec, LinksSpec, SwitchSpec } from '../types.js';

/** A host: `who` names it in descriptions; `overrideOf` is set for per-name overrides. */
function hostSchema(who: string, def: { servers: number; service: unknown }, overrideOf?: string): JsonSchema {
  const fallback = overrideOf === undefined ? '' : ` Defaults to ${overrideOf}.`;
  return object(
    overrideOf === undefined ? `The host of ${who}: a multi-server first-come-first-served queue.` : `Host overrides for ${who}.`,
    {
      servers: integer(`Number of parallel servers (concurrent authorizations) of the host.${fallback}`, 1, def.servers, 1_000_000),
      service: durationDist(`Service time of one authorization at the host.${fallback}`, def.service),
    },
  );
}

function partySchema(role: 'issuer' | 'acquirer'): Record<string, JsonSchema> {
  const plural = `${role}s`;
  const defaults = role === 'issuer' ? DEFAULTS.issuers : DEFAULTS.acquirers;
  const share = role === 'issuer' ? 'cards' : 'terminals';
  return {
    count: integer(`Number of ${plural} (at most 10,000). Required.`, 1, undefined, 10_000),
    shares: withDefault(
      {
        $ref: '#/definitions/shares',
        description: `Share of all ${share} held by each ${role}: a list of \`count\` shares summing to 1, {zipf: s} or {equal: true}.`,
      },
      DEFAULTS.shares,
    ),
    names: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: `Unique names of the ${plural}, \`count\` of them. Defaults to "${role === 'issuer' ? 'Issuer' : 'Acquirer'} 1", "${role === 'issuer' ? 'Issuer' : 'Acquirer'} 2", ...`,
    },
    host: withDefault(hostSchema(`every ${role}`, defaults.host), defaults.host),
    hosts: {
      type: 'object',
      description: `Per-${role} host overrides, keyed by ${role} name.`,
      additionalProperties: hostSchema(`one ${role}`, defaults.host, `${plural}.host`),
      default: {},
    },
  };
}

export const PARTIES_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  issuers: object(
    'The card issuers, generated from a count.',
    {
      ...partySchema('issuer'),
      wallet: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Names of the issuers whose cardholders can provision wallet tokens.',
        default: DEFAULTS.issuers.wallet,
      },
      foreign: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Names of the issuers whose cards are foreign to the acquiring market: their purchases are cross-border (fees).',
        default: DEFAULTS.issuers.foreign,
      },
      activity: {
        type: 'object',
        description:
          "Purchase rate of an issuer's active cards relative to the others (demand.per_card_per_day), keyed by issuer name; e.g. 10 for visiting tourists' cards at 2 purchases a day against 0.2 (sources §6.3). Default 1.",
        additionalProperties: { type: 'number', exclusiveMinimum: 0, maximum: 1000, description: 'Multiplier of the per-card purchase rate.' },
        default: DEFAULTS.issuers.activity,
      },
    },
    { required: ['count'] },
  ),
  acquirers: object(
    'The acquirers, generated from a count.',
    {
      ...partySchema('acquirer'),
      timeout: duration("The acquirer's timer on the switch; on expiry it declines and reverses.", DEFAULTS.acquirers.timeout),
      timeouts: {
        type: 'object',
        description: 'Per-acquirer timeout overrides, keyed by acquirer name.',
        additionalProperties: duration('Timeout of this acquirer. Defaults to acquirers.timeout.'),
        default: {},
      },
    },
    { required: ['count'] },
  ),
  switch: object(
    'The scheme switch.',
    {
      name: { type: 'string', minLength: 1, description: 'Name of the switch (the scheme).', default: DEFAULTS.switch.name },
      host: withDefault(hostSchema('the switch', DEFAULTS.switch.host), DEFAULTS.switch.host),
      detokenize: durationDist('Extra switch service time for a wallet-token purchase.', DEFAULTS.switch.detokenize),
      issuer_timeout: duration("The switch's timer on the issuer; on expiry stand-in applies.", DEFAULTS.switch.issuer_timeout),
      stand_in: object(
        'Stand-in processing (STIP): the switch approves for an issuer that does not answer, within limits.',
        {
          enabled: boolean('Whether the switch stands in for issuers.', DEFAULTS.switch.stand_in.enabled),
          max_amount: nonNegative('Per-transaction amount limit, major units.', DEFAULTS.switch.stand_in.max_amount),
          max_count_per_day: integer('Per-card count limit per local calendar day.', 0, DEFAULTS.switch.stand_in.max_count_per_day),
          max_amount_per_day: nonNegative('Per-card cumulative amount limit per day, major units.', DEFAULTS.switch.stand_in.max_amount_per_day),
        },
        { default: DEFAULTS.switch.stand_in },
      ),
    },
    { default: {} },
  ),
  links: object(
    'One-way network latency of each link class.',
    {
      terminal_acquirer: durationDist('Terminal -> acquirer.', DEFAULTS.links.terminal_acquirer),
      acquirer_switch: durationDist('Acquirer -> switch.', DEFAULTS.links.acquirer_switch),
      switch_issuer: durationDist('Switch -> issuer.', DEFAULTS.links.switch_issuer),
      issuer_switch: durationDist('Issuer -> switch (response). Defaults to switch_issuer.', DEFAULTS.links.switch_issuer),
      switch_acquirer: durationDist('Switch -> acquirer (response). Defaults to acquirer_switch.', DEFAULTS.links.acquirer_switch),
      acquirer_terminal: durationDist('Acquirer -> terminal (response). Defaults to terminal_acquirer.', DEFAULTS.links.terminal_acquirer),
    },
    { default: {} },
  ),
};

type Role = 'issuer' | 'acquirer';

/** What issuers and acquirers have in common; `names` is there even when the rest fails. */
interface PartyPart {
  readonly names?: string[];
  readonly shares?: number[];
  readonly hosts?: HostSpec[];
}

/** The issuers as resolved, and their names (for references; present even when the issuers fail). */
export interface IssuersPart {
  readonly issuers: IssuerSpec[] | undefined;
  readonly names: string[] | undefined;
}

export interface AcquirersPart {
  readonly acquirers: AcquirerSpec[] | undefined;
  readonly names: string[] | undefined;
}

function host(ctx: ResolveContext, path: Path, fallback: { servers: number; service: DurationDist | unknown }): HostSpec | undefined {
  const servers = ctx.integer([...path, 'servers'], fallback.servers);
  const service = ctx.durationDist([...path, 'service'], fallback.service);
  return servers === undefined || service === undefined ? undefined : { servers, service };
}

/** The names given (checked against `count`, unique) or generated; `ok` is false when they are in error. */
function partyNames(ctx: ResolveContext, role: Role, count: number | undefined): { names?: string[]; ok: boolean } {
  const plural = `${role}s`;
  const path: Path = [plural, 'names'];
  const given = ctx.strings(path);
  if (given !== undefined && ctx.present(path)) {
    let ok = true;
    if (count !== undefined && given.length !== count) {
      ok = false;
      ctx.report.add(path, 'count_mismatch', `${given.length} name${given.length === 1 ? '' : 's'} for ${count} ${plural} (count); give exactly one name per ${role}`);
    }
    if (!ctx.checkUnique(given, (i) => [...path, i], `${role} name`)) ok = false;
    return { names: given, ok };
  }
  if (count !== undefined && !ctx.present(path)) {
    const label = role === 'issuer' ? 'Issuer' : 'Acquirer';
    return { names: Array.from({ length: count }, (_, i) => `${label} ${i + 1}`), ok: true };
  }
  return { ok: true };
}

/** The shares: a list (summing to 1, `count` of them), Zipf or equal. */
function partyShares(ctx: ResolveContext, role: Role, count: number | undefined): number[] | undefined {
  const plural = `${role}s`;
  const path: Path = [plural, 'shares'];
  const rawShares = ctx.raw(path, DEFAULTS.shares);
  if (Array.isArray(rawShares)) {
    const list = ctx.numbers(path);
    if (list === undefined) return undefined;
    let ok = ctx.sumsToOne(list, path, `the ${role} shares`);
    if (count !== undefined && list.length !== count) {
      ok = false;
      ctx.report.add(path, 'count_mismatch', `${list.length} share${list.length === 1 ? '' : 's'} for ${count} ${plural} (count); give exactly one share per ${role}`);
    }
    return ok ? list : undefined;
  }
  if (isObj(rawShares) && count !== undefined) {
    const s = rawShares['zipf'];
    if (typeof s === 'number') {
      const weights = Array.from({ length: count }, (_, k) => (k + 1) ** -s);
      const total = sum(weights);
      return weights.map((w) => w / total);
    }
    if (rawShares['equal'] === true) return Array.from({ length: count }, () => 1 / count);
  }
  return undefined;
}

/** Each party's host: `host`, with the overrides of `hosts` by name. */
function partyHosts(ctx: ResolveContext, role: Role, names: string[] | undefined): HostSpec[] | undefined {
  const plural = `${role}s`;
  const defaults = role === 'issuer' ? DEFAULTS.issuers.host : DEFAULTS.acquirers.host;
  const base = host(ctx, [plural, 'host'], defaults);
  const overrides = new Map<string, HostSpec | undefined>();
  for (const key of ctx.namedKeys([plural, 'hosts'], names, role).keys) {
    if (base !== undefined) overrides.set(key, host(ctx, [plural, 'hosts', key], base));
  }
  if (names === undefined || base === undefined || ![...overrides.values()].every((h) => h !== undefined)) return undefined;
  return names.map((n) => overrides.get(n) ?? base);
}

/**
 * The parts common to issuers and acquirers: names, shares, hosts. `names` is returned even when
 * the rest fails, so that references to the parties can still be checked.
 */
function party(ctx: ResolveContext, role: Role): PartyPart {
  const count = ctx.integer([`${role}s`, 'count']);
  const { names, ok } = partyNames(ctx, role, count);
  const shares = partyShares(ctx, role, count);
  const hosts = partyHosts(ctx, role, names);
  return ok && names !== undefined ? { names, ...(shares && { shares }), ...(hosts && { hosts }) } : { ...(names && { names }) };
}

/** `issuers.wallet`: names that exist, each once. */
function walletIssuers(ctx: ResolveContext, names: string[] | undefined): string[] | undefined {
  const walletNames = ctx.strings(['issuers', 'wallet'], DEFAULTS.issuers.wallet);
  if (walletNames === undefined || names === undefined) return walletNames;
  let ok = true;
  walletNames.forEach((w, i) => {
    if (!names.includes(w)) {
      ok = false;
      ctx.report.add(['issuers', 'wallet', i], 'unknown_name', `unknown issuer '${w}' in issuers.wallet${nameHint(w, names, 'issuers')}`);
    }
  });
  if (!ctx.checkUnique(walletNames, (i) => ['issuers', 'wallet', i], 'wallet issuer')) ok = false;
  return ok ? walletNames : undefined;
}

/** `issuers.activity` by issuer name (undefined when in error). */
function activities(ctx: ResolveContext, names: string[] | undefined): Map<string, number> | undefined {
  const path: Path = ['issuers', 'activity'];
  const activity = new Map<string, number>();
  if (isObj(ctx.peek(path)) && names !== undefined) {
    const { keys, unknown } = ctx.namedKeys(path, names, 'issuer');
    let ok = !unknown;
    for (const key of keys) {
      const v = ctx.number([...path, key]);
      if (v === undefined) ok = false;
      else activity.set(key, v);
    }
    return ok ? activity : undefined;
  }
  return ctx.raw(path) === BAD ? undefined : activity;
}

/** One spec per party, made from its name, share and host; undefined when a list is short (or missing). */
function eachParty<T>(
  { names, shares, hosts }: PartyPart,
  make: (name: string, share: number, host: HostSpec) => T,
): T[] | undefined {
  if (names === undefined || shares === undefined || hosts === undefined) return undefined;
  const out: T[] = [];
  for (const [i, name] of names.entries()) {
    const share = shares[i];
    const h = hosts[i];
    if (share === undefined || h === undefined) return undefined;
    out.push(make(name, share, h));
  }
  return out;
}

export function resolveIssuers(ctx: ResolveContext): IssuersPart {
  const part = party(ctx, 'issuer');
  const walletNames = walletIssuers(ctx, part.names);
  const activity = activities(ctx, part.names);
  if (walletNames === undefined || activity === undefined) return { issuers: undefined, names: part.names };
  const issuers = eachParty(part, (name, share, host): IssuerSpec => ({
    name,
    share,
    wallet: walletNames.includes(name),
    activity: activity.get(name) ?? 1,
    host,
  }));
  return { issuers, names: part.names };
}

export function resolveAcquirers(ctx: ResolveContext): AcquirersPart {
  const part = party(ctx, 'acquirer');
  const timeout = ctx.duration(['acquirers', 'timeout'], DEFAULTS.acquirers.timeout, 'positive');
  const perName = new Map<string, number | undefined>();
  for (const key of ctx.namedKeys(['acquirers', 'timeouts'], part.names, 'acquirer').keys) {
    perName.set(key, ctx.duration(['acquirers', 'timeouts', key], undefined, 'positive'));
  }
  if (timeout === undefined || [...perName.values()].some((t) => t === undefined)) return { acquirers: undefined, names: part.names };
  const acquirers = eachParty(part, (name, share, host): AcquirerSpec => ({ name, share, host, timeoutUs: perName.get(name) ?? timeout }));
  return { acquirers, names: part.names };
}

export function resolveSwitch(ctx: ResolveContext): SwitchSpec | undefined {
  const d = DEFAULTS.switch;
  const s = (key: string): Path => ['switch', 'stand_in', key];
  const fields = allDefined({
    name: ctx.string(['switch', 'name'], d.name),
    host: host(ctx, ['switch', 'host'], d.host),
    detokenize: ctx.durationDist(['switch', 'detokenize'], d.detokenize),
    issuerTimeoutUs: ctx.duration(['switch', 'issuer_timeout'], d.issuer_timeout, 'positive'),
  });
  const standIn = allDefined({
    enabled: ctx.boolean(s('enabled'), d.stand_in.enabled),
    maxAmountMinor: ctx.money(s('max_amount'), d.stand_in.max_amount),
    maxCountPerDay: ctx.integer(s('max_count_per_day'), d.stand_in.max_count_per_day),
    maxAmountPerDayMinor: ctx.money(s('max_amount_per_day'), d.stand_in.max_amount_per_day),
  });
  return fields === undefined || standIn === undefined ? undefined : { ...fields, standIn };
}

export function resolveLinks(ctx: ResolveContext): LinksSpec | undefined {
  const d = DEFAULTS.links;
  const terminalAcquirer = ctx.durationDist(['links', 'terminal_acquirer'], d.terminal_acquirer);
  const acquirerSwitch = ctx.durationDist(['links', 'acquirer_switch'], d.acquirer_switch);
  const switchIssuer = ctx.durationDist(['links', 'switch_issuer'], d.switch_issuer);
  if (terminalAcquirer === undefined || acquirerSwitch === undefined || switchIssuer === undefined) {
    // The response links default to these; still check the ones written.
    for (const key of ['issuer_switch', 'switch_acquirer', 'acquirer_terminal'] as const) {
      if (ctx.present(['links', key])) ctx.durationDist(['links', key], undefined);
    }
    return undefined;
  }
  return allDefined({
    terminalAcquirer,
    acquirerSwitch,
    switchIssuer,
    issuerSwitch: ctx.durationDist(['links', 'issuer_switch'], switchIssuer),
    switchAcquirer: ctx.durationDist(['links', 'switch_acquirer'], acquirerSwitch),
    acquirerTerminal: ctx.durationDist(['links', 'acquirer_terminal'], terminalAcquirer),
  });
}
