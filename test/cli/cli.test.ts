import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { StagedDir } from '../../src/output/run-dir.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('sim run', () => {
  it('writes the tables and a manifest with a digest of every file', async () => {
    const io = captureIo();
    const out = join(work, 'run1');
    expect(await main(['run', 'scenarios/smoke.yaml', '--out', out], io)).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['datapackage.json', 'declines.csv', 'fees.csv', 'manifest.json', 'nodes.csv', 'settlement.csv', 'summary.json', 'throughput.csv', 'wallet.csv']);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m.files.map((f: { name: string }) => f.name).sort()).toEqual(files.filter((f) => f !== 'manifest.json'));
    expect(m.transactions).toBeGreaterThan(0);
    expect(io.stdout()).toMatch(/purchases\s+[\d,]+/);
    // Every CSV has a header and rows with as many cells as the header.
    for (const f of files.filter((f) => f.endsWith('.csv'))) {
      const lines = readFileSync(join(out, f), 'utf8').trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(1);
      const width = lines[0]!.split(',').length;
      for (const l of lines.slice(1, 50)) expect(l.split(',').length).toBe(width);
    }
  });

  it('never overwrites an existing run directory without --force, and replaces it with --force', async () => {
    const out = join(work, 'existing');
    expect(await main(['run', 'scenarios/smoke.yaml', '--out', out, '--quiet', '--duration', '10m'], captureIo())).toBe(0);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const io = captureIo();
    expect(await main(['run', 'scenarios/smoke.yaml', '--out', out, '--quiet'], io)).toBe(2);
    expect(io.stderr()).toMatch(/already exists; use --force/);
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('mine');
    expect(await main(['run', 'scenarios/smoke.yaml', '--out', out, '--quiet', '--force'], captureIo())).toBe(0);
    expect(existsSync(join(out, 'keep.txt'))).toBe(false);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    // No temporary directories are left beside it.
    expect(readdirSync(work).filter((f) => f.includes('partial') || f.includes('.old-'))).toEqual([]);
  });

  it('bad input: every problem with file:line:column, exit 2, no stack trace, nothing written', async () => {
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, 'name: bad\nduration: 1h\ncards: {count: 10, activ_share: 2}\n');
    const io = captureIo();
    const out = join(work, 'never');
    expect(await main(['run', bad, '--out', out], io)).toBe(2);
    const err = io.stderr();
    expect(err).toMatch(/bad\.yaml:3:\d+: cards\.activ_share: unknown key 'activ_share' in cards; did you mean 'active_share'\?/);
    expect(err).toMatch(/bad\.yaml:\d+:\d+: .*missing required key 'issuers'/);
    expect(err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a bad option value with exit 2', async () => {
    const io = captureIo();
    expect(await main(['run', 'scenarios/smoke.yaml', '--seed', 'abc'], io)).toBe(2);
    expect(io.stderr()).toMatch(/--seed/);
    expect(await main(['run', 'scenarios/smoke.yaml', '--duration', '-3h'], captureIo())).toBe(2);
  });

  it('--duration shortens the run and --seed changes it', async () => {
    const a = join(work, 'short');
    expect(await main(['run', 'scenarios/smoke.yaml', '--out', a, '--quiet', '--duration', '20m', '--seed', '3'], captureIo())).toBe(0);
    const m = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
    expect(m.simulated.durationUs).toBe(20 * 60 * 1e6);
    expect(m.seed).toBe(3);
    expect(readFileSync(join(a, 'throughput.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });
});

describe('a failed run leaves nothing that looks complete', () => {
  it('abandoning a staged directory removes it and leaves the target absent', () => {
    const target = join(work, 'staged');
    const s = new StagedDir(target, false);
    writeFileSync(join(s.temp, 'throughput.csv'), 'partial');
    expect(existsSync(target)).toBe(false);
    s.abandon();
    expect(existsSync(s.temp)).toBe(false);
    expect(existsSync(target)).toBe(false);
  });
});

describe('sim validate and sim schema', () => {
  it('validate says ok for every shipped scenario', async () => {
    for (const f of readdirSync('scenarios').filter((f) => f.endsWith('.yaml'))) {
      const io = captureIo();
      expect(await main(['validate', join('scenarios', f)], io), io.stderr()).toBe(0);
      expect(io.stdout()).toMatch(/is valid/);
    }
  });

  it('schema prints a JSON Schema that names the top-level keys', async () => {
    const io = captureIo();
    expect(await main(['schema'], io)).toBe(0);
    const schema = JSON.parse(io.stdout());
    expect(schema.type).toBe('object');
    for (const k of ['name', 'duration', 'cards', 'issuers', 'acquirers', 'switch', 'links', 'merchants', 'faults']) {
      expect(schema.properties).toHaveProperty(k);
    }
  });

  it('verify on a directory without a manifest is bad input', async () => {
    const io = captureIo();
    expect(await main(['verify', work], io)).toBe(2);
    expect(io.stderr()).toMatch(/no manifest\.json/);
  });
});

describe('memory honesty', () => {
  it('stops a run that cannot fit before it starts, with the estimate and the largest card count that fits', async () => {
    const io = captureIo();
    const out = join(work, 'too-big');
    process.env.QUARTET_MEMORY_BYTES = String(2 * 2 ** 30);
    try {
      expect(await main(['run', 'scenarios/russia-national.yaml', '--out', out], io)).toBe(2);
    } finally {
      delete process.env.QUARTET_MEMORY_BYTES;
    }
    const m = /needs about ([\d.]+) GB .* the machine has ([\d.]+) GB; the largest card count that fits is ([\d,]+) \(cards\.count is 270,000,000\)/.exec(io.stderr());
    expect(m, io.stderr()).not.toBeNull();
    // 270 M cards at 14 bytes each alone are 3.5 GB: the estimate must say more than that.
    expect(Number(m![1])).toBeGreaterThan(3.5);
    expect(Number(m![2])).toBe(2);
    const maxCards = Number(m![3]!.replace(/,/g, ''));
    expect(maxCards).toBeGreaterThan(0);
    expect(maxCards * 14).toBeLessThan(2 * 2 ** 30);
    expect(existsSync(out)).toBe(false);
  });
});

describe('an interrupted run', () => {
  it('its temporary directory (the killed process is gone) is removed by the next run into the same place', async () => {
    const target = join(work, 'interrupted');
    // A partial directory left by a process that no longer exists (pid 2^22 + 12345 is above Linux's pid_max default).
    const stale = join(work, `.interrupted.partial-${2 ** 22 + 12345}`);
    mkdirSync(stale);
    writeFileSync(join(stale, 'throughput.csv'), 'half a file');
    expect(existsSync(target)).toBe(false);
    expect(await main(['run', 'scenarios/smoke.yaml', '--out', target, '--quiet'], captureIo())).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(join(target, 'manifest.json'))).toBe(true);
  });
});
