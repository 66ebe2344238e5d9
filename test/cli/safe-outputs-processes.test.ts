/**
 * `sim` as a process (the compiled dist/src/bin/sim.js, built by `npm test`): killed at each step
 * of a --force commit, two runs into one --out at once, and SIGINT / SIGTERM in the middle of a
 * run. A kill never leaves the target without a whole result (at its place, or named by the
 * recovery marker that the next run acts on); an interrupt leaves nothing behind.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

const BIN = resolve('dist/src/bin/sim.js');
const smoke = resolve('scenarios/smoke.yaml');
const work = mkdtempSync(join(tmpdir(), 'quartet-proc-'));
/** Every process started, so none outlives a failed test. */
const started = new Set<{ kill: (s: NodeJS.Signals) => void }>();
afterAll(() => {
  for (const p of started) p.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});
// smoke.yaml over 30 days: long enough (tens of seconds) to be stopped in the middle.
const long = join(work, 'long.yaml');
writeFileSync(long, readFileSync(smoke, 'utf8').replace(/^duration: 1h$/m, 'duration: 30d'));

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Starts `sim` with `args`; `ended` resolves with its exit code or signal and its stderr. */
function sim(args: readonly string[], env: Record<string, string> = {}): { pid: number; ended: Promise<Ended>; kill: (s: NodeJS.Signals) => void } {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test builds it)`);
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const handle = { kill: (s: NodeJS.Signals) => void child.kill(s) };
  started.add(handle);
  const ended = new Promise<Ended>((res) =>
    child.on('close', (code, signal) => {
      started.delete(handle);
      res({ code, signal, stderr });
    }),
  );
  return { pid: child.pid!, ended, kill: handle.kill };
}

async function waitFor(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The seed of a whole run directory: every file the manifest lists, with its digest and size, and nothing else. */
function wholeRunSeed(dir: string): number {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { seed: number; files: { name: string; sha256: string; bytes: number }[] };
  for (const f of m.files) {
    expect(createHash('sha256').update(readFileSync(join(dir, f.name))).digest('hex'), f.name).toBe(f.sha256);
    expect(statSync(join(dir, f.name)).size).toBe(f.bytes);
  }
  expect(readdirSync(dir).sort()).toEqual([...m.files.map((f) => f.name), 'manifest.json'].sort());
  return m.seed;
}

function hidden(name: string): string[] {
  return readdirSync(work).filter((f) => f.startsWith(`.${name}.`));
}

async function runHere(...args: string[]): Promise<{ code: number; err: string }> {
  const io = captureIo();
  const code = await main(['run', smoke, '--quiet', '--duration', '10m', ...args], io);
  return { code, err: io.stderr() };
}

describe('a --force run killed at each step of its commit', () => {
  // Step k: 1 before touching the target, 2 after the old run is moved aside, 3 after the new
  // one is in place, 4 after the old copy is deleted (the lock not yet released). The four
  // runs are killed side by side, then each is checked and recovered in turn.
  const STEPS = [1, 2, 3, 4];
  const killed = new Map<number, { pid: number; ended: Ended }>();
  beforeAll(async () => {
    for (const step of STEPS) expect((await runHere('--out', join(work, `crash-${step}`), '--seed', '1')).code).toBe(0);
    await Promise.all(
      STEPS.map(async (step) => {
        const p = sim(['run', smoke, '--quiet', '--duration', '10m', '--out', join(work, `crash-${step}`), '--seed', '2', '--force'], { QUARTET_TEST_KILL_AT_COMMIT_STEP: String(step) });
        killed.set(step, { pid: p.pid, ended: await p.ended });
      }),
    );
  });

  for (const step of STEPS) {
    it(`step ${step}: a whole result is left (in place or named by the marker), and the next run recovers`, async () => {
      const name = `crash-${step}`;
      const out = join(work, name);
      const { pid, ended } = killed.get(step)!;
      expect(ended.signal).toBe('SIGKILL');
      const old = join(work, `.${name}.old-${pid}`);
      if (step === 2) {
        expect(existsSync(out)).toBe(false);
        expect(wholeRunSeed(old)).toBe(1);
      } else {
        expect(wholeRunSeed(out)).toBe(step === 1 ? 1 : 2);
        expect(existsSync(old)).toBe(step === 3);
      }
      // The next run (without --force) takes over the stale lock, recovers, then refuses to replace.
      const next = await runHere('--out', out, '--seed', '3');
      if (step === 2) expect(next.err).toMatch(new RegExp(`^note: restored '${out}' from \\.${name}\\.old-${pid}: an earlier replacement \\(process ${pid}\\) was interrupted`));
      else if (step === 3) expect(next.err).toMatch(new RegExp(`^note: finished an interrupted replacement of '${out}' \\(process ${pid}\\)`));
      else expect(next.err).not.toMatch(/note:/);
      expect(next.code).toBe(2);
      expect(next.err).toMatch(/already exists; use --force/);
      expect(wholeRunSeed(out)).toBe(step <= 2 ? 1 : 2);
      expect(hidden(name)).toEqual([]);
    });
  }
});

describe('two runs into the same --out', () => {
  it('the second fails at once with exit 2, naming the first one\'s process; the first is not disturbed', async () => {
    const out = join(work, 'shared');
    const first = sim(['run', long, '--quiet', '--out', out]);
    await waitFor('the first run to take its lock', () => existsSync(join(work, '.shared.lock')) && readFileSync(join(work, '.shared.lock'), 'utf8') !== '');
    const t0 = Date.now();
    const second = await sim(['run', long, '--quiet', '--out', out, '--force']).ended;
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(`error: '${out}' is being written by another run (process ${first.pid}); wait for it to finish, or choose another --out (lock: ${join(work, '.shared.lock')})\n`);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(existsSync(join(work, `.shared.partial-${first.pid}`))).toBe(true);
    first.kill('SIGTERM');
    expect((await first.ended).code).toBe(143);
    expect(hidden('shared')).toEqual([]);
  });
});

describe('SIGINT and SIGTERM in the middle of a run', () => {
  /** Starts a run and waits until it has written part of transactions.csv into its temporary directory. */
  async function startWriting(name: string, extra: string[] = []): Promise<ReturnType<typeof sim>> {
    const p = sim(['run', long, '--quiet', '--transactions', '--out', join(work, name), ...extra]);
    const tx = join(work, `.${name}.partial-${p.pid}`, 'transactions.csv');
    await waitFor('the run to start writing', () => existsSync(tx) && statSync(tx).size > 200);
    return p;
  }

  it('SIGINT: exit 130, "interrupted; nothing written to X", no temporary directory, no lock, no target', async () => {
    const out = join(work, 'int');
    const p = await startWriting('int');
    p.kill('SIGINT');
    const e = await p.ended;
    expect(e.code).toBe(130);
    expect(e.stderr).toBe(`interrupted; nothing written to ${out}\n`);
    expect(existsSync(out)).toBe(false);
    expect(hidden('int')).toEqual([]);
  });

  it('SIGTERM during a --force run: exit 143, the old run whole, nothing else left', async () => {
    const out = join(work, 'term');
    expect((await runHere('--out', out, '--seed', '5')).code).toBe(0);
    const p = await startWriting('term', ['--force']);
    p.kill('SIGTERM');
    const e = await p.ended;
    expect(e.code).toBe(143);
    expect(e.stderr).toBe(`interrupted; nothing written to ${out}\n`);
    expect(wholeRunSeed(out)).toBe(5);
    expect(hidden('term')).toEqual([]);
  });

  it('SIGINT during replications on two workers: the workers stop, nothing is left', async () => {
    const out = join(work, 'reps');
    const p = sim(['run', long, '--quiet', '--transactions', '--replications', '2', '--workers', '2', '--out', out]);
    const part = join(work, `.reps.partial-${p.pid}`);
    await waitFor('the replications to start writing', () => existsSync(part) && readdirSync(part).length > 0);
    p.kill('SIGINT');
    const e = await p.ended;
    expect(e.code).toBe(130);
    expect(e.stderr).toBe(`interrupted; nothing written to ${out}\n`);
    expect(hidden('reps')).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});
