import { performance } from 'node:perf_hooks';
import { finishManifest, writeManifest, type Manifest, type ManifestDraft } from '../output/manifest.js';
import { isAbsolute, join, relative } from 'node:path';
import { OutputWriteError, StagedDir, digestFile } from '../output/run-dir.js';
import type { Written } from './types.js';

/** What the body of a staged write returns: its value, its manifest draft and the files it wrote. */
export interface StagedOutput<T> {
  readonly value: T;
  readonly manifest: ManifestDraft;
  /** The files written into the directory, in the order the manifest lists them. */
  readonly files: readonly Written[];
}

/**
 * Writes an output directory the one way every command does: in a hidden temporary sibling
 * (`StagedDir`) that is moved into place only when complete, with manifest.json listing every
 * file's digest, bytes and rows, and the wall time of the whole write. `body` writes the files
 * into the directory it is given. On any failure the temporary directory is removed and the
 * target is left as it was; a file-system error (a full disk, say) becomes an OutputWriteError.
 *
 * The wall clock is read here only to report how long the write took (never in a simulation).
 */
export async function writeStaged<T>(
  outDir: string,
  force: boolean,
  body: (dir: string) => Promise<StagedOutput<T>>,
): Promise<{ value: T; manifest: Manifest }> {
  let staged: StagedDir;
  try {
    staged = new StagedDir(outDir, force);
  } catch (e) {
    throw asWriteError(e, outDir);
  }
  try {
    const t0 = performance.now();
    const out = await body(staged.temp);
    const files = out.files.map((w) => digestFile(staged.temp, w.file, w.rows));
    const manifest = finishManifest(out.manifest, Math.round((performance.now() - t0) / 10) / 100, files);
    writeManifest(staged.temp, manifest);
    staged.commit();
    return { value: out.value, manifest };
  } catch (e) {
    staged.abandon();
    throw asWriteError(e, outDir, staged.temp);
  }
}

/**
 * A file-system error as an OutputWriteError naming the path as the user knows it: inside the
 * target rather than inside the hidden temporary directory, or the target itself for a write
 * that names no path. Any other error is returned as it is.
 */
function asWriteError(e: unknown, target: string, temp?: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.code !== 'string' || (err.syscall === undefined && err.path === undefined)) return e;
  let path = err.path ?? target;
  if (temp !== undefined) {
    const rel = relative(temp, path);
    if (rel === '') path = target;
    else if (!rel.startsWith('..') && !isAbsolute(rel)) path = join(target, rel);
  }
  return new OutputWriteError(err.code, path, err.message);
}
