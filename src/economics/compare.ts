/**
 * Pure aggregation for `sim compare`: the same purchases priced under several fee models.
 *
 * ```ts
 * const acc = new CompareAccumulator(models);          // FeeModel[] (or {name, avoidedCostOfCashPpm}[])
 * for (const p of purchases) for (let k = 0; k < models.length; k++) {
 *   pricers[k].price(p, out); acc.add(k, p, out);
 * }
 * const { rows } = compareModels(acc);                  // compare.csv rows
 * ```
 *
 * Per model and participant type: fee revenue, fee cost and net (purchase principal excluded),
 * booked as `sim run`'s settlement book books them: cleared purchases (`add`), the
 * per-authorization fees of authorizations that do not clear (`addAuthorization`) and
 * chargebacks (`addChargeback`, refunds lowering the fees they refund):
 * - cardholder: cost = FX fees
 * - issuer: revenue = interchange + FX fees, cost = issuer scheme fees
 * - scheme (platform in a three-party model): revenue = both scheme fees + platform fees
 * - acquirer: revenue = merchant discount, cost = interchange + acquirer scheme fees
 * - merchant: cost = merchant discount + platform fee
 * Per channel class: merchant cost per 100 units of value, merchant fee in bp, and the merchant
 * indifference (tourist) test `merchant fee rate <= avoided cost of cash` (Rochet-Tirole 2011,
 * sources §4.2 item 3), decided exactly in integers. The scheme take is in bp of value.
 * Every metric also gets its difference against the first model.
 *
 * Sharded runs: each shard accumulates into its own `CompareAccumulator` (same models, same
 * order) and posts `acc.snapshot()` (transfer list: `compareSnapshotBuffers(s)`);
 * `CompareAccumulator.fromSnapshots(models, snapshots)` sums them. Integer sums: exact and
 * independent of grouping while they stay below 2^53.
 */

import { CHANNEL_CLASSES, type ChargebackBreakdown, type FeeBreakdown, type PurchaseInput } from './fees.js';
import { addInto, checkArray, uniqueBuffers } from './snapshots.js';
import { PPM } from './money.js';

/** What compare needs to know about a model. A FeeModel has both fields. */
export interface CompareModelInfo {
  readonly name: string;
  /** The tourist-test benchmark b_S, ppm of value. */
  readonly avoidedCostOfCashPpm: number;
}

export const COMPARE_PARTICIPANTS = ['cardholder', 'issuer', 'scheme', 'acquirer', 'merchant'] as const;
export type CompareParticipant = (typeof COMPARE_PARTICIPANTS)[number];

const NP = COMPARE_PARTICIPANTS.length;
const NC = CHANNEL_CLASSES.length;

/** Everything a `CompareAccumulator` accumulated (its models and sums), as plain structured-clone-able data. */
export interface CompareSnapshot extends Pick<CompareAccumulator, 'models' | 'chCount' | 'chValue' | 'chMerchantFee' | 'revenue' | 'cost'> {
  readonly format: 'quartet.compare/1';
}

/** The buffers of a compare snapshot, for a `postMessage` transfer list. */
export function compareSnapshotBuffers(s: CompareSnapshot): ArrayBuffer[] {
  return uniqueBuffers([s.chCount, s.chValue, s.chMerchantFee, s.revenue, s.cost]);
}

/** Accumulates priced purchases per model. Typed arrays; `add` does not allocate. */
export class CompareAccumulator {
  readonly models: readonly CompareModelInfo[];
  /** [model][channel] count, value, merchant fee. */
  readonly chCount: Float64Array;
  readonly chValue: Float64Array;
  readonly chMerchantFee: Float64Array;
  /** [model][participant] fee revenue and cost. */
  readonly revenue: Float64Array;
  readonly cost: Float64Array;

