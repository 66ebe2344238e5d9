/** `--set` on the command line: run and compare take it, the manifest records it, verify re-applies it. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Manifest } from '../../src/output/manifest.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-set-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function sim(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

describe('sim run --set', () => {
  it('changes the run, is recorded in the manifest, and sim verify applies it again', async () => {
    const dir = join(work, 'set');
    const r = await sim('run', 'scenarios/smoke.yaml', '--out', dir, '--quiet', '--duration', '20m', '--set', 'cards.count=3000', '--set', 'issuers.hosts.Beta Bank.servers=3');
    expect(r.code, r.err).toBe(0);
    const m = manifest(dir);
    expect(m.options.set).toEqual(['cards.count=3000', 'issuers.hosts.Beta Bank.servers=3']);
    expect(m.cards).toBe(3000);
    expect(readFileSync(join(dir, 'nodes.csv'), 'utf8')).toMatch(/,Beta Bank,issuer,3,/);
    const v = await sim('verify', dir);
    expect(v.code, v.out + v.err).toBe(0);
    // Without the overrides the re-run differs: verify does apply them.
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...m, options: { ...m.options, set: ['cards.count=3001', 'issuers.hosts.Beta Bank.servers=3'] } }));
    const tampered = await sim('verify', dir);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/cards: 3,000 recorded, 3,001 in the re-run/);
  });

  it('a run without --set records none', async () => {
    const dir = join(work, 'plain');
    expect((await sim('run', 'scenarios/smoke.yaml', '--out', dir, '--quiet', '--duration', '10m')).code).toBe(0);
    expect(manifest(dir).options.set).toBeUndefined();
  });

  it('a bad override exits 2 with one line naming it', async () => {
    const r = await sim('run', 'scenarios/smoke.yaml', '--out', join(work, 'bad'), '--quiet', '--set', 'cards.count=-1');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')[0]).toBe('--set cards.count=-1: cards.count: must be between 1 and 1000000000; got -1');
  });

  it('sim validate checks a scenario with its overrides', async () => {
    const ok = await sim('validate', 'scenarios/smoke.yaml', '--set', 'cards.count=5000');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/\(5,000 cards,/);
    const bad = await sim('validate', 'scenarios/smoke.yaml', '--set', 'cards.cout=5');
    expect(bad.code).toBe(2);
    expect(bad.err.split('\n')[0]).toBe("--set cards.cout=5: cards.cout: unknown key 'cout' in cards; did you mean 'count'?");
  });

  it('a sharded run gets the override on its workers', async () => {
    const file = join(work, 'smoke-2.yaml');
    writeFileSync(file, readFileSync('scenarios/smoke.yaml', 'utf8').replace(/^seed: (\d+)$/m, 'seed: $1\nshards: 2'));
    const dir = join(work, 'sharded');
    const r = await sim('run', file, '--out', dir, '--quiet', '--workers', '2', '--duration', '20m', '--set', 'cards.count=1000');
    expect(r.code, r.err).toBe(0);
    expect(manifest(dir).cards).toBe(1000);
  });

  it('sim compare takes --set and records it', async () => {
    const dir = join(work, 'compare');
    const r = await sim('compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019,eu-ifr', '--out', dir, '--quiet', '--duration', '20m', '--set', 'cards.count=2500');
    expect(r.code, r.err).toBe(0);
    expect(manifest(dir).options.set).toEqual(['cards.count=2500']);
    expect((await sim('verify', dir)).code).toBe(0);
  });
});
