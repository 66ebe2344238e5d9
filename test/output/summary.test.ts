/**
 * summary.json: the headline figures of a run, recomputed here from the CSV tables of the same
 * run; `--json` prints exactly the file; `sim verify` covers it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Manifest } from '../../src/output/manifest.js';
import type { CompareSummary, ReplicationsSummary, RunSummary } from '../../src/output/summary.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-summary-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A CSV with a header, as objects (these tables quote nothing but ledger account names, not read here). */
function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}
const minor = (s: string | undefined): number => Math.round(Number(s) * 100);
const sum = (rows: Record<string, string>[], k: string): number => rows.reduce((a, r) => a + Number(r[k]), 0);

async function sim(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('summary.json of sim run scenarios/smoke.yaml --transactions --ledger --json', () => {
  const dir = join(work, 'smoke');
  let run = { code: -1, out: '', err: '' };
  let s: RunSummary;
  beforeAll(async () => {
    run = await sim('run', 'scenarios/smoke.yaml', '--transactions', '--ledger', '--out', dir, '--json');
    s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
  });

  it('--json prints summary.json byte for byte, and nothing else, on stdout', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toBe(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(JSON.parse(run.out)).toEqual(s);
  });

  it("names the run as its manifest does, with no wall time and no path", () => {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(s).toMatchObject({ format: 'quartet.summary/1', kind: 'run', version: m.version, seed: m.seed, scenario: { name: 'smoke', sha256: m.scenario.sha256 }, events: m.events });
    expect(s.simulated).toEqual({ start: m.simulated.start, end: m.simulated.end, duration_us: m.simulated.durationUs });
    const text = JSON.stringify(s);
    expect(text).not.toMatch(/wall|seconds/i);
    expect(text).not.toContain(process.cwd());
    expect(m.files.map((f) => f.name)).toContain('summary.json');
  });

  it('purchases, outcomes, value and peak agree with throughput.csv', () => {
    const tp = readCsv(join(dir, 'throughput.csv'));
    const p = s.purchases;
    expect(p.count).toBe(sum(tp, 'attempts'));
    expect(p.count).toBeGreaterThan(100);
    expect(p.approved).toBe(sum(tp, 'approved'));
    expect(p.declined).toBe(sum(tp, 'declined'));
    expect(p.declined).toBeGreaterThan(0);
    expect(p.timed_out).toBe(sum(tp, 'timed_out'));
    expect(p.stand_in).toBe(sum(tp, 'stand_in'));
    expect(p.reversals).toBe(sum(tp, 'reversals'));
    expect(p.approved_share).toBeCloseTo(p.approved / p.count, 6);
    expect(p.declined_share).toBeCloseTo(p.declined / p.count, 6);
    expect(p.approved_value_minor).toBe(tp.reduce((a, r) => a + minor(r['value_approved']), 0));
    expect(p.approved_value).toBe((p.approved_value_minor / 100).toFixed(2));
    expect(p.currency).toBe('RUB');
    expect(p.peak_tps).toBe(Math.max(...tp.map((r) => Number(r['peak_tps']))));
  });

  it('the outcomes agree with transactions.csv, purchase by purchase', () => {
    const tx = readCsv(join(dir, 'transactions.csv'));
    expect(tx).toHaveLength(s.purchases.count);
    expect(tx.filter((r) => r['outcome'] === 'approved')).toHaveLength(s.purchases.approved);
    expect(tx.filter((r) => r['stand_in'] === '1')).toHaveLength(s.purchases.stand_in);
    const lat = tx.map((r) => Number(r['latency_ms'])).sort((a, b) => a - b);
    // The quantiles come from a histogram with bins a few per cent wide.
    const exact = lat[Math.ceil(0.95 * lat.length) - 1]!;
    expect(Math.abs(s.latency.p95_ms - exact) / exact).toBeLessThan(0.05);
    expect(s.latency.mean_ms).toBeCloseTo(lat.reduce((a, b) => a + b, 0) / lat.length, 1);
  });

  it('the money: cleared value, fee nets from fees.csv, net positions from settlement.csv', () => {
    const money = s.money!;
    expect(money.currency).toBe('RUB');
    expect(money.cleared).toBe(s.purchases.approved);
    expect(money.cleared_value_minor).toBe(s.purchases.approved_value_minor);
    expect(money.ledger_balanced).toBe(true);
    const st = readCsv(join(dir, 'settlement.csv'));
    const keys = [...new Set(st.map((r) => `${r['currency']}|${r['participant_type']}`))].sort();
    expect(money.settlement_net_positions.map((n) => `${n.currency}|${n.participant_type}`)).toEqual(keys);
    for (const n of money.settlement_net_positions) {
      const rows = st.filter((r) => r['currency'] === n.currency && r['participant_type'] === n.participant_type);
      expect(n.net_position_minor, `${n.currency} ${n.participant_type}`).toBe(rows.reduce((a, r) => a + minor(r['net_position']), 0));
      expect(n.net_position).toBe((n.net_position_minor / 100).toFixed(2));
    }
    // The merchants pay every fee: merchant discount (or platform fee) net of refunds, chargeback fees.
    const fees = readCsv(join(dir, 'fees.csv'));
    const merchantPays = fees.filter((r) => r['participant_type'] === 'merchant' && r['fee_type'] !== 'chargeback').reduce((a, r) => a + minor(r['fee']), 0);
    const merchantRefunded = fees.filter((r) => ['merchant_discount_reversal', 'platform_fee_reversal'].includes(r['fee_type']!)).reduce((a, r) => a + minor(r['fee']), 0);
    expect(money.fees_net_minor.merchant).toBe(-(merchantPays - merchantRefunded));
    const nets = Object.values(money.fees_net_minor).reduce((a, b) => a + b, 0);
    expect(nets).toBe(0);
    expect(money.fees_net.issuer).toBe((money.fees_net_minor.issuer / 100).toFixed(2));
  });

  it('sim verify re-runs it identical, and names an edited summary.json (exit 1)', async () => {
    const ok = await sim('verify', dir);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/identical\s+summary\.json/);
    const p = join(dir, 'summary.json');
    writeFileSync(p, readFileSync(p, 'utf8').replace(/"count": \d+/, '"count": 1'));
    const bad = await sim('verify', dir);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/summary\.json/);
  });
});

