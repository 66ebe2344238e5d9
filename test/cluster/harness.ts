/**
 * What the cluster tests start and stop: a private redis-server (127.0.0.1, a free port, no
 * persistence, a temporary directory) and `sim` processes (the compiled dist/src/bin/sim.js).
 * Every process is remembered, so `stopAll` ends each of them by its own pid, also after a
 * failed test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';

export const BIN = resolve('dist/src/bin/sim.js');
export const REDIS_SERVER = '/usr/bin/redis-server';

/** A process started by a test: its pid, its stderr so far, and how it ended. */
export interface Proc {
  readonly pid: number;
  readonly stderr: () => string;
  readonly ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  readonly kill: (s?: NodeJS.Signals) => void;
}

const started = new Set<ChildProcess>();

function track(child: ChildProcess): Proc {
  started.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((res) =>
    child.on('close', (code, signal) => {
      started.delete(child);
      res({ code, signal, stderr });
    }),
  );
  return { pid: child.pid!, stderr: () => stderr, ended, kill: (s = 'SIGKILL') => void child.kill(s) };
}

/** Kills every process still running (each by its pid) and waits until they are gone. */
export async function stopAll(): Promise<void> {
  const all = [...started];
  await Promise.all(
    all.map(
      (c) =>
        new Promise<void>((res) => {
          if (c.exitCode !== null || c.signalCode !== null) return res();
          c.once('close', () => res());
          c.kill('SIGKILL');
        }),
    ),
  );
}

/** Starts `sim` with `args` (and extra environment). */
export function sim(args: readonly string[], env: Record<string, string> = {}): Proc {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test builds it)`);
  return track(spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

/** Starts a private redis-server and waits until it answers; returns its port. */
export async function startRedis(dir: string): Promise<{ port: number; proc: Proc }> {
  const port = await freePort();
  const proc = track(
    spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  await waitFor('redis-server to answer', async () => {
    const r = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    r.on('error', () => undefined);
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      r.disconnect();
    }
  });
  return { port, proc };
}

export async function waitFor(what: string, ok: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Every file a run directory's manifest lists, with the sha-256 of its bytes, and the manifest
 * itself without its wall time (the one field that differs from run to run).
 */
export function listedFiles(dir: string): Record<string, string> {
  const text = readFileSync(join(dir, 'manifest.json'), 'utf8');
  const m = JSON.parse(text) as { files: { name: string }[] };
  const files = Object.fromEntries(m.files.map((f) => [f.name, createHash('sha256').update(readFileSync(join(dir, f.name))).digest('hex')]));
  return { ...files, 'manifest.json': text.replace(/"wallSeconds": [\d.]+/, '"wallSeconds": 0') };
}

/** How many lines of a worker's log say a job was done. */
export function jobsDone(log: string): number {
  return log.split('\n').filter((l) => / done in [\d.]+ s$/.test(l)).length;
}
