/**
 * The `faults` section: host outages, capacity changes and extra latency, each on a window of the
 * run; and the clipping of those windows to a run shortened by `--duration`.
 */

import { BAD, isObj, nameHint, quoteList, type Path, type ResolveContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { formatDuration } from '../duration.js';
import { didYouMean } from '../errors.js';
import { LINK_KEYS, boolean, duration, integer, tagged, type JsonSchema, type LinkKey } from '../schema-blocks.js';
import type { FaultSpec, FaultWindow, HostRef, LinksSpec } from '../types.js';

function hostRefSchema(): JsonSchema {
  return { type: 'string', minLength: 1, description: 'The host: "switch", "issuer:<name>" or "acquirer:<name>".' };
}

/** The keys of a fault's window, `from` described as `fromDescription`. */
function window(fromDescription: string): Record<string, JsonSchema> {
  return {
    from: duration(fromDescription),
    to: duration('End of the window, from the start of the run. Give `to` or `duration`.'),
    duration: duration('Length of the window. Give `to` or `duration`.'),
  };
}

const FROM = 'Start of the window, from the start of the run.';

/** The definition of one fault (`#/definitions/fault`). */
export const FAULT_DEFINITION: JsonSchema = {
  title: 'fault',
  description: 'A fault injected during a window of the run: host_down, capacity or latency.',
  type: 'object',
  discriminator: { propertyName: 'kind' },
  oneOf: [
    tagged(
      'kind',
      'host_down',
      'A host outage.',
      'A host is down: refused (callers see it at once) or hung (requests are never answered).',
      {
        host: hostRefSchema(),
        ...window('Start of the window, from the start of the run (e.g. 12d18h).'),
        hung: boolean('true: requests are taken and never answered, so callers time out; false: refused at once.', false),
      },
      ['kind', 'host', 'from'],
    ),
    tagged(
      'kind',
      'capacity',
      'A capacity change.',
      'A host runs with a different number of servers.',
      {
        host: hostRefSchema(),
        servers: integer('Number of servers during the window (0 stops service; requests queue).', 0, undefined, 1_000_000),
        ...window(FROM),
      },
      ['kind', 'host', 'servers', 'from'],
    ),
    tagged(
      'kind',
      'latency',
      'A latency increase.',
      'Extra latency on a link class.',
      {
        link: { enum: [...LINK_KEYS], description: 'The link class.' },
        party: {
          type: 'string',
          minLength: 1,
          description:
            'Restrict to the links of one party: an issuer name for switch_issuer / issuer_switch, an acquirer name for the others. Default: every link of the class.',
        },
        add: duration('Latency added to every message on the link.'),
        ...window(FROM),
      },
      ['kind', 'link', 'add', 'from'],
    ),
  ],
};

export const FAULTS_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  faults: {
    type: 'array',
    items: { $ref: '#/definitions/fault' },
    description: 'Faults injected during the run.',
    default: DEFAULTS.faults,
  },
};

const LINK_FIELD: Readonly<Record<LinkKey, keyof LinksSpec>> = {
  terminal_acquirer: 'terminalAcquirer',
  acquirer_switch: 'acquirerSwitch',
  switch_issuer: 'switchIssuer',
  issuer_switch: 'issuerSwitch',
  switch_acquirer: 'switchAcquirer',
  acquirer_terminal: 'acquirerTerminal',
};

/** The names faults refer to (undefined when a list of names is in error). */
export interface PartyNames {
  readonly issuers: string[] | undefined;
  readonly acquirers: string[] | undefined;
  /** The wallet platforms and whether there is a clearing house (the `networks` section). */
  readonly platforms?: string[];
  readonly clearingHouse?: boolean;
}

/** Resolves the faults of a run of `runUs` (the file's duration). */
export function resolveFaults(ctx: ResolveContext, runUs: number, names: PartyNames): FaultSpec[] | undefined {
  const list = ctx.raw(['faults'], DEFAULTS.faults);
  if (list === BAD) {
    // Some fault is structurally wrong; still check the others.
    const rawList = ctx.root['faults'];
    if (!Array.isArray(rawList)) return undefined;
    rawList.forEach((_, i) => fault(ctx, i, runUs, names));
    return undefined;
  }
  if (!Array.isArray(list)) return undefined;
  const out: FaultSpec[] = [];
  let ok = true;
  list.forEach((_, i) => {
    const f = fault(ctx, i, runUs, names);
    if (f === undefined) ok = false;
    else out.push(f);
  });
  return ok ? out : undefined;
}

/** The window [fromUs, toUs) of fault `i`, which must lie inside the run; undefined when in error. */
function faultWindow(ctx: ResolveContext, i: number, runUs: number): FaultWindow | undefined {
  const p = (...keys: string[]): Path => ['faults', i, ...keys];
  const fromUs = ctx.duration(p('from'), undefined, 'any');
  const toGiven = ctx.present(p('to'));
  const durationGiven = ctx.present(p('duration'));
  let toUs: number | undefined;
  let endPath = p('to');
  if (toGiven && durationGiven) {
    ctx.report.add(p('duration'), 'conflicting_keys', 'give either to or duration, not both', 'key');
  } else if (!toGiven && !durationGiven) {
    ctx.report.add(p('to'), 'missing_key', `missing the end of the fault window in faults[${i}]: give to (a time from the start) or duration (a length)`, 'value', p());
  } else if (toGiven) {
    toUs = ctx.duration(p('to'), undefined, 'any');
  } else {
    endPath = p('duration');
    const lengthUs = ctx.duration(p('duration'), undefined, 'any');
    toUs = lengthUs === undefined || fromUs === undefined ? undefined : fromUs + lengthUs;
  }
  let windowOk = fromUs !== undefined && toUs !== undefined;
  if (fromUs !== undefined && fromUs < 0) {
    windowOk = false;
    ctx.report.add(p('from'), 'fault_window', `the fault starts at ${formatDuration(fromUs)}, before the start of the run`);
  }
  if (fromUs !== undefined && toUs !== undefined && fromUs >= 0) {
    if (fromUs >= toUs) {
      windowOk = false;
      ctx.report.add(endPath, 'fault_window', `the fault window is empty: it ends at ${formatDuration(toUs)}, not after its start ${formatDuration(fromUs)}`);
    } else if (toUs > runUs) {
      windowOk = false;
      ctx.report.add(endPath, 'fault_window', `the fault ends at ${formatDuration(toUs)}, after the end of the run at ${formatDuration(runUs)}`);
    }
  }
  return windowOk && fromUs !== undefined && toUs !== undefined ? { fromUs, toUs } : undefined;
}

