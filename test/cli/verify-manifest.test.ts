/**
 * `sim verify` checks everything it relies on: the directory against its manifest (every listed
 * file there with its SHA-256, bytes and rows, nothing unlisted), then the re-run's files and
 * counts against the manifest. A mismatch is exit 1 naming what differs; a manifest that is not
 * one is exit 2 naming the field and what was expected.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-verify-manifest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const recorded = join(work, 'recorded');
beforeAll(async () => {
  const io = captureIo();
  expect(await main(['run', 'scenarios/smoke.yaml', '--duration', '20m', '--out', recorded, '--quiet'], io), io.stderr()).toBe(0);
});

async function verify(dir: string): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(['verify', dir], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

let copies = 0;
/** A copy of the recorded run directory, its manifest changed by `edit` (as parsed JSON). */
function copyWith(edit: (m: Record<string, any>) => unknown = (m) => m): string {
  const dir = join(work, `copy-${++copies}`);
  cpSync(recorded, dir, { recursive: true });
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, any>;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(edit(m), null, 2));
  return dir;
}

const fileOf = (m: Record<string, any>, name: string): Record<string, any> => (m['files'] as Record<string, any>[]).find((f) => f['name'] === name)!;

describe('sim verify: the directory against its manifest', () => {
  it('an untouched copy verifies (exit 0)', async () => {
    const r = await verify(copyWith());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/byte-identical to the recorded run, and its counts agree/);
  });

  it('an edited digest is a mismatch naming the file (the files themselves are identical)', async () => {
    const dir = copyWith((m) => {
      fileOf(m, 'nodes.csv')['sha256'] = 'f'.repeat(64);
      return m;
    });
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/changed\s+nodes\.csv: does not match the manifest \(sha256 ffffffffffff in the manifest, [0-9a-f]{12} on disk\)/);
    expect(r.out).toMatch(/identical\s+nodes\.csv/);
    expect(r.out).toMatch(/1 file differs from the recorded run/);
  });

  it('edited rows and bytes are mismatches naming the field and both values', async () => {
    const dir = copyWith((m) => {
      fileOf(m, 'throughput.csv')['rows'] += 1;
      fileOf(m, 'declines.csv')['bytes'] -= 1;
      return m;
    });
    const realRows = readFileSync(join(recorded, 'throughput.csv'), 'utf8').trimEnd().split('\n').length - 1;
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`changed    throughput.csv: does not match the manifest (rows ${realRows + 1} in the manifest, ${realRows} on disk)`);
    expect(r.out).toMatch(/changed\s+declines\.csv: does not match the manifest \(bytes [\d,]+ in the manifest, [\d,]+ on disk\)/);
    expect(r.out).toMatch(/2 files differ from the recorded run/);
  });

  it('an edited row of a file is named by the manifest check and by the re-run (first differing line)', async () => {
    const dir = copyWith();
    const p = join(dir, 'throughput.csv');
    const lines = readFileSync(p, 'utf8').split('\n');
    lines[2] = lines[2]!.replace(/,(\d+),/, ',9$1,');
    writeFileSync(p, lines.join('\n'));
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/changed\s+throughput\.csv: does not match the manifest \(sha256 [0-9a-f]{12} in the manifest, [0-9a-f]{12} on disk; bytes/);
    expect(r.out).toMatch(/differs\s+throughput\.csv: first difference at line 3/);
    expect(r.out).toMatch(/1 file differs/);
  });

  it('an extra file or directory in the run directory is a mismatch', async () => {
    const dir = copyWith();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    mkdirSync(join(dir, 'extra'));
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/unlisted\s+extra: a directory in .* that the manifest does not list/);
    expect(r.out).toMatch(/unlisted\s+notes\.txt: a file in .* that the manifest does not list/);
    expect(r.out).toMatch(/2 files differ/);
  });

  it('a missing file is a mismatch', async () => {
    const dir = copyWith();
    unlinkSync(join(dir, 'declines.csv'));
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/missing\s+declines\.csv: listed in the manifest but not in /);
    expect(r.out).toMatch(/identical\s+nodes\.csv/);
    expect(r.out).toMatch(/1 file differs/);
  });
});

