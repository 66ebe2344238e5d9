/**
 * `sim compare` books the same money as `sim run`: one compare of every preset on a small
 * scenario with declines, timeouts and chargebacks, against a separate `sim run` of each preset.
 * Every money figure of compare.csv is rebuilt from the run's own fees.csv and throughput.csv (per fee type: who pays whom, written out here, not read from the code).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FEE_PRESET_NAMES } from '../../src/economics/index.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-compare-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const RATES = '{ "EUR/RUB": 76.0, "CNY/RUB": 9.7, "USD/RUB": 66.9 }';
/**
 * min_amount in each preset's currency at most smoke's RUB 57 transport ticket (the default 10
 * units would be EUR 10 = RUB 760): a fixed ticket below it is an error. It changes no fee.
 */
const MIN_AMOUNT: Record<string, number> = { 'eu-ifr': 0.5, 'eu-interregional': 0.5, 'us-reg-ii': 0.5, 'cn-ndrc-2016': 5, 'wallet-3party-cn': 5 };

/** fees.csv fee types: payer and payee (docs/fees.md, the table of posting kinds). */
const DIRECTION: Record<string, [string, string]> = {
  interchange: ['acquirer', 'issuer'],
  scheme_fee_issuer: ['issuer', 'scheme'],
  scheme_fee_acquirer: ['acquirer', 'scheme'],
  merchant_discount: ['merchant', 'acquirer'],
  platform_fee: ['merchant', 'scheme'],
  cardholder_fx_fee: ['cardholder', 'issuer'],
  scheme_auth_fee_issuer: ['issuer', 'scheme'],
  scheme_auth_fee_acquirer: ['acquirer', 'scheme'],
  chargeback_fee: ['merchant', 'acquirer'],
};
const PARTIES = ['cardholder', 'issuer', 'scheme', 'acquirer', 'merchant'];

/**
 * smoke.yaml in one currency (no settlement in CNY), its fee model replaced, with a hung switch
 * for five minutes (requests the scheme took time out at the acquirer) and an issuer outage (the
 * switch stands in or declines).
 */
function scenario(file: string, fees: string): string {
  const smoke = readFileSync('scenarios/smoke.yaml', 'utf8');
  const from = smoke.search(/^fees:/m);
  const to = smoke.search(/^clearing:/m);
  const faultsAt = smoke.search(/^faults:/m);
  expect(faultsAt).toBeGreaterThan(0);
  const clearing = smoke.slice(to).replace(/^ {2}settlement_currencies:.*\n/m, '');
  const head = smoke
    .slice(0, from)
    .replace(/^faults:\n/m, 'faults:\n  - { kind: host_down, host: switch, hung: true, from: 40m, duration: 5m }\n');
  const path = join(work, file);
  writeFileSync(path, `${head}fees: ${fees}\n\n${clearing}`);
  return path;
}

function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

const minor = (s: string | undefined): number => Math.round(Number(s) * 100);

