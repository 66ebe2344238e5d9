/**
 * The first step of `sim verify`: a run directory against its own manifest, before anything is
 * re-run. Every listed file must be there with the SHA-256, bytes and rows the manifest records,
 * and nothing else may be there (the manifest itself excepted).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST, type Manifest } from '../output/manifest.js';
import { parquetRowsOrMinusOne } from '../output/parquet-footer.js';

/** What a file on disk is: its digest, its size and its data rows (lines after the header). */
export interface FileOnDisk {
  readonly sha256: string;
  readonly bytes: number;
  readonly rows: number;
}

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;
const QUOTE = 0x22;

/**
 * Measures a CSV file in one pass of 1 MiB reads (a transactions.csv of millions of rows never
 * sits in memory). Rows are its lines after the header; a line end inside a quoted field is part
 * of the field (a doubled quote inside a field toggles twice, so it changes nothing).
 */
export function measureFile(path: string): FileOnDisk {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(CHUNK);
  const fd = openSync(path, 'r');
  let bytes = 0;
  let lines = 0;
  let quoted = false;
  let last = NEWLINE;
  try {
    for (let n = readSync(fd, buf, 0, CHUNK, null); n > 0; n = readSync(fd, buf, 0, CHUNK, null)) {
      const chunk = buf.subarray(0, n);
      hash.update(chunk);
      bytes += n;
      // Native searches: quotes are rare, so most of a chunk is newlines counted outside quotes.
      for (let pos = 0; pos < n; ) {
        const q = chunk.indexOf(QUOTE, pos);
        const end = q < 0 ? n : q;
        if (!quoted) lines += countNewlines(chunk, pos, end);
        if (q < 0) break;
        quoted = !quoted;
        pos = q + 1;
      }
      last = chunk[n - 1]!;
    }
  } finally {
    closeSync(fd);
  }
  if (last !== NEWLINE) lines++;
  // A Parquet file's rows are in its footer (its bytes hold no lines).
  const rows = path.endsWith('.parquet') ? parquetRowsOrMinusOne(path) : Math.max(0, lines - 1);
  return { sha256: hash.digest('hex'), bytes, rows };
}

function countNewlines(chunk: Buffer, from: number, to: number): number {
  let count = 0;
  for (let i = chunk.indexOf(NEWLINE, from); i >= 0 && i < to; i = chunk.indexOf(NEWLINE, i + 1)) count++;
  return count;
}

/** One way a field of a listed file differs from what is on disk. */
export interface FieldDifference {
  readonly field: 'sha256' | 'bytes' | 'rows';
  readonly recorded: string | number;
  readonly found: string | number;
}

/**
 * A file of the directory that does not match the manifest: listed but absent (`missing`),
 * listed but different (`changed`, with each differing field), or present but not listed
 * (`unlisted`; `directory` says it is a directory).
 */
export type DirProblem =
  | { readonly name: string; readonly kind: 'missing' }
  | { readonly name: string; readonly kind: 'changed'; readonly fields: readonly FieldDifference[] }
  | { readonly name: string; readonly kind: 'unlisted'; readonly directory: boolean };

/** Every file of `dir` against the manifest's list, in the manifest's order, then the unlisted ones by name. */
export function checkDirectory(m: Manifest, dir: string): DirProblem[] {
  const problems: DirProblem[] = [];
  for (const f of m.files) {
    const path = join(dir, f.name);
    if (!existsSync(path) || !statSync(path).isFile()) {
      problems.push({ name: f.name, kind: 'missing' });
      continue;
    }
    const disk = measureFile(path);
    const fields: FieldDifference[] = [];
    for (const field of ['sha256', 'bytes', 'rows'] as const) {
      if (disk[field] !== f[field]) fields.push({ field, recorded: f[field], found: disk[field] });
    }
    if (fields.length > 0) problems.push({ name: f.name, kind: 'changed', fields });
  }
  const listed = new Set(m.files.map((f) => f.name));
  for (const name of readdirSync(dir).sort()) {
    if (name === MANIFEST || listed.has(name)) continue;
    problems.push({ name, kind: 'unlisted', directory: statSync(join(dir, name)).isDirectory() });
  }
  return problems;
}
