import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Manifest } from '../../src/output/manifest.js';
import { captureIo } from '../helpers/io.js';

/**
 * Golden seeded replays of the shipped scenarios: the digest of every output file is pinned in
 * golden.json. A change to any of them fails here, naming the file. To change them on purpose:
 * `UPDATE_GOLDEN=1 npx vitest run test/golden`, and say why in the commit.
 */
const GOLDEN = join(__dirname, 'golden.json');
const CASES = [
  { name: 'smoke', args: ['scenarios/smoke.yaml', '--transactions'] },
  { name: 'issuer-outage', args: ['scenarios/issuer-outage.yaml'] },
  { name: 'tandem-100s', args: ['scenarios/tandem.yaml', '--duration', '100s'] },
  { name: 'russia-2d', args: ['scenarios/russia.yaml', '--duration', '2d'] },
  { name: 'russia-tourists-1d', args: ['scenarios/russia-tourists.yaml', '--duration', '1d'] },
  { name: 'russia-national-1h', args: ['scenarios/russia-national.yaml', '--duration', '1h'] },
  { name: 'bench-hold-1k', args: ['scenarios/bench-hold-1k.yaml'] },
  { name: 'china-qr-competition-7d', args: ['scenarios/china-qr-competition.yaml', '--duration', '7d', '--transactions'] },
  // The large city at a 50th of its consumers and merchants, one day: the scenario file and its pipeline.
  { name: 'china-city-1d-small', args: ['scenarios/china-city.yaml', '--duration', '1d', '--set', 'cards.count=200000', '--set', 'merchants.terminals=10000', '--transactions'] },
  // Several markets (markets:, travellers:): six currencies, two days each.
  { name: 'eastern-europe-2d', args: ['scenarios/eastern-europe.yaml', '--duration', '2d', '--transactions'] },
  { name: 'china-outbound-2d', args: ['scenarios/china-outbound.yaml', '--duration', '2d'] },
] as const;

const work = mkdtempSync(join(tmpdir(), 'quartet-golden-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(args: readonly string[], out: string): Promise<Manifest> {
  const io = captureIo();
  const code = await main(['run', ...args, '--out', out, '--quiet'], io);
  expect(code, io.stderr()).toBe(0);
  return JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
}

const digests = (m: Manifest): Record<string, string> => Object.fromEntries(m.files.map((f) => [f.name, f.sha256]));

describe('golden seeded replays', () => {
  const actual: Record<string, Record<string, string>> = {};
  for (const c of CASES) {
    it(`${c.name}: output files match the pinned digests`, async () => {
      const m = await run(c.args, join(work, c.name));
      actual[c.name] = digests(m);
      if (process.env.UPDATE_GOLDEN === '1') {
        const g = existsSync(GOLDEN) ? (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, unknown>) : {};
        g[c.name] = actual[c.name];
        writeFileSync(GOLDEN, `${JSON.stringify(g, null, 2)}\n`);
        return;
      }
      const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, string>>;
      expect(actual[c.name]).toEqual(golden[c.name]);
    });
  }
});

describe('determinism', () => {
  it('the same scenario and seed give byte-identical files; another seed gives different ones', async () => {
    const a = await run(['scenarios/smoke.yaml', '--transactions'], join(work, 'det-a'));
    const b = await run(['scenarios/smoke.yaml', '--transactions'], join(work, 'det-b'));
    const c = await run(['scenarios/smoke.yaml', '--transactions', '--seed', '7'], join(work, 'det-c'));
    expect(digests(b)).toEqual(digests(a));
    for (const f of a.files) {
      expect(readFileSync(join(work, 'det-b', f.name))).toEqual(readFileSync(join(work, 'det-a', f.name)));
    }
    const dc = digests(c);
    for (const f of ['throughput.csv', 'nodes.csv', 'transactions.csv']) expect(dc[f]).not.toBe(digests(a)[f]);
  });

  it('sim verify agrees with a recorded run and names the file and row of a difference', async () => {
    const dir = join(work, 'verify');
    await run(['scenarios/smoke.yaml'], dir);
    const ok = captureIo();
    expect(await main(['verify', dir], ok)).toBe(0);
    expect(ok.stdout()).toMatch(/byte-identical/);
    // Tamper with row 3 of throughput.csv: verify must fail and say where.
    const p = join(dir, 'throughput.csv');
    const lines = readFileSync(p, 'utf8').split('\n');
    lines[2] = lines[2]!.replace(/^(\d+),/, '$1,X');
    writeFileSync(p, lines.join('\n'));
    const bad = captureIo();
    expect(await main(['verify', dir], bad)).toBe(1);
    expect(bad.stdout()).toMatch(/differs\s+throughput\.csv: first difference at line 3/);
  });
});
