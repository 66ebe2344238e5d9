import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { hashUniform, saltOf } from '../../src/engine/hash.js';
import { US_PER_DAY } from '../../src/engine/time.js';
import { applyPpm } from '../../src/economics/money.js';
import { PK_MERCHANT_FEE, withdrawalFeeMinor } from '../../src/economics/platform-books.js';
import { OUTCOME_APPROVED } from '../../src/model/results.js';
import { R_THREE_PARTY, R_THREE_PARTY_BANK } from '../../src/model/routes.js';
import { parsedScenario, runWithRows } from '../helpers/network-run.js';
import type { Scenario } from '../../src/scenario/types.js';

/** A small CNY city with two priced wallets (every platform fee non-zero) beside the card network. */
export function platformCity(extra = '', days = 2): string {
  return `name: platform-money
seed: 11
start: "2018-06-01T00:00:00+08:00"
duration: ${days}d
bucket: 1d
currency: CNY
cards: { count: 1200, active_share: 0.9 }
issuers: { count: 3, names: [ICBC, CCB, BOC], host: { servers: 8, service: { dist: lognormal, mean: 100ms, sigma: 0.5 } } }
acquirers: { count: 2, host: { servers: 8, service: { dist: lognormal, mean: 40ms, sigma: 0.3 } } }
switch: { name: UnionPay, host: { servers: 16, service: { dist: lognormal, mean: 60ms, sigma: 0.3 } } }
merchants:
  terminals: 150
  capabilities: { chip: 1.0, contactless: 0.8, nfc_token: 0.3, qr: 0.3 }
  categories:
    - { name: grocery, mcc: 5411, share: 1.0, ticket: { dist: lognormal, mean: 120, sigma: 1.2 } }
demand: { per_card_per_day: 4 }
fees: { model: cn-ndrc-2016 }
networks:
  platforms:
    - name: walleta
      share: 0.4
      bank_funded_share: 0.6
      fees: { merchant_fee: 0.006, promotional_fee: 0.0038, promotional_share: 0.3, clearing_fee: 0.001, cashback: 0.002, merchant_subsidy: 0.05, float_rate: 0.02, payout_days: 1 }
    - name: walletb
      share: 0.3
      bank_funded_share: 0.4
      fees: { merchant_fee: 0.0055, promotional_fee: 0.002, promotional_share: 0.5, clearing_fee: 0.0005, cashback: 0.001, float_rate: 0.015, payout_days: 2 }
  clearing_house: { name: netsunion }
${extra}`;
}

export const scenarioOf = (text: string): Scenario => parsedScenario(text, 'platform-money.yaml');

const run = runWithRows;

/** Sums per local day of the answer (start + latency; the run starts at local midnight). */
class PerDay {
  readonly m = new Map<string, number>();
  add(day: number, key: string, x: number): void {
    this.m.set(`${day}/${key}`, (this.m.get(`${day}/${key}`) ?? 0) + x);
  }
  get(day: number, key: string): number {
    return this.m.get(`${day}/${key}`) ?? 0;
  }
}

/** Counts, values and fees of a fee charged at `ppm` on `amount` (a zero fee posts nothing). */
function charge(e: PerDay, day: number, type: string, amount: number, fee: number): void {
  if (fee === 0) return;
  e.add(day, `${type}/count`, 1);
  e.add(day, `${type}/value`, amount);
  e.add(day, `${type}/fee`, fee);
}

