/**
 * The `networks` section: competing three-party networks. Wallet platforms (Alipay-like,
 * WeChat-like) that acquire and issue themselves, the clearing house (NetsUnion-like) of their
 * bank-funded legs, the links between them, the PBOC barcode limits and the contactless no-CVM
 * limit of the four-party route (sources §2.12, §7).
 */

import { BAD, SUM_TOLERANCE, allDefined, sum, type Path, type ResolveContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { formatNumber } from '../errors.js';
import { amountDist, boolean, durationDist, integer, nonNegative, object, probability, withDefault, type JsonSchema } from '../schema-blocks.js';
import { ADOPTION_SCHEMA, resolveAdoption } from './networks-adoption.js';
import { CHOICE_SCHEMA, resolveChoice } from './networks-choice.js';
import type { ClearingHouseSpec, DurationDist, HostSpec, NetworksSpec, PlatformPricesSpec, PlatformSpec, QrLimitsSpec } from '../types.js';

const D = DEFAULTS.networks;
const DF = D.platform.fees;

function hostSchema(who: string, def: { servers: number; service: unknown }): JsonSchema {
  return withDefault(
    object(`The host of ${who}: a multi-server first-come-first-served queue.`, {
      servers: integer('Number of parallel servers of the host.', 1, def.servers, 1_000_000),
      service: durationDist('Service time of one payment at the host.', def.service),
    }),
    def,
  );
}

const PLATFORM_SCHEMA: JsonSchema = {
  ...object(
    'A wallet platform: it holds the consumer accounts and acquires its merchants itself.',
    {
      name: { type: 'string', minLength: 1, description: 'Unique name of the platform (it names the instrument in outputs). Required.' },
      share: probability('Share of card-present purchases paid with this wallet; the shares of all platforms sum to at most 1 (the rest use the four-party network). Required without `choice`, refused with it.'),
      host: hostSchema('the platform', D.platform.host),
      bank_funded_share: probability('Share of its payments funded from a linked bank card through the clearing house (the rest from the wallet balance).', D.platform.bank_funded_share),
      dynamic_share: probability("Share of its payments made with a consumer-presented dynamic QR code (the rest scan the merchant's static code).", D.platform.dynamic_share),
      balance_decline_rate: probability('Share of balance-funded payments declined for want of balance (51).', D.platform.balance_decline_rate),
      fees: withDefault(object("The platform's economics.", {
        merchant_fee: probability('Merchant fee, a fraction of the payment (0.006 = 0.60 %).', DF.merchant_fee),
        promotional_fee: probability('Merchant fee of the merchants on the promotional rate.', DF.promotional_fee),
        promotional_share: probability('Share of merchants on the promotional rate.', DF.promotional_share),
        clearing_fee: probability('Fee the platform pays the clearing house on each bank-funded payment, a fraction of it.', DF.clearing_fee),
        cashback: probability('Cash-back subsidy to the consumer, a fraction of each payment.', DF.cashback),
        merchant_subsidy: nonNegative('Subsidy to the merchant per payment, major units.', DF.merchant_subsidy),
        float_rate: probability('Interest a year on the money the platform holds (balances and merchant money until payout).', DF.float_rate),
        balance_hold_days: nonNegative('Days a balance-funded payment\'s money sat in the wallet before it was spent.', DF.balance_hold_days),
        payout_days: integer('Merchants are paid on day T + this.', 0, DF.payout_days, 30),
        withdrawal_fee: probability('Fee on a balance withdrawn to a bank, a fraction of the part above the free quota (sources §1.7: 0.001).', DF.withdrawal_fee),
        withdrawal_min: nonNegative('Least withdrawal fee when one is due, major units (sources §1.7: CNY 0.1).', DF.withdrawal_min),
        withdrawal_free_quota: nonNegative("Withdrawals free of fee over a consumer's lifetime, major units (sources §1.7: CNY 1,000 WeChat, 20,000 Alipay).", DF.withdrawal_free_quota),
      }), DF),
      withdrawals: withDefault(object('Withdrawals of wallet balances to the consumer\'s bank account, through the clearing house.', {
        per_consumer_per_day: probability('Probability that a consumer withdraws on a given day (0: no withdrawals).', D.platform.withdrawals.per_consumer_per_day),
        amount: amountDist('Amount of one withdrawal, major units.', D.platform.withdrawals.amount),
      }), D.platform.withdrawals),
    },
  ),
  required: ['name'],
};

export const NETWORKS_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  networks: object('Competing three-party networks (QR wallets) beside the four-party scheme. Absent: none.', {
    platforms: { type: 'array', minItems: 1, maxItems: 16, items: PLATFORM_SCHEMA, description: 'The wallet platforms. Required.' },
    clearing_house: withDefault(
      object('The clearing house of bank-funded wallet payments (NetsUnion-like).', {
        name: { type: 'string', minLength: 1, description: 'Name of the clearing house.', default: D.clearing_house.name },
        host: hostSchema('the clearing house', D.clearing_house.host),
      }),
      D.clearing_house,
    ),
    links: withDefault(
      object('Latency of the three-party legs, each way.', {
        terminal_platform: durationDist("Terminal or phone to the platform (and back).", D.links.terminal_platform),
        platform_clearing: durationDist('Platform to the clearing house (and back).', D.links.platform_clearing),
        clearing_issuer: durationDist("Clearing house to the card's issuer (and back).", D.links.clearing_issuer),
      }),
      D.links,
    ),
    qr_limits: withDefault(
      object('PBOC barcode-payment limits per customer and local day (sources §2.12); over a limit a payment is declined QL.', {
        enabled: boolean('Whether the limits apply.', D.qr_limits.enabled),
        static_per_day: nonNegative('Limit on merchant-presented static-QR payments per customer and day, major units.', D.qr_limits.static_per_day),
        dynamic_per_day: withDefault(
          object('Limit on consumer-presented dynamic-QR payments per customer and day by customer class, major units; class A is unlimited unless given.', {
            a: nonNegative('Class A limit (absent: unlimited).'),
            b: nonNegative('Class B limit.', D.qr_limits.dynamic_per_day.b),
            c: nonNegative('Class C limit.', D.qr_limits.dynamic_per_day.c),
          }),
          D.qr_limits.dynamic_per_day,
        ),
        class_shares: withDefault(
          object('Share of customers in each class; the three sum to 1.', {
            a: probability('Share of class A customers.'),
            b: probability('Share of class B customers.'),
            c: probability('Share of class C customers.'),
          }, { required: ['a', 'b', 'c'] }),
          D.qr_limits.class_shares,
        ),
      }),
      D.qr_limits,
    ),
    choice: CHOICE_SCHEMA,
    adoption: ADOPTION_SCHEMA,
    no_cvm_limit: nonNegative('Contactless no-CVM limit of the four-party route, major units: a card contactless purchase above it is made on the chip with a PIN. Absent: no limit.'),
  }, { required: ['platforms'] }),
};

