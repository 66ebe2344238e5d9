/**
 * `npm run bench`: the benchmark suite. Each case runs in a child process through `sim run`'s
 * own code path (scenario file -> runner -> CSV), so the figures are what users get. Prints a
 * table and writes bench/results.csv.
 *
 * `npm run bench -- --against <dir> [--runs N] [--duration D] [case ...]` compares instead: for
 * each case it alternates N runs (default 5) of the build in <dir> (another checkout with its own
 * dist/, e.g. a worktree of the base commit) with N runs of this build, on the same scenario file,
 * and prints the minimum and median wall time and CPU time (user + sys of the child, through
 * /usr/bin/time) of each and their ratio. Alternating spreads the
 * noise of a shared machine over both sides. Nothing is written. For differences of a few per
 * cent in the simulation itself, `bench/steady.ts` compares two builds in one process.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { CsvFile, fixed } from '../src/output/csv.js';
import { median, pairedRatio } from './paired.js';

interface Case {
  readonly name: string;
  readonly scenario: string;
  readonly duration?: string;
  readonly cards?: number;
  readonly note: string;
}

const CASES: readonly Case[] = [
  { name: 'hold-1k', scenario: 'scenarios/bench-hold-1k.yaml', note: 'hold model of docs/sources.md §B.1, N = 1,000 pending' },
  { name: 'hold-100k', scenario: 'scenarios/bench-hold-100k.yaml', note: 'hold model of docs/sources.md §B.1, N = 100,000 pending' },
  { name: 'tandem', scenario: 'scenarios/tandem.yaml', note: 'tandem network of docs/sources.md §B.2, 1 M purchases' },
  { name: 'russia-30d', scenario: 'scenarios/russia.yaml', note: 'UnionPay Russia launch, 30 days' },
  // russia.yaml as it was before the calendar, top-up income, latency tails and calibration
  // targets (commit b32445c): the old and the new build both read it, for `--against`.
  { name: 'russia-2018-30d', scenario: 'bench/russia-2018.yaml', note: 'russia.yaml of the redesign (no calendar, income, tails, targets), 30 days' },
  { name: 'russia-national-1d', scenario: 'scenarios/russia-national.yaml', note: 'whole Russian card market, 1 day' },
  // Issue 9's "done when": the 90 days of the k-scaled city in under 10 s on the 2-core machine.
  { name: 'china-qr-90d', scenario: 'scenarios/china-qr-competition.yaml', note: 'cards against two QR wallets, k-scaled city, 90 days (issue 9: < 10 s)' },
  // Scaling on one core: purchases x1, x2, x4 at 1 M cards; cards x1, x10, x100 at 1 M purchases.
  { name: 'scale-purchases-1x', scenario: 'scenarios/bench-scale.yaml', duration: '500s', note: '1 M purchases, 1 M cards' },
  { name: 'scale-purchases-2x', scenario: 'scenarios/bench-scale.yaml', duration: '1000s', note: '2 M purchases, 1 M cards' },
  { name: 'scale-purchases-4x', scenario: 'scenarios/bench-scale.yaml', duration: '2000s', note: '4 M purchases, 1 M cards' },
  { name: 'scale-cards-10x', scenario: 'scenarios/bench-scale.yaml', duration: '500s', cards: 10_000_000, note: '1 M purchases, 10 M cards' },
  { name: 'scale-cards-100x', scenario: 'scenarios/bench-scale.yaml', duration: '500s', cards: 100_000_000, note: '1 M purchases, 100 M cards' },
];

type Out = { transactions: number; events: number; wallS: number; peakRssBytes: number; cards: number; cardBytes: number; cpuS?: number };

/** `/usr/bin/time` reports a child's user and system CPU time; without it only wall time is compared. */
const TIME = '/usr/bin/time';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** Command line: case names, and the options of a comparison. */
function parseArgs(argv: readonly string[]): { only: string[]; against?: string; runs: number; duration?: string } {
  const only: string[] = [];
  let against: string | undefined;
  let runs = 5;
  let duration: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--against') against = resolve(argv[++i] ?? '');
    else if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--duration') duration = argv[++i];
    else only.push(a);
  }
  if (!(Number.isInteger(runs) && runs > 0)) throw new Error('--runs takes a positive integer');
  return { only, runs, ...(against !== undefined ? { against } : {}), ...(duration !== undefined ? { duration } : {}) };
}

