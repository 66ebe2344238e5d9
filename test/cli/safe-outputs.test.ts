/**
 * What `--out` may replace: only a Quartet run, and only with --force. Everything else (a file,
 * a directory that is not a run, `.`, `..`, `/`, the home directory, a directory containing the
 * current one, a target another run holds) is refused with exit 2 and one line, and left as it
 * was. A run that finds a result stranded by an interrupted swap restores it and says so.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-safe-'));
const smoke = resolve('scenarios/smoke.yaml');
const home = join(work, 'home');
const cwd0 = process.cwd();
const home0 = process.env.HOME;
/** A pid above Linux's default pid_max: no such process. */
const DEAD = 2 ** 22 + 4321;

beforeAll(() => {
  mkdirSync(home);
  process.env.HOME = home;
});
afterEach(() => process.chdir(cwd0));
afterAll(() => {
  process.chdir(cwd0);
  if (home0 === undefined) delete process.env.HOME;
  else process.env.HOME = home0;
  rmSync(work, { recursive: true, force: true });
});

/** Runs `sim run smoke.yaml` (10 simulated minutes) with `args`; the exit code and stderr. */
async function run(...args: string[]): Promise<{ code: number; err: string }> {
  const io = captureIo();
  const code = await main(['run', smoke, '--quiet', '--duration', '10m', ...args], io);
  return { code, err: io.stderr() };
}

/** Everything in a directory, recursively, with each file's content: to show it was not touched. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name).slice(dir.length)] = readFileSync(join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

/** No hidden temporary directory, old copy or lock beside anything in `dir`. */
function hiddenLeft(dir: string): string[] {
  return readdirSync(dir).filter((f) => /\.(partial|old)-\d+$|\.lock$/.test(f));
}

describe('sim run --out refuses what is not a run', () => {
  it('a plain file, with or without --force: exit 2, one line, the file as it was', async () => {
    const f = join(work, 'notes.txt');
    writeFileSync(f, 'my notes\n');
    for (const force of [[], ['--force']]) {
      const r = await run('--out', f, ...force);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`error: '${f}' is a file, not a run directory; choose another --out\n`);
      expect(readFileSync(f, 'utf8')).toBe('my notes\n');
    }
    expect(hiddenLeft(work)).toEqual([]);
  });

  it('a directory that is not a run, with --force: exit 2, its files untouched', async () => {
    const thesis = join(work, 'thesis');
    mkdirSync(join(thesis, 'chapters'), { recursive: true });
    writeFileSync(join(thesis, 'main.tex'), '\\documentclass{book}\n');
    writeFileSync(join(thesis, 'chapters', 'one.tex'), 'One.\n');
    // A manifest.json that is not Quartet's does not make it a run.
    writeFileSync(join(thesis, 'manifest.json'), '{"name": "my-web-app"}\n');
    const before = snapshot(thesis);
    const r = await run('--out', thesis, '--force');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: '.*thesis' is not a Quartet run directory \(it has no manifest\.json written by quartet\); --force replaces only a run/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(snapshot(thesis)).toEqual(before);
    expect(hiddenLeft(work)).toEqual([]);
  });

  it('a symbolic link: exit 2, the link and what it points to as they were', async () => {
    const real = join(work, 'real-run');
    expect((await run('--out', real)).code).toBe(0);
    const link = join(work, 'link-run');
    symlinkSync(real, link);
    const before = snapshot(real);
    const r = await run('--out', link, '--force');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is a symbolic link/);
    expect(snapshot(real)).toEqual(before);
  });

  it('., .., /, the home directory and a directory that contains the current one, even with --force', async () => {
    const deep = join(work, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'keep.txt'), 'keep\n');
    process.chdir(deep);
    const cases: [string, RegExp][] = [
      ['.', /'\.': it is the current directory/],
      ['..', /'\.\.': it contains the current directory/],
      [join(work, 'a'), /it contains the current directory/],
      ['/', /'\/': it is the root of the file system/],
      [home, /it is your home directory/],
    ];
    for (const [out, why] of cases) {
      for (const force of [[], ['--force']]) {
        const r = await run('--out', out, ...force);
        expect(r.code, out).toBe(2);
        expect(r.err, out).toMatch(new RegExp(`^error: refusing to write the run into .*${why.source}; choose a new directory with --out\\n$`));
      }
    }
    expect(readdirSync(deep)).toEqual(['keep.txt']);
    expect(readdirSync(home)).toEqual([]);
    expect(hiddenLeft(dirname(deep))).toEqual([]);
  });

  it('an existing run without --force: exit 2 and not touched; with --force it is replaced', async () => {
    const out = join(work, 'run-a');
    expect((await run('--out', out, '--seed', '1')).code).toBe(0);
    const before = snapshot(out);
    const r = await run('--out', out, '--seed', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already exists; use --force/);
    expect(snapshot(out)).toEqual(before);
    expect((await run('--out', out, '--seed', '2', '--force')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).seed).toBe(2);
    expect(hiddenLeft(work)).toEqual([]);
  });
});

