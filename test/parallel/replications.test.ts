import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { t95 } from '../../src/app/headline.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-reps-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const csv = (p: string): string[][] => readFileSync(p, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));

async function replicate(dir: string, workers: number): Promise<void> {
  const io = captureIo();
  expect(await main(['run', 'scenarios/smoke.yaml', '--replications', '5', '--workers', String(workers), '--out', dir, '--quiet'], io), io.stderr()).toBe(0);
}

describe('replications', () => {
  it('the summary is computed from the replications it reports, and each replication from its own run', async () => {
    const dir = join(work, 'r1');
    await replicate(dir, 2);
    const values = csv(join(dir, 'replication-values.csv'));
    const seeds = [...new Set(values.map((r) => Number(r[0])))];
    expect(seeds).toEqual([42, 43, 44, 45, 46]);
    // Each replication's approval rate and purchases, recomputed from its own throughput.csv.
    for (const s of seeds) {
      const tp = csv(join(dir, `seed-${s}`, 'throughput.csv'));
      const attempts = tp.reduce((a, r) => a + Number(r[2]), 0);
      const approved = tp.reduce((a, r) => a + Number(r[3]), 0);
      const v = (m: string): number => Number(values.find((r) => Number(r[0]) === s && r[1] === m)![2]);
      expect(v('purchases')).toBe(attempts);
      expect(v('approval_rate')).toBeCloseTo(approved / attempts, 6);
      const m = JSON.parse(readFileSync(join(dir, `seed-${s}`, 'manifest.json'), 'utf8'));
      expect(m.seed).toBe(s);
    }
    // The summary, recomputed from the values: mean, sample sd and the t interval with 4 df.
    const summary = csv(join(dir, 'replications.csv'));
    expect(summary.length).toBeGreaterThan(10);
    for (const row of summary) {
      const xs = values.filter((r) => r[1] === row[0]).map((r) => Number(r[2]));
      expect(xs).toHaveLength(5);
      const mean = xs.reduce((a, b) => a + b, 0) / 5;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
      const half = (2.776 * sd) / Math.sqrt(5);
      expect(Number(row[1])).toBe(5);
      const tol = 1e-5 * Math.max(1, Math.abs(mean));
      expect(Math.abs(Number(row[2]) - mean)).toBeLessThan(tol);
      expect(Math.abs(Number(row[3]) - sd)).toBeLessThan(tol);
      expect(Math.abs(Number(row[4]) - (mean - half))).toBeLessThan(tol);
      expect(Math.abs(Number(row[5]) - (mean + half))).toBeLessThan(tol);
    }
    // Different seeds give different runs.
    const rates = values.filter((r) => r[1] === 'approval_rate').map((r) => r[2]);
    expect(new Set(rates).size).toBeGreaterThan(1);
  });

  it('the files do not depend on the number of workers', async () => {
    await replicate(join(work, 'w1'), 1);
    await replicate(join(work, 'w2'), 2);
    for (const f of ['replications.csv', 'replication-values.csv', 'seed-44/throughput.csv', 'seed-46/settlement.csv']) {
      expect(readFileSync(join(work, 'w2', f)), f).toEqual(readFileSync(join(work, 'w1', f)));
    }
  });

  it('t quantiles match the standard table', () => {
    expect(t95(1)).toBe(12.706);
    expect(t95(4)).toBe(2.776);
    expect(t95(30)).toBe(2.042);
    expect(t95(120)).toBeCloseTo(1.98, 2);
  });
});

describe('verify and replications', () => {
  it('verify names a replications directory as not a single run, and agrees with each seed-<s>/ inside', async () => {
    const dir = join(work, 'verify-reps');
    const io = captureIo();
    expect(await main(['run', 'scenarios/smoke.yaml', '--replications', '2', '--workers', '1', '--out', dir, '--quiet'], io), io.stderr()).toBe(0);
    const top = captureIo();
    expect(await main(['verify', dir], top)).toBe(2);
    expect(top.stderr()).toMatch(/sim run --replications; sim verify re-runs a single run directory/);
    const one = captureIo();
    expect(await main(['verify', join(dir, 'seed-43')], one)).toBe(0);
    expect(one.stdout()).toMatch(/byte-identical/);
  });
});
