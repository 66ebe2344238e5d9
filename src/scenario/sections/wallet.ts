/** The `wallet` section: the phone wallet, its adoption (Bass diffusion) and provisioning; a list of one of `wallets`. */

import { BAD, type ResolveContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { boolean, object, type JsonSchema } from '../schema-blocks.js';
import type { IssuerSpec, PhoneSpec, RolloutSpec, WalletSpec } from '../types.js';
import { WALLET_ITEM_PROPERTIES, resolvePhones, resolveRollout, resolveWalletItem, resolveWalletList } from './wallets.js';

export const WALLET_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  wallet: object(
    'The phone wallet (tokens over NFC). Absent: no wallet (or `wallets:`, a list).',
    {
      enabled: boolean('Whether the wallet runs (true when the section is present).', DEFAULTS.wallet.enabled),
      ...WALLET_ITEM_PROPERTIES,
    },
    { default: { enabled: false } },
  ),
};

/**
 * The wallets: `wallets:` as given, or `wallet:` as a list of one (off when absent). The first is
 * also `wallet` (a disabled one without wallets).
 * @param issuerNames - the issuers' names (undefined when they are in error).
 * @param channelWeights - the token weight comes from `channels.nfc_token`.
 */
export function resolveWallet(
  ctx: ResolveContext,
  issuers: IssuerSpec[] | undefined,
  issuerNames: string[] | undefined,
  channelWeights: number[] | undefined,
  phones: PhoneSpec[] | undefined,
): { wallet: WalletSpec; wallets: WalletSpec[] } | undefined {
  const wc = { issuers, issuerNames, phones, tokenWeight: channelWeights?.[2] };
  const list = resolveWalletList(ctx, wc);
  if (!list.ok) return undefined;
  if (list.wallets !== undefined) return { wallet: list.wallets[0]!, wallets: list.wallets };
  const present = ctx.present(['wallet']);
  if (present && ctx.raw(['wallet']) === BAD) return undefined;
  const enabled = present ? ctx.boolean(['wallet', 'enabled'], DEFAULTS.wallet.enabled) : false;
  if (enabled === undefined) return undefined;
  const wallet = resolveWalletItem(ctx, ['wallet'], wc, enabled);
  if (wallet === undefined) return undefined;
  return { wallet, wallets: enabled ? [wallet] : [] };
}

/** The wallet sections together: `phones`, the wallets (`wallet` or `wallets`) and the terminal `rollout`. */
export function resolveWalletSections(
  ctx: ResolveContext,
  issuers: IssuerSpec[] | undefined,
  issuerNames: string[] | undefined,
  channelWeights: number[] | undefined,
  capabilityShare: readonly number[] | undefined,
): { ok: boolean; parts: { wallet: WalletSpec | undefined; wallets: WalletSpec[] | undefined; phones: PhoneSpec[] | undefined }; rollout?: RolloutSpec } {
  const phones = resolvePhones(ctx);
  const wallets = resolveWallet(ctx, issuers, issuerNames, channelWeights, phones);
  const rollout = resolveRollout(ctx, capabilityShare);
  return {
    ok: rollout.ok,
    parts: { wallet: wallets?.wallet, wallets: wallets?.wallets, phones },
    ...(rollout.rollout !== undefined && { rollout: rollout.rollout }),
  };
}
