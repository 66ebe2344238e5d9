/**
 * The target of a run directory and what lives beside it: the hidden names (temporary directory,
 * old copy during a swap, lock), the checks of what `--out` may replace, the lock that keeps two
 * runs out of one target, and the recovery of a swap that a crash interrupted.
 *
 * A replacement (`--force`) moves the old directory aside to `.name.old-<pid>`, renames the
 * complete new directory into place and then deletes the old copy. The `.old-<pid>` name is the
 * recovery marker: whoever next takes the lock on the target and finds one whose process is gone
 * restores it (the target is missing: the crash came between the two renames) or deletes it (the
 * target is there: the crash came after the new result was in place). So at every moment a whole
 * result is either at the target or named by its marker, never only in a temporary directory.
 */
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';

/** The output directory exists and the caller did not allow replacing it. */
export class OutputExistsError extends Error {
  override readonly name = 'OutputExistsError';
  constructor(readonly dir: string) {
    super(`output directory '${dir}' already exists; use --force to replace it, or --out to choose another`);
  }
}

/** `--out` names something a run must not write or replace (a file, a directory that is not a run, the current directory...). */
export class OutputRefusedError extends Error {
  override readonly name = 'OutputRefusedError';
  constructor(
    readonly code: 'OUT_IS_FILE' | 'OUT_IS_LINK' | 'OUT_NOT_A_RUN' | 'OUT_DANGEROUS' | 'OUT_LOCKED',
    message: string,
  ) {
    super(message);
  }
}

/** Longest base name kept whole in a hidden name: the rest of the name must fit in 255 bytes. */
const MAX_KEPT_BYTES = 200;

/**
 * The base of the hidden names beside `target`: its own name, or for a long one (hidden names
 * must fit the 255-byte limit of a file name) its first bytes, `~` and 12 hex digits of its hash.
 */
export function hiddenBase(target: string): string {
  const name = basename(resolve(target));
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length <= MAX_KEPT_BYTES) return name;
  let cut = 160;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--; // not inside a UTF-8 sequence
  return `${bytes.subarray(0, cut).toString('utf8')}~${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

/** The hidden names beside `target`: the temporary directory and old copy of process `pid`, and the lock. */
export function hiddenPaths(target: string, pid: number = process.pid): { partial: string; old: string; lock: string } {
  const dir = dirname(resolve(target));
  const b = hiddenBase(target);
  return { partial: join(dir, `.${b}.partial-${pid}`), old: join(dir, `.${b}.old-${pid}`), lock: join(dir, `.${b}.lock`) };
}

/**
 * Refuses a target that no run may replace, force or not: the file system root, the home
 * directory, the current directory or one that contains it.
 */
export function refuseDangerous(target: string): void {
  const abs = resolve(target);
  const cwd = process.cwd();
  const why =
    abs === resolve('/') ? 'it is the root of the file system'
    : abs === resolve(homedir()) ? 'it is your home directory'
    : abs === cwd ? 'it is the current directory'
    : cwd.startsWith(abs.endsWith(sep) ? abs : abs + sep) ? 'it contains the current directory'
    : undefined;
  if (why !== undefined) throw new OutputRefusedError('OUT_DANGEROUS', `refusing to write the run into '${target}': ${why}; choose a new directory with --out`);
}

/** Whether `dir` holds a run written by Quartet: a manifest.json of the tool 'quartet' listing its files. */
export function isQuartetRun(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { tool?: unknown; files?: unknown };
    return m.tool === 'quartet' && Array.isArray(m.files);
  } catch {
    return false;
  }
}

/**
 * Checks what is at `target` now: nothing (fine), a run directory (fine with `force`), or
 * something a run must not touch (refused with what it is). Returns whether a run is there.
 */
export function checkTarget(target: string, force: boolean): boolean {
  let st;
  try {
    st = lstatSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  if (st.isSymbolicLink()) throw new OutputRefusedError('OUT_IS_LINK', `'${target}' is a symbolic link; give the directory itself, or choose another --out`);
  if (!st.isDirectory()) throw new OutputRefusedError('OUT_IS_FILE', `'${target}' is a file, not a run directory; choose another --out`);
  if (!force) throw new OutputExistsError(target);
  if (!isQuartetRun(target)) {
    throw new OutputRefusedError('OUT_NOT_A_RUN', `'${target}' is not a Quartet run directory (it has no manifest.json written by quartet); --force replaces only a run: choose another --out`);
  }
  return true;
}

/** Whether process `pid` exists (EPERM: it exists but is not ours). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock file younger than this with no pid in it yet belongs to a run that is starting. */
const STARTING_MS = 10_000;

/** The pid in a lock file; 0 for a lock being created; undefined when it is stale (its process gone). */
function lockHolder(lock: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const pid = Number(text.trim());
  if (text.trim() === '') return Date.now() - statSync(lock).mtimeMs < STARTING_MS ? 0 : undefined;
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

/**
 * Takes the lock on `target`: `.name.lock` beside it, created exclusively (O_EXCL) with this
 * process's pid. A lock whose process is gone is stale and taken over; a live one refuses at once,
 * naming the other run's process. Returns the lock's path, for `releaseLock`.
 */
export function takeLock(target: string): string {
  const { lock } = hiddenPaths(target);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = lockHolder(lock);
      if (holder !== undefined) {
        const who = holder === 0 ? 'another run that is starting' : `another run (process ${holder})`;
        throw new OutputRefusedError('OUT_LOCKED', `'${target}' is being written by ${who}; wait for it to finish, or choose another --out (lock: ${lock})`);
      }
      rmSync(lock, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    return lock;
  }
  throw new OutputRefusedError('OUT_LOCKED', `'${target}': could not take the lock ${lock}; another run keeps taking it`);
}

/** Removes the lock if this process holds it. */
export function releaseLock(lock: string): void {
  try {
    if (Number(readFileSync(lock, 'utf8').trim()) === process.pid) unlinkSync(lock);
  } catch {
    // Already gone.
  }
}

/** The hidden entries beside `target` of the given kind whose process is gone, with their pids. */
function leftovers(target: string, kind: 'partial' | 'old'): { path: string; pid: number }[] {
  const dir = dirname(resolve(target));
  const prefix = `.${hiddenBase(target)}.${kind}-`;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const out: { path: string; pid: number }[] = [];
  for (const e of entries.sort()) {
    if (!e.startsWith(prefix)) continue;
    const pid = Number(e.slice(prefix.length));
    if (!Number.isInteger(pid)) continue;
    if (pid === process.pid || alive(pid)) continue;
    out.push({ path: join(dir, e), pid });
  }
  return out;
}

/**
 * Finishes or rolls back what earlier runs into `target` left when they were killed (call with
 * the lock held): an old copy moved aside (`.name.old-<pid>`) is put back if the target is
 * missing, or deleted if the new result made it into place; temporary directories are removed.
 * Returns one line per result restored or swap finished.
 */
export function recoverTarget(target: string): string[] {
  const notes: string[] = [];
  for (const o of leftovers(target, 'old')) {
    if (!exists(target)) {
      renameSync(o.path, target);
      notes.push(`restored '${target}' from ${basename(o.path)}: an earlier replacement (process ${o.pid}) was interrupted before the new result was in place`);
    } else {
      rmSync(o.path, { recursive: true, force: true });
      notes.push(`finished an interrupted replacement of '${target}' (process ${o.pid}): removed the old copy ${basename(o.path)}`);
    }
  }
  for (const p of leftovers(target, 'partial')) rmSync(p.path, { recursive: true, force: true });
  return notes;
}

export function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
