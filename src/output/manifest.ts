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
    /** The tables written as Parquet instead of CSV (`sim run --format`); absent: all CSV. */
    readonly parquet?: readonly string[];
    /** `sim compare`: the fee models as given (preset names, or fee-model files). */
    readonly feeModels?: readonly string[];
    /** `sim compare`: every fee-model file among `feeModels`, to find it again and see that it is unchanged. */
    readonly feeModelFiles?: readonly FeeModelFileRef[];
    /** `sim compare --regimes`: the regimes compared, in order (keys of the scenario's `regimes:`). */
    readonly regimes?: readonly string[];
    readonly replications?: number;
    /** report.html was written (`sim run --report`, `sim report`): a re-run writes it too. */
    readonly report?: boolean;
    /** `--set path=value` overrides applied to the scenario file, in order (absent: none). */
    readonly set?: readonly string[];
    /** `sim sweep`: the grid, one `path=[v1,v2,...]` per axis. */
    readonly grid?: readonly string[];
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

/** A fee-model file of `sim compare --fee-models`, as a manifest records it. */
export interface FeeModelFileRef {
  /** The file as `--fee-models` gave it. */
  readonly spec: string;
  /** Relative to the working directory of the run, and absolute. */
  readonly path: string;
  readonly absolutePath: string;
  readonly sha256: string;
}

/** A manifest before its directory is complete: the staging step adds the wall time and the files. */
export type ManifestDraft = Omit<Manifest, 'wallSeconds' | 'files'>;

/** Writes the manifest of `dir` (into `path` when given: a temporary file to rename over it). */
export function writeManifest(dir: string, m: Manifest, path: string = join(dir, MANIFEST)): void {
  writeFileSync(path, `${JSON.stringify(m, null, 2)}\n`);
}

/** The scenario as a manifest names it: its path relative to the working directory, and its digest. */
export function scenarioRef(sc: Scenario): Manifest['scenario'] {
  return { name: sc.name, path: relative(process.cwd(), sc.path) || sc.path, absolutePath: sc.path, sha256: sc.sha256 };
}

/** A manifest's options with the scenario's `--set` overrides, when it has any (none: unchanged). */
export function withOverrides(sc: Scenario, options: Manifest['options']): Manifest['options'] {
  return sc.overrides !== undefined && sc.overrides.length > 0 ? { ...options, set: sc.overrides } : options;
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
    options: withOverrides(sc, options),
    simulated: { start: clock.iso(0), end: clock.iso(sc.durationUs), durationUs: sc.durationUs },
    ...counts,
  };
}

/** The finished manifest: the draft, then the wall time, then the files (the order of the JSON keys). */
export function finishManifest(draft: ManifestDraft, wallSeconds: number, files: readonly FileDigest[]): Manifest {
  return { ...draft, wallSeconds, files };
}

// ---- reading a manifest back -------------------------------------------------------------------

/** What is wrong with one field of a manifest: its path (`files[2].sha256`) and the problem. */
export interface ManifestProblem {
  readonly path: string;
  readonly message: string;
}

