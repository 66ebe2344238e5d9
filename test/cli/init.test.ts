import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-init-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MODELINE = /^# yaml-language-server: \$schema=(\S+)\n/;

describe('sim init', () => {
  it('writes a commented starter scenario that validates and runs in seconds', async () => {
    const file = join(work, 'first.yaml');
    const io = captureIo();
    expect(await main(['init', join(work, 'first')], io)).toBe(0);
    expect(io.stdout()).toMatch(/wrote .*first\.yaml/);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(MODELINE);
    expect(text).toMatch(/^name: first$/m);
    // Commented: most sections say what they are.
    expect(text.split('\n').filter((l) => /^\s*# /.test(l)).length).toBeGreaterThan(15);
    const validate = captureIo();
    expect(await main(['validate', file], validate), validate.stderr()).toBe(0);
    const run = captureIo();
    const t0 = performance.now();
    expect(await main(['run', file, '--out', join(work, 'first-run'), '--quiet'], run), run.stderr()).toBe(0);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(existsSync(join(work, 'first-run', 'fees.csv'))).toBe(true);
  });

  it('points the modeline at the shipped schema, relative to the new file', async () => {
    const sub = join(work, 'a', 'b');
    mkdirSync(sub, { recursive: true });
    expect(await main(['init', join(sub, 'deep.yaml')], captureIo())).toBe(0);
    const ref = MODELINE.exec(readFileSync(join(sub, 'deep.yaml'), 'utf8'))![1]!;
    expect(ref).not.toMatch(/^\//);
    const target = resolve(sub, ref);
    expect(target).toBe(resolve('schema/scenario.schema.json'));
    expect(existsSync(target)).toBe(true);
  });

  it('writes my-scenario.yaml by default', async () => {
    const cwd = process.cwd();
    const dir = join(work, 'default');
    mkdirSync(dir);
    process.chdir(dir);
    try {
      expect(await main(['init'], captureIo())).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(join(dir, 'my-scenario.yaml'), 'utf8')).toMatch(/^name: my-scenario$/m);
  });

  it('refuses to overwrite an existing file (exit 2, one line) unless --force', async () => {
    const file = join(work, 'mine.yaml');
    writeFileSync(file, 'my own work\n');
    const io = captureIo();
    expect(await main(['init', file], io)).toBe(2);
    expect(io.stderr()).toBe(`error: ${file} already exists; use --force to replace it\n`);
    expect(readFileSync(file, 'utf8')).toBe('my own work\n');
    expect(await main(['init', file, '--force'], captureIo())).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(MODELINE);
  });

  it('reports a folder that does not exist as one line, exit 2', async () => {
    const io = captureIo();
    expect(await main(['init', join(work, 'no', 'such', 'x')], io)).toBe(2);
    expect(io.stderr().trim().split('\n')).toHaveLength(1);
    expect(io.stderr()).toMatch(/ENOENT|no such/i);
  });
});

describe('the shipped scenarios', () => {
  it('carry the modeline, pointing at the shipped schema', () => {
    for (const f of readdirSync('scenarios').filter((n) => n.endsWith('.yaml'))) {
      const m = MODELINE.exec(readFileSync(join('scenarios', f), 'utf8'));
      expect(m, f).not.toBeNull();
      expect(resolve('scenarios', m![1]!), f).toBe(resolve('schema/scenario.schema.json'));
    }
  });
});