  constructor(models: readonly CompareModelInfo[]) {
    if (models.length === 0) throw new RangeError('compare needs at least one model');
    this.models = models.map((m) => ({ name: m.name, avoidedCostOfCashPpm: m.avoidedCostOfCashPpm }));
    this.chCount = new Float64Array(models.length * NC);
    this.chValue = new Float64Array(models.length * NC);
    this.chMerchantFee = new Float64Array(models.length * NC);
    this.revenue = new Float64Array(models.length * NP);
    this.cost = new Float64Array(models.length * NP);
  }

  /** Add one purchase as priced by model `model`. */
  add(model: number, p: PurchaseInput, b: FeeBreakdown): void {
    const c = model * NC + p.channelClass;
    const mf = b.merchantDiscount + b.platformFee;
    this.chCount[c] = (this.chCount[c] as number) + 1;
    this.chValue[c] = (this.chValue[c] as number) + p.amountMinor;
    this.chMerchantFee[c] = (this.chMerchantFee[c] as number) + mf;
    const r = model * NP;
    const rev = this.revenue;
    const cost = this.cost;
    cost[r] = (cost[r] as number) + b.cardholderFxFee;
    rev[r + 1] = (rev[r + 1] as number) + b.interchange + b.cardholderFxFee;
    cost[r + 1] = (cost[r + 1] as number) + b.schemeFeeIssuer;
    rev[r + 2] = (rev[r + 2] as number) + b.schemeFeeIssuer + b.schemeFeeAcquirer + b.platformFee;
    rev[r + 3] = (rev[r + 3] as number) + b.merchantDiscount;
    cost[r + 3] = (cost[r + 3] as number) + b.interchange + b.schemeFeeAcquirer;
    cost[r + 4] = (cost[r + 4] as number) + mf;
  }

  /**
   * The per-authorization scheme fees of an authorization that does not clear (declined or timed
   * out at the scheme), as model `model` charges them: the scheme's revenue, the issuer's and the
   * acquirer's cost. No purchase, value or merchant fee: nothing cleared.
   */
  addAuthorization(model: number, issuerFeeMinor: number, acquirerFeeMinor: number): void {
    const r = model * NP;
    const rev = this.revenue;
    const cost = this.cost;
    cost[r + 1] = (cost[r + 1] as number) + issuerFeeMinor;
    rev[r + 2] = (rev[r + 2] as number) + issuerFeeMinor + acquirerFeeMinor;
    cost[r + 3] = (cost[r + 3] as number) + acquirerFeeMinor;
  }

  /**
   * A chargeback of a purchase of channel class `channelClass`, as model `model` prices it: each
   * refund lowers the revenue of the party that got the fee and the cost of the party that paid
   * it (fees net of refunds); the handling fee is the merchant's cost and the acquirer's revenue.
   * Purchases and value stay those cleared.
   */
  addChargeback(model: number, channelClass: number, cb: ChargebackBreakdown): void {
    const c = model * NC + channelClass;
    const mf = cb.chargebackFee - cb.merchantDiscount - cb.platformFee;
    this.chMerchantFee[c] = (this.chMerchantFee[c] as number) + mf;
    const r = model * NP;
    const rev = this.revenue;
    const cost = this.cost;
    cost[r] = (cost[r] as number) - cb.cardholderFxFee;
    rev[r + 1] = (rev[r + 1] as number) - cb.interchange - cb.cardholderFxFee;
    cost[r + 1] = (cost[r + 1] as number) - cb.schemeFeeIssuer;
    rev[r + 2] = (rev[r + 2] as number) - cb.schemeFeeIssuer - cb.schemeFeeAcquirer - cb.platformFee;
    rev[r + 3] = (rev[r + 3] as number) - cb.merchantDiscount + cb.chargebackFee;
    cost[r + 3] = (cost[r + 3] as number) - cb.interchange - cb.schemeFeeAcquirer;
    cost[r + 4] = (cost[r + 4] as number) + mf;
  }

