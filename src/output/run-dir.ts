import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The output directory exists and the caller did not allow replacing it. */
export class OutputExistsError extends Error {
  override readonly name = 'OutputExistsError';
  constructor(readonly dir: string) {
    super(`output directory '${dir}' already exists; use --force to replace it, or --out to choose another`);
  }
}

/**
 * A run directory that is written in a temporary sibling and moved into place only when every
 * file is complete, so a failed or interrupted run never leaves something that looks finished.
 */
export class StagedDir {
  readonly temp: string;
  private done = false;

  constructor(readonly target: string, force: boolean) {
    if (existsSync(target) && !force) throw new OutputExistsError(target);
    mkdirSync(dirname(target), { recursive: true });
    removeAbandoned(target);
    this.temp = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
    rmSync(this.temp, { recursive: true, force: true });
    mkdirSync(this.temp);
  }

  /** Moves the finished directory into place, replacing an existing one only at this moment. */
  commit(): void {
    if (existsSync(this.target)) {
      const old = join(dirname(this.target), `.${basename(this.target)}.old-${process.pid}`);
      renameSync(this.target, old);
      renameSync(this.temp, this.target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(this.temp, this.target);
    }
    this.done = true;
  }

  /** Removes the temporary directory (after a failure or an interrupt). */
  abandon(): void {
    if (!this.done) rmSync(this.temp, { recursive: true, force: true });
  }
}

/**
 * Removes the temporary directories of earlier runs into `target` that were interrupted (killed
 * before they could clean up): `.name.partial-<pid>` whose process is gone.
 */
function removeAbandoned(target: string): void {
  const prefix = `.${basename(target)}.partial-`;
  let entries: string[];
  try {
    entries = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const e of entries) {
    if (!e.startsWith(prefix)) continue;
    const pid = Number(e.slice(prefix.length));
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    rmSync(join(dirname(target), e), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but is not ours.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface FileDigest {
  readonly name: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly rows: number;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function digestFile(dir: string, name: string, rows: number): FileDigest {
  const p = join(dir, name);
  return { name, sha256: sha256File(p), bytes: statSync(p).size, rows };
}