describe('sim verify: the re-run against the recorded counts', () => {
  it.each(['events', 'transactions', 'cards', 'terminals', 'merchants'])('an edited count (%s) is a mismatch naming it and both values', async (field) => {
    let was = 0;
    const dir = copyWith((m) => {
      was = m[field] as number;
      m[field] = was + 1;
      return m;
    });
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`differs    ${field}: ${(was + 1).toLocaleString('en-US')} recorded, ${was.toLocaleString('en-US')} in the re-run`);
    expect(r.out).toMatch(/1 recorded count or option differs/);
  });

  it("an edited scenario digest says the scenario changed since the run (a mismatch, exit 1)", async () => {
    const dir = copyWith((m) => {
      m['scenario'].sha256 = '0'.repeat(64);
      return m;
    });
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/scenario file .*smoke\.yaml changed since the run: sha256 [0-9a-f]{12} now, 000000000000 recorded/);
  });

  it('an edited simulated end is a mismatch too', async () => {
    const dir = copyWith((m) => {
      m['simulated'].end = '2030-01-01T00:00:00+03:00';
      return m;
    });
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/differs\s+simulated\.end: "2030-01-01T00:00:00\+03:00" recorded, "[^"]+" in the re-run/);
  });
});

describe('sim verify: a malformed manifest is bad input (exit 2) naming each field, with no stack trace', () => {
  const cases: [string, string, RegExp[]][] = [
    ['{}', '{}', [/manifest\.json: tool: missing; expected the string 'quartet'/, /manifest\.json: files: missing; expected a list/, /manifest\.json: options: missing; expected a mapping/, /problems in the manifest; nothing was re-run/]],
    ['a list', '[]', [/manifest\.json: expected a mapping, got a list/]],
    ['null', 'null', [/manifest\.json: expected a mapping, got null/]],
    ['not JSON', '{"tool": "quartet",', [/manifest\.json: not valid JSON/]],
  ];
  it.each(cases)('%s', async (_label, text, patterns) => {
    const dir = copyWith();
    writeFileSync(join(dir, 'manifest.json'), text);
    const r = await verify(dir);
    expect(r.code).toBe(2);
    for (const p of patterns) expect(r.err).toMatch(p);
    expect(r.err).not.toMatch(/TypeError|\n\s+at /);
    expect(r.out).toBe('');
  });

  const edits: [string, (m: Record<string, any>) => void, RegExp][] = [
    ['a digest of the wrong type', (m) => (m['files'][0].sha256 = 5), /files\[0\]\.sha256: expected a SHA-256 \(a string of 64 hex digits\), got number 5/],
    ['a count as a string', (m) => (m['events'] = '12'), /events: expected a whole number >= 0, got string "12"/],
    ['a negative count', (m) => (m['files'][1].rows = -1), /files\[1\]\.rows: expected a whole number >= 0, got number -1/],
    ['a missing option', (m) => delete m['options'].durationUs, /options\.durationUs: missing; expected a whole number > 0/],
    ['files not a list', (m) => (m['files'] = {}), /files: expected a list, got a mapping/],
    ['a file outside the directory', (m) => (m['files'][0].name = '../elsewhere.csv'), /files\[0\]\.name: expected the name of a file in the run directory/],
    ['a file listed twice', (m) => (m['files'][1] = { ...m['files'][0] }), /files\[1\]\.name: \S+ is listed twice/],
    ['no fee models in a compare manifest', (m) => (m['options'].feeModels = []), /options\.feeModels: expected at least one fee model/],
    ['a wrong tool', (m) => (m['tool'] = 'other'), /tool: expected the string 'quartet', got string "other"/],
  ];
  it.each(edits)('%s', async (_label, edit, pattern) => {
    const dir = copyWith((m) => {
      edit(m);
      return m;
    });
    const r = await verify(dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(pattern);
    expect(r.err).not.toMatch(/TypeError|\n\s+at /);
  });
});
