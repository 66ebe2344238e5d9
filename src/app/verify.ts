import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isFeeModelFile, resolveFeeModelSpecs } from '../fee-models.js';
import type { Manifest, ManifestProblem } from '../output/manifest.js';
import { sha256File } from '../output/run-dir.js';
import type { Scenario } from '../scenario/types.js';
import { executeCompare } from './compare.js';
import { rerunRegimeCompare } from './compare-regimes.js';
import { InputError } from './errors.js';
import { executeRun } from './run.js';
import { rerunSweep } from './sweep.js';
import type { Tick } from './types.js';

export { checkDirectory, measureFile, type DirProblem, type FieldDifference, type FileOnDisk } from './verify-dir.js';

/** How one recorded file compares with the re-run's (a file absent from the directory is `checkDirectory`'s). */
export interface FileCheck {
  readonly name: string;
  /**
   * identical; differs (`difference` gives the first line); notRewritten (the re-run did not
   * write it); unrecorded (the re-run wrote it, the manifest does not list it).
   */
  readonly status: 'identical' | 'differs' | 'notRewritten' | 'unrecorded';
  readonly difference?: { readonly line: number; readonly expected: string; readonly actual: string };
}

/** A fact the manifest records (a count, an option, the simulated span) that the re-run does not reproduce. */
export interface FactDifference {
  /** The field, e.g. `events` or `simulated.end`. */
  readonly path: string;
  readonly recorded: unknown;
  readonly rerun: unknown;
}

/** What the re-run found: every file, and every recorded fact that differs. */
export interface VerifyOutcome {
  readonly files: FileCheck[];
  readonly facts: FactDifference[];
}

/** First line (1-based) where two texts differ, with both lines; undefined if equal. */
export function firstDifference(a: string, b: string): FileCheck['difference'] {
  if (a === b) return undefined;
  const la = a.split('\n');
  const lb = b.split('\n');
  const n = Math.max(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    if (la[i] !== lb[i]) return { line: i + 1, expected: la[i] ?? '(end of file)', actual: lb[i] ?? '(end of file)' };
  }
  return undefined;
}

/** Two binary files (Parquet): undefined if equal, else their SHA-256 digests as the one differing "line". */
function binaryDifference(a: string, b: string): FileCheck['difference'] {
  const [da, db] = [sha256File(a), sha256File(b)];
  return da === db ? undefined : { line: 1, expected: `sha256 ${da}`, actual: `sha256 ${db}` };
}

/** Throws an InputError for a manifest that records no single run (a replications directory; a sweep is re-run whole). */
export function assertVerifiable(m: Manifest, recordedDir: string): void {
  if (m.options.replications === undefined || m.options.grid !== undefined || m.options.regimes !== undefined) return;
  throw new InputError('NOT_A_RUN', `${recordedDir} was written by sim run --replications; sim verify re-runs a single run directory (verify each seed-<s>/ inside it)`);
}

/** A fee-model file among a manifest's `options.feeModels` that `options.feeModelFiles` does not describe (so it cannot be found again). */
export function undescribedFeeModelFiles(m: Manifest): ManifestProblem[] {
  const described = new Set((m.options.feeModelFiles ?? []).map((f) => f.spec));
  return (m.options.feeModels ?? []).flatMap((spec, i) =>
    isFeeModelFile(spec) && !described.has(spec) ? [{ path: `options.feeModels[${i}]`, message: `'${spec}' is a fee-model file, but options.feeModelFiles does not describe it` }] : [],
  );
}

/** An input file a manifest records (the scenario, a fee-model file), found again: where it is now and whether it changed. */
export type LocatedInput =
  | { readonly status: 'found'; readonly path: string }
  | { readonly status: 'missing'; readonly tried: readonly string[] }
  | { readonly status: 'changed'; readonly path: string; readonly sha256: string };

/** Finds a recorded input from the working directory, else at its absolute path, and compares its SHA-256. */
export function locateInput(ref: { readonly path: string; readonly absolutePath: string; readonly sha256: string }): LocatedInput {
  const tried = [resolve(ref.path), ref.absolutePath];
  const path = tried.find((p) => existsSync(p));
  if (path === undefined) return { status: 'missing', tried };
  const sha256 = sha256File(path);
  return sha256 === ref.sha256 ? { status: 'found', path } : { status: 'changed', path, sha256 };
}