  /** A copy of the accumulated sums, as plain data. */
  snapshot(): CompareSnapshot {
    return {
      format: 'quartet.compare/1',
      models: this.models.map((m) => ({ name: m.name, avoidedCostOfCashPpm: m.avoidedCostOfCashPpm })),
      chCount: this.chCount.slice(),
      chValue: this.chValue.slice(),
      chMerchantFee: this.chMerchantFee.slice(),
      revenue: this.revenue.slice(),
      cost: this.cost.slice(),
    };
  }

  /** Add a snapshot of an accumulator over the same models, in the same order (RangeError otherwise, nothing added). */
  mergeSnapshot(s: CompareSnapshot): void {
    if (s === null || typeof s !== 'object' || s.format !== 'quartet.compare/1') throw new RangeError('not a compare snapshot (format quartet.compare/1)');
    const same =
      Array.isArray(s.models) &&
      s.models.length === this.models.length &&
      this.models.every((m, k) => s.models[k]?.name === m.name && s.models[k]?.avoidedCostOfCashPpm === m.avoidedCostOfCashPpm);
    if (!same) {
      const list = (ms: readonly CompareModelInfo[]) => ms.map((m) => `${m.name} (${m.avoidedCostOfCashPpm} ppm)`).join(', ');
      throw new RangeError(`cannot merge a compare snapshot of models [${Array.isArray(s.models) ? list(s.models) : '?'}] into [${list(this.models)}]`);
    }
    const n = this.models.length;
    checkArray('chCount', s.chCount, n * NC);
    checkArray('chValue', s.chValue, n * NC);
    checkArray('chMerchantFee', s.chMerchantFee, n * NC);
    checkArray('revenue', s.revenue, n * NP);
    checkArray('cost', s.cost, n * NP);
    addInto(this.chCount, s.chCount);
    addInto(this.chValue, s.chValue);
    addInto(this.chMerchantFee, s.chMerchantFee);
    addInto(this.revenue, s.revenue);
    addInto(this.cost, s.cost);
  }

  /** A new accumulator over `models` holding the sum of `snapshots`, added in order. */
  static fromSnapshots(models: readonly CompareModelInfo[], snapshots: readonly CompareSnapshot[]): CompareAccumulator {
    const acc = new CompareAccumulator(models);
    for (const s of snapshots) acc.mergeSnapshot(s);
    return acc;
  }
}

/** One compare.csv row (tidy format: one number per row). */
export interface CompareRow {
  model: string;
  /**
   * revenue_minor, cost_minor, net_minor (per participant type); purchases, value_minor,
   * merchant_cost_per_100, merchant_fee_bps, avoided_cost_bps, tourist_test_pass (1/0)
   * (per channel class and "all"); scheme_take_bps.
   */
  metric: string;
  /** A participant type, or "all". */
  participant_type: string;
  /** A channel class, or "all". */
  channel: string;
  /** null when undefined (no purchases in that channel). */
  value: number | null;
  /** value - the first model's value for the same metric; null if either is null. */
  diff_vs_first: number | null;
}

export interface ParticipantResult {
  readonly revenueMinor: number;
  readonly costMinor: number;
  readonly netMinor: number;
}

export interface ChannelResult {
  readonly channel: string;
  readonly purchases: number;
  readonly valueMinor: number;
  readonly merchantFeeMinor: number;
  /** Merchant fee per 100 units of value (4 decimals); null with no value. */
  readonly merchantCostPer100: number | null;
  readonly merchantFeeBps: number | null;
  /** merchant fee / value <= avoided cost of cash; null with no value. */
  readonly touristTestPass: boolean | null;
}

export interface ModelResult {
  readonly name: string;
  readonly participants: Readonly<Record<CompareParticipant, ParticipantResult>>;
  /** Per channel class, then "all" last. */
  readonly channels: readonly ChannelResult[];
  readonly schemeTakeBps: number | null;
  readonly avoidedCostBps: number;
}

export interface CompareResult {
  readonly models: readonly ModelResult[];
  readonly rows: CompareRow[];
}

