/** `sim verify` on the directory of `sim compare`, and its exit code for a mismatch (1). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-verify-compare-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('sim verify <compare directory>', () => {
  const dir = join(work, 'compare');
  beforeAll(async () => {
    const io = captureIo();
    expect(await main(['compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019,eu-ifr', '--duration', '30m', '--out', dir, '--quiet'], io), io.stderr()).toBe(0);
  });

  it('re-runs the comparison with the recorded fee models and finds every file identical (exit 0)', async () => {
    const io = captureIo();
    expect(await main(['verify', dir], io), io.stderr()).toBe(0);
    for (const f of ['compare.csv', 'throughput.csv', 'nodes.csv', 'declines.csv', 'wallet.csv']) expect(io.stdout()).toMatch(new RegExp(`identical\\s+${f.replace('.', '\\.')}`));
    expect(io.stdout()).toMatch(/All 7 files are byte-identical/);
  });

  it('names a changed value of compare.csv and its line, with exit 1 (a mismatch, not an error)', async () => {
    const p = join(dir, 'compare.csv');
    const lines = readFileSync(p, 'utf8').split('\n');
    lines[4] = lines[4]!.split(',').map((c, i) => (i === 4 ? '999999' : c)).join(',');
    writeFileSync(p, lines.join('\n'));
    const io = captureIo();
    expect(await main(['verify', dir], io)).toBe(1);
    expect(io.stdout()).toMatch(/differs\s+compare\.csv: first difference at line 5/);
    expect(io.stdout()).toMatch(/identical\s+nodes\.csv/);
    expect(io.stdout()).toMatch(/1 file differ/);
    expect(io.stderr()).not.toMatch(/internal error/);
  });
});