function host(ctx: ResolveContext, path: Path, fallback: { servers: number; service: unknown }): HostSpec | undefined {
  const servers = ctx.integer([...path, 'servers'], fallback.servers);
  const service = ctx.durationDist([...path, 'service'], fallback.service as DurationDist);
  return servers === undefined || service === undefined ? undefined : { servers, service };
}

/** A platform's share: required without `choice`, refused with it (the logit decides). */
function shareOf(ctx: ResolveContext, path: Path, withChoice: boolean): number | undefined {
  if (withChoice) {
    if (!ctx.present(path)) return 0;
    ctx.report.add(path, 'conflicting_keys', 'a platform has no fixed share when networks.choice is given (the consumers choose); remove it', 'key');
    return undefined;
  }
  if (ctx.present(path)) return ctx.number(path);
  ctx.report.add(path.slice(0, -1), 'missing_key', "a platform needs a 'share' of purchases unless networks.choice is given", 'key');
  return undefined;
}

const ppm = (x: number | undefined): number | undefined => (x === undefined ? undefined : Math.round(x * 1_000_000));

function prices(ctx: ResolveContext, at: (...keys: string[]) => Path): PlatformPricesSpec | undefined {
  const f = (key: keyof typeof DF): Path => at('fees', key);
  return allDefined({
    merchantFeePpm: ppm(ctx.number(f('merchant_fee'), DF.merchant_fee)),
    promotionalFeePpm: ppm(ctx.number(f('promotional_fee'), DF.promotional_fee)),
    promotionalShare: ctx.number(f('promotional_share'), DF.promotional_share),
    clearingFeePpm: ppm(ctx.number(f('clearing_fee'), DF.clearing_fee)),
    cashbackPpm: ppm(ctx.number(f('cashback'), DF.cashback)),
    merchantSubsidyMinor: ctx.money(f('merchant_subsidy'), DF.merchant_subsidy),
    floatRatePpm: ppm(ctx.number(f('float_rate'), DF.float_rate)),
    balanceHoldDays: ctx.number(f('balance_hold_days'), DF.balance_hold_days),
    payoutDays: ctx.integer(f('payout_days'), DF.payout_days),
    withdrawalFeePpm: ppm(ctx.number(f('withdrawal_fee'), DF.withdrawal_fee)),
    withdrawalMinMinor: ctx.money(f('withdrawal_min'), DF.withdrawal_min),
    withdrawalFreeQuotaMinor: ctx.money(f('withdrawal_free_quota'), DF.withdrawal_free_quota),
  });
}

function withdrawals(ctx: ResolveContext, at: (...keys: string[]) => Path): PlatformSpec['withdrawals'] | undefined {
  const d = D.platform.withdrawals;
  return allDefined({
    perConsumerPerDay: ctx.number(at('withdrawals', 'per_consumer_per_day'), d.per_consumer_per_day),
    amount: ctx.amountDist(at('withdrawals', 'amount'), d.amount, true),
  });
}