/** Runs one case once with the case runner of the build under `buildRoot`. */
function runCase(buildRoot: string, c: Case, duration?: string): Out | string {
  const args = ['--max-old-space-size=20000', join(buildRoot, 'dist', 'bench', 'case.js'), join(root, c.scenario)];
  args.push(duration ?? c.duration ?? '-');
  if (c.cards !== undefined) args.push(String(c.cards));
  const timed = existsSync(TIME);
  const r = timed
    ? spawnSync(TIME, ['-f', 'quartet-cpu %U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) return `exit ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Out;
  // CPU time of the whole child (all its threads: the shards' workers too), start-up included.
  const cpu = /quartet-cpu ([0-9.]+) ([0-9.]+)/.exec(r.stderr);
  return cpu === null ? out : { ...out, cpuS: Number(cpu[1]) + Number(cpu[2]) };
}

/** Interleaved A/B of the build in `against` (A) and this one (B); returns the number of failed cases. */
function compare(cases: readonly Case[], against: string, runs: number, duration?: string): number {
  if (!existsSync(join(against, 'dist', 'bench', 'case.js'))) throw new Error(`${against}/dist/bench/case.js not found: build it first`);
  process.stdout.write(`A = ${against}, B = ${root}; ${runs} alternating runs each, seconds (wall; cpu = user + sys of the child)\n\n`);
  process.stdout.write(`${'case'.padEnd(20)} ${'what'.padEnd(4)} ${'A min'.padStart(8)} ${'A median'.padStart(9)} ${'B min'.padStart(8)} ${'B median'.padStart(9)} ${'B/A min'.padStart(8)} ${'B/A med'.padStart(8)}\n`);
  let failed = 0;
  for (const c of cases) {
    const wall: [number[], number[]] = [[], []];
    const cpu: [number[], number[]] = [[], []];
    let error = '';
    for (let i = 0; i < runs && error === ''; i++) {
      for (const side of [0, 1] as const) {
        const o = runCase(side === 0 ? against : root, c, duration);
        if (typeof o === 'string') error = o;
        else {
          wall[side].push(o.wallS);
          if (o.cpuS !== undefined) cpu[side].push(o.cpuS);
        }
      }
    }
    if (error !== '') {
      failed++;
      process.stdout.write(`${c.name.padEnd(20)} failed (${error})\n`);
      continue;
    }
    const row = (what: string, [a, b]: [number[], number[]], name: string): void => {
      if (a.length === 0 || b.length === 0) return;
      const [aMin, aMed, bMin, bMed] = [Math.min(...a), median(a), Math.min(...b), median(b)];
      const f = (v: number, w: number): string => v.toFixed(3).padStart(w);
      process.stdout.write(`${name.padEnd(20)} ${what.padEnd(4)} ${f(aMin, 8)} ${f(aMed, 9)} ${f(bMin, 8)} ${f(bMed, 9)} ${f(bMin / aMin, 8)} ${f(bMed / aMed, 8)}\n`);
      const p = pairedRatio(a, b);
      process.stdout.write(`${''.padEnd(25)} paired B/A: median ${p.median.toFixed(3)}, 95 % interval ${p.lo.toFixed(3)}-${p.hi.toFixed(3)}\n`);
      process.stdout.write(`${''.padEnd(25)} A: ${a.map((x) => x.toFixed(2)).join(' ')}   B: ${b.map((x) => x.toFixed(2)).join(' ')}\n`);
    };
    row('wall', wall, c.name);
    row('cpu', cpu, '');
  }
  return failed;
}

/** The suite: each case three times (the national one once), the fastest reported and written to bench/results.csv. */
function suite(cases: readonly Case[]): number {
  const COLUMNS = ['name', 'transactions', 'events', 'wall_s', 'transactions_per_s', 'events_per_s', 'peak_memory_mb', 'bytes_per_card', 'note'];
  const tmp = join(root, 'bench', 'results.csv.tmp');
  rmSync(tmp, { force: true });
  const csv = new CsvFile(tmp, COLUMNS);
  const header = ['case', 'purchases', 'events', 'wall s', 'purchases/s', 'events/s', 'peak MB', 'B/card'];
  const widths = [20, 12, 13, 8, 12, 12, 9, 7];
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ') + '\n';
  process.stdout.write(line(header));
  let failed = 0;
  for (const c of cases) {
    // Short cases run three times and report the fastest (the machine is shared; the fastest run
    // is the one least disturbed); the national case runs once.
    let m: Out | undefined;
    let error = '';
    for (let i = 0; i < (c.name.includes('national') ? 1 : 3); i++) {
      const o = runCase(root, c);
      if (typeof o === 'string') {
        error = o;
        break;
      }
      if (m === undefined || o.wallS < m.wallS) m = { ...o, peakRssBytes: Math.max(o.peakRssBytes, m?.peakRssBytes ?? 0) };
    }
    if (m === undefined || error !== '') {
      failed++;
      process.stdout.write(`${c.name.padEnd(20)} failed (${error})\n`);
      continue;
    }
    const tps = m.transactions / m.wallS;
    const eps = m.events / m.wallS;
    const mb = m.peakRssBytes / 2 ** 20;
    const bpc = m.cardBytes / m.cards;
    csv.row([c.name, m.transactions, m.events, fixed(m.wallS, 2), fixed(tps, 0), fixed(eps, 0), fixed(mb, 0), fixed(bpc, 1), c.note]);
    const n = (v: number): string => Math.round(v).toLocaleString('en-US');
    process.stdout.write(line([c.name, n(m.transactions), n(m.events), m.wallS.toFixed(2), n(tps), n(eps), n(mb), bpc.toFixed(1)]));
  }
  csv.close();
  renameSync(tmp, join(root, 'bench', 'results.csv'));
  process.stdout.write(`\nwrote bench/results.csv\n`);
  return failed;
}

const opts = parseArgs(process.argv.slice(2));
const cases = opts.only.length > 0 ? CASES.filter((c) => opts.only.includes(c.name)) : CASES;
const cpu = cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(`Quartet benchmark on ${cpus().length} x ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n\n`);
const failed = opts.against !== undefined ? compare(cases, opts.against, opts.runs, opts.duration) : suite(cases);
process.exitCode = failed > 0 ? 1 : 0;
