import { describe, expect, it } from 'vitest';
import {
  CompareAccumulator,
  compareModels,
  createFeeBreakdown,
  FeePricer,
  resolveFeeModel,
  touristTestPasses,
  type FeeModel,
  type PurchaseInput,
} from '../../src/economics/index.js';

function model(raw: unknown): FeeModel {
  const r = resolveFeeModel(raw, { currency: 'RUB' });
  expect(r.errors).toEqual([]);
  return r.model as FeeModel;
}

describe('sim compare aggregation', () => {
  // Three models over the same two purchases, all in RUB (the CNY presets converted at 10 RUB/CNY).
  const models = [
    model('ru-2019'),
    model({ model: 'cn-ndrc-2016', fx: { rates: { 'CNY/RUB': 10 } } }),
    model({ model: 'wallet-3party-cn', fx: { rates: { 'CNY/RUB': 10 } } }),
  ];
  const purchases: PurchaseInput[] = [
    { amountMinor: 100_000, product: 0, mcc: 5411, channelClass: 0, crossBorder: false }, // RUB 1,000 grocery debit, card present
    { amountMinor: 200_000, product: 1, mcc: 5999, channelClass: 1, crossBorder: false }, // RUB 2,000 credit, e-commerce
  ];
  const acc = new CompareAccumulator(models);
  const out = createFeeBreakdown();
  models.forEach((m, k) => {
    const pricer = new FeePricer(m);
    for (const p of purchases) {
      pricer.price(p, out);
      acc.add(k, p, out);
    }
  });
  const result = compareModels(acc);
  const row = (model: string, metric: string, participant: string, channel = 'all') =>
    result.rows.find((r) => r.model === model && r.metric === metric && r.participant_type === participant && r.channel === channel);

  it('revenue, cost and net per participant type (computed by hand)', () => {
    // ru-2019: P1 IC 1 000, sI 50, sA 150, MDR 1 650. P2 (e-commerce credit 1.9 %): IC 3 800,
    // sI 100, sA 200 + 50 = 250, MDR 3 800 + 250 + 1 000 = 5 050.
    expect(result.models[0]?.participants).toEqual({
      cardholder: { revenueMinor: 0, costMinor: 0, netMinor: 0 },
      issuer: { revenueMinor: 4_800, costMinor: 150, netMinor: 4_650 },
      scheme: { revenueMinor: 550, costMinor: 0, netMinor: 550 },
      acquirer: { revenueMinor: 6_700, costMinor: 5_200, netMinor: 1_500 },
      merchant: { revenueMinor: 0, costMinor: 6_700, netMinor: -6_700 },
    });
    // cn-ndrc-2016 in RUB: P1 IC 350, scheme 32.5 -> 32 each, MDR 350 + 32 + 100 = 482;
    // P2 IC 900, scheme 65 each, MDR 900 + 65 + 200 = 1 165.
    expect(result.models[1]?.participants).toEqual({
      cardholder: { revenueMinor: 0, costMinor: 0, netMinor: 0 },
      issuer: { revenueMinor: 1_250, costMinor: 97, netMinor: 1_153 },
      scheme: { revenueMinor: 194, costMinor: 0, netMinor: 194 },
      acquirer: { revenueMinor: 1_647, costMinor: 1_347, netMinor: 300 },
      merchant: { revenueMinor: 0, costMinor: 1_647, netMinor: -1_647 },
    });
    // Wallet: 0.6 % platform fee: 600 + 1 200.
    expect(result.models[2]?.participants.scheme).toEqual({ revenueMinor: 1_800, costMinor: 0, netMinor: 1_800 });
    expect(result.models[2]?.participants.merchant.costMinor).toBe(1_800);
  });

  it('merchant cost per 100, scheme take and differences against the first model', () => {
    expect(row('ru-2019', 'merchant_cost_per_100', 'merchant', 'card_present')?.value).toBe(1.65);
    expect(row('ru-2019', 'merchant_cost_per_100', 'merchant', 'card_not_present')?.value).toBe(2.525);
    expect(row('ru-2019', 'merchant_cost_per_100', 'merchant', 'all')?.value).toBe(2.2333); // 6 700 / 300 000
    expect(row('ru-2019', 'merchant_cost_per_100', 'merchant', 'qr')?.value).toBeNull();
    expect(row('ru-2019', 'scheme_take_bps', 'scheme')?.value).toBe(18.33); // 550 / 300 000
    expect(row('cn-ndrc-2016+overrides', 'scheme_take_bps', 'scheme')?.value).toBe(6.47); // 194 / 300 000
    expect(row('wallet-3party-cn+overrides', 'scheme_take_bps', 'scheme')?.value).toBe(60);
    expect(row('cn-ndrc-2016+overrides', 'cost_minor', 'merchant')).toMatchObject({ value: 1_647, diff_vs_first: 1_647 - 6_700 });
    expect(row('ru-2019', 'cost_minor', 'merchant')?.diff_vs_first).toBe(0);
    expect(row('wallet-3party-cn+overrides', 'merchant_fee_bps', 'merchant', 'card_present')).toMatchObject({ value: 60, diff_vs_first: 60 - 165 });
  });

  it('tourist test per channel: merchant fee rate <= 1.26 % avoided cost of cash', () => {
    expect(row('ru-2019', 'tourist_test_pass', 'merchant', 'card_present')?.value).toBe(0); // 1.65 %
    expect(row('ru-2019', 'tourist_test_pass', 'merchant', 'card_not_present')?.value).toBe(0); // 2.525 %
    expect(row('cn-ndrc-2016+overrides', 'tourist_test_pass', 'merchant', 'card_present')?.value).toBe(1); // 0.482 %
    expect(row('wallet-3party-cn+overrides', 'tourist_test_pass', 'merchant', 'all')?.value).toBe(1);
    expect(row('ru-2019', 'avoided_cost_bps', 'merchant', 'all')?.value).toBe(126);
    expect(row('ru-2019', 'tourist_test_pass', 'merchant', 'wallet_token')?.value).toBeNull();
  });

  it('the tourist test is exact at the boundary', () => {
    expect(touristTestPasses(126, 10_000, 12_600)).toBe(true);
    expect(touristTestPasses(127, 10_000, 12_600)).toBe(false);
    expect(touristTestPasses(12_600_000_000_001, 1_000_000_000_000_000, 12_600)).toBe(false);
  });
});