describe('the wallet platforms in fees.csv and settlement.csv', () => {
  const sc = scenarioOf(platformCity());
  const { r, rows } = run(sc);
  const books = r.platformBooks!;
  const ps = sc.networks!.platforms;

  it('every approved wallet payment and minor unit is in the fee and settlement rows of its day, on both routes', () => {
    const promoSalt = saltOf(`promotional/${sc.seed}`);
    const e = new PerDay();
    let paid = 0;
    for (const t of rows) {
      if (t.outcome !== OUTCOME_APPROVED || (t.route !== R_THREE_PARTY && t.route !== R_THREE_PARTY_BANK)) continue;
      paid++;
      const day = Math.floor((t.startUs + t.latencyUs) / US_PER_DAY);
      const pr = ps[t.platform]!.prices;
      const v = t.amountMinor;
      const promo = hashUniform(promoSalt, t.merchant) < pr.promotionalShare;
      const fee = applyPpm(v, promo ? pr.promotionalFeePpm : pr.merchantFeePpm);
      charge(e, day, promo ? 'wallet_promotional_fee' : 'wallet_merchant_fee', v, fee);
      charge(e, day, 'consumer_subsidy', v, applyPpm(v, pr.cashbackPpm));
      charge(e, day, 'merchant_subsidy', v, pr.merchantSubsidyMinor);
      const name = ps[t.platform]!.name;
      // The merchants of the platform receive V - fee + subsidy at the payout.
      e.add(day, `merchant/${name}/credit`, v + pr.merchantSubsidyMinor);
      e.add(day, `merchant/${name}/debit`, fee);
      if (t.route === R_THREE_PARTY_BANK) {
        charge(e, day, 'clearing_fee', v, applyPpm(v, pr.clearingFeePpm));
        e.add(day, `bank/${sc.issuers[t.issuer]!.name}/debit`, v);
        e.add(day, `platform/${name}/credit`, v);
        e.add(day, `platform/${name}/debit`, applyPpm(v, pr.clearingFeePpm));
      }
    }
    expect(paid).toBeGreaterThan(1500);
    let checked = 0;
    for (let d = 0; d < books.positions.cycles; d++) {
      for (const f of books.positions.feeRows(d, 'CNY')) {
        if (f.fee_type === 'float_income') continue;
        expect([f.fee_type, f.count, f.value_minor, f.fee_minor]).toEqual([f.fee_type, e.get(d, `${f.fee_type}/count`), e.get(d, `${f.fee_type}/value`), e.get(d, `${f.fee_type}/fee`)]);
        checked++;
      }
      for (const s of books.positions.settlementRows(d, 'CNY', 0)) {
        if (s.participant_type === 'clearing_house') continue;
        const k = `${s.participant_type}/${s.participant}`;
        expect([k, s.gross_credit_minor, s.gross_debit_minor]).toEqual([k, e.get(d, `${k}/credit`), e.get(d, `${k}/debit`)]);
        checked++;
      }
    }
    // Two days: five fee types besides the float, and 2 platforms + 2 merchant sides + 3 banks.
    expect(checked).toBeGreaterThanOrEqual(2 * (5 + 7));
  });

  it('the clearing house nets its fees each cycle, and the positions and fees prove themselves against the books', () => {
    for (let d = 0; d < 2; d++) {
      const rowsOf = books.positions.settlementRows(d, 'CNY', 0);
      const ch = rowsOf.find((x) => x.participant_type === 'clearing_house')!;
      const fee = books.positions.feeRows(d, 'CNY').find((x) => x.fee_type === 'clearing_fee')!;
      expect(ch.net_position_minor).toBe(fee.fee_minor);
      expect(rowsOf.filter((x) => x.participant_type !== 'merchant').reduce((a, x) => a + x.net_position_minor, 0)).toBe(0);
    }
    expect(() => books.verify()).not.toThrow();
    expect(books.total(PK_MERCHANT_FEE)).toBeGreaterThan(0);
  });

  it('a position booked beside the ledger breaks the proof', () => {
    const { r: r2 } = run(sc);
    const b = r2.platformBooks!;
    b.positions.move(0, b.positions.pClearing, false, 1, 0);
    expect(() => b.verify()).toThrow(/platform_settlement/);
    const { r: r3 } = run(sc);
    r3.platformBooks!.positions.fee(1, PK_MERCHANT_FEE, 100, 1);
    expect(() => r3.platformBooks!.verify()).toThrow(/platform_fees_vs_ledger/);
  });
});

