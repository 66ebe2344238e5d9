import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { relative } from 'node:path';
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

export function writeManifest(dir: string, m: Manifest): void {
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);
}

/** The manifest of a run of `sc`: everything but the counts, which the caller gives. */
export function makeManifest(
  sc: Scenario,
  seed: number,
  options: Manifest['options'],
  counts: Pick<Manifest, 'cards' | 'terminals' | 'merchants' | 'events' | 'transactions' | 'wallSeconds'>,
  files: readonly FileDigest[],
): Manifest {
  const clock = new Clock(sc.start);
  return {
    tool: 'quartet',
    version: packageVersion(),
    scenario: { name: sc.name, path: relative(process.cwd(), sc.path) || sc.path, absolutePath: sc.path, sha256: sc.sha256 },
    seed,
    options,
    simulated: { start: clock.iso(0), end: clock.iso(sc.durationUs), durationUs: sc.durationUs },
    ...counts,
    files,
  };
}
