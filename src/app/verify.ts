import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveModels } from '../fee-models.js';
import type { Manifest } from '../output/manifest.js';
import type { Scenario } from '../scenario/types.js';
import { executeCompare } from './compare.js';
import { InputError } from './errors.js';
import { executeRun } from './run.js';

/** How one recorded file compares with the re-run's. */
export interface FileCheck {
  readonly name: string;
  /**
   * identical; differs (`difference` gives the first line); missing (listed but not in the
   * directory); notRewritten (the re-run did not write it); unrecorded (the re-run wrote it, the
   * manifest does not list it).
   */
  readonly status: 'identical' | 'differs' | 'missing' | 'notRewritten' | 'unrecorded';
  readonly difference?: { readonly line: number; readonly expected: string; readonly actual: string };
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

/** Throws an InputError for a manifest that records no single run (a replications directory). */
export function assertVerifiable(m: Manifest, recordedDir: string): void {
  if (m.options.replications === undefined) return;
  throw new InputError('NOT_A_RUN', `${recordedDir} was written by sim run --replications; sim verify re-runs a single run directory (verify each seed-<s>/ inside it)`);
}

/**
 * Re-runs what a manifest records (a run, or a `sim compare` of its fee models) from `scenario`,
 * loaded with the recorded seed and duration, into a temporary directory, and compares every
 * file byte for byte. A replications directory is not one run: each seed-<s>/ inside it is.
 */
export async function verifyRecorded(m: Manifest, recordedDir: string, scenario: Scenario): Promise<FileCheck[]> {
  assertVerifiable(m, recordedDir);
  const work = mkdtempSync(join(tmpdir(), 'quartet-verify-'));
  try {
    const rerunDir = join(work, 'run');
    const fresh = await rerun(m, scenario, rerunDir);
    return checkFiles(m, recordedDir, fresh, rerunDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function rerun(m: Manifest, scenario: Scenario, outDir: string): Promise<Manifest> {
  const feeModels = m.options.feeModels;
  if (feeModels !== undefined) {
    return (await executeCompare({ scenario, models: resolveModels(feeModels, scenario), outDir, force: false })).manifest;
  }
  const req = { scenario, seed: m.seed, outDir, force: false, transactions: m.options.transactions, ledger: m.options.ledger === true };
  return (await executeRun(req)).manifest;
}

/** Every file of the recorded manifest against the re-run's, then the files only the re-run wrote. */
function checkFiles(recorded: Manifest, recordedDir: string, fresh: Manifest, freshDir: string): FileCheck[] {
  const freshNames = new Set(fresh.files.map((f) => f.name));
  const recordedNames = new Set(recorded.files.map((f) => f.name));
  const checks: FileCheck[] = recorded.files.map(({ name }): FileCheck => {
    const path = join(recordedDir, name);
    if (!existsSync(path)) return { name, status: 'missing' };
    if (!freshNames.has(name)) return { name, status: 'notRewritten' };
    const difference = firstDifference(readFileSync(path, 'utf8'), readFileSync(join(freshDir, name), 'utf8'));
    return difference === undefined ? { name, status: 'identical' } : { name, status: 'differs', difference };
  });
  for (const f of fresh.files) if (!recordedNames.has(f.name)) checks.push({ name: f.name, status: 'unrecorded' });
  return checks;
}
