/** `sim sweep`: the grid in order, sweep.csv per point and metric, independent of the worker count. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gridPoints, metricUnit, parseGrid } from '../../src/app/sweep.js';
import { main } from '../../src/cli/main.js';
import type { Manifest } from '../../src/output/manifest.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-sweep-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function sim(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}
const GRID = ['--grid', 'cards.count=[1000,2e3]', '--grid', 'issuers.hosts.Beta Bank.servers=[1,3]'];
const sweep = (out: string, ...extra: string[]): Promise<{ code: number; out: string; err: string }> =>
  sim('sweep', 'scenarios/smoke.yaml', '--duration', '10m', ...GRID, '--out', out, ...extra);
const csv = (file: string): string[][] => readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => l.split(','));

describe('the grid', () => {
  it('is the cartesian product in the order given, the first axis slowest, values as written', () => {
    const axes = parseGrid(['fees=[ru-2019, eu-ifr]', 'cards.count=[1e6,2e6]']);
    expect(gridPoints(axes).map((p) => p.set)).toEqual([
      ['fees=ru-2019', 'cards.count=1e6'],
      ['fees=ru-2019', 'cards.count=2e6'],
      ['fees=eu-ifr', 'cards.count=1e6'],
      ['fees=eu-ifr', 'cards.count=2e6'],
    ]);
    expect(gridPoints(axes).map((p) => p.id)).toEqual([1, 2, 3, 4]);
  });

  it('names each metric’s unit', () => {
    expect(['purchases', 'approval_rate', 'latency_p99_ms', 'peak_tps', 'scheme_take_bps', 'fees_net_issuer', 'net_position_issuer_CNY'].map((m) => metricUnit(m, 'RUB'))).toEqual([
      'count', 'ratio', 'ms', 'tps', 'bps', 'RUB', 'CNY',
    ]);
  });

  it('a grid that cannot be read exits 2 with one line', async () => {
    const cases: [string, RegExp][] = [
      ['cards.count=1000', /^error: --grid cards\.count=1000: expected a list of values in brackets/],
      ['cards.count', /^error: --grid cards\.count: expected path=\[value,value,\.\.\.\]/],
      ['cards.count=[]', /^error: --grid cards\.count=\[\]: the list is empty/],
      ['cards.count=[1,1]', /^error: --grid cards\.count=\[1,1\]: 1 is given twice/],
      ['cards.count=[1, [2]', /^error: --grid cards\.count=\[1, \[2\]: the values are not YAML/],
    ];
    for (const [grid, message] of cases) {
      const r = await sim('sweep', 'scenarios/smoke.yaml', '--grid', grid, '--out', join(work, 'never'));
      expect(r.code, grid).toBe(2);
      expect(r.err.trimEnd().split('\n'), grid).toEqual([expect.stringMatching(message)]);
    }
    const twice = await sim('sweep', 'scenarios/smoke.yaml', '--grid', 'cards.count=[1]', '--grid', 'cards.count=[2]');
    expect(twice.err.trimEnd()).toBe('error: --grid cards.count: the path is swept twice; give all its values in one list');
  });

  it('a bad value at any point stops the sweep before it runs, naming the override', async () => {
    const r = await sim('sweep', 'scenarios/smoke.yaml', '--grid', 'cards.count=[1000,-1]', '--out', join(work, 'bad'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^--set cards\.count=-1: cards\.count: must be between 1 and 1000000000; got -1 \(sweep point 2: cards\.count=-1\)$/m);
    // A problem in the file that only a point's value causes names the point.
    const fees = await sim('sweep', 'scenarios/smoke.yaml', '--grid', 'fees.min_amount=[50,100]', '--grid', 'cards.count=[1000,2000]', '--out', join(work, 'bad'));
    expect(fees.code).toBe(2);
    expect(fees.err.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^scenarios\/smoke\.yaml:\d+:\d+: merchants\.categories\[2\]\.ticket\.value: a ticket of RUB 57\.00 is below fees\.min_amount RUB 100\.00, .* \(sweep point 3: fees\.min_amount=100, cards\.count=1000 and 1 more\)$/),
      '1 problem found; nothing was run.',
    ]);
  });
});

describe('sim sweep', () => {
  it('writes sweep.csv per point and metric, the same bytes with 1 and 2 workers', async () => {
    const one = join(work, 'w1');
    const two = join(work, 'w2');
    const r1 = await sweep(one, '--replications', '2', '--workers', '1');
    expect(r1.code, r1.err).toBe(0);
    expect(r1.err.trimEnd().split('\n')).toEqual(['sweep: 1/4 points done', 'sweep: 2/4 points done', 'sweep: 3/4 points done', 'sweep: 4/4 points done']);
    expect((await sweep(two, '--replications', '2', '--workers', '2', '--quiet')).code).toBe(0);
    for (const f of ['sweep.csv', 'sweep-values.csv']) expect(readFileSync(join(two, f)), f).toEqual(readFileSync(join(one, f)));

    const rows = csv(join(one, 'sweep.csv'));
    expect(rows[0]).toEqual(['point', 'cards.count', 'issuers.hosts.Beta Bank.servers', 'metric', 'unit', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n']);
    const purchases = rows.filter((r) => r[3] === 'purchases');
    expect(purchases.map((r) => r.slice(0, 3))).toEqual([['1', '1000', '1'], ['2', '1000', '3'], ['3', '2e3', '1'], ['4', '2e3', '3']]);
    expect(purchases.every((r) => r[4] === 'count' && r[9] === '2')).toBe(true);
    // Twice the cards, about twice the purchases.
    expect(Number(purchases[2]![5])).toBeGreaterThan(1.5 * Number(purchases[0]![5]));
    // The mean is the mean of the recorded values.
    const values = csv(join(one, 'sweep-values.csv')).filter((r) => r[0] === '1' && r[2] === 'purchases').map((r) => Number(r[3]));
    expect(values).toHaveLength(2);
    expect(Number(purchases[0]![5])).toBeCloseTo((values[0]! + values[1]!) / 2, 6);

    const m = JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.options.grid).toEqual(['cards.count=[1000,2e3]', 'issuers.hosts.Beta Bank.servers=[1,3]']);
    expect(m.options.replications).toBe(2);
    expect(m.files.map((f) => f.name)).toEqual(['sweep.csv', 'sweep-values.csv', 'datapackage.json', 'summary.json']);
    const summary = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({ format: 'quartet.summary/1', kind: 'sweep', seed: 42, set: [], points: 4, seeds: [42, 43], runs: 8, currency: 'RUB' });
    expect(summary['grid']).toEqual([{ path: 'cards.count', values: ['1000', '2e3'] }, { path: 'issuers.hosts.Beta Bank.servers', values: ['1', '3'] }]);
    expect(summary['simulated']).toEqual({ start: '2018-12-20T18:00:00.000+03:00', end: '2018-12-20T18:10:00.000+03:00', duration_us: 600_000_000 });
    // sim verify runs the whole sweep again and finds the same bytes; a changed value is a mismatch.
    const v = await sim('verify', one);
    expect(v.code, v.out + v.err).toBe(0);
    expect(v.out).toMatch(/identical {2}sweep\.csv\nidentical {2}sweep-values\.csv\n/);
    writeFileSync(join(one, 'sweep.csv'), readFileSync(join(one, 'sweep.csv'), 'utf8').replace(/^1,1000,1,purchases,count,[\d.]+/m, '1,1000,1,purchases,count,1.000000'));
    const changed = await sim('verify', one);
    expect(changed.code).toBe(1);
  });

  it('with one seed per point leaves sd and the interval empty, and applies --set to every point', async () => {
    const dir = join(work, 'single');
    const r = await sim('sweep', 'scenarios/smoke.yaml', '--duration', '10m', '--grid', 'cards.count=[1000]', '--set', 'issuers.hosts.Beta Bank.servers=5', '--out', dir, '--quiet');
    expect(r.code, r.err).toBe(0);
    const row = csv(join(dir, 'sweep.csv')).find((x) => x[2] === 'purchases')!;
    expect(row[3]).toBe('count');
    expect(Number(row[4])).toBeGreaterThan(0);
    expect(row.slice(5)).toEqual(['', '', '', '1']);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.options.set).toEqual(['issuers.hosts.Beta Bank.servers=5']);
  });
});