describe('the lock on a target', () => {
  it('a live lock (another process) refuses at once, naming it; the target is not touched', async () => {
    const out = join(work, 'locked');
    mkdirSync(out);
    // This test's parent process stands in for another run.
    writeFileSync(join(work, '.locked.lock'), `${process.ppid}\n`);
    const r = await run('--out', out, '--force');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: '${out}' is being written by another run (process ${process.ppid}); wait for it to finish, or choose another --out (lock: ${join(work, '.locked.lock')})\n`);
    expect(readdirSync(out)).toEqual([]);
    expect(readFileSync(join(work, '.locked.lock'), 'utf8')).toBe(`${process.ppid}\n`);
    rmSync(join(work, '.locked.lock'));
  });

  it('a stale lock (its process gone) is taken over, and released at the end', async () => {
    const out = join(work, 'stale-lock');
    writeFileSync(join(work, '.stale-lock.lock'), `${DEAD}\n`);
    expect((await run('--out', out)).code).toBe(0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    expect(existsSync(join(work, '.stale-lock.lock'))).toBe(false);
  });
});

describe('a result stranded by an interrupted replacement', () => {
  it('target missing, old copy beside it: the next run restores it and says so on stderr', async () => {
    const out = join(work, 'stranded');
    expect((await run('--out', out, '--seed', '7')).code).toBe(0);
    const before = snapshot(out);
    // What a crash between the two renames of a --force commit leaves.
    const old = join(work, `.stranded.old-${DEAD}`);
    const partial = join(work, `.stranded.partial-${DEAD}`);
    mkdirSync(partial);
    writeFileSync(join(partial, 'throughput.csv'), 'new, complete or not\n');
    rmSync(old, { recursive: true, force: true });
    mkdirSync(old);
    for (const [f, text] of Object.entries(before)) writeFileSync(join(old, f), text);
    rmSync(out, { recursive: true });
    const r = await run('--out', out, '--seed', '8');
    // Restored, and then (without --force) not replaced.
    expect(r.err).toMatch(new RegExp(`^note: restored '${out}' from \\.stranded\\.old-${DEAD}: an earlier replacement \\(process ${DEAD}\\) was interrupted before the new result was in place\\n`));
    expect(r.code).toBe(2);
    expect(snapshot(out)).toEqual(before);
    expect(hiddenLeft(work)).toEqual([]);
  });

  it('target in place, old copy beside it: the next run finishes the swap (removes the old copy) and says so', async () => {
    const out = join(work, 'swapped');
    expect((await run('--out', out, '--seed', '9')).code).toBe(0);
    const old = join(work, `.swapped.old-${DEAD}`);
    mkdirSync(old);
    writeFileSync(join(old, 'manifest.json'), '{"tool":"quartet","files":[]}');
    const r = await run('--out', out, '--seed', '10', '--force');
    expect(r.err).toMatch(/^note: finished an interrupted replacement of '.*swapped' \(process \d+\): removed the old copy/);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).seed).toBe(10);
    expect(hiddenLeft(work)).toEqual([]);
  });
});

describe('long names', () => {
  for (const length of [241, 250, 255]) {
    it(`a scenario name of ${length} characters runs into out/<name>, its hidden names within 255 bytes`, async () => {
      const name = `s${'x'.repeat(length - 2)}e`;
      const file = join(work, `long-${length}.yaml`);
      writeFileSync(file, readFileSync(smoke, 'utf8').replace(/^name: smoke$/m, `name: ${name}`));
      const dir = join(work, `cwd-${length}`);
      mkdirSync(dir);
      process.chdir(dir);
      const io = captureIo();
      expect(await main(['run', file, '--quiet', '--duration', '10m'], io), io.stderr()).toBe(0);
      expect(existsSync(join(dir, 'out', name, 'manifest.json'))).toBe(true);
      expect(readdirSync(join(dir, 'out'))).toEqual([name]);
    });
  }
});

describe('the exit codes of an interrupt', () => {
  it('the help text lists 130 (SIGINT) and 143 (SIGTERM)', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout()).toMatch(/^\s+130\s+interrupted \(SIGINT, Ctrl-C\): nothing written$/m);
    expect(io.stdout()).toMatch(/^\s+143\s+stopped \(SIGTERM\): nothing written$/m);
  });
});