function fault(ctx: ResolveContext, i: number, runUs: number, names: PartyNames): FaultSpec | undefined {
  const p = (...keys: string[]): Path => ['faults', i, ...keys];
  const raw = ctx.root['faults'];
  const item: unknown = Array.isArray(raw) ? raw[i] : undefined;
  if (!isObj(item)) return undefined;
  const kind = item['kind'];
  if (kind !== 'host_down' && kind !== 'capacity' && kind !== 'latency') return undefined;
  const w = faultWindow(ctx, i, runUs);
  if (kind === 'host_down') {
    const host = hostRef(ctx, p('host'), names);
    const hung = ctx.boolean(p('hung'), false);
    return w === undefined || host === undefined || hung === undefined ? undefined : { kind, host, hung, fromUs: w.fromUs, toUs: w.toUs };
  }
  if (kind === 'capacity') {
    const host = hostRef(ctx, p('host'), names);
    const servers = ctx.integer(p('servers'));
    return w === undefined || host === undefined || servers === undefined ? undefined : { kind, host, servers, fromUs: w.fromUs, toUs: w.toUs };
  }
  return latencyFault(ctx, i, w, names);
}

function latencyFault(ctx: ResolveContext, i: number, w: FaultWindow | undefined, names: PartyNames): FaultSpec | undefined {
  const p = (...keys: string[]): Path => ['faults', i, ...keys];
  const link = ctx.string(p('link'));
  const addUs = ctx.duration(p('add'), undefined, 'non-negative');
  let party = -1;
  let partyOk = true;
  const partyName = ctx.string(p('party'));
  if (ctx.present(p('party'))) {
    partyOk = false;
    if (partyName !== undefined && link !== undefined) {
      const issuerSide = link === 'switch_issuer' || link === 'issuer_switch';
      const role = issuerSide ? 'issuer' : 'acquirer';
      const list = issuerSide ? names.issuers : names.acquirers;
      if (list !== undefined) {
        party = list.indexOf(partyName);
        if (party >= 0) partyOk = true;
        else {
          ctx.report.add(p('party'), 'unknown_name', `unknown ${role} '${partyName}' (the ${link} link belongs to ${role}s)${nameHint(partyName, list, `${role}s`)}`);
        }
      }
    }
  }
  if (w === undefined || !partyOk || link === undefined || addUs === undefined) return undefined;
  if (!(LINK_KEYS as readonly string[]).includes(link)) return undefined;
  return { kind: 'latency', link: LINK_FIELD[link as LinkKey], party, addUs, fromUs: w.fromUs, toUs: w.toUs };
}

/** A host reference: "switch", "issuer:<name>" or "acquirer:<name>". */
function hostRef(ctx: ResolveContext, path: Path, names: PartyNames): HostRef | undefined {
  const text = ctx.string(path);
  if (text === undefined) return undefined;
  const refs = ['switch', ...(names.issuers ?? []).map((n) => `issuer:${n}`), ...(names.acquirers ?? []).map((n) => `acquirer:${n}`)];
  const platforms = names.platforms ?? [];
  refs.push(...platforms.map((n) => `platform:${n}`), ...(names.clearingHouse === true ? ['clearing_house'] : []));
  if (text.trim() === 'switch') return { role: 'switch', index: 0 };
  if (text.trim() === 'clearing_house' && names.clearingHouse === true) return { role: 'clearing_house', index: 0 };
  const pm = /^platform:\s*(.+)$/.exec(text.trim());
  if (pm && platforms.includes((pm[1] ?? '').trim())) return { role: 'platform', index: platforms.indexOf((pm[1] ?? '').trim()) };
  const m = /^(issuer|acquirer):\s*(.+)$/.exec(text.trim());
  if (m) {
    const role = m[1] as 'issuer' | 'acquirer';
    const list = role === 'issuer' ? names.issuers : names.acquirers;
    if (list === undefined) return undefined; // the names themselves are in error
    const index = list.indexOf((m[2] ?? '').trim());
    if (index >= 0) return { role, index };
    ctx.report.add(path, 'unknown_name', `unknown ${role} '${(m[2] ?? '').trim()}'${didYouMean(text, refs) || `; the ${role}s are ${quoteList(list)}`}`);
    return undefined;
  }
  ctx.report.add(path, 'unknown_name', `unknown host '${text}'; expected "switch", "issuer:<name>" or "acquirer:<name>"${didYouMean(text, refs)}`);
  return undefined;
}

/** Faults of a run shortened by `--duration`: windows past the end are clipped, or dropped if they start after it. */
export function clipFaults(faults: readonly FaultSpec[], durationUs: number): FaultSpec[] {
  const out: FaultSpec[] = [];
  for (const f of faults) {
    if (f.fromUs >= durationUs) continue;
    out.push(f.toUs > durationUs ? { ...f, toUs: durationUs } : f);
  }
  return out;
}
