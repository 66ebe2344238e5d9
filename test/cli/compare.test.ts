/**
 * `sim compare`: one purchase stream priced by several fee models; and `sim run` under two fee
 * models: the same purchases, different money.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Manifest } from '../../src/output/manifest.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-compare-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MODELS = ['ru-2019', 'eu-ifr', 'cn-ndrc-2016', 'wallet-3party-cn'];
const CHANNELS = ['card_present', 'card_not_present', 'wallet_token', 'qr', 'all'];

/** A CSV without quoted fields (these tables have none), as header and rows of cells. */
function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** smoke.yaml with its `fees:` section (up to `clearing:`) replaced. */
function smokeWithFees(file: string, fees: string): string {
  const smoke = readFileSync('scenarios/smoke.yaml', 'utf8');
  const from = smoke.search(/^fees:/m);
  const to = smoke.search(/^clearing:/m);
  expect(from).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(from);
  const path = join(work, file);
  // Without smoke's FX rates, Beta Bank settles in the scenario currency (RUB).
  const clearing = smoke.slice(to).replace(/^ {2}settlement_currencies:.*\n/m, '');
  writeFileSync(path, `${smoke.slice(0, from)}${fees}\n\n${clearing}`);
  return path;
}

describe('sim compare scenarios/smoke.yaml --fee-models ru-2019,eu-ifr,cn-ndrc-2016,wallet-3party-cn', () => {
  const out = join(work, 'compare');
  const io = captureIo();
  let code = -1;
  let csv: { header: string[]; rows: string[][] };
  beforeAll(async () => {
    code = await main(['compare', 'scenarios/smoke.yaml', '--fee-models', MODELS.join(','), '--out', out, '--quiet'], io);
    csv = readCsv(join(out, 'compare.csv'));
  });
  const col = (name: string): number => csv.header.indexOf(name);
  const rowsOf = (metric: string, model?: string): string[][] =>
    csv.rows.filter((r) => r[col('metric')] === metric && (model === undefined || r[col('model')] === model));

  it('exits 0 and writes compare.csv in tidy columns, the models in the order given', () => {
    expect(io.stderr()).toBe('');
    expect(code).toBe(0);
    expect(csv.header).toEqual(['model', 'metric', 'participant_type', 'channel', 'value', 'diff_vs_first', 'unit', 'currency']);
    for (const r of csv.rows) expect(r).toHaveLength(8);
    const models = [...new Set(csv.rows.map((r) => r[0]))];
    expect(models).toEqual(MODELS);
    // Every model has the same rows (metric, participant, channel), in the same order.
    const keys = (m: string) => csv.rows.filter((r) => r[0] === m).map((r) => r.slice(1, 4).join('|'));
    for (const m of MODELS) expect(keys(m)).toEqual(keys(MODELS[0]!));
    expect(keys(MODELS[0]!).length).toBeGreaterThan(20);
  });

  it('prices the same purchases under every model: purchases and value rows are identical', () => {
    for (const metric of ['purchases', 'value']) {
      for (const channel of CHANNELS) {
        const rows = rowsOf(metric).filter((r) => r[col('channel')] === channel);
        expect(rows.map((r) => r[col('model')])).toEqual(MODELS);
        expect(new Set(rows.map((r) => r[col('value')])).size).toBe(1);
        for (const r of rows) expect(Number(r[col('diff_vs_first')])).toBe(0);
      }
    }
    const all = rowsOf('purchases', 'ru-2019').find((r) => r[col('channel')] === 'all')!;
    expect(Number(all[col('value')])).toBeGreaterThan(100);
  });

  it('the common purchases are the approved purchases of its throughput.csv', () => {
    const tp = readCsv(join(out, 'throughput.csv'));
    const sum = (name: string) => tp.rows.reduce((s, r) => s + Math.round(Number(r[tp.header.indexOf(name)]) * 100), 0);
    const cell = (metric: string) => rowsOf(metric, 'ru-2019').find((r) => r[col('channel')] === 'all')![col('value')]!;
    expect(Number(cell('purchases'))).toBe(sum('approved') / 100);
    expect(Math.round(Number(cell('value')) * 100)).toBe(sum('value_approved'));
  });

  it('diff_vs_first is 0 for the first model, and the models do differ', () => {
    for (const r of csv.rows.filter((x) => x[0] === MODELS[0])) {
      if (r[col('value')] === '') expect(r[col('diff_vs_first')]).toBe('');
      else expect(Number(r[col('diff_vs_first')])).toBe(0);
    }
    // Merchants pay differently under each regime.
    const fee = rowsOf('merchant_fee_bps').filter((r) => r[col('channel')] === 'all').map((r) => r[col('value')]);
    expect(new Set(fee).size).toBe(MODELS.length);
    // A three-party wallet has no interchange: the issuer earns nothing from merchants.
    const issuerRevenue = rowsOf('revenue', 'wallet-3party-cn').find((r) => r[col('participant_type')] === 'issuer')!;
    expect(Number(issuerRevenue[col('value')])).toBe(0);
  });

  it('prints a table naming all four models, with the same purchase count under each', () => {
    const text = io.stdout();
    for (const m of MODELS) expect(text).toContain(m);
    const line = text.split('\n').find((l) => l.includes('purchases cleared'))!;
    const counts = line.trim().split(/\s{2,}/).slice(1);
    expect(counts).toHaveLength(4);
    expect(new Set(counts).size).toBe(1);
    const all = rowsOf('purchases', 'ru-2019').find((r) => r[col('channel')] === 'all')![col('value')]!;
    expect(counts[0]!.replace(/,/g, '')).toBe(String(Number(all)));
  });

  it('records the models in the manifest, and lists every file it wrote with its digest, bytes and rows', () => {
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.options.feeModels).toEqual(MODELS);
    const written = readdirSync(out).filter((f) => f !== 'manifest.json').sort();
    expect(written).toEqual(['compare.csv', 'datapackage.json', 'declines.csv', 'nodes.csv', 'summary.json', 'throughput.csv', 'wallet.csv']);
    expect(m.files.map((f) => f.name).sort()).toEqual(written);
    for (const f of m.files) {
      const bytes = readFileSync(join(out, f.name));
      expect(f.sha256, f.name).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(f.bytes, f.name).toBe(bytes.length);
      expect(f.rows, f.name).toBe(bytes.toString('utf8').trimEnd().split('\n').length - 1);
    }
  });
});