describe('summary.json of compare and replications directories', () => {
  it('sim compare --json prints the models side by side, as in compare.csv', async () => {
    const dir = join(work, 'compare');
    const r = await sim('compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019,eu-ifr', '--duration', '20m', '--out', dir, '--json');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const s = JSON.parse(r.out) as CompareSummary;
    expect(s.kind).toBe('compare');
    expect(s.models.map((m) => m.fee_model)).toEqual(['ru-2019', 'eu-ifr']);
    const csv = readCsv(join(dir, 'compare.csv'));
    for (const m of s.models) {
      const cell = (metric: string, p: string, ch = 'all') => csv.find((x) => x['model'] === m.fee_model && x['metric'] === metric && x['participant_type'] === p && x['channel'] === ch)!['value'];
      expect(m.cleared).toBe(Number(cell('purchases', 'merchant')));
      expect(m.cleared_value).toBe(cell('value', 'merchant'));
      expect(m.fees_net.issuer).toBe(cell('net', 'issuer'));
      expect(m.scheme_take_bps).toBe(Number(cell('scheme_take_bps', 'scheme')));
    }
    expect(s.purchases.count).toBe(sum(readCsv(join(dir, 'throughput.csv')), 'attempts'));
  });

  it('sim run --replications --json prints the statistics of replications.csv; each seed-<s>/ has its own', async () => {
    const dir = join(work, 'reps');
    const r = await sim('run', 'scenarios/smoke.yaml', '--replications', '2', '--duration', '10m', '--workers', '1', '--out', dir, '--json');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const s = JSON.parse(r.out) as ReplicationsSummary;
    expect(s).toMatchObject({ kind: 'replications', seeds: [42, 43], seed: 42, currency: 'RUB' });
    expect(s.simulated.start).toBe('2018-12-20T18:00:00.000+03:00');
    const rows = readCsv(join(dir, 'replications.csv'));
    expect(Object.keys(s.metrics)).toEqual(rows.map((x) => x['metric']));
    for (const x of rows) {
      const m = s.metrics[x['metric']!]!;
      expect(m.replications).toBe(Number(x['replications']));
      for (const k of ['mean', 'sd', 'ci95_low', 'ci95_high'] as const) expect(m[k], `${x['metric']} ${k}`).toBeCloseTo(Number(x[k]), 6);
    }
    for (const seed of s.seeds) {
      const one = JSON.parse(readFileSync(join(dir, `seed-${seed}`, 'summary.json'), 'utf8')) as RunSummary;
      expect(one.seed).toBe(seed);
      const values = readCsv(join(dir, 'replication-values.csv')).filter((v) => v['seed'] === String(seed));
      expect(Number(values.find((v) => v['metric'] === 'purchases')!['value'])).toBe(one.purchases.count);
    }
  });
});
