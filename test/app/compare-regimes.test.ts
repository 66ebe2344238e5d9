/**
 * Regimes (`regimes:`) and `sim compare --regimes`: errors located at the regime's key, common
 * random numbers (the same purchases where no choice changes), shares that move the right way,
 * the books of every regime, intervals over seeds, and `--fee-models` output unchanged.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeRegimeCompare } from '../../src/app/compare-regimes.js';
import { regimeMetrics, type RegimeRow } from '../../src/app/compare-regimes-metrics.js';
import { regimeScenarios, type RegimeScenario } from '../../src/app/compare-regimes-scenarios.js';
import { runNetworkWithFiles } from '../../src/app/network-run.js';
import { main } from '../../src/cli/main.js';
import { loadScenario, type Scenario } from '../../src/scenario/index.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-regimes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CHINA = 'scenarios/china-qr-competition.yaml';
const DAY_US = 86_400_000_000;

/** china-qr-competition.yaml with its regimes replaced by `regimes` (YAML text), written to `name`. */
function chinaWith(name: string, regimes: string): string {
  const text = readFileSync(CHINA, 'utf8');
  const path = join(work, name);
  writeFileSync(path, `${text.slice(0, text.search(/^regimes:/m))}regimes:\n${regimes}`);
  return path;
}

