/**
 * File-system errors while a run directory is written: ENOSPC, EROFS, EACCES, EPERM, EEXIST,
 * ENOTDIR and ENAMETOOLONG each give one plain line naming the path and the cause, exit 2, no
 * stack trace, and leave nothing partial (no temporary directory, no lock; an old run replaced
 * with --force stays whole). The errors are injected into node:fs (root ignores permissions);
 * a full disk is also a real one: a 128 KiB tmpfs, when running as root.
 */
import { execFileSync } from 'node:child_process';
import * as realFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

/** The failure to inject: the call (by name) whose path (or, for writeSync, file) ends with `file`. */
let fault: { code: string; call: 'openSync' | 'writeSync' | 'mkdirSync' | 'renameSync'; file: string } | undefined;
const faultFds = new Set<number>();

function errno(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected, ${syscall}${path !== undefined ? ` '${path}'` : ''}`), { code, syscall, errno: -1, ...(path !== undefined ? { path } : {}) });
}

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const hit = (call: string, p: unknown): boolean => fault !== undefined && fault.call === call && typeof p === 'string' && p.includes('.partial-') && p.endsWith(fault.file);
  return {
    ...fs,
    openSync: (p: string, ...rest: unknown[]) => {
      if (hit('openSync', p)) throw errno(fault!.code, 'open', p);
      const fd = (fs.openSync as (...a: unknown[]) => number)(p, ...rest);
      if (fault?.call === 'writeSync' && p.endsWith(fault.file) && p.includes('.partial-')) faultFds.add(fd);
      return fd;
    },
    writeSync: (fd: number, ...rest: unknown[]) => {
      if (fault?.call === 'writeSync' && faultFds.has(fd)) throw errno(fault.code, 'write');
      return (fs.writeSync as (...a: unknown[]) => number)(fd, ...rest);
    },
    mkdirSync: (p: string, ...rest: unknown[]) => {
      if (hit('mkdirSync', p)) throw errno(fault!.code, 'mkdir', p);
      return (fs.mkdirSync as (...a: unknown[]) => unknown)(p, ...rest);
    },
    renameSync: (a: string, b: string) => {
      if (hit('renameSync', a)) throw errno(fault!.code, 'rename', a);
      return fs.renameSync(a, b);
    },
  };
});

const work = realFs.mkdtempSync(join(tmpdir(), 'quartet-fs-'));
afterAll(() => realFs.rmSync(work, { recursive: true, force: true }));
const smoke = resolve('scenarios/smoke.yaml');

async function run(...args: string[]): Promise<{ code: number; err: string }> {
  const io = captureIo();
  const code = await main(['run', smoke, '--quiet', '--duration', '10m', ...args], io);
  return { code, err: io.stderr() };
}

/** `run` with `f` injected for its duration. */
async function runWith(f: NonNullable<typeof fault>, ...args: string[]): Promise<{ code: number; err: string }> {
  fault = f;
  try {
    return await run(...args);
  } finally {
    fault = undefined;
  }
}

function hiddenLeft(dir: string): string[] {
  return realFs.readdirSync(dir).filter((f) => /\.(partial|old)-\d+$|\.lock$/.test(f));
}

const CAUSES: [string, string][] = [
  ['ENOSPC', 'no space left on the device'],
  ['EROFS', 'the file system is read-only'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'operation not permitted'],
  ['EEXIST', 'it already exists'],
  ['ENOTDIR', 'a part of the path is not a directory'],
  ['ENAMETOOLONG', 'the name is too long for the file system'],
];

describe('a file-system error while writing a run', () => {
  for (const [code, cause] of CAUSES) {
    it(`${code}: one line with the path and the cause, exit 2, nothing partial, an old run whole`, async () => {
      const out = join(work, `run-${code}`);
      expect((await run('--out', out, '--seed', '1')).code).toBe(0);
      const before = realFs.readFileSync(join(out, 'manifest.json'), 'utf8');
      // The second table fails: the first one is written by then, so something partial exists.
      const f = code === 'ENOSPC' ? ({ code, call: 'writeSync', file: 'nodes.csv' } as const) : ({ code, call: 'openSync', file: 'nodes.csv' } as const);
      const r = await runWith(f, '--out', out, '--seed', '2', '--force');
      expect(r.code).toBe(2);
      const path = code === 'ENOSPC' ? out : join(out, 'nodes.csv');
      expect(r.err).toBe(`error: ${path}: ${cause} (${code}); the run was not written and nothing partial is left\n`);
      expect(realFs.readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before);
      expect(hiddenLeft(work)).toEqual([]);
    });
  }

  it('a failure to create the temporary directory (EROFS) names it and leaves no lock', async () => {
    const out = join(work, 'ro');
    const r = await runWith({ code: 'EROFS', call: 'mkdirSync', file: '' }, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: .*\.ro\.partial-\d+: the file system is read-only \(EROFS\); the run was not written and nothing partial is left\n$/);
    expect(realFs.existsSync(out)).toBe(false);
    expect(hiddenLeft(work)).toEqual([]);
  });

  it('a failure to move the new run into place (EPERM) puts the old run back', async () => {
    const out = join(work, 'swap');
    expect((await run('--out', out, '--seed', '1')).code).toBe(0);
    const before = realFs.readFileSync(join(out, 'manifest.json'), 'utf8');
    const r = await runWith({ code: 'EPERM', call: 'renameSync', file: '' }, '--out', out, '--seed', '2', '--force');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/operation not permitted \(EPERM\)/);
    expect(realFs.readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before);
    expect(hiddenLeft(work)).toEqual([]);
  });

  it('real errors: --out under a file (ENOTDIR, EEXIST) and a name over 255 bytes (ENAMETOOLONG)', async () => {
    const file = join(work, 'a-file');
    realFs.writeFileSync(file, 'x');
    const notDir = await run('--out', join(file, 'sub', 'run'));
    expect(notDir.code).toBe(2);
    expect(notDir.err).toBe(`error: ${join(file, 'sub')}: a part of the path is not a directory (ENOTDIR); the run was not written and nothing partial is left\n`);
    const exists = await run('--out', join(file, 'run'));
    expect(exists.code).toBe(2);
    expect(exists.err).toBe(`error: ${file}: it already exists (EEXIST); the run was not written and nothing partial is left\n`);
    const long = join(work, 'n'.repeat(300));
    const tooLong = await run('--out', long);
    expect(tooLong.code).toBe(2);
    expect(tooLong.err).toBe(`error: ${long}: the name is too long for the file system (ENAMETOOLONG); the run was not written and nothing partial is left\n`);
    expect(hiddenLeft(work)).toEqual([]);
  });
});

describe('a full disk (a real one)', () => {
  const root = process.getuid?.() === 0;
  it('a 128 KiB tmpfs: ENOSPC in one line, exit 2, the old run whole, nothing partial (in this thread and in a worker)', async (ctx) => {
    if (!root) {
      ctx.skip('not root: tmpfs cannot be mounted; the injected ENOSPC above covers it');
      return;
    }
    const mnt = join(work, 'tmpfs');
    realFs.mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128k', 'tmpfs', mnt], { stdio: 'pipe' });
    } catch (e) {
      // As root this must work; on CI it must not be skipped quietly.
      if (process.env.CI === 'true') throw e;
      ctx.skip(`mount -t tmpfs failed: ${(e as Error).message}`);
      return;
    }
    try {
      const out = join(mnt, 'run');
      expect((await run('--out', out, '--seed', '1')).code).toBe(0);
      const before = realFs.readFileSync(join(out, 'manifest.json'), 'utf8');
      const r = await run('--out', out, '--seed', '2', '--force', '--duration', '1h', '--transactions', '--ledger');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`^error: ${out}(/[a-z]+\\.csv)?: no space left on the device \\(ENOSPC\\); the run was not written and nothing partial is left\\n$`));
      expect(realFs.readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before);
      expect(hiddenLeft(mnt)).toEqual([]);
      // The same in a worker thread (replications on two workers): the error keeps its code and path.
      const reps = join(mnt, 'reps');
      const w = await run('--out', reps, '--duration', '1h', '--transactions', '--ledger', '--replications', '2', '--workers', '2');
      expect(w.code).toBe(2);
      expect(w.err).toMatch(new RegExp(`^error: ${reps}/seed-4[23](/[a-z]+\\.csv)?: no space left on the device \\(ENOSPC\\); the run was not written and nothing partial is left\n$`));
      expect(realFs.readdirSync(mnt)).toEqual(['run']);
    } finally {
      // Lazily: a table whose write failed may still hold its file open in this process.
      execFileSync('umount', ['-l', mnt]);
    }
  });
});