describe('sim compare aggregation: authorizations that do not clear, and chargebacks', () => {
  it('per-authorization fees: scheme revenue, issuer and acquirer cost; no purchase or value', () => {
    const acc = new CompareAccumulator([{ name: 'm', avoidedCostOfCashPpm: 12_600 }]);
    acc.addAuthorization(0, 20, 50);
    acc.addAuthorization(0, 0, 50);
    const m = compareModels(acc).models[0]!;
    expect(m.participants.scheme).toEqual({ revenueMinor: 120, costMinor: 0, netMinor: 120 });
    expect(m.participants.issuer).toEqual({ revenueMinor: 0, costMinor: 20, netMinor: -20 });
    expect(m.participants.acquirer).toEqual({ revenueMinor: 0, costMinor: 100, netMinor: -100 });
    expect(m.participants.merchant.costMinor).toBe(0);
    expect(m.channels.at(-1)).toMatchObject({ purchases: 0, valueMinor: 0, merchantFeeMinor: 0 });
  });

  it('a chargeback lowers the fees it refunds and adds its handling fee; the nets still sum to zero', () => {
    const acc = new CompareAccumulator([{ name: 'm', avoidedCostOfCashPpm: 12_600 }]);
    const p: PurchaseInput = { amountMinor: 100_000, product: 0, mcc: 5411, channelClass: 1, crossBorder: true };
    const b = { ...createFeeBreakdown(), interchange: 1_000, schemeFeeIssuer: 50, schemeFeeAcquirer: 150, merchantDiscount: 1_650, cardholderFxFee: 300 };
    acc.add(0, p, b);
    acc.addChargeback(0, 1, {
      amount: 100_000, interchange: 1_000, schemeFeeIssuer: 50, schemeFeeAcquirer: 150, merchantDiscount: 1_650, platformFee: 0, cardholderFxFee: 300, chargebackFee: 500,
    });
    const m = compareModels(acc).models[0]!;
    // Everything refunded: only the handling fee is left, merchant -> acquirer.
    expect(m.participants.cardholder).toEqual({ revenueMinor: 0, costMinor: 0, netMinor: 0 });
    expect(m.participants.issuer).toEqual({ revenueMinor: 0, costMinor: 0, netMinor: 0 });
    expect(m.participants.scheme).toEqual({ revenueMinor: 0, costMinor: 0, netMinor: 0 });
    expect(m.participants.acquirer).toEqual({ revenueMinor: 500, costMinor: 0, netMinor: 500 });
    expect(m.participants.merchant).toEqual({ revenueMinor: 0, costMinor: 500, netMinor: -500 });
    // The purchase stays cleared; its channel carries the merchant's fees net of the refund.
    expect(m.channels[1]).toMatchObject({ purchases: 1, valueMinor: 100_000, merchantFeeMinor: 500 });
  });
});
