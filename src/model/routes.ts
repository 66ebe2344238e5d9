import { K_ACQUIRER_ARRIVE, K_BANK_ARRIVE, K_CLEARING_ARRIVE, K_ISSUER_ARRIVE, K_PLATFORM_ARRIVE, K_SWITCH_ARRIVE } from './events.js';
import {
  LINK_SIDE, L_ACQ_SW, L_ACQ_TERM, L_CH_ISS, L_CH_PLAT, L_ISS_CH, L_ISS_SW, L_PLAT_CH, L_PLAT_TERM, L_SW_ACQ, L_SW_ISS, L_TERM_ACQ,
  L_TERM_PLAT,
} from './links.js';

/**
 * Routes: which parties a purchase visits, in order, and the link of each leg. A route is data;
 * the parties ask it where to send a request next (`outLink`, `nextKind`) and how an answer
 * travels back (`backLink`). The terminal picks a route per purchase (`chooseRoute`) and stores
 * its number in the in-flight table.
 *
 * How to add a route (e.g. three-party: terminal -> wallet platform -> funding bank, or on-us:
 * terminal -> acquirer -> issuer of the same bank):
 *  1. If it visits a new kind of party, add a P_ constant here, its arrival event kind in
 *     events.ts (K_..., with its handler in dispatch.ts) and its module in parties/; give it
 *     a host in hosts.ts if it queues.
 *  2. If it uses a new link class, add it to links.ts (LINK_KEYS, LINK_SIDE) and to the scenario.
 *  3. Add a `route(...)` entry to ROUTES below: the parties in request order and, per leg, the
 *     link out and the link back.
 *  4. Teach `chooseRoute` (parties/terminal.ts) when a purchase takes it.
 * The parties already on the path need no change: each forwards to "the next party on the route".
 */

/** The kinds of party a purchase can visit (a route lists them in order). */
export const P_TERMINAL = 0;
export const P_ACQUIRER = 1;
export const P_SWITCH = 2;
export const P_ISSUER = 3;
/** A wallet platform (three-party: it acquires and issues itself). */
export const P_PLATFORM = 4;
/** The clearing house of bank-funded wallet payments. */
export const P_CLEARING = 5;
/** The card's issuer as the funding bank of a wallet payment (its host, reached from the clearing house). */
export const P_BANK = 6;
export const PARTY_KINDS = 7;

/** Arrival event kind of each party kind (the terminal is never arrived at). */
const ARRIVE_KIND: readonly number[] = [
  -1, K_ACQUIRER_ARRIVE, K_SWITCH_ARRIVE, K_ISSUER_ARRIVE, K_PLATFORM_ARRIVE, K_CLEARING_ARRIVE, K_BANK_ARRIVE,
];

/** A route: parties in request order, and for leg i (parties[i] -> parties[i+1]) its links. */
export interface Route {
  readonly name: string;
  readonly parties: Uint8Array;
  /** out[i]: link from parties[i] to parties[i+1]. */
  readonly out: Uint8Array;
  /** back[i]: link from parties[i+1] to parties[i] (the answer). */
  readonly back: Uint8Array;
  /** Position of each party kind on the route, -1 when it is not on it. */
  readonly at: Int8Array;
  /** Event kind of the arrival at the party after each party kind (by kind), -1 at the end. */
  readonly nextKind: Int32Array;
}

function route(name: string, parties: readonly number[], out: readonly number[], back: readonly number[]): Route {
  if (parties[0] !== P_TERMINAL || out.length !== parties.length - 1 || back.length !== out.length) {
    throw new Error(`route ${name}: starts at the terminal and has one out and one back link per leg`);
  }
  const at = new Int8Array(PARTY_KINDS).fill(-1);
  const nextKind = new Int32Array(PARTY_KINDS).fill(-1);
  parties.forEach((p, i) => {
    at[p] = i;
    if (i + 1 < parties.length) nextKind[p] = ARRIVE_KIND[parties[i + 1]!]!;
  });
  return { name, parties: Uint8Array.from(parties), out: Uint8Array.from(out), back: Uint8Array.from(back), at, nextKind };
}

