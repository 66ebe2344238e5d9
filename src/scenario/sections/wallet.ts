/** The `wallet` section: the phone wallet, its adoption (Bass diffusion) and provisioning. */

import { BAD, allDefined, type Path, type ResolveContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { boolean, nonNegative, object, positive, probability, type JsonSchema } from '../schema-blocks.js';
import type { IssuerSpec, WalletSpec } from '../types.js';

export const WALLET_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  wallet: object(
    'The phone wallet (tokens over NFC). Absent: no wallet.',
    {
      enabled: boolean('Whether the wallet runs (true when the section is present).', DEFAULTS.wallet.enabled),
      name: { type: 'string', minLength: 1, description: 'Name of the wallet.', default: DEFAULTS.wallet.name },
      eligible_share: probability('Share of active cards of wallet issuers whose holders have a capable phone (the Bass pool).', DEFAULTS.wallet.eligible_share),
      bass: object(
        'Bass diffusion coefficients of token adoption, per day.',
        {
          p: nonNegative('Innovation coefficient p: adoption hazard per day of a holder nobody has influenced.', DEFAULTS.wallet.bass.p),
          q: nonNegative('Imitation coefficient q: extra hazard per day per unit of adopted share of the pool.', DEFAULTS.wallet.bass.q),
        },
        { default: DEFAULTS.wallet.bass },
      ),
      step_up_share: probability('Share of provisioning attempts needing an OTP step-up.', DEFAULTS.wallet.step_up_share),
      provisioning_failure: probability('Share of provisioning attempts that fail.', DEFAULTS.wallet.provisioning_failure),
      uplift: positive("Multiplier of a token holder's purchase rate.", DEFAULTS.wallet.uplift),
    },
    { default: { enabled: false } },
  ),
};

/**
 * The wallet: off when the section is absent; when enabled, some issuer must offer it.
 * @param issuerNames - the issuers' names (undefined when they are in error).
 * @param channelWeights - the token weight comes from `channels.nfc_token`.
 */
export function resolveWallet(
  ctx: ResolveContext,
  issuers: IssuerSpec[] | undefined,
  issuerNames: string[] | undefined,
  channelWeights: number[] | undefined,
): WalletSpec | undefined {
  const d = DEFAULTS.wallet;
  const p = (...keys: string[]): Path => ['wallet', ...keys];
  const present = ctx.present(['wallet']);
  if (present && ctx.raw(['wallet']) === BAD) return undefined;
  const enabled = present ? ctx.boolean(p('enabled'), d.enabled) : false;
  const fields = allDefined({
    enabled,
    name: ctx.string(p('name'), d.name),
    eligibleShare: ctx.number(p('eligible_share'), d.eligible_share),
    bassP: ctx.number(p('bass', 'p'), d.bass.p),
    bassQ: ctx.number(p('bass', 'q'), d.bass.q),
    stepUpShare: ctx.number(p('step_up_share'), d.step_up_share),
    provisioningFailure: ctx.number(p('provisioning_failure'), d.provisioning_failure),
    uplift: ctx.number(p('uplift'), d.uplift),
  });
  if (enabled === true && issuerNames !== undefined) {
    const walletNames = ctx.strings(['issuers', 'wallet'], DEFAULTS.issuers.wallet);
    if (walletNames !== undefined && walletNames.length === 0) {
      ctx.report.add(['wallet'], 'wallet_no_issuer', 'the wallet is enabled but no issuer offers it; list the wallet issuers in issuers.wallet', 'key');
      return undefined;
    }
  }
  const tokenWeight = channelWeights?.[2];
  if (fields === undefined || tokenWeight === undefined || issuers === undefined) return undefined;
  return { ...fields, tokenWeight };
}
