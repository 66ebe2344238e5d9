/**
 * Steady-state A/B in one process: `node dist/bench/steady.js <scenario> <duration|-> <rounds> <dir A> <dir B>`.
 * Loads the runner of two builds (each a checkout with its own dist/) into this one process and
 * runs the scenario through each in turn, `rounds` times, alternating which goes first, timing
 * each run's CPU (user + sys of the process, worker threads included) and wall time. Start-up
 * (module loading, schema compilation) is left out and both builds see the same load from moment
 * to moment, so on a busy shared machine this resolves differences of a few per cent that the
 * per-process `run.js --against` cannot. The first two rounds warm the JIT; judge by the minimum
 * and the median.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

interface Side {
  readonly root: string;
  readonly execute: (o: { scenario: unknown; seed: number; outDir: string; force: boolean; transactions: boolean }) => Promise<unknown>;
  readonly scenario: { seed: number };
  readonly cpu: number[];
  readonly wall: number[];
}

const [file, durationText, roundsText, ...roots] = process.argv.slice(2);
const rounds = Number(roundsText);
if (file === undefined || durationText === undefined || !(Number.isInteger(rounds) && rounds > 0) || roots.length !== 2) {
  process.stderr.write('usage: steady.js <scenario> <duration|-> <rounds> <dir A> <dir B>\n');
  process.exit(2);
}

async function load(root: string): Promise<Side> {
  const mod = (path: string): Promise<Record<string, unknown>> => import(pathToFileURL(join(resolve(root), 'dist', path)).href);
  const { executeRun } = (await mod('src/runner.js')) as { executeRun: Side['execute'] };
  const { loadScenario } = (await mod('src/scenario/index.js')) as { loadScenario: (f: string, o: { durationUs?: number }) => { scenario?: { seed: number } } };
  const { parseDuration } = (await mod('src/scenario/duration.js')) as { parseDuration: (t: string) => number };
  const durationUs = durationText === '-' ? undefined : parseDuration(durationText!);
  const scenario = loadScenario(resolve(file!), durationUs === undefined ? {} : { durationUs }).scenario;
  if (scenario === undefined) throw new Error(`${file}: the scenario does not load with the build in ${root}`);
  return { root, execute: executeRun, scenario, cpu: [], wall: [] };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const sides = [await load(roots[0]!), await load(roots[1]!)] as const;
for (let i = 0; i < rounds; i++) {
  for (const s of i % 2 === 0 ? [sides[0], sides[1]] : [sides[1], sides[0]]) {
    const dir = mkdtempSync(join(tmpdir(), 'quartet-steady-'));
    try {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await s.execute({ scenario: s.scenario, seed: s.scenario.seed, outDir: join(dir, 'run'), force: false, transactions: false });
      const c = process.cpuUsage(c0);
      s.wall.push((performance.now() - t0) / 1000);
      s.cpu.push((c.user + c.system) / 1e6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
const f = (v: number): string => v.toFixed(3);
for (const [name, s] of [['A', sides[0]], ['B', sides[1]]] as const) {
  process.stdout.write(`${name} ${s.root}: cpu min ${f(Math.min(...s.cpu))} median ${f(median(s.cpu))}, wall min ${f(Math.min(...s.wall))} median ${f(median(s.wall))}\n`);
  process.stdout.write(`  cpu: ${s.cpu.map((x) => x.toFixed(2)).join(' ')}\n`);
}
const [a, b] = sides;
process.stdout.write(`B/A cpu: min ${f(Math.min(...b.cpu) / Math.min(...a.cpu))}, median ${f(median(b.cpu) / median(a.cpu))}\n`);