/** A check of one value: what was expected, or undefined when it is fine. */
type Leaf = (v: unknown) => string | undefined;
/** The shape of a value: a leaf, a mapping of shapes, a list of one shape, or an optional shape. */
type Shape = Leaf | { readonly [key: string]: Shape } | { readonly list: Shape } | { readonly optional: Shape };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const leaf = (expected: string, ok: (v: unknown) => boolean): Leaf => (v) => (ok(v) ? undefined : expected);
const string = leaf('a string', (v) => typeof v === 'string');
const boolean = leaf('true or false', (v) => typeof v === 'boolean');
const count = leaf('a whole number >= 0', (v) => Number.isSafeInteger(v) && (v as number) >= 0);
const positive = leaf('a whole number > 0', (v) => Number.isSafeInteger(v) && (v as number) > 0);
const seconds = leaf('a number >= 0', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
const sha256 = leaf('a SHA-256 (a string of 64 hex digits)', (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v));
/** A file of the run directory itself: no directory part, not the manifest. */
const fileName = leaf(`the name of a file in the run directory (no '/', not ${MANIFEST})`, (v) => typeof v === 'string' && /^[^/\\]+$/.test(v) && v !== '.' && v !== '..' && v !== MANIFEST);

const MANIFEST_SHAPE: Shape = {
  tool: leaf("the string 'quartet'", (v) => v === 'quartet'),
  version: string,
  scenario: { name: string, path: string, absolutePath: string, sha256 },
  seed: count,
  options: {
    durationUs: positive,
    transactions: boolean,
    ledger: { optional: boolean },
    parquet: { optional: { list: string } },
    feeModels: { optional: { list: string } },
    feeModelFiles: { optional: { list: { spec: string, path: string, absolutePath: string, sha256 } } },
    regimes: { optional: { list: string } },
    replications: { optional: count },
    report: { optional: boolean },
    set: { optional: { list: string } },
    grid: { optional: { list: string } },
  },
  simulated: { start: string, end: string, durationUs: positive },
  cards: count,
  terminals: count,
  merchants: count,
  events: count,
  transactions: count,
  wallSeconds: seconds,
  files: { list: { name: fileName, sha256, bytes: count, rows: count } },
};

/** A value for a message: `number 5`, `a list`, `a mapping`, `null`, `string "x"` (shortened). */
function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (isRecord(v)) return 'a mapping';
  const text = JSON.stringify(v);
  return `${typeof v} ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}

const child = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);

function checkShape(v: unknown, shape: Shape, path: string, out: ManifestProblem[]): void {
  if (typeof shape === 'function') {
    const expected = shape(v);
    if (expected !== undefined) out.push({ path, message: v === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${describeJson(v)}` });
    return;
  }
  if ('optional' in shape) {
    if (v !== undefined) checkShape(v, shape.optional as Shape, path, out);
    return;
  }
  if ('list' in shape) {
    if (!Array.isArray(v)) out.push({ path, message: v === undefined ? 'missing; expected a list' : `expected a list, got ${describeJson(v)}` });
    else v.forEach((item, i) => checkShape(item, shape.list as Shape, child(path, i), out));
    return;
  }
  if (!isRecord(v)) {
    out.push({ path, message: v === undefined ? 'missing; expected a mapping' : `expected a mapping, got ${describeJson(v)}` });
    return;
  }
  for (const [key, s] of Object.entries(shape)) checkShape(v[key], s, child(path, key), out);
}

/** Relations the shape cannot say: each file listed once, each fee-model file of `feeModels` described. */
function checkRelations(m: Manifest, out: ManifestProblem[]): void {
  const seen = new Set<string>();
  m.files.forEach((f, i) => {
    if (seen.has(f.name)) out.push({ path: `files[${i}].name`, message: `${f.name} is listed twice` });
    seen.add(f.name);
  });
  if (m.options.feeModels !== undefined && m.options.feeModels.length === 0) out.push({ path: 'options.feeModels', message: 'expected at least one fee model' });
  const files = m.options.feeModelFiles ?? [];
  files.forEach((f, i) => {
    if (!(m.options.feeModels ?? []).includes(f.spec)) out.push({ path: `options.feeModelFiles[${i}].spec`, message: `'${f.spec}' is not one of options.feeModels` });
  });
}

/**
 * Checks that a parsed manifest.json has every field a manifest has, of the right type (fields
 * it does not know are left alone). Returns the manifest, or every problem with its field path.
 */
export function checkManifest(value: unknown): { manifest?: Manifest; problems: ManifestProblem[] } {
  const problems: ManifestProblem[] = [];
  checkShape(value, MANIFEST_SHAPE, '', problems);
  if (problems.length > 0) return { problems };
  const manifest = value as Manifest;
  checkRelations(manifest, problems);
  return problems.length > 0 ? { problems } : { manifest, problems };
}
