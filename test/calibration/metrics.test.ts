/**
 * Every calibration metric of a small run against an independent computation from the run's own
 * files: transactions.csv (one row per purchase), wallet.csv, throughput.csv, nodes.csv and
 * summary.json. Then sim run's calibration.csv in the manifest, and sim verify re-creating it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRun } from '../../src/app/run.js';
import { main } from '../../src/cli/main.js';
import { loadScenario } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/types.js';
import { captureIo } from '../helpers/io.js';

const FIXTURE = 'test/calibration/calib-smoke.yaml';
const dir = mkdtempSync(join(tmpdir(), 'calib-metrics-'));
const out = join(dir, 'run');
let sc: Scenario;
let values: number[];
let tx: Record<string, string>[];

/** A CSV file without quoted fields as records by header name. */
function csv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(out, file), 'utf8').trimEnd().split('\n');
  const names = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
}
const byName = (name: string, scope?: string): number => {
  const i = sc.calibration!.findIndex((t) => t.name === name && (scope === undefined || JSON.stringify(t.scope).includes(scope)));
  expect(i, `${name} ${scope ?? ''}`).toBeGreaterThanOrEqual(0);
  return values[i]!;
};
const share = (rows: readonly Record<string, string>[], f: (r: Record<string, string>) => boolean): number => rows.filter(f).length / rows.length;
/** The exact q-quantile (rank ceil(q n)) of latencies in ms. */
const quantile = (ms: number[], q: number): number => [...ms].sort((a, b) => a - b)[Math.ceil(q * ms.length) - 1]!;

beforeAll(async () => {
  sc = loadScenario(FIXTURE).scenario!;
  const run = await executeRun({ scenario: sc, seed: sc.seed, outDir: out, force: false, transactions: true, workers: 1 });
  values = run.calibration!.values;
  tx = csv('transactions.csv');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('each calibration metric, against transactions.csv and the other files of the run', () => {
  it('approval rate: all, card-not-present, one issuer in one channel', () => {
    expect(tx.length).toBeGreaterThan(300);
    const ok = (r: Record<string, string>): boolean => r['outcome'] === 'approved';
    expect(byName('approval_rate', '{}')).toBeCloseTo(share(tx, ok), 12);
    expect(byName('approval_rate', 'card_not_present')).toBeCloseTo(share(tx.filter((r) => r['channel'] === 'ecommerce'), ok), 12);
    expect(byName('approval_rate', 'Alpha Bank')).toBeCloseTo(share(tx.filter((r) => r['channel'] === 'contactless' && r['issuer'] === 'Alpha Bank'), ok), 12);
  });

  it('decline share of code 51, average ticket, purchases per active card per day, channel shares', () => {
    const notApproved = tx.filter((r) => r['response_code'] !== '00');
    expect(byName('decline_share')).toBeCloseTo(share(notApproved, (r) => r['response_code'] === '51'), 12);
    const mean = (rows: Record<string, string>[]): number => rows.reduce((a, r) => a + Number(r['amount']), 0) / rows.length;
    const approved = tx.filter((r) => r['outcome'] === 'approved');
    expect(byName('average_ticket', '{}')).toBeCloseTo(mean(approved), 6);
    expect(byName('average_ticket', 'ecommerce')).toBeCloseTo(mean(approved.filter((r) => r['channel'] === 'ecommerce')), 6);
    const cards = new Set(tx.map((r) => r['card'])).size;
    expect(byName('purchases_per_active_card_per_day')).toBeCloseTo(tx.length / (cards * (1 / 24)), 9);
    expect(byName('channel_share', 'card_not_present')).toBeCloseTo(share(tx, (r) => r['channel'] === 'ecommerce'), 12);
    expect(byName('channel_share', 'qr')).toBeCloseTo(share(tx, (r) => r['channel'] === 'qr'), 12);
  });

  it('latency quantiles (within the histogram bins: 1/1024), peak-to-average TPS', () => {
    const ms = tx.map((r) => Number(r['latency_ms']));
    expect(byName('latency_p50_ms') / quantile(ms, 0.5)).toBeCloseTo(1, 2);
    const chip = tx.filter((r) => r['channel'] === 'chip').map((r) => Number(r['latency_ms']));
    expect(byName('latency_p99_ms') / quantile(chip, 0.99)).toBeCloseTo(1, 2);
    const perSecond = new Map<number, number>();
    for (const r of tx) perSecond.set(Math.floor(Number(r['t_us']) / 1e6), (perSecond.get(Math.floor(Number(r['t_us']) / 1e6)) ?? 0) + 1);
    expect(byName('peak_to_average_tps')).toBeCloseTo(Math.max(...perSecond.values()) / (tx.length / 3600), 9);
  });

  it('wallet adoption (tokens over the pool worked out by hand), chargebacks, merchant cost, column metrics', () => {
    // 2,000 cards, issuers 60/40 %: 1,200 and 800 cards, 60 % active: 720 + 480; eligible 50 %: 600.
    expect(byName('wallet_adoption')).toBeCloseTo(Number(csv('wallet.csv')[0]!['tokens_active']) / 600, 12);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(byName('chargeback_share')).toBeCloseTo(summary.money.chargebacks / summary.money.cleared, 12);
    expect(byName('merchant_cost_per_100')).toBeCloseTo(summary.money.merchant_cost_per_100, 4);
    const tps = csv('throughput.csv').map((r) => Number(r['mean_tps']));
    expect(byName('throughput.mean_tps')).toBeCloseTo(tps.reduce((a, b) => a + b, 0) / tps.length, 9);
    const util = csv('nodes.csv').filter((r) => r['role'] === 'switch').map((r) => Number(r['utilization']));
    expect(util.length).toBe(6);
    expect(byName('nodes.utilization')).toBe(Math.max(...util));
  });
});

describe('sim run with calibration targets', () => {
  it('writes calibration.csv and calibration-nrmse.csv, listed in the manifest, and sim verify re-creates them', async () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const files = manifest.files.map((f: { name: string }) => f.name);
    expect(files).toEqual(expect.arrayContaining(['calibration.csv', 'calibration-nrmse.csv']));
    const rows = csv('calibration.csv');
    expect(rows).toHaveLength(sc.calibration!.length);
    expect(Number(rows[0]!['simulated'])).toBeCloseTo(values[0]!, 6);
    const io = captureIo();
    expect(await main(['verify', out], io)).toBe(0);
  }, 60_000);
});
