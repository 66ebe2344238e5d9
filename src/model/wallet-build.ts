import { saltOf } from '../engine/hash.js';
import type { Streams } from '../engine/rng.js';
import { deviceShare } from '../scenario/sections/wallets.js';
import type { Scenario, WalletSpec } from '../scenario/types.js';
import type { CardTable } from './cards.js';
import { Sampler } from './dist.js';
import type { Wallet, WalletState } from './world.js';

/**
 * The build of the wallets' token service: each wallet's pool (active cards of its issuers, with
 * an eligible phone when it names devices), its streams and its token kind. Stream names of the
 * first wallet are those of the single-wallet form, so a `wallet:` scenario draws as it did.
 */

/** Tries to find a holder without a token when every card of the issuers is eligible (token-service.ts). */
export const PROVISION_TRIES = 64;
/** At most this many tries when few cards are eligible (a wallet on a rare phone). */
const MAX_TRIES = 4096;

/** The response code of a purchase declined for want of a limited-use key. */
export const CODE_NO_KEY = 'NK';

/** Whether some wallet's keyless purchases decline (the code NK is then registered). */
export function declinesWithoutKey(sc: Scenario): boolean {
  return walletSpecs(sc).some((x) => x.token?.kind === 'hce' && x.token.noKey === 'decline');
}

/** The scenario's wallets: `wallets`, or a hand-built scenario's enabled `wallet` alone. */
export function walletSpecs(sc: Scenario): readonly WalletSpec[] {
  return sc.wallets.length > 0 ? sc.wallets.filter((x) => x.enabled) : sc.wallet.enabled ? [sc.wallet] : [];
}

function walletState(sc: Scenario, st: Streams, cards: CardTable, spec: WalletSpec, k: number, seed: number | string): WalletState {
  const issuers: number[] = spec.issuers !== undefined ? [...spec.issuers] : [];
  if (spec.issuers === undefined) sc.issuers.forEach((iss, i) => iss.wallet && issuers.push(i));
  let walletActive = 0;
  for (const i of issuers) walletActive += cards.activeCount[i]!;
  const eligible = spec.eligibleShare * deviceShare(spec, sc.phones);
  const pool = Math.round(eligible * walletActive);
  let deviceMask = 0;
  for (const b of spec.devices ?? []) deviceMask |= 1 << b;
  const tries = deviceMask === 0 || eligible >= 1 ? PROVISION_TRIES : Math.min(MAX_TRIES, Math.ceil(PROVISION_TRIES / Math.max(eligible, 1e-9)));
  const t = spec.token;
  const suffix = k === 0 ? '' : `/${spec.name}`;
  return {
    spec,
    issuers,
    pool,
    adopters: 0,
    held: 0,
    activeCount: 0,
    stream: st.get(`wallet/provisioning${suffix}`),
    deviceMask,
    tries,
    capableSalt: saltOf(`wallet-capable/${spec.name}/${seed}`),
    tsmLatency: t?.kind === 'se' ? t.steps.map((s) => Sampler.duration(s.latency)) : [],
    tsmFailure: Float64Array.from(t?.kind === 'se' ? t.steps.map((s) => s.failure) : []),
    hce: t?.kind === 'hce',
    keysFull: t?.kind === 'hce' ? t.keys : 0,
    replenishBelow: t?.kind === 'hce' ? t.replenishBelow : 0,
    replenishDelay: t?.kind === 'hce' ? Sampler.duration(t.replenishDelay) : undefined,
    replenishFailure: t?.kind === 'hce' ? t.replenishFailure : 0,
    noKeyOnline: t?.kind === 'hce' && t.noKey === 'online',
    onlineLatency: t?.kind === 'hce' ? Sampler.duration(t.onlineLatency) : undefined,
    keyStream: st.get(`wallet/keys/${spec.name}`),
  };
}

/** The wallets of the scenario (none: empty tables, no provisioning). */
export function buildWallet(sc: Scenario, st: Streams, cards: CardTable, seed: number | string, codes: readonly string[]): Wallet {
  const list = walletSpecs(sc).map((spec, k) => walletState(sc, st, cards, spec, k, seed));
  const pool = list.reduce((a, x) => a + x.pool, 0);
  const n = list.length > 0 ? cards.count : 0;
  const phoneCum = new Float64Array(sc.phones.length);
  let acc = 0;
  sc.phones.forEach((p, i) => (phoneCum[i] = acc += p.share));
  if (phoneCum.length > 0) phoneCum[phoneCum.length - 1] = Infinity;
  return {
    tokens: new Int32Array(Math.max(1, Math.min(pool, cards.count))),
    tokenCount: 0,
    list,
    count: list.length,
    pool,
    held: new Uint8Array(n),
    active: new Uint8Array(n),
    keys: list.some((x) => x.hce) ? new Uint8Array(n * list.length) : undefined,
    phoneSalt: saltOf(`phone-brand/${seed}`),
    phoneCum,
    choiceStream: st.get('wallet/choice'),
    codeNoKey: codes.indexOf(CODE_NO_KEY),
  };
}

/** Detokenization samplers and streams: one per wallet (its TSP, else the switch's), the switch's alone without wallets. */
export function detokenizers(sc: Scenario, st: Streams): { detokenize: Sampler[]; detokenizeStream: ReturnType<Streams['get']>[] } {
  const ws = walletSpecs(sc);
  if (ws.length === 0) return { detokenize: [Sampler.duration(sc.switch.detokenize)], detokenizeStream: [st.get('service/switch/detokenize')] };
  return {
    detokenize: ws.map((x) => Sampler.duration(x.tsp ?? sc.switch.detokenize)),
    detokenizeStream: ws.map((x, k) => st.get(k === 0 ? 'service/switch/detokenize' : `service/tsp/${x.name}`)),
  };
}