const round = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f + 0;
};

/** fee / value <= ppm / 1e6, exactly. */
export function touristTestPasses(feeMinor: number, valueMinor: number, avoidedCostPpm: number): boolean {
  return BigInt(feeMinor) * BigInt(PPM) <= BigInt(avoidedCostPpm) * BigInt(valueMinor);
}

function channelResult(channel: string, count: number, value: number, fee: number, avoidedPpm: number): ChannelResult {
  return {
    channel,
    purchases: count,
    valueMinor: value,
    merchantFeeMinor: fee,
    merchantCostPer100: value === 0 ? null : round((fee * 100) / value, 4),
    merchantFeeBps: value === 0 ? null : round((fee * 10_000) / value, 2),
    touristTestPass: value === 0 ? null : touristTestPasses(fee, value, avoidedPpm),
  };
}

/** Compute the comparison and its compare.csv rows. */
export function compareModels(acc: CompareAccumulator): CompareResult {
  const models: ModelResult[] = acc.models.map((info, k) => {
    const participants = {} as Record<CompareParticipant, ParticipantResult>;
    COMPARE_PARTICIPANTS.forEach((p, i) => {
      const revenueMinor = acc.revenue[k * NP + i] as number;
      const costMinor = acc.cost[k * NP + i] as number;
      participants[p] = { revenueMinor, costMinor, netMinor: revenueMinor - costMinor };
    });
    const channels: ChannelResult[] = [];
    let tc = 0;
    let tv = 0;
    let tf = 0;
    for (let c = 0; c < NC; c++) {
      const count = acc.chCount[k * NC + c] as number;
      const value = acc.chValue[k * NC + c] as number;
      const fee = acc.chMerchantFee[k * NC + c] as number;
      tc += count;
      tv += value;
      tf += fee;
      channels.push(channelResult(CHANNEL_CLASSES[c] as string, count, value, fee, info.avoidedCostOfCashPpm));
    }
    channels.push(channelResult('all', tc, tv, tf, info.avoidedCostOfCashPpm));
    const take = participants.scheme.revenueMinor;
    return {
      name: info.name,
      participants,
      channels,
      schemeTakeBps: tv === 0 ? null : round((take * 10_000) / tv, 2),
      avoidedCostBps: round(info.avoidedCostOfCashPpm / 100, 2),
    };
  });

  // Rows in a fixed order; differences against model 0.
  const rows: CompareRow[] = [];
  const firstValues = new Map<string, number | null>();
  models.forEach((m, k) => {
    const push = (metric: string, participant: string, channel: string, value: number | null) => {
      const key = `${metric}|${participant}|${channel}`;
      if (k === 0) firstValues.set(key, value);
      const first = firstValues.get(key) ?? null;
      rows.push({
        model: m.name,
        metric,
        participant_type: participant,
        channel,
        value,
        diff_vs_first: value === null || first === null ? null : round(value - first, 4),
      });
    };
    for (const p of COMPARE_PARTICIPANTS) {
      const r = m.participants[p];
      push('revenue_minor', p, 'all', r.revenueMinor);
      push('cost_minor', p, 'all', r.costMinor);
      push('net_minor', p, 'all', r.netMinor);
    }
    push('scheme_take_bps', 'scheme', 'all', m.schemeTakeBps);
    for (const ch of m.channels) {
      push('purchases', 'merchant', ch.channel, ch.purchases);
      push('value_minor', 'merchant', ch.channel, ch.valueMinor);
      push('merchant_cost_per_100', 'merchant', ch.channel, ch.merchantCostPer100);
      push('merchant_fee_bps', 'merchant', ch.channel, ch.merchantFeeBps);
      push('avoided_cost_bps', 'merchant', ch.channel, m.avoidedCostBps);
      push('tourist_test_pass', 'merchant', ch.channel, ch.touristTestPass === null ? null : ch.touristTestPass ? 1 : 0);
    }
  });
  return { models, rows };
}