/** The file's scenario, one day long, and its regimes `names`. */
function regimesOf(file: string, names: string[], days = 1): { base: Scenario; regimes: RegimeScenario[] } {
  const { scenario } = loadScenario(file, { durationUs: days * DAY_US });
  expect(scenario).toBeDefined();
  const got = regimeScenarios(file, scenario!, names);
  if ('errors' in got) throw new Error(got.errors.map((e) => e.message).join('\n'));
  return { base: scenario!, regimes: got.regimes };
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('a regime that overrides an unknown key or gives a value of the wrong type', () => {
  const file = chinaWith(
    'bad.yaml',
    ['  baseline: {}', '  typo:', '    networks.qr_limits.enable: false', '  wrong:', '    networks:', '      qr_limits: { enabled: 5 }', ''].join('\n'),
  );
  const lines = readFileSync(file, 'utf8').split('\n');
  const lineOf = (needle: string): number => lines.findIndex((l) => l.includes(needle)) + 1;

  it('is an error at the regime key, with "did you mean", exit 2 (sim compare and sim validate)', async () => {
    for (const args of [['compare', file, '--regimes', 'baseline,typo,wrong', '--out', join(work, 'bad-out'), '--quiet'], ['validate', file]]) {
      const io = captureIo();
      expect(await main(args, io)).toBe(2);
      const err = io.stderr();
      expect(err).toContain(`${file}:${lineOf('enable: false')}:5: networks.qr_limits.enable: regime 'typo': unknown key 'enable' in networks.qr_limits; did you mean 'enabled'?`);
      expect(err).toContain(`${file}:${lineOf('enabled: 5')}:20: networks.qr_limits.enabled: regime 'wrong': expected true or false; got 5`);
      expect(err).not.toMatch(/\n\s+at /);
    }
  });

  it('an unknown regime name is refused with the names the scenario has', async () => {
    const io = captureIo();
    expect(await main(['compare', CHINA, '--regimes', 'baseline,wallet-fee-38', '--out', join(work, 'x'), '--quiet'], io)).toBe(2);
    expect(io.stderr()).toContain("unknown regime 'wallet-fee-38'; did you mean 'wallet-fee-038'?");
  });
});

describe('regimes on common random numbers', () => {
  it('that change only what no choice reads have byte-identical purchase tables, and different money', () => {
    const { regimes } = regimesOf(CHINA, ['baseline', 'wallet-fee-038', 'ndrc-caps-off', 'clearing-fee-off']);
    const runs = regimes.map((g) => {
      const dir = join(work, `crn-${g.name}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const run = runNetworkWithFiles(g.scenario, { seed: g.scenario.seed }, { dir, transactions: true, ledger: false });
      return { dir, metrics: regimeMetrics(run.result) };
    });
    const tx = runs.map((r) => sha(join(r.dir, 'transactions.csv')));
    expect(new Set(tx).size).toBe(1);
    const value = (k: number, metric: string, party: string, instrument: string): number | null =>
      runs[k]!.metrics.find((m) => m.metric === metric && m.party === party && m.instrument === instrument)!.value;
    // Each regime did change its money: the wallets' fee, the card caps, the clearing house's fee.
    expect(value(1, 'merchant_cost_per_100', 'merchant', 'wallet_a')!).toBeLessThan(value(0, 'merchant_cost_per_100', 'merchant', 'wallet_a')!);
    expect(value(2, 'net_minor', 'issuer', 'card')!).toBeGreaterThan(value(0, 'net_minor', 'issuer', 'card')!);
    expect(value(3, 'net_minor', 'clearing_house', 'all')).toBe(0);
    expect(value(0, 'net_minor', 'clearing_house', 'all')!).toBeGreaterThan(0);
  });

  it("move shares toward a wallet whose cash-back rises and away from it when it falls; the books of every regime prove themselves", () => {
    const file = chinaWith(
      'cashback.yaml',
      ['  baseline: {}', '  a-cashback-up:', '    networks.platforms[0].fees.cashback: 0.01', '  a-cashback-off:', '    networks.platforms[0].fees.cashback: 0', ''].join('\n'),
    );
    const { regimes } = regimesOf(file, ['baseline', 'a-cashback-up', 'a-cashback-off']);
    const share = regimes.map((g) => {
      const run = runNetworkWithFiles(g.scenario, { seed: g.scenario.seed }, { transactions: false, ledger: false }).result;
      run.clearing!.verify();
      run.platformBooks!.verify();
      const m = regimeMetrics(run);
      const s = (instrument: string): number => m.find((x) => x.metric === 'share' && x.instrument === instrument)!.value!;
      return { a: s('wallet_a'), b: s('wallet_b'), card: s('card') };
    });
    expect(share[1]!.a).toBeGreaterThan(share[0]!.a);
    expect(share[1]!.card).toBeLessThan(share[0]!.card);
    expect(share[1]!.b).toBeLessThan(share[0]!.b);
    expect(share[2]!.a).toBeLessThan(share[0]!.a);
    expect(share[2]!.card).toBeGreaterThan(share[0]!.card);
  });
});

describe('sim compare --regimes with --replications', () => {
  const row = (rows: RegimeRow[], regime: string, metric: string, instrument: string): RegimeRow =>
    rows.find((r) => r.regime === regime && r.metric === metric && r.instrument === instrument)!;

  it('gives every difference a finite, paired 95 % interval around it, and writes compare.csv and compare-intervals.csv', async () => {
    const file = chinaWith('reps.yaml', ['  baseline: {}', '  promo:', '    networks.choice.utilities.card: 0.5', '  fee:', '    networks.platforms[0].fees.merchant_fee: 0.0038', ''].join('\n'));
    const { base, regimes } = regimesOf(file, ['baseline', 'promo', 'fee'], 1);
    const out = join(work, 'reps');
    const { rows, seeds } = await executeRegimeCompare({ scenario: base, regimes, replications: 3, outDir: out, force: false, workers: 1 });
    expect(seeds).toEqual([base.seed, base.seed + 1, base.seed + 2]);
    for (const r of rows.filter((x) => x.regime !== 'baseline' && x.diff !== null)) {
      expect(Number.isFinite(r.diffLow!) && Number.isFinite(r.diffHigh!)).toBe(true);
      expect(r.diffLow!).toBeLessThanOrEqual(r.diff! + 1e-9);
      expect(r.diffHigh!).toBeGreaterThanOrEqual(r.diff! - 1e-9);
    }
    // The promotion moves purchases to the cards on every seed: an interval above 0.
    const card = row(rows, 'promo', 'share', 'card');
    expect(card.diffLow!).toBeGreaterThan(0);
    // Paired: a fee no choice reads leaves every seed's shares as they were, an interval of width 0.
    const same = row(rows, 'fee', 'share', 'wallet_a');
    expect([same.diff, same.diffLow, same.diffHigh]).toEqual([0, 0, 0]);
    const csv = readFileSync(join(out, 'compare.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('model,metric,participant_type,channel,value,diff_vs_first,unit,currency');
    const ci = readFileSync(join(out, 'compare-intervals.csv'), 'utf8').split('\n');
    expect(ci[0]).toBe('model,metric,participant_type,channel,replications,diff_vs_first,diff_ci95_low,diff_ci95_high,unit,currency');
    expect(ci.some((l) => l.startsWith('promo,share,consumer,card,3,'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { options: { regimes: string[]; replications: number } };
    expect(manifest.options).toMatchObject({ regimes: ['baseline', 'promo', 'fee'], replications: 3 });
  });

  it('sim verify re-runs a regimes directory and finds it byte-identical', async () => {
    const out = join(work, 'verify');
    expect(await main(['compare', CHINA, '--regimes', 'baseline,static-qr-limit-off', '--duration', '1d', '--replications', '2', '--out', out, '--quiet'], captureIo())).toBe(0);
    const io = captureIo();
    expect(await main(['verify', out], io)).toBe(0);
    expect(io.stdout()).toContain('identical  compare-intervals.csv');
  });
});

describe('sim compare --fee-models', () => {
  it('writes the files it wrote before regimes existed, byte for byte', async () => {
    const out = join(work, 'fee-models');
    expect(await main(['compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019,eu-ifr,cn-ndrc-2016', '--out', out, '--quiet'], captureIo())).toBe(0);
    const digests = Object.fromEntries(['compare.csv', 'datapackage.json', 'declines.csv', 'nodes.csv', 'summary.json', 'throughput.csv', 'wallet.csv'].map((f) => [f, sha(join(out, f))]));
    // compare.csv and the tables of the purchases are those of main before regimes; datapackage.json and wallet.csv
    // changed since with the platforms' participant types and wallet.csv's wallet column (several wallets).
    expect(digests).toEqual({
      'compare.csv': '831b9ab34c95c05acce1f91a01ac18a2bb72ba91d61602bdcee9fed81b4a3936',
      'datapackage.json': 'b8823cfe41a588fbeb29a621c9058af706eef68410959033c5ad30969445abee',
      'declines.csv': '89307b7cf316a755e51e9e795d8d2adb31dba698284bda43c260c0c247310f03',
      'nodes.csv': '3eaca8e026d6f0ac85a6d2af2a7e18ba6d8d3222ef8f92988b0286151fc31c07',
      'summary.json': 'f351a71a1f7d5d29068b005be22c22aa16798ef255f25427c27685d05345d135',
      'throughput.csv': 'eb72b38a0845e51791b4d39217c8070843099233c750405b382e2c53eacbad9b',
      'wallet.csv': 'bd7fef1780b43b9cfbc08782357ea4c16a947b26ca45ceef49618a4db6b5ede1',
    });
  });

  it('takes one of --fee-models and --regimes', async () => {
    const io = captureIo();
    expect(await main(['compare', CHINA, '--quiet'], io)).toBe(2);
    expect(io.stderr()).toContain('needs --fee-models <list> or --regimes <list>');
  });
});
