/**
 * Hostile input never crashes the tool: files too large are refused before parsing (measured on
 * the CLI: time and peak memory), other encodings are named, deep nesting and alias bombs are
 * stopped with their own codes. The exact code and place of each case is pinned by the corpus
 * (corpus.test.ts); this file checks what the corpus cannot: processes, limits, messages.
 *
 * The CLI tests run dist/ (built by `npm test`); run `npm run build` first when running this
 * file alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadScenario, parseScenario, parseScenarioFileBytes } from '../../src/scenario/index.js';
import { captureIo } from '../helpers/io.js';
import { SMOKE, sub } from './fixtures/broken/corpus.js';
import { runSim, simBuilt } from './fixtures/broken/spawn.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** smoke.yaml with `count` more faults: valid YAML of any size. */
function bigScenario(bytes: number): string {
  const line = '  - { kind: host_down, host: "issuer:Beta Bank", from: 30m, duration: 2m }\n';
  return sub('faults:\n', `faults:\n${line.repeat(Math.ceil(bytes / line.length))}`);
}

function expectOneLineError(stderr: string, pattern: RegExp): void {
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at |internal error|Maximum call stack|heap out of memory/);
  expect(stderr.trim().split('\n')).toHaveLength(2); // the problem and "1 problem found; nothing was run."
}

