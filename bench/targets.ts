/**
 * The speed targets of the cluster issue, measured in one interleaved run (each pair alternates
 * its two sides `runs` times; the figures are whole-process wall and CPU seconds, user + sys,
 * through /usr/bin/time):
 *  - tandem through `sim run` (whole process) against the hand-written loop (bench/tandem-loop.ts),
 *    per purchase;
 *  - start-up: `sim run scenarios/smoke.yaml` against a bare `node -e 0`;
 *  - `--transactions` on russia.yaml, 3 days, against the same run without it;
 *  - the event heap: hold-100k per event against hold-1k (bench/case.ts).
 *
 * `node dist/bench/targets.js [runs]` (default 5). Prints a table; writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sim = join(root, 'dist', 'src', 'bin', 'sim.js');
const runs = Number(process.argv[2] ?? 5);
const out = mkdtempSync(join(tmpdir(), 'quartet-targets-'));

interface Timed {
  readonly wall: number;
  readonly cpu: number;
  readonly stdout: string;
}

/** Runs node with `args` under /usr/bin/time: wall and CPU seconds of the whole process. */
function timed(args: readonly string[]): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', 'quartet-time %e %U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /quartet-time ([0-9.]+) ([0-9.]+) ([0-9.]+)/.exec(r.stderr);
  if (r.status !== 0 || m === null) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), stdout: r.stdout };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Pair {
  readonly name: string;
  readonly target: string;
  readonly a: readonly string[];
  readonly b: readonly string[];
  /** Scales B's time to A's unit (per purchase, per event); default 1. */
  readonly scale?: (a: Timed, b: Timed) => number;
  readonly limit: number;
}

const json = (t: Timed): { transactions: number; events: number } => JSON.parse(t.stdout.trim().split('\n').pop()!) as { transactions: number; events: number };
const PAIRS: readonly Pair[] = [
  {
    name: 'tandem: sim run / hand-written loop, per purchase',
    target: '<= 0.70',
    a: [sim, 'run', join(root, 'scenarios/tandem.yaml'), '--quiet', '--force', '--json', '--out', join(out, 'tandem')],
    b: [join(root, 'dist', 'bench', 'tandem-loop.js')],
    // sim run's purchases from its summary.json on stdout, the loop's from its JSON line.
    scale: (a, b) => (JSON.parse(a.stdout).purchases.count as number) / json(b).transactions,
    limit: 0.7,
  },
  {
    name: 'start-up: sim run smoke.yaml / node -e 0',
    target: '<= 2.5',
    a: [sim, 'run', join(root, 'scenarios/smoke.yaml'), '--quiet', '--force', '--out', join(out, 'smoke')],
    b: ['-e', '0'],
    limit: 2.5,
  },
  {
    name: 'russia.yaml 3 d: --transactions / without',
    target: '<= 1.30',
    a: [sim, 'run', join(root, 'scenarios/russia.yaml'), '--duration', '3d', '--quiet', '--force', '--transactions', '--out', join(out, 'rtx')],
    b: [sim, 'run', join(root, 'scenarios/russia.yaml'), '--duration', '3d', '--quiet', '--force', '--out', join(out, 'r')],
    limit: 1.3,
  },
  {
    name: 'event heap: hold-100k / hold-1k, per event',
    target: '<= 1.20',
    a: [join(root, 'dist', 'bench', 'case.js'), join(root, 'scenarios/bench-hold-100k.yaml'), '-'],
    b: [join(root, 'dist', 'bench', 'case.js'), join(root, 'scenarios/bench-hold-1k.yaml'), '-'],
    scale: (a, b) => json(a).events / json(b).events,
    limit: 1.2,
  },
];

try {
  process.stdout.write(`speed targets, ${runs} alternating runs per side; ratio of A to B (B scaled to A's work), whole process\n\n`);
  process.stdout.write(`${'pair'.padEnd(52)} ${'target'.padStart(8)} ${'wall min'.padStart(9)} ${'wall med'.padStart(9)} ${'cpu min'.padStart(8)} ${'cpu med'.padStart(8)}  met\n`);
  for (const p of PAIRS) {
    const aw: number[] = [];
    const ac: number[] = [];
    const bw: number[] = [];
    const bc: number[] = [];
    for (let i = 0; i < runs; i++) {
      const a = timed(p.a);
      const b = timed(p.b);
      const k = p.scale?.(a, b) ?? 1;
      aw.push(a.wall);
      ac.push(a.cpu);
      bw.push(b.wall * k);
      bc.push(b.cpu * k);
    }
    const r = (x: readonly number[], y: readonly number[], f: (v: readonly number[]) => number): number => f(x) / f(y);
    const wmin = r(aw, bw, (v) => Math.min(...v));
    const wmed = r(aw, bw, median);
    const cmin = r(ac, bc, (v) => Math.min(...v));
    const cmed = r(ac, bc, median);
    process.stdout.write(
      `${p.name.padEnd(52)} ${p.target.padStart(8)} ${wmin.toFixed(2).padStart(9)} ${wmed.toFixed(2).padStart(9)} ${cmin.toFixed(2).padStart(8)} ${cmed.toFixed(2).padStart(8)}  ${wmed <= p.limit ? 'yes' : 'no'}\n`,
    );
    process.stdout.write(`    A wall ${aw.map((x) => x.toFixed(2)).join(' ')} | B wall (scaled) ${bw.map((x) => x.toFixed(2)).join(' ')}\n`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
