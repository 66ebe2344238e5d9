import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertVerifiable,
  checkDirectory,
  locateInput,
  undescribedFeeModelFiles,
  verifyRecorded,
  type DirProblem,
  type FileCheck,
  type LocatedInput,
} from '../app/verify.js';
import { MANIFEST, checkManifest, type Manifest } from '../output/manifest.js';
import { loadScenario } from '../scenario/index.js';
import { packageVersion } from '../version.js';
import { CliError, EXIT_BAD_INPUT, EXIT_MISMATCH, EXIT_OK } from './errors.js';
import type { Io } from './io.js';
import { RunProgress, painter, printScenarioErrors } from './report.js';

/** Reads a directory's manifest.json; undefined (every problem printed, field by field) if it is not one. */
function readManifest(io: Io, runDir: string): Manifest | undefined {
  const mPath = join(runDir, MANIFEST);
  if (!existsSync(mPath)) throw new CliError(EXIT_BAD_INPUT, 'NO_MANIFEST', `${mPath}: no manifest.json; is '${runDir}' a run directory?`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(mPath, 'utf8'));
  } catch (e) {
    throw new CliError(EXIT_BAD_INPUT, 'BAD_MANIFEST', `${mPath}: not valid JSON (${(e as Error).message})`);
  }
  const checked = checkManifest(value);
  const { manifest } = checked;
  const problems = manifest === undefined ? checked.problems : undescribedFeeModelFiles(manifest);
  if (manifest !== undefined && problems.length === 0) return manifest;
  const c = painter(io);
  for (const p of problems) io.err(`${c.red('error:')} ${mPath}: ${p.path === '' ? '' : `${p.path}: `}${p.message}\n`);
  io.err(c.red(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the manifest; nothing was re-run.\n`));
  return undefined;
}

/**
 * `sim verify <dir>`: checks a recorded run (or `sim compare`) against its manifest, then re-runs
 * it from the manifest (same scenario file, seed, duration, options and fee models) and compares
 * every output file byte for byte and every recorded count. Exit 1 on any difference, naming the
 * file and its first differing row; exit 2 for a manifest that is not one.
 */
export async function verifyRun(io: Io, runDir: string): Promise<number> {
  const c = painter(io);
  const m = readManifest(io, runDir);
  if (m === undefined) return EXIT_BAD_INPUT;
  assertVerifiable(m, runDir);
  const directory = checkDirectory(m, runDir);
  for (const p of directory) printDirProblem(io, p, runDir);
  const inputs = locateInputs(io, m);
  if (inputs === 'changed') return EXIT_MISMATCH;
  const { scenario, errors } = loadScenario(inputs.scenario, { seed: m.seed, durationUs: m.options.durationUs, set: m.options.set ?? [] });
  if (scenario === undefined) {
    printScenarioErrors(io, errors);
    return EXIT_BAD_INPUT;
  }
  const progress = new RunProgress(io, scenario, true);
  const { files, facts } = await verifyRecorded(m, runDir, scenario, (spec) => inputs.feeModels.get(spec) ?? spec, progress.tick).finally(() => progress.stop());
  for (const f of files) printCheck(io, f);
  for (const f of facts) io.out(`${c.red('differs')}    ${f.path}: ${show(f.recorded)} recorded, ${show(f.rerun)} in the re-run\n`);
  if (m.version !== packageVersion()) io.out(c.dim(`note: the run was written by quartet ${m.version}; this is ${packageVersion()}\n`));
  const names = new Set([...directory.map((p) => p.name), ...files.filter((f) => f.status !== 'identical').map((f) => f.name)]);
  if (names.size > 0 || facts.length > 0) {
    const parts = [];
    if (names.size > 0) parts.push(`${names.size} file${names.size === 1 ? ' differs' : 's differ'} from the recorded run`);
    if (facts.length > 0) parts.push(`${facts.length} recorded count${facts.length === 1 ? '' : 's'} or option${facts.length === 1 ? '' : 's'} differ${facts.length === 1 ? 's' : ''}`);
    io.out(c.red(`${parts.join('; ')}.\n`));
    return EXIT_MISMATCH;
  }
  io.out(c.green(`All ${m.files.length} files are byte-identical to the recorded run, and its counts agree.\n`));
  return EXIT_OK;
}

/** The scenario and fee-model files as they are now; 'changed' (printed) if one changed since the run. */
function locateInputs(io: Io, m: Manifest): { scenario: string; feeModels: Map<string, string> } | 'changed' {
  const c = painter(io);
  const found = (what: string, l: LocatedInput, recordedSha: string): string | undefined => {
    if (l.status === 'missing') throw new CliError(EXIT_BAD_INPUT, 'NO_SCENARIO', `${what} not found: ${l.tried.join(' or ')}`);
    if (l.status === 'found') return l.path;
    io.err(c.red(`${what} ${l.path} changed since the run: sha256 ${l.sha256.slice(0, 12)} now, ${recordedSha.slice(0, 12)} recorded\n`));
    return undefined;
  };
  const scenario = found('scenario file', locateInput(m.scenario), m.scenario.sha256);
  const feeModels = new Map<string, string>();
  let changed = scenario === undefined;
  for (const ref of m.options.feeModelFiles ?? []) {
    const path = found('fee-model file', locateInput(ref), ref.sha256);
    if (path === undefined) changed = true;
    else feeModels.set(ref.spec, path);
  }
  return changed || scenario === undefined ? 'changed' : { scenario, feeModels };
}

const show = (v: unknown): string => (v === undefined ? '(absent)' : typeof v === 'number' ? v.toLocaleString('en-US') : JSON.stringify(v));

function printDirProblem(io: Io, p: DirProblem, runDir: string): void {
  const c = painter(io);
  switch (p.kind) {
    case 'missing':
      io.out(`${c.red('missing')}    ${p.name}: listed in the manifest but not in ${runDir}\n`);
      return;
    case 'unlisted':
      io.out(`${c.red('unlisted')}   ${p.name}: ${p.directory ? 'a directory' : 'a file'} in ${runDir} that the manifest does not list\n`);
      return;
    case 'changed': {
      const fields = p.fields.map((f) => `${f.field} ${f.field === 'sha256' ? String(f.recorded).slice(0, 12) : show(f.recorded)} in the manifest, ${f.field === 'sha256' ? String(f.found).slice(0, 12) : show(f.found)} on disk`);
      io.out(`${c.red('changed')}    ${p.name}: does not match the manifest (${fields.join('; ')})\n`);
    }
  }
}

function printCheck(io: Io, f: FileCheck): void {
  const c = painter(io);
  switch (f.status) {
    case 'identical':
      io.out(`${c.green('identical')}  ${f.name}\n`);
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