describe('sim compare of every preset = a sim run of each', () => {
  const compareDir = join(work, 'compare');
  let compare: Record<string, string>[] = [];
  const runs: Record<string, string> = {};
  beforeAll(async () => {
    const io = captureIo();
    const file = scenario('compare.yaml', `{ model: ru-2019, name: ru-2019, fx: { rates: ${RATES} } }`);
    expect(await main(['compare', file, '--fee-models', FEE_PRESET_NAMES.join(','), '--out', compareDir, '--quiet'], io), io.stderr()).toBe(0);
    compare = readCsv(join(compareDir, 'compare.csv'));
    for (const name of FEE_PRESET_NAMES) {
      const f = scenario(`${name}.yaml`, `{ model: ${name}, name: ${name}, min_amount: ${MIN_AMOUNT[name] ?? 10}, fx: { rates: ${RATES} } }`);
      runs[name] = join(work, `run-${name}`);
      const r = captureIo();
      expect(await main(['run', f, '--out', runs[name]!, '--quiet'], r), r.stderr()).toBe(0);
    }
  }, 60_000);

  const cell = (model: string, metric: string, participant: string, channel = 'all'): string => {
    const row = compare.find((r) => r['model'] === model && r['metric'] === metric && r['participant_type'] === participant && r['channel'] === channel);
    expect(row, `${model} ${metric} ${participant} ${channel}`).toBeDefined();
    return row!['value']!;
  };

  it('the scenario has declines, timeouts at the scheme and chargebacks', () => {
    const tp = readCsv(join(compareDir, 'throughput.csv'));
    const sum = (k: string) => tp.reduce((s, r) => s + Number(r[k]), 0);
    expect(sum('declined')).toBeGreaterThan(10);
    expect(sum('timed_out')).toBeGreaterThan(10);
    const fees = readCsv(join(runs['ru-2019']!, 'fees.csv'));
    const count = (t: string) => fees.filter((r) => r['fee_type'] === t).reduce((s, r) => s + Number(r['count']), 0);
    expect(count('scheme_auth_fee_acquirer')).toBeGreaterThan(20);
    expect(count('interchange_reversal')).toBeGreaterThan(5);
  });

  for (const model of FEE_PRESET_NAMES) {
    it(`${model}: revenue, cost and net of every participant type, from fees.csv`, () => {
      const revenue = Object.fromEntries(PARTIES.map((p) => [p, 0]));
      const cost = Object.fromEntries(PARTIES.map((p) => [p, 0]));
      for (const r of readCsv(join(runs[model]!, 'fees.csv'))) {
        expect(r['currency']).toBe('RUB');
        const type = r['fee_type']!;
        const fee = minor(r['fee']);
        const reversed = type.endsWith('_reversal');
        const dir = DIRECTION[reversed ? type.slice(0, -'_reversal'.length) : type];
        expect(dir, type).toBeDefined();
        const [payer, payee] = dir!;
        expect(r['participant_type'], type).toBe(reversed ? payee : payer);
        // A refund lowers the fee it refunds: the payee's revenue, the payer's cost.
        revenue[payee]! += reversed ? -fee : fee;
        cost[payer]! += reversed ? -fee : fee;
      }
      for (const p of PARTIES) {
        expect(minor(cell(model, 'revenue', p)), `${p} revenue`).toBe(revenue[p]);
        expect(minor(cell(model, 'cost', p)), `${p} cost`).toBe(cost[p]);
        expect(minor(cell(model, 'net', p)), `${p} net`).toBe(revenue[p]! - cost[p]!);
      }
    });

    it(`${model}: purchases, value, merchant cost, scheme take and the tourist test`, () => {
      const tp = readCsv(join(runs[model]!, 'throughput.csv'));
      const purchases = tp.reduce((s, r) => s + Number(r['approved']), 0);
      const value = tp.reduce((s, r) => s + minor(r['value_approved']), 0);
      expect(Number(cell(model, 'purchases', 'merchant'))).toBe(purchases);
      expect(minor(cell(model, 'value', 'merchant'))).toBe(value);
      const merchantCost = minor(cell(model, 'cost', 'merchant'));
      const schemeRevenue = minor(cell(model, 'revenue', 'scheme'));
      expect(Number(cell(model, 'merchant_cost_per_100', 'merchant'))).toBeCloseTo((merchantCost * 100) / value, 4);
      expect(Number(cell(model, 'merchant_fee_bps', 'merchant'))).toBeCloseTo((merchantCost * 10_000) / value, 2);
      expect(Number(cell(model, 'scheme_take_bps', 'scheme'))).toBeCloseTo((schemeRevenue * 10_000) / value, 2);
      const avoided = Number(cell(model, 'avoided_cost_bps', 'merchant'));
      expect(cell(model, 'tourist_test_pass', 'merchant')).toBe((merchantCost * 10_000) / value <= avoided ? '1' : '0');
      // The channels add up to "all".
      let channelValue = 0;
      let channelCost = 0;
      let rounding = 0;
      for (const ch of ['card_present', 'card_not_present', 'wallet_token', 'qr']) {
        const v = minor(cell(model, 'value', 'merchant', ch));
        channelValue += v;
        if (v > 0) channelCost += (Number(cell(model, 'merchant_cost_per_100', 'merchant', ch)) * v) / 100;
        rounding += (0.00005 * v) / 100; // merchant_cost_per_100 has 4 decimals
      }
      expect(channelValue).toBe(value);
      expect(Math.abs(channelCost - merchantCost)).toBeLessThanOrEqual(rounding);
    });
  }
});
