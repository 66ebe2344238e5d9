import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Scenario } from '../scenario/types.js';
import { packageVersion } from '../version.js';
import type { FileDigest } from './run-dir.js';
import { Clock } from './time-format.js';

export const MANIFEST = 'manifest.json';

/**
 * What a run was and what it wrote: enough to re-run it (`sim verify`) and to tell whether the
 * files are the ones it wrote. Everything except `wallSeconds` is a function of the scenario file,
 * the seed and the options.
 */
export interface Manifest {
  readonly tool: 'quartet';
  readonly version: string;
  readonly scenario: { readonly name: string; readonly path: string; readonly absolutePath: string; readonly sha256: string };
  readonly seed: number;
  readonly options: {
    readonly durationUs: number;
    readonly transactions: boolean;
    readonly ledger?: boolean;
    readonly feeModels?: readonly string[];
    readonly replications?: number;
  };
  readonly simulated: { readonly start: string; readonly end: string; readonly durationUs: number };
  readonly cards: number;
  readonly terminals: number;
  readonly merchants: number;
  readonly events: number;
  readonly transactions: number;
  readonly wallSeconds: number;
  readonly files: readonly FileDigest[];
}

/** A manifest before its directory is complete: the staging step adds the wall time and the files. */
export type ManifestDraft = Omit<Manifest, 'wallSeconds' | 'files'>;

export function writeManifest(dir: string, m: Manifest): void {
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);
}

/** The scenario as a manifest names it: its path relative to the working directory, and its digest. */
export function scenarioRef(sc: Scenario): Manifest['scenario'] {
  return { name: sc.name, path: relative(process.cwd(), sc.path) || sc.path, absolutePath: sc.path, sha256: sc.sha256 };
}

/** The manifest draft of a run of `sc`: everything but the counts, which the caller gives. */
export function draftManifest(
  sc: Scenario,
  seed: number,
  options: Manifest['options'],
  counts: Pick<Manifest, 'cards' | 'terminals' | 'merchants' | 'events' | 'transactions'>,
): ManifestDraft {
  const clock = new Clock(sc.start);
  return {
    tool: 'quartet',
    version: packageVersion(),
    scenario: scenarioRef(sc),
    seed,
    options,
    simulated: { start: clock.iso(0), end: clock.iso(sc.durationUs), durationUs: sc.durationUs },
    ...counts,
  };
}

/** The finished manifest: the draft, then the wall time, then the files (the order of the JSON keys). */
export function finishManifest(draft: ManifestDraft, wallSeconds: number, files: readonly FileDigest[]): Manifest {
  return { ...draft, wallSeconds, files };
}