/**
 * Re-runs what a manifest records (a run, a `sim compare` of its fee models, or a `sim sweep`) from `scenario`,
 * loaded with the recorded seed and duration, into a temporary directory, and compares every
 * file byte for byte and every recorded fact. A replications directory is not one run: each
 * seed-<s>/ inside it is.
 * @param feeModelFile - where each recorded fee-model file is now (`locateInput`), by its spec.
 */
export async function verifyRecorded(m: Manifest, recordedDir: string, scenario: Scenario, feeModelFile: (spec: string) => string = (s) => s, onTick?: Tick): Promise<VerifyOutcome> {
  assertVerifiable(m, recordedDir);
  const work = mkdtempSync(join(tmpdir(), 'quartet-verify-'));
  try {
    const rerunDir = join(work, 'run');
    const fresh = await rerun(m, scenario, rerunDir, feeModelFile, onTick);
    return { files: checkFiles(m, recordedDir, fresh, rerunDir), facts: compareFacts(m, fresh) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function rerun(m: Manifest, scenario: Scenario, outDir: string, feeModelFile: (spec: string) => string, onTick?: Tick): Promise<Manifest> {
  if (m.options.grid !== undefined) return rerunSweep(m, scenario, outDir);
  if (m.options.regimes !== undefined) return rerunRegimeCompare(m, scenario, outDir);
  const specs = m.options.feeModels;
  const progress = onTick !== undefined ? { onTick } : {};
  if (specs !== undefined) {
    const { models, files } = resolveFeeModelSpecs(specs, scenario, feeModelFile);
    return (await executeCompare({ scenario, models, specs, files, outDir, force: false, report: m.options.report === true, ...progress })).manifest;
  }
  const req = { scenario, seed: m.seed, outDir, force: false, transactions: m.options.transactions, ledger: m.options.ledger === true, parquet: m.options.parquet ?? [], report: m.options.report === true, ...progress };
  return (await executeRun(req)).manifest;
}

/** Every recorded file present in the directory against the re-run's, then the files only the re-run wrote. */
function checkFiles(recorded: Manifest, recordedDir: string, fresh: Manifest, freshDir: string): FileCheck[] {
  const freshNames = new Set(fresh.files.map((f) => f.name));
  const recordedNames = new Set(recorded.files.map((f) => f.name));
  const checks: FileCheck[] = [];
  for (const { name } of recorded.files) {
    const path = join(recordedDir, name);
    if (!existsSync(path)) continue;
    if (!freshNames.has(name)) {
      checks.push({ name, status: 'notRewritten' });
      continue;
    }
    const difference = name.endsWith('.parquet') ? binaryDifference(path, join(freshDir, name)) : firstDifference(readFileSync(path, 'utf8'), readFileSync(join(freshDir, name), 'utf8'));
    checks.push(difference === undefined ? { name, status: 'identical' } : { name, status: 'differs', difference });
  }
  for (const f of fresh.files) if (!recordedNames.has(f.name)) checks.push({ name: f.name, status: 'unrecorded' });
  return checks;
}

/**
 * Fields that are not facts of the run: the version that wrote it (`sim verify` notes a
 * different one), where its inputs were (they may have moved), the wall time, and the files
 * (compared one by one).
 */
const NOT_FACTS = /^(version|wallSeconds|files|scenario\.(path|absolutePath)|options\.feeModelFiles\[\d+\]\.(path|absolutePath))$/;

/** The manifest's fields as `path -> value` leaves (`options.feeModels[1]`), without those of NOT_FACTS. */
function facts(m: Manifest): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, path: string): void => {
    if (NOT_FACTS.test(path)) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, path === '' ? k : `${path}.${k}`);
    else out.set(path, v);
  };
  // A run's manifest says ledger: false; one written before the option existed leaves it out.
  walk({ ...m, options: { ...m.options, ledger: m.options.ledger === true } }, '');
  return out;
}

/** Every recorded fact that the re-run's manifest does not repeat, in the recorded manifest's order. */
export function compareFacts(recorded: Manifest, fresh: Manifest): FactDifference[] {
  const a = facts(recorded);
  const b = facts(fresh);
  const out: FactDifference[] = [];
  for (const [path, v] of a) if (b.get(path) !== v) out.push({ path, recorded: v, rerun: b.get(path) });
  for (const [path, v] of b) if (!a.has(path)) out.push({ path, recorded: undefined, rerun: v });
  return out;
}
