import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertVerifiable, verifyRecorded, type FileCheck } from '../app/verify.js';
import { MANIFEST, type Manifest } from '../output/manifest.js';
import { sha256File } from '../output/run-dir.js';
import { loadScenario } from '../scenario/index.js';
import { CliError, EXIT_BAD_INPUT, EXIT_MISMATCH, EXIT_OK } from './errors.js';
import type { Io } from './io.js';
import { painter, printScenarioErrors } from './report.js';

/** Reads a directory's manifest.json (bad input if absent or not JSON). */
function readManifest(runDir: string): Manifest {
  const mPath = join(runDir, MANIFEST);
  if (!existsSync(mPath)) throw new CliError(EXIT_BAD_INPUT, 'NO_MANIFEST', `${mPath}: no manifest.json; is '${runDir}' a run directory?`);
  try {
    return JSON.parse(readFileSync(mPath, 'utf8')) as Manifest;
  } catch (e) {
    throw new CliError(EXIT_BAD_INPUT, 'BAD_MANIFEST', `${mPath}: not valid JSON (${(e as Error).message})`);
  }
}

/**
 * `sim verify <dir>`: re-runs a recorded run (or `sim compare`) from its manifest (same scenario
 * file, seed, duration, options and fee models) and compares every output file byte for byte.
 * Exit 1 on any difference, naming the file and its first differing row.
 */
export async function verifyRun(io: Io, runDir: string): Promise<number> {
  const c = painter(io);
  const m = readManifest(runDir);
  assertVerifiable(m, runDir);
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
  const checks = await verifyRecorded(m, runDir, scenario);
  for (const f of checks) printCheck(io, f, runDir);
  const differences = checks.filter((f) => f.status !== 'identical').length;
  if (differences > 0) {
    io.out(c.red(`${differences} file${differences === 1 ? '' : 's'} differ from the recorded run.\n`));
    return EXIT_MISMATCH;
  }
  io.out(c.green(`All ${m.files.length} files are byte-identical to the recorded run.\n`));
  return EXIT_OK;
}

function printCheck(io: Io, f: FileCheck, runDir: string): void {
  const c = painter(io);
  switch (f.status) {
    case 'identical':
      io.out(`${c.green('identical')}  ${f.name}\n`);
      return;
    case 'missing':
      io.out(`${c.red('missing')}    ${f.name}: listed in the manifest but not in ${runDir}\n`);
      return;
    case 'notRewritten':
      io.out(`${c.red('differs')}    ${f.name}: the re-run did not write it\n`);
      return;
    case 'unrecorded':
      io.out(`${c.red('differs')}    ${f.name}: written by the re-run but not recorded\n`);
      return;
    case 'differs':
      io.out(`${c.red('differs')}    ${f.name}: first difference at line ${f.difference!.line}\n`);
      io.out(`  recorded: ${f.difference!.expected}\n  re-run:   ${f.difference!.actual}\n`);
  }
}
