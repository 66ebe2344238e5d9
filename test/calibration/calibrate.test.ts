/**
 * sim calibrate: a target inside its band exits 0, one outside exits 1 (each seen), over R
 * replications with a 95 % interval; a scenario without targets exits 2. NRMSE against a hand
 * computation, and a sharded run's streamed counts merged (against its transactions.csv).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nrmseRows } from '../../src/app/calibrate.js';
import { executeRun } from '../../src/app/run.js';
import { main } from '../../src/cli/main.js';
import type { CalibrationRow } from '../../src/output/calibration.js';
import { parseScenario } from '../../src/scenario/index.js';
import { captureIo } from '../helpers/io.js';

const SMOKE = readFileSync('scenarios/smoke.yaml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'calib-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenarioWith(name: string, targets: string[]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `${SMOKE}\ncalibration:\n${targets.map((t) => `  - ${t}`).join('\n')}\n`);
  return file;
}

describe('sim calibrate', () => {
  it('exits 0 when every target is inside its band, with the mean and 95 % interval of R runs', async () => {
    const file = scenarioWith('pass', ['{ metric: approval_rate, value: 0.92, band: { absolute: 0.1 }, source: "sources §2.9" }']);
    const io = captureIo();
    expect(await main(['calibrate', file, '--replications', '2', '--out', join(dir, 'pass-out'), '--workers', '1'], io)).toBe(0);
    expect(io.stdout()).toContain('all 1 targets inside their bands');
    expect(io.stdout()).toMatch(/approval_rate +0\.9200 +±0\.1 +0\.9\d{3} +0\.\d{4}\.\.0\.\d{4} +-?\d+\.\d % +ok/);
    const [head, row] = readFileSync(join(dir, 'pass-out', 'calibration.csv'), 'utf8').trimEnd().split('\n');
    expect(head).toBe('metric,scope,target,band,simulated,ci95_low,ci95_high,error,relative_error,inside,source');
    const cells = row!.split(',');
    const [low, mean, high] = [Number(cells[5]), Number(cells[4]), Number(cells[6])];
    expect(low).toBeLessThan(mean);
    expect(high).toBeGreaterThan(mean);
    // Each seed's run directory has its own table of its one run.
    const seed = readFileSync(join(dir, 'pass-out', 'seed-42', 'calibration.csv'), 'utf8').split('\n')[1]!.split(',');
    expect(seed[5]).toBe('');
  }, 60_000);

  it('exits 1 when a target is outside its band, and names it', async () => {
    const file = scenarioWith('fail', [
      '{ metric: approval_rate, value: 0.92, band: { absolute: 0.1 }, source: "sources §2.9" }',
      '{ metric: average_ticket, value: 100, band: { relative: 0.1 }, source: "a wrong figure" }',
    ]);
    const io = captureIo();
    expect(await main(['calibrate', file, '--out', join(dir, 'fail-out')], io)).toBe(1);
    expect(io.stdout()).toContain('1 of 2 targets outside their bands');
    expect(io.stdout()).toMatch(/average_ticket +100\.00 +±10% +\d+\.\d\d +- +\d+\.\d % +OUT/);
    expect(readFileSync(join(dir, 'fail-out', 'calibration.csv'), 'utf8')).toMatch(/\naverage_ticket,all,100\.000000,±10%,[\d.]+,,,[\d.]+,[\d.]+,0,a wrong figure\n/);
  }, 60_000);

  it('exits 2 for a scenario without targets', async () => {
    const io = captureIo();
    expect(await main(['calibrate', 'scenarios/smoke.yaml', '--out', join(dir, 'none')], io)).toBe(2);
    expect(io.stderr()).toContain('scenarios/smoke.yaml: the scenario has no calibration targets');
  });
});

describe('NRMSE per group', () => {
  const row = (group: string, target: number, simulated: number): CalibrationRow => ({
    metric: group, scope: 'all', group, target, band: '±1', simulated, low: NaN, high: NaN, error: simulated - target, relativeError: NaN, inside: true, source: '',
  });

  it('is the RMSE over the range of the targets, or over the mean |target| for one target; rows without a value are left out', () => {
    const g = nrmseRows([row('a', 0.5, 0.6), row('b', 10, 12), row('a', 0.3, 0.2), row('a', 0.1, 0.1), row('a', 0.2, NaN)]);
    // Group a: errors 0.1, -0.1, 0 -> RMSE sqrt(0.02 / 3); targets 0.1..0.5 -> range 0.4.
    expect(g[0]!.group).toBe('a');
    expect(g[0]!.targets).toBe(3);
    expect(g[0]!.rmse).toBeCloseTo(Math.sqrt(0.02 / 3), 12);
    expect(g[0]!.normalizer).toBeCloseTo(0.4, 12);
    expect(g[0]!.nrmse).toBeCloseTo(Math.sqrt(0.02 / 3) / 0.4, 12);
    // Group b: one target, error 2 over |10|: the relative error.
    expect(g[1]).toEqual({ group: 'b', targets: 1, rmse: 2, normalizer: 10, nrmse: 0.2 });
  });
});

describe('a sharded run', () => {
  it('merges the streamed counts of its shards (against its transactions.csv)', async () => {
    const text = `${SMOKE.replace(/^seed: 42$/m, 'seed: 42\nshards: 2')}\ncalibration:\n  - { metric: approval_rate, value: 0.9, band: { absolute: 0.1 }, source: s }\n  - { metric: purchases_per_active_card_per_day, value: 5, band: { relative: 1 }, source: s }\n`;
    const { scenario } = parseScenario(text, 'sharded.yaml');
    expect(scenario!.shards).toBe(2);
    const out = join(dir, 'sharded');
    const run = await executeRun({ scenario: scenario!, seed: 42, outDir: out, force: false, transactions: true, workers: 2 });
    const [head, ...lines] = readFileSync(join(out, 'transactions.csv'), 'utf8').trimEnd().split('\n');
    const cols = head!.split(',');
    const rows = lines.map((l) => l.split(','));
    const approved = rows.filter((r) => r[cols.indexOf('outcome')] === 'approved').length;
    const cards = new Set(rows.map((r) => r[cols.indexOf('card')])).size;
    expect(run.calibration!.values[0]).toBeCloseTo(approved / rows.length, 12);
    expect(run.calibration!.values[1]).toBeCloseTo(rows.length / (cards / 24), 9);
  }, 60_000);
});
