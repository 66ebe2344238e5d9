import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkTarget, exists, hiddenPaths, recoverTarget, refuseDangerous, releaseLock, takeLock } from './run-target.js';

export { OutputExistsError, OutputRefusedError } from './run-target.js';

/**
 * A file-system error while a run directory was written (a full disk, a read-only file system,
 * a name too long...): the path as the user knows it and the error's code. The directory was not
 * written; nothing partial is left.
 */
export class OutputWriteError extends Error {
  override readonly name = 'OutputWriteError';
  constructor(
    readonly code: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** Where a staged directory is: its lock taken, its commit begun, committed, or abandoned. */
export type StagingPhase = 'locked' | 'committing' | 'committed' | 'abandoned';

/**
 * Who hears about staged directories: `notice` gets one line per earlier result restored or
 * swap finished (the CLI prints it on stderr); `phase` is told each step of a target, before it
 * happens for 'committing' (the CLI's interrupt handler cleans up after a stopped worker with it).
 */
export interface StagingHooks {
  readonly notice?: (line: string) => void;
  readonly phase?: (target: string, phase: StagingPhase) => void;
}

let hooks: StagingHooks = {};

/** Sets some staging hooks (the others stay); returns a function that puts the previous ones back. */
export function setStagingHooks(h: StagingHooks): () => void {
  const before = hooks;
  hooks = { ...before, ...h };
  return () => {
    hooks = before;
  };
}

/**
 * For tests only: `QUARTET_TEST_KILL_AT_COMMIT_STEP=k` kills this process (SIGKILL, as a crash or
 * a power cut would) at step k of a commit: 1 before touching the target, 2 after the old
 * directory is moved aside, 3 after the new one is in place, 4 after the old copy is deleted.
 */
function crashPoint(step: number): void {
  if (process.env.QUARTET_TEST_KILL_AT_COMMIT_STEP === String(step)) process.kill(process.pid, 'SIGKILL');
}

/**
 * A run directory that is written in a temporary sibling and moved into place only when every
 * file is complete, so a failed or interrupted run never leaves something that looks finished.
 * It holds the target's lock from the start to the end, so two runs never write one target.
 */
export class StagedDir {
  readonly temp: string;
  private readonly old: string;
  private readonly lock: string;
  private replaces = false;
  private settled = false;

  constructor(readonly target: string, force: boolean) {
    refuseDangerous(target);
    const paths = hiddenPaths(target);
    this.temp = paths.partial;
    this.old = paths.old;
    mkdirSync(dirname(paths.lock), { recursive: true });
    this.lock = takeLock(target);
    hooks.phase?.(target, 'locked');
    try {
      for (const line of recoverTarget(target)) hooks.notice?.(line);
      this.replaces = checkTarget(target, force);
      rmSync(this.temp, { recursive: true, force: true });
      mkdirSync(this.temp);
    } catch (e) {
      this.settle(false);
      throw e;
    }
  }

  /**
   * Moves the finished directory into place. A replacement moves the old directory aside first
   * (its `.old-<pid>` name marks the swap for recovery), renames the new one into place, then
   * deletes the old copy. If the new one cannot be moved into place, the old one is put back.
   */
  commit(): void {
    hooks.phase?.(this.target, 'committing');
    crashPoint(1);
    if (this.replaces) {
      renameSync(this.target, this.old);
      crashPoint(2);
    }
    try {
      renameSync(this.temp, this.target);
    } catch (e) {
      if (this.replaces) renameSync(this.old, this.target);
      throw e;
    }
    crashPoint(3);
    if (this.replaces) rmSync(this.old, { recursive: true, force: true });
    crashPoint(4);
    this.settle(true);
  }

  /** Removes the temporary directory (after a failure or an interrupt) and releases the lock. */
  abandon(): void {
    if (this.settled) return;
    rmSync(this.temp, { recursive: true, force: true });
    this.settle(false);
  }

  private settle(committed: boolean): void {
    this.settled = true;
    releaseLock(this.lock);
    hooks.phase?.(this.target, committed ? 'committed' : 'abandoned');
  }
}

/**
 * Cleans up after this process was interrupted (its worker stopped) while it held the lock on
 * `target`, at `phase`: removes the temporary directory, undoes a commit that had begun (the new
 * directory removed, the old one put back) and releases the lock. Afterwards the target is as it
 * was before the run.
 */
export function cleanUpInterrupted(target: string, phase: 'locked' | 'committing'): void {
  const { partial, old, lock } = hiddenPaths(target);
  if (phase === 'committing') {
    // The temporary directory gone means it was renamed into place: that is the new result.
    if (!exists(partial)) rmSync(target, { recursive: true, force: true });
    if (exists(old)) renameSync(old, target);
  }
  rmSync(partial, { recursive: true, force: true });
  releaseLock(lock);
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