describe('the wallet platforms through ledger.csv', () => {
  it('sim run --ledger writes every platform posting, and fees.csv sums them per day and fee type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quartet-platform-money-'));
    try {
      writeFileSync(join(dir, 'city.yaml'), platformCity());
      const io = captureIo();
      expect(await main(['run', join(dir, 'city.yaml'), '--ledger', '--out', join(dir, 'out'), '--quiet'], io), io.stderr()).toBe(0);
      const csv = (f: string): string[][] => readFileSync(join(dir, 'out', f), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
      const kinds = ['wallet_merchant_fee', 'wallet_promotional_fee', 'clearing_fee', 'consumer_subsidy', 'merchant_subsidy', 'float_income'];
      const fromLedger = new Map<string, number>();
      for (const [day, , kind, , , , amount] of csv('ledger.csv')) {
        if (kinds.includes(kind!)) fromLedger.set(`${day}/${kind}`, Math.round(((fromLedger.get(`${day}/${kind}`) ?? 0) + Number(amount) * 100) * 1) / 1);
      }
      const fromFees = new Map<string, number>();
      for (const [day, , , type, , , , fee] of csv('fees.csv')) if (kinds.includes(type!)) fromFees.set(`${day}/${type}`, Math.round(Number(fee) * 100));
      expect(fromFees.size).toBeGreaterThanOrEqual(2 * kinds.length);
      expect(fromLedger).toEqual(fromFees);
      const types = new Set(csv('settlement.csv').map((r) => r[4]));
      for (const t of ['platform', 'merchant', 'bank', 'clearing_house', 'issuer', 'scheme']) expect(types).toContain(t);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the withdrawal fee (sources §1.7)', () => {
  const pr = { withdrawalFeePpm: 1000, withdrawalMinMinor: 10, withdrawalFreeQuotaMinor: 100_000 } as Parameters<typeof withdrawalFeeMinor>[0];

  it('is nothing within the lifetime free quota, 0.1 % of the part above it, at least CNY 0.1', () => {
    expect(withdrawalFeeMinor(pr, 100_000, 0)).toBe(0);
    expect(withdrawalFeeMinor(pr, 30_000, 70_000)).toBe(0);
    expect(withdrawalFeeMinor(pr, 30_000, 80_000)).toBe(10);
    expect(withdrawalFeeMinor(pr, 50_000, 80_000)).toBe(30);
    expect(withdrawalFeeMinor(pr, 50_000, 200_000)).toBe(50);
    expect(withdrawalFeeMinor(pr, 1_000, 200_000)).toBe(10);
  });

  it('is booked when a balance is withdrawn to a bank, only above the free quota, through the clearing house', () => {
    // Every consumer withdraws CNY 300 a day against a quota of CNY 1,150: free on days 0-2, CNY 0.10
    // (the minimum, on 50 above the quota) on day 3, CNY 0.30 on day 4.
    const w = '{ per_consumer_per_day: 1, amount: { dist: fixed, value: 300 } }';
    const text = platformCity('', 5)
      .replace("payout_days: 1 }", `payout_days: 1, withdrawal_free_quota: 1150 }\n      withdrawals: ${w}`)
      .replace('demand: { per_card_per_day: 4 }', 'demand: { per_card_per_day: 0.5 }');
    const { r } = run(scenarioOf(text));
    const pos = r.platformBooks!.positions;
    const fees = (d: number) => pos.feeRows(d, 'CNY').find((x) => x.fee_type === 'wallet_withdrawal_fee');
    for (const d of [0, 1, 2]) expect(fees(d)).toBeUndefined();
    expect([fees(3)!.participant_type, fees(3)!.count, fees(3)!.value_minor, fees(3)!.fee_minor]).toEqual(['consumer', 1200, 1200 * 30_000, 1200 * 10]);
    expect([fees(4)!.count, fees(4)!.fee_minor]).toEqual([1200, 1200 * 30]);
    // The money goes platform -> clearing house -> the consumers' banks; the clearing house keeps nothing of it.
    const day0 = pos.settlementRows(0, 'CNY', 0);
    const banksIn = day0.filter((x) => x.participant_type === 'bank').reduce((a, x) => a + x.gross_credit_minor, 0);
    expect(banksIn).toBe(1200 * 30_000);
    expect(day0.find((x) => x.participant_type === 'platform' && x.participant === 'walleta')!.gross_debit_minor).toBeGreaterThanOrEqual(1200 * 30_000);
    r.platformBooks!.verify();
  });
});
