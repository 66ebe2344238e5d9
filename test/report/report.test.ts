/** `sim report` and `sim run --report`: what the page holds, that it is ours and stable, and its errors. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { chartIds, manifestFacts, readRunManifest } from '../../src/report/index.js';
import { readRunTables } from '../../src/report/tables.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-report-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function sim(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const run = join(work, 'run');
const compare = join(work, 'compare');
const reps = join(work, 'reps');
const sweep = join(work, 'sweep');

beforeAll(async () => {
  expect((await sim(['run', 'scenarios/smoke.yaml', '--transactions', '--report', '--quiet', '--out', run])).code).toBe(0);
  expect((await sim(['compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019,eu-ifr', '--duration', '30m', '--report', '--quiet', '--out', compare])).code).toBe(0);
  expect((await sim(['run', 'scenarios/smoke.yaml', '--replications', '2', '--duration', '20m', '--report', '--quiet', '--out', reps, '--workers', '1'])).code).toBe(0);
  const s = await sim(['sweep', 'scenarios/smoke.yaml', '--duration', '10m', '--grid', 'cards.count=[1000,2000]', '--replications', '2', '--workers', '1', '--report', '--quiet', '--out', sweep]);
  expect(s.code, s.err).toBe(0);
});

const html = (dir: string): string => readFileSync(join(dir, 'report.html'), 'utf8');
const ids = (dir: string): string[] => chartIds(readRunTables(dir), manifestFacts(readRunManifest(dir)));

describe('sim run --report', () => {
  it('draws every chart a run with fees, a wallet and transactions.csv has, each an SVG with its title', () => {
    const page = html(run);
    const expected = ['purchases', 'tps', 'approval', 'declines', 'latency', 'utilization', 'waits', 'wallet', 'channels', 'fees-CNY', 'fees-RUB', 'settlement-CNY', 'settlement-RUB'];
    expect(ids(run)).toEqual(expected);
    for (const id of expected) expect(page).toMatch(new RegExp(`<svg [^>]*id="chart-${id}"><title>[^<]+</title><desc>`));
    expect(page).toContain('Purchases by channel');
    expect(page).toMatch(/<th scope="row">purchases<\/th><td class="n">542<\/td>/);
  });

  it('lists report.html in the manifest, which says options.report, and sim verify re-creates it byte for byte', async () => {
    const m = readRunManifest(run);
    expect(m.options.report).toBe(true);
    expect(m.files.map((f) => f.name)).toContain('report.html');
    const v = await sim(['verify', run]);
    expect(v.code, v.out + v.err).toBe(0);
    expect(v.out).toMatch(/identical\s+report\.html/);
  });

  it('draws the models side by side for a compare directory, and the intervals for replications', () => {
    expect(ids(compare)).toEqual(['purchases', 'tps', 'approval', 'declines', 'latency', 'utilization', 'waits', 'wallet', 'channels', 'compare-net', 'compare-cost']);
    expect(html(compare)).toContain('ru-2019, eu-ifr');
    expect(ids(reps)).toEqual(['replications']);
    expect(html(reps)).toMatch(/<th scope="col" class="n">95 % low<\/th>/);
    expect(readRunManifest(reps).files.map((f) => f.name)).toEqual(['replications.csv', 'replication-values.csv', 'datapackage.json', 'summary.json', 'report.html']);
  });

  it('is self-contained: no script, no external reference, every id unique on the page', () => {
    for (const dir of [run, compare, reps, sweep]) {
      const page = html(dir);
      expect(page).not.toMatch(/<script|<img|<link|<iframe|@import|url\((?!#)/i);
      const urls = [...page.matchAll(/https?:\/\/[^"' )]+/g)].map((m) => m[0]);
      expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
      const all = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(all.length).toBeGreaterThan(2);
      expect(new Set(all).size).toBe(all.length);
      for (const m of page.matchAll(/url\(#([^)]+)\)/g)) expect(all).toContain(m[1]);
    }
  });
});

describe('sim sweep --report', () => {
  const metrics = (): string[] => [...new Set(readFileSync(join(sweep, 'sweep.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',')[2]!))];

  it('draws one chart per metric of sweep.csv, the mean and interval at each grid point, with the grid as a table', () => {
    const page = html(sweep);
    expect(metrics()).toContain('approval_rate');
    expect(metrics().length).toBeGreaterThan(15);
    expect(ids(sweep)).toEqual(metrics().map((m) => `sweep-${m}`));
    for (const m of metrics()) expect(page).toMatch(new RegExp(`<svg [^>]*aria-label="${m} per grid point" id="chart-sweep-${m}"><title>${m} per grid point</title><desc>Mean of ${m} \\([^)]+\\) with its 95 % t interval`));
    // Each chart has a dot per point and an interval bar (a rule) per point.
    const purchases = page.slice(page.indexOf('id="chart-sweep-purchases"'), page.indexOf('</svg>', page.indexOf('id="chart-sweep-purchases"')));
    expect(purchases.match(/<line /g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(page).toContain('<p class="lead">sim sweep of 2 grid points x 2 seeds');
    expect(page).toMatch(/<th scope="row">grid<\/th><td class="n">cards\.count=\[1000,2000\]<\/td>/);
    expect(page).toContain('<thead><tr><th scope="col" class="n">point</th><th scope="col">cards.count</th><th scope="col" class="n">seeds</th></tr></thead>');
    expect(page).toMatch(/<tr><td class="n">2<\/td><td>2000<\/td><td class="n">2<\/td><\/tr>/);
  });

  it('lists report.html in the sweep manifest; sim verify re-runs the sweep and finds it byte for byte; sim report gives the same bytes', async () => {
    const m = readRunManifest(sweep);
    expect(m.options.report).toBe(true);
    expect(m.files.map((f) => f.name)).toEqual(['sweep.csv', 'sweep-values.csv', 'datapackage.json', 'summary.json', 'report.html']);
    const v = await sim(['verify', sweep]);
    expect(v.code, v.out + v.err).toBe(0);
    expect(v.out).toMatch(/identical\s+report\.html/);
    const again = join(work, 'sweep-again.html');
    const r = await sim(['report', sweep, '--out', again]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`wrote ${again} (${metrics().length} charts)\n`);
    expect(readFileSync(again, 'utf8')).toBe(html(sweep));
  });
});

describe('sim report <dir>', () => {
  it('writes the same bytes as the run did, in another process and another time zone', () => {
    const out = join(work, 'again.html');
    const sim = resolve('dist/src/bin/sim.js');
    execFileSync(process.execPath, [sim, 'report', run, '--out', out, '--quiet'], { env: { ...process.env, TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8' } });
    expect(readFileSync(out, 'utf8')).toBe(html(run));
  });

  it('with --out writes elsewhere and leaves the manifest alone; refuses to replace a file that is not a report', async () => {
    const dir = join(work, 'plain');
    expect((await sim(['run', 'scenarios/smoke.yaml', '--duration', '20m', '--quiet', '--out', dir])).code).toBe(0);
    const before = readFileSync(join(dir, 'manifest.json'), 'utf8');
    const target = join(work, 'elsewhere.html');
    expect((await sim(['report', dir, '--out', target, '--quiet'])).code).toBe(0);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(before);
    expect(readdirSync(dir)).not.toContain('report.html');
    expect((await sim(['report', dir, '--out', target, '--quiet'])).code).toBe(0);
    const notes = join(work, 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    const r = await sim(['report', dir, '--out', notes]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${notes}: exists and is not a Quartet report; remove it or choose another --out\n`);
    expect(readFileSync(notes, 'utf8')).toBe('my notes\n');
  });

  it('adds report.html to the manifest of a run made without --report, so sim verify still passes', async () => {
    const dir = join(work, 'plain');
    const r = await sim(['report', dir]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^wrote .*report\.html \(\d+ charts; listed in the manifest\)\n$/);
    expect(readRunManifest(dir).options.report).toBe(true);
    const v = await sim(['verify', dir]);
    expect(v.code, v.out + v.err).toBe(0);
    expect(v.out).toMatch(/identical\s+report\.html/);
  });
});

describe('sim report: errors are one line, exit 2', () => {
  /** A copy of the smoke run with one file replaced. */
  function damaged(name: string, file: string, text: string): string {
    const dir = join(work, name);
    mkdirSync(dir);
    for (const f of readdirSync(run)) copyFileSync(join(run, f), join(dir, f));
    writeFileSync(join(dir, file), text);
    return dir;
  }

  it('a directory without manifest.json is not a run', async () => {
    const dir = join(work, 'empty');
    mkdirSync(dir);
    const r = await sim(['report', dir]);
    expect([r.code, r.err]).toEqual([2, `error: ${dir}: not a Quartet run directory (no manifest.json)\n`]);
  });

  it("a manifest that is not Quartet's", async () => {
    const dir = damaged('foreign', 'manifest.json', JSON.stringify({ tool: 'other', files: [] }));
    const r = await sim(['report', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: .*manifest\.json: not a Quartet manifest: tool: expected the string 'quartet', got string "other" \(and \d+ more problems\)\n$/);
  });

  it('a truncated row, a number that is not one, an unclosed quote, a foreign header: each named by file and line, the old page left as it was', async () => {
    const lines = readFileSync(join(run, 'throughput.csv'), 'utf8').split('\n');
    const cases: [string, string, string][] = [
      ['short', [...lines.slice(0, 3), lines[3]!.slice(0, 40), ...lines.slice(4)].join('\n'), 'throughput.csv:4: expected 19 fields as in the header, found 5'],
      ['nan', [...lines.slice(0, 2), lines[2]!.replace(/^(\d+,[^,]+,)\d+/, '$1many'), ...lines.slice(3)].join('\n'), "throughput.csv:3: column attempts: expected a number, got 'many'"],
      ['quote', `${lines.slice(0, 5).join('\n')}\n1,"open\n`, 'throughput.csv:6: a quoted field is not closed before the end of the file'],
      ['header', 'a,b\n1,2\n', 'throughput.csv:1: the header has no column start, attempts'],
    ];
    for (const [name, text, message] of cases) {
      const dir = damaged(`bad-${name}`, 'throughput.csv', text);
      const r = await sim(['report', dir]);
      expect(r.code, name).toBe(2);
      expect(r.err.split('\n').length, r.err).toBe(2);
      expect(r.err).toContain(`${join(dir, message)}`);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(html(run));
      expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    }
  });

  it('a missing directory', async () => {
    const r = await sim(['report', join(work, 'nowhere')]);
    expect([r.code, r.err]).toEqual([2, `error: ${join(work, 'nowhere')}: no such directory\n`]);
  });
});