function platforms(ctx: ResolveContext, withChoice: boolean): PlatformSpec[] | undefined {
  const raw = ctx.raw(['networks', 'platforms']);
  if (raw === BAD || !Array.isArray(raw)) return undefined;
  const d = D.platform;
  const out: PlatformSpec[] = [];
  let ok = true;
  raw.forEach((_, i) => {
    const p = (...keys: string[]): Path => ['networks', 'platforms', i, ...keys];
    const spec = allDefined({
      name: ctx.string(p('name')),
      share: shareOf(ctx, p('share'), withChoice),
      host: host(ctx, p('host'), d.host),
      bankFundedShare: ctx.number(p('bank_funded_share'), d.bank_funded_share),
      dynamicShare: ctx.number(p('dynamic_share'), d.dynamic_share),
      balanceDeclineRate: ctx.number(p('balance_decline_rate'), d.balance_decline_rate),
      prices: prices(ctx, p),
      withdrawals: withdrawals(ctx, p),
    });
    if (spec === undefined) ok = false;
    else out.push(spec);
  });
  if (!ok) return undefined;
  if (!ctx.checkUnique(out.map((x) => x.name), (i) => ['networks', 'platforms', i, 'name'], 'platform')) return undefined;
  const total = sum(out.map((x) => x.share));
  if (total > 1 + SUM_TOLERANCE) {
    ctx.report.add(['networks', 'platforms'], 'bad_sum', `the platforms' shares sum to ${formatNumber(total)}; they must sum to at most 1 (the rest use the four-party network)`);
    return undefined;
  }
  return out;
}

function qrLimits(ctx: ResolveContext): QrLimitsSpec | undefined {
  const q = (...keys: string[]): Path => ['networks', 'qr_limits', ...keys];
  const d = D.qr_limits;
  const dyn = (k: 'a' | 'b' | 'c'): number | undefined => {
    if (k === 'a' && !ctx.present(q('dynamic_per_day', k))) return -1;
    return ctx.money(q('dynamic_per_day', k), k === 'a' ? undefined : d.dynamic_per_day[k]);
  };
  const shares = ctx.present(q('class_shares'))
    ? (['a', 'b', 'c'] as const).map((k) => ctx.number(q('class_shares', k)))
    : [d.class_shares.a, d.class_shares.b, d.class_shares.c];
  const fields = allDefined({
    enabled: ctx.boolean(q('enabled'), d.enabled),
    staticPerDayMinor: ctx.money(q('static_per_day'), d.static_per_day),
    a: dyn('a'),
    b: dyn('b'),
    c: dyn('c'),
    sa: shares[0],
    sb: shares[1],
    sc: shares[2],
  });
  if (fields === undefined) return undefined;
  if (!ctx.sumsToOne([fields.sa, fields.sb, fields.sc], q('class_shares'), 'the class shares of networks.qr_limits')) return undefined;
  return {
    enabled: fields.enabled,
    staticPerDayMinor: fields.staticPerDayMinor,
    dynamicPerDayMinor: [fields.a, fields.b, fields.c],
    classCum: [fields.sa, fields.sa + fields.sb],
  };
}

function clearingHouse(ctx: ResolveContext): ClearingHouseSpec | undefined {
  const c = (...keys: string[]): Path => ['networks', 'clearing_house', ...keys];
  return allDefined({ name: ctx.string(c('name'), D.clearing_house.name), host: host(ctx, c('host'), D.clearing_house.host) });
}

/** The competing networks, or undefined when the section is absent or in error (`ok` false). */
export function resolveNetworks(ctx: ResolveContext): { spec?: NetworksSpec; ok: boolean } {
  if (!ctx.present(['networks'])) return { ok: true };
  if (ctx.raw(['networks']) === BAD) return { ok: false };
  const l = (key: string): Path => ['networks', 'links', key];
  const noCvm = ctx.present(['networks', 'no_cvm_limit']) ? ctx.money(['networks', 'no_cvm_limit']) : -1;
  const ps = platforms(ctx, ctx.present(['networks', 'choice']));
  const choice = ps === undefined ? { ok: false } : resolveChoice(ctx, ps);
  const adoption = ps === undefined ? { ok: false } : resolveAdoption(ctx, ps);
  const shards = ctx.integer(['shards'], 1);
  if (shards !== undefined && shards > 1) ctx.report.add(['shards'], 'conflicting_keys', 'a scenario with networks runs as one network (shards: 1): the platforms\' books are not merged across shards');
  const spec = allDefined({
    platforms: ps,
    clearingHouse: clearingHouse(ctx),
    terminalPlatform: ctx.durationDist(l('terminal_platform'), D.links.terminal_platform),
    platformClearing: ctx.durationDist(l('platform_clearing'), D.links.platform_clearing),
    clearingIssuer: ctx.durationDist(l('clearing_issuer'), D.links.clearing_issuer),
    qrLimits: qrLimits(ctx),
    noCvmLimitMinor: noCvm,
  });
  if (spec === undefined || !choice.ok || !adoption.ok) return { ok: false };
  return { spec: { ...spec, ...(choice.spec !== undefined && { choice: choice.spec }), ...(adoption.spec !== undefined && { adoption: adoption.spec }) }, ok: true };
}