describe('sim compare refuses bad input with exit 2', () => {
  it('an unknown preset, with a suggestion, and writes nothing', async () => {
    const io = captureIo();
    const out = join(work, 'unknown');
    expect(await main(['compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019,eu-ifrr', '--out', out, '--quiet'], io)).toBe(2);
    expect(io.stderr()).toMatch(/eu-ifrr/);
    expect(io.stderr()).toMatch(/did you mean "eu-ifr"\?/);
    expect(io.stderr()).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('a scenario without fees (tandem.yaml)', async () => {
    const io = captureIo();
    const out = join(work, 'tandem');
    expect(await main(['compare', 'scenarios/tandem.yaml', '--fee-models', 'ru-2019', '--out', out, '--quiet'], io)).toBe(2);
    expect(io.stderr()).toMatch(/no fees section/);
    expect(existsSync(out)).toBe(false);
  });

  it('a foreign-currency preset with no rate to the scenario currency, naming the rate to add', async () => {
    const file = smokeWithFees('no-rates.yaml', 'fees: ru-2019');
    const io = captureIo();
    const out = join(work, 'no-rates');
    expect(await main(['compare', file, '--fee-models', 'ru-2019,cn-ndrc-2016', '--out', out, '--quiet'], io)).toBe(2);
    expect(io.stderr()).toMatch(/cn-ndrc-2016: its amounts are in CNY but the scenario is in RUB/);
    expect(io.stderr()).toMatch(/"CNY\/RUB"/);
    expect(existsSync(out)).toBe(false);
  });

  it('no fee models at all', async () => {
    const io = captureIo();
    expect(await main(['compare', 'scenarios/smoke.yaml', '--fee-models', ' , ', '--out', join(work, 'none'), '--quiet'], io)).toBe(2);
    expect(io.stderr()).toMatch(/at least one fee model/);
  });
});

describe('sim run under two fee models', () => {
  const dirs: Record<string, string> = {};
  beforeAll(async () => {
    const files = {
      ru: smokeWithFees('smoke-ru.yaml', 'fees: ru-2019'),
      // min_amount EUR 0.5 (RUB 38): the default EUR 10 (RUB 760) is above smoke's RUB 57 ticket, an error.
      eu: smokeWithFees('smoke-eu.yaml', 'fees: { model: eu-ifr, min_amount: 0.5, fx: { rates: { "EUR/RUB": 76 } } }'),
      smoke: 'scenarios/smoke.yaml',
    };
    for (const [k, f] of Object.entries(files)) {
      const io = captureIo();
      dirs[k] = join(work, `run-${k}`);
      const code = await main(['run', f, '--out', dirs[k], '--quiet'], io);
      expect(io.stderr()).toBe('');
      expect(code).toBe(0);
    }
    dirs['compare'] = join(work, 'compare-two');
    expect(await main(['compare', files.smoke, '--fee-models', 'eu-ifr,ru-2019', '--out', dirs['compare'], '--quiet'], captureIo())).toBe(0);
  });
  const file = (k: string, f: string): Buffer => readFileSync(join(dirs[k]!, f));

  it('gives byte-identical throughput.csv, nodes.csv, declines.csv and wallet.csv', () => {
    for (const f of ['throughput.csv', 'nodes.csv', 'declines.csv', 'wallet.csv']) {
      expect(file('eu', f).length).toBeGreaterThan(100);
      expect(file('eu', f).equals(file('ru', f))).toBe(true);
    }
  });

  it('but different fees.csv and settlement.csv', () => {
    expect(file('eu', 'fees.csv').equals(file('ru', 'fees.csv'))).toBe(false);
    expect(file('eu', 'settlement.csv').equals(file('ru', 'settlement.csv'))).toBe(false);
    // eu-ifr charges cross-border cardholders an FX fee; ru-2019 (UnionPay rail) does not.
    expect(file('eu', 'fees.csv').toString()).toMatch(/cardholder_fx_fee/);
    expect(file('ru', 'fees.csv').toString()).not.toMatch(/cardholder_fx_fee/);
  });

  it("smoke.yaml's FX rates change no purchase, only the currency Beta Bank settles in", () => {
    expect(file('smoke', 'throughput.csv').equals(file('ru', 'throughput.csv'))).toBe(true);
    // With the rates, Beta Bank settles in CNY through the scheme's FX account; without, in RUB.
    const smoke = file('smoke', 'settlement.csv').toString();
    const ru = file('ru', 'settlement.csv').toString();
    expect(smoke).toMatch(/,issuer,Beta Bank,CNY,/);
    expect(smoke).toMatch(/,fx,FX settlement,RUB,/);
    expect(ru).not.toMatch(/CNY/);
    expect(ru).toMatch(/,issuer,Beta Bank,RUB,/);
  });

  it('sim compare runs the very purchases of sim run: the same throughput.csv', () => {
    expect(file('compare', 'throughput.csv').equals(file('smoke', 'throughput.csv'))).toBe(true);
  });
});
