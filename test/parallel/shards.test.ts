import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeRun } from '../../src/app/run.js';
import { main } from '../../src/cli/main.js';
import { loadScenario } from '../../src/scenario/index.js';
import type { Manifest } from '../../src/output/manifest.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-shards-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** smoke.yaml split into 4 shards (regions). */
const sharded = join(work, 'smoke-4.yaml');
writeFileSync(sharded, readFileSync('scenarios/smoke.yaml', 'utf8').replace(/^seed: (\d+)$/m, 'seed: $1\nshards: 4'));

async function run(workers: number, out: string, extra: string[] = []): Promise<Manifest> {
  const io = captureIo();
  const code = await main(['run', sharded, '--out', out, '--quiet', '--workers', String(workers), '--transactions', '--ledger', ...extra], io);
  expect(code, io.stderr()).toBe(0);
  return JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
}

describe('shards on worker threads', () => {
  it('merged outputs, settlement included, are byte-identical with 1, 2 and 4 workers', async () => {
    const runs = [];
    for (const w of [1, 2, 4]) runs.push({ w, dir: join(work, `w${w}`), m: await run(w, join(work, `w${w}`)) });
    const names = runs[0]!.m.files.map((f) => f.name).sort();
    expect(names).toEqual(['datapackage.json', 'declines.csv', 'fees.csv', 'ledger.csv', 'nodes.csv', 'settlement.csv', 'summary.json', 'throughput.csv', 'transactions.csv', 'wallet.csv']);
    for (const r of runs.slice(1)) {
      for (const f of names) {
        expect(readFileSync(join(r.dir, f)), `${f} with ${r.w} workers`).toEqual(readFileSync(join(runs[0]!.dir, f)));
      }
    }
    // No part files are left behind.
    expect(readdirSync(runs[1]!.dir).filter((f) => f.includes('part'))).toEqual([]);
  });

  it('the merge conserves purchases: bucket sums, the transaction rows and the cleared count agree', async () => {
    const dir = join(work, 'conserve');
    const m = await run(2, dir);
    const rows = readFileSync(join(dir, 'throughput.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    let attempts = 0;
    let approved = 0;
    for (const r of rows) {
      attempts += Number(r[2]);
      approved += Number(r[3]);
      expect(Number(r[2])).toBe(Number(r[3]) + Number(r[4]) + Number(r[5]));
    }
    expect(attempts).toBe(m.transactions);
    const tx = readFileSync(join(dir, 'transactions.csv'), 'utf8').trimEnd().split('\n');
    expect(tx.length - 1).toBe(m.transactions);
    expect(tx.slice(1).filter((l) => l.includes(',approved,')).length).toBe(approved);
    // Card ids are unique across shards: local id * shards + shard.
    const cardsByShard = new Set(tx.slice(1).map((l) => Number(l.split(',')[2]) % 4));
    expect(cardsByShard.size).toBe(4);
  });

  it('another seed changes a sharded run', async () => {
    const a = await run(2, join(work, 'seed-a'));
    const b = await run(2, join(work, 'seed-b'), ['--seed', '99']);
    const d = (m: Manifest, f: string): string => m.files.find((x) => x.name === f)!.sha256;
    expect(d(b, 'throughput.csv')).not.toBe(d(a, 'throughput.csv'));
  });

  it('reports progress that never goes back and ends at the end of the period with every event, with 1 and 3 workers', async () => {
    const { scenario } = loadScenario(sharded);
    for (const workers of [1, 3]) {
      const ticks: [number, number][] = [];
      const { manifest } = await executeRun({
        scenario: scenario!,
        seed: scenario!.seed,
        outDir: join(work, `progress-${workers}`),
        force: false,
        transactions: false,
        workers,
        onTick: (t, e) => ticks.push([t, e]),
      });
      expect(ticks.length, `${workers} workers`).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < ticks.length; i++) {
        expect(ticks[i]![0]).toBeGreaterThanOrEqual(ticks[i - 1]![0]);
        expect(ticks[i]![1]).toBeGreaterThanOrEqual(ticks[i - 1]![1]);
      }
      expect(ticks.at(-1), `${workers} workers`).toEqual([scenario!.durationUs, manifest.events]);
    }
  });
});
