import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MANIFEST, type Manifest } from '../output/manifest.js';
import { sha256File } from '../output/run-dir.js';
import { executeRun } from '../runner.js';
import { loadScenario } from '../scenario/index.js';
import { CliError, EXIT_BAD_INPUT, EXIT_MISMATCH, EXIT_OK } from './errors.js';
import type { Io } from './io.js';
import { painter, printScenarioErrors } from './report.js';

/** First line (1-based) where two texts differ, with both lines; undefined if equal. */
export function firstDifference(a: string, b: string): { line: number; expected: string; actual: string } | undefined {
  if (a === b) return undefined;
  const la = a.split('\n');
  const lb = b.split('\n');
  const n = Math.max(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    if (la[i] !== lb[i]) return { line: i + 1, expected: la[i] ?? '(end of file)', actual: lb[i] ?? '(end of file)' };
  }
  return undefined;
}

/**
 * `sim verify <run-dir>`: re-runs a recorded run from its manifest (same scenario file, seed,
 * duration and options) and compares every output file byte for byte. Exit 1 on any difference,
 * naming the file and its first differing row.
 */
export async function verifyRun(io: Io, runDir: string): Promise<number> {
  const c = painter(io);
  const mPath = join(runDir, MANIFEST);
  if (!existsSync(mPath)) throw new CliError(EXIT_BAD_INPUT, 'NO_MANIFEST', `${mPath}: no manifest.json; is '${runDir}' a run directory?`);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(mPath, 'utf8')) as Manifest;
  } catch (e) {
    throw new CliError(EXIT_BAD_INPUT, 'BAD_MANIFEST', `${mPath}: not valid JSON (${(e as Error).message})`);
  }
  if (m.options.feeModels !== undefined || m.options.replications !== undefined) {
    const what = m.options.feeModels !== undefined ? 'sim compare' : 'sim run --replications';
    throw new CliError(
      EXIT_BAD_INPUT,
      'NOT_A_RUN',
      `${runDir} was written by ${what}; sim verify re-runs a single run directory${m.options.replications !== undefined ? ' (verify each seed-<s>/ inside it)' : ''}`,
    );
  }
  const candidates = [resolve(m.scenario.path), m.scenario.absolutePath];
  const scenarioPath = candidates.find((p) => existsSync(p));
  if (scenarioPath === undefined) {
    throw new CliError(EXIT_BAD_INPUT, 'NO_SCENARIO', `scenario file not found: ${candidates.join(' or ')}`);
  }
  const sha = sha256File(scenarioPath);
  if (sha !== m.scenario.sha256) {
    io.err(c.red(`scenario ${scenarioPath} changed since the run: sha256 ${sha.slice(0, 12)} now, ${m.scenario.sha256.slice(0, 12)} recorded\n`));
    return EXIT_MISMATCH;
  }
  const { scenario, errors } = loadScenario(scenarioPath, { seed: m.seed, durationUs: m.options.durationUs });
  if (scenario === undefined) {
    printScenarioErrors(io, errors);
    return EXIT_BAD_INPUT;
  }
  const work = mkdtempSync(join(tmpdir(), 'quartet-verify-'));
  try {
    const rerunDir = join(work, 'run');
    const { manifest: fresh } = await executeRun({ scenario, seed: m.seed, outDir: rerunDir, force: false, transactions: m.options.transactions, ledger: m.options.ledger === true });
    let differences = 0;
    const freshNames = new Set(fresh.files.map((f) => f.name));
    for (const f of m.files) {
      const recorded = join(runDir, f.name);
      if (!existsSync(recorded)) {
        io.out(`${c.red('missing')}    ${f.name}: listed in the manifest but not in ${runDir}\n`);
        differences++;
        continue;
      }
      if (!freshNames.has(f.name)) {
        io.out(`${c.red('differs')}    ${f.name}: the re-run did not write it\n`);
        differences++;
        continue;
      }
      const a = readFileSync(recorded, 'utf8');
      const b = readFileSync(join(rerunDir, f.name), 'utf8');
      const d = firstDifference(a, b);
      if (d === undefined) {
        io.out(`${c.green('identical')}  ${f.name}\n`);
      } else {
        differences++;
        io.out(`${c.red('differs')}    ${f.name}: first difference at line ${d.line}\n`);
        io.out(`  recorded: ${d.expected}\n  re-run:   ${d.actual}\n`);
      }
    }
    for (const f of fresh.files) {
      if (!m.files.some((g) => g.name === f.name)) {
        io.out(`${c.red('differs')}    ${f.name}: written by the re-run but not recorded\n`);
        differences++;
      }
    }
    if (differences > 0) {
      io.out(c.red(`${differences} file${differences === 1 ? '' : 's'} differ from the recorded run.\n`));
      return EXIT_MISMATCH;
    }
    io.out(c.green(`All ${m.files.length} files are byte-identical to the recorded run.\n`));
    return EXIT_OK;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