/** Route 0: the four-party authorization path, terminal -> acquirer -> switch -> issuer. */
export const R_FOUR_PARTY = 0;
/** Route 1: a wallet payment from the balance, terminal or phone -> platform -> answer. */
export const R_THREE_PARTY = 1;
/** Route 2: a bank-funded wallet payment, terminal or phone -> platform -> clearing house -> issuer. */
export const R_THREE_PARTY_BANK = 2;

/** Route 3: an ATM cash withdrawal, the four-party path with the withdrawal's own timers (parties/atm.ts). */
export const R_ATM = 3;

/** Every route, by number (the in-flight table stores the number). */
export const ROUTES: readonly Route[] = [
  route('four-party', [P_TERMINAL, P_ACQUIRER, P_SWITCH, P_ISSUER], [L_TERM_ACQ, L_ACQ_SW, L_SW_ISS], [L_ACQ_TERM, L_SW_ACQ, L_ISS_SW]),
  route('three-party', [P_TERMINAL, P_PLATFORM], [L_TERM_PLAT], [L_PLAT_TERM]),
  route('three-party-bank', [P_TERMINAL, P_PLATFORM, P_CLEARING, P_BANK], [L_TERM_PLAT, L_PLAT_CH, L_CH_ISS], [L_PLAT_TERM, L_CH_PLAT, L_ISS_CH]),
  route('atm', [P_TERMINAL, P_ACQUIRER, P_SWITCH, P_ISSUER], [L_TERM_ACQ, L_ACQ_SW, L_SW_ISS], [L_ACQ_TERM, L_SW_ACQ, L_ISS_SW]),
];

/** The `route` column of transactions.csv, by route number. */
export const ROUTE_COLUMN: readonly string[] = ['four_party', 'three_party', 'three_party', 'four_party'];

/**
 * The routes flattened for the hot path, indexed [route * PARTY_KINDS + party kind]: the leg out
 * of each party and the leg back from it, each as link * 2 + side (side 0: the link's acquirer
 * names it in latency faults, 1: its issuer; see LINK_SIDE), the next party and the event kind
 * of its arrival; -1 where the party is not on the route or has no such leg. One typed-array load
 * per hop instead of several object and array loads.
 */
export const OUT_LEG = new Int16Array(ROUTES.length * PARTY_KINDS).fill(-1);
export const BACK_LEG = new Int16Array(ROUTES.length * PARTY_KINDS).fill(-1);
export const NEXT_KIND = new Int32Array(ROUTES.length * PARTY_KINDS).fill(-1);
/** The party kind after each party kind on the route (P_...), -1 at the end or off the route. */
export const NEXT_PARTY = new Int8Array(ROUTES.length * PARTY_KINDS).fill(-1);
const leg = (link: number): number => link * 2 + LINK_SIDE[link]!;
ROUTES.forEach((r, ri) => {
  r.parties.forEach((p, i) => {
    if (i + 1 < r.parties.length) OUT_LEG[ri * PARTY_KINDS + p] = leg(r.out[i]!);
    if (i > 0) BACK_LEG[ri * PARTY_KINDS + p] = leg(r.back[i - 1]!);
    NEXT_KIND[ri * PARTY_KINDS + p] = r.nextKind[p]!;
    if (i + 1 < r.parties.length) NEXT_PARTY[ri * PARTY_KINDS + p] = r.parties[i + 1]!;
  });
});

/** Link of the request leg leaving party kind `from` on route r. */
export function outLink(r: Route, from: number): number {
  return r.out[r.at[from]!]!;
}

/** Link of the answer leg leaving party kind `from` towards the party before it on route r. */
export function backLink(r: Route, from: number): number {
  return r.back[r.at[from]! - 1]!;
}