describe.runIf(simBuilt())('the size limit, on the CLI', () => {
  const big = join(work, 'big.yaml');
  writeFileSync(big, bigScenario(20_000_000));

  it.each([
    ['validate', ['validate', big]],
    ['run', ['run', big, '--out', join(work, 'out-run'), '--quiet']],
    ['compare', ['compare', big, '--fee-models', 'ru-2019', '--out', join(work, 'out-compare')]],
  ])('sim %s refuses a 20 MB scenario before parsing: exit 2 in under 2 s and 200 MiB', (_name, args) => {
    const r = runSim(args);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /big\.yaml: the scenario file is 19\.\d MiB \(20,\d{3},\d{3} bytes\), above the limit of 4 MiB \(4,194,304 bytes\); set QUARTET_MAX_SCENARIO_BYTES/);
    expect(r.wallMs).toBeLessThan(2000);
    expect(r.maxRssMiB).toBeLessThan(200);
    expect(existsSync(join(work, 'out-run'))).toBe(false);
  });

  it('QUARTET_MAX_SCENARIO_BYTES lowers and raises the limit; a bad value is bad input', () => {
    const smoke = join(work, 'smoke.yaml');
    writeFileSync(smoke, SMOKE);
    const low = runSim(['validate', smoke], { env: { QUARTET_MAX_SCENARIO_BYTES: '1K' } });
    expect(low.status).toBe(2);
    expectOneLineError(low.stderr, /smoke\.yaml: the scenario file is [\d,]+ bytes, above the limit of 1,024 bytes/);
    expect(runSim(['validate', smoke], { env: { QUARTET_MAX_SCENARIO_BYTES: '8M' } }).status).toBe(0);
    const bad = runSim(['validate', smoke], { env: { QUARTET_MAX_SCENARIO_BYTES: 'lots' } });
    expect(bad.status).toBe(2);
    expectOneLineError(bad.stderr, /smoke\.yaml: QUARTET_MAX_SCENARIO_BYTES: expected a positive whole number of bytes such as 8388608 or 8M; got 'lots'/);
  });

  it('10,000-deep nesting is bad input with its own message, not a stack overflow', () => {
    const deep = join(work, 'deep.yaml');
    writeFileSync(deep, `name: x\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    const r = runSim(['validate', deep]);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /deep\.yaml:2:67: the document nests deeper than 64 levels/);
  });
});

describe('the size limit, in process', () => {
  it('a device that never ends is read only up to the limit', () => {
    if (!existsSync('/dev/zero')) return;
    const started = performance.now();
    const { errors } = loadScenario('/dev/zero');
    expect(errors.map((e) => e.code)).toEqual(['file_too_large']);
    expect(errors[0]?.message).toMatch(/^the scenario file is more than 4 MiB/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a stated limit wins over the environment', () => {
    const file = join(work, 'limit.yaml');
    writeFileSync(file, SMOKE);
    const saved = process.env.QUARTET_MAX_SCENARIO_BYTES;
    process.env.QUARTET_MAX_SCENARIO_BYTES = '10';
    try {
      expect(loadScenario(file, undefined, { maxBytes: 1 << 20 }).errors).toEqual([]);
      expect(loadScenario(file).errors.map((e) => e.code)).toEqual(['file_too_large']);
    } finally {
      if (saved === undefined) delete process.env.QUARTET_MAX_SCENARIO_BYTES;
      else process.env.QUARTET_MAX_SCENARIO_BYTES = saved;
    }
  });
});

describe('the size limit of sim verify', () => {
  it('is the same limit: a run recorded under a raised limit verifies only under it', async () => {
    const file = join(work, 'verify.yaml');
    writeFileSync(file, SMOKE);
    const dir = join(work, 'verify-run');
    const saved = process.env.QUARTET_MAX_SCENARIO_BYTES;
    try {
      const run = captureIo();
      expect(await main(['run', file, '--duration', '10m', '--out', dir, '--quiet'], run), run.stderr()).toBe(0);
      process.env.QUARTET_MAX_SCENARIO_BYTES = '1K';
      const low = captureIo();
      expect(await main(['verify', dir], low)).toBe(2);
      expect(low.stderr()).toMatch(/verify\.yaml: the scenario file is [\d,]+ bytes, above the limit of 1,024 bytes; set QUARTET_MAX_SCENARIO_BYTES/);
      process.env.QUARTET_MAX_SCENARIO_BYTES = '64K';
      const high = captureIo();
      expect(await main(['verify', dir], high), high.stderr()).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.QUARTET_MAX_SCENARIO_BYTES;
      else process.env.QUARTET_MAX_SCENARIO_BYTES = saved;
    }
  });
});

describe('encodings', () => {
  const message = (b: Uint8Array): string | undefined => parseScenarioFileBytes(b, 'x.yaml').errors[0]?.message;
  const le = Buffer.from(SMOKE, 'utf16le');

  it('names UTF-16 and UTF-32 with their byte order', () => {
    expect(message(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toBe('the file is UTF-16 (little-endian, with a byte order mark); a scenario must be UTF-8');
    expect(message(Buffer.from(le).swap16())).toBe('the file is UTF-16 (big-endian, no byte order mark); a scenario must be UTF-8');
    expect(message(Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x6e]))).toBe('the file is UTF-32 (big-endian, with a byte order mark); a scenario must be UTF-8');
  });

  it('names the bytes of invalid UTF-8', () => {
    expect(message(Buffer.from('name: caf\xe9\n', 'latin1'))).toBe('invalid UTF-8 (byte E9, then 0A); save the file as UTF-8');
  });

  it('accepts a UTF-8 byte order mark: positions are those of the text without it, the hash that of the bytes', () => {
    const text = sub('name: smoke', 'name: Smoke');
    const plain = parseScenario(text, 'x.yaml').errors;
    const withBom = parseScenarioFileBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'x.yaml').errors;
    expect(plain.map((e) => [e.code, e.line, e.column])).toEqual([['invalid_format', 6, 7]]);
    expect(withBom).toEqual(plain);
    expect(parseScenario(`\ufeff${SMOKE}`).scenario).toBeDefined();
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SMOKE)]);
    expect(parseScenarioFileBytes(bytes).scenario?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('nesting and aliases', () => {
  it('4 MB of brackets is stopped at once', () => {
    const started = performance.now();
    const { errors } = parseScenario(`x: ${'['.repeat(4_000_000)}`);
    expect(errors.map((e) => `${e.code} ${e.line}:${e.column}`)).toEqual(['nesting_too_deep 1:67']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a billion laughs (10^9 values) is stopped at the alias that passes the bound, at once', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const started = performance.now();
    const { errors } = parseScenario(lines.join('\n'), 'laughs.yaml');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'alias_limit', line: 5, column: 45, path: 'a4[7]' });
    expect(errors[0]?.message).toBe('with this alias (*a3) the aliases of the file stand for more than 100,000 values; aliases may share settings, not multiply them');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('an anchor used 500 times is fine (the YAML library alone refuses more than 100)', () => {
    const categories = Array.from({ length: 500 }, (_, i) => `    - { name: c${i}, mcc: 5411, share: 0.002, ticket: *t }`).join('\n');
    const text = sub(SMOKE.slice(SMOKE.indexOf('  categories:\n'), SMOKE.indexOf('\ndemand:')), `  categories:\n    - { name: base, mcc: 5411, share: 0, ticket: &t { dist: fixed, value: 57 } }\n${categories}\n`);
    const { scenario, errors } = parseScenario(text);
    expect(errors).toEqual([]);
    expect(scenario?.merchants.categories).toHaveLength(501);
  });

  it('reserved words are refused as keys only: as values they are names like any other', () => {
    expect(parseScenario(sub('name: UnionPay', 'name: constructor')).scenario?.switch.name).toBe('constructor');
    expect(parseScenario(sub('name: UnionPay', 'constructor: UnionPay')).errors.map((e) => e.code)).toEqual(['reserved_key']);
  });
});

describe('a large file full of mistakes', () => {
  it('12,000 broken merchant categories (0.9 MB) are all reported, in time linear in the file', () => {
    // Each entry has four structural mistakes. Every later read of a value used to scan the whole
    // list of failed paths (0.9 MB took about 90 s); now it looks its path up (about 2 s here).
    const entries = Array.from({ length: 12_000 }, (_, i) => `    - { name: c${i}, mcc: x, share: y, ticket: { dist: fixd, value: z } }\n`).join('');
    const text = sub('  categories:\n', `  categories:\n${entries}`);
    expect(text.length).toBeGreaterThan(850_000);
    const started = process.hrtime.bigint();
    const r = parseScenario(text, 'many.yaml');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(r.scenario).toBeUndefined();
    // At least one located error per broken entry, each on its own line of the file.
    const lines = new Set(r.errors.filter((e) => e.path.startsWith('merchants.categories[')).map((e) => e.line));
    expect(lines.size).toBeGreaterThanOrEqual(12_000);
    // A generous bound on a shared 2-core machine: the quadratic version needs over 60 s.
    expect(seconds).toBeLessThan(30);
  });
});
