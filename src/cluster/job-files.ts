/**
 * What a cluster job is on the queue and on the shared disk: its deterministic id, its data
 * (the application job, serialized whole), and the directory in the shared work directory where
 * a worker leaves its result (payload.v8, whose digest alone goes back through Redis) and its
 * large outputs (a shard's part files, a replication's run directory).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { AppJob } from '../app/jobs.js';
import type { ShardPayload } from '../app/shard-job.js';
import { hiddenBase } from '../output/run-target.js';

/** A job's data on the queue. */
export interface ClusterJobData {
  /** The application job, v8-serialized (it may hold values JSON cannot: Infinity, typed arrays) and base64-encoded. */
  readonly envelope: string;
  /** The shared work directory: the worker writes into `<workDir>/<job id>/`. */
  readonly workDir: string;
  readonly version: string;
}

/** What a job returns through Redis: the digest and size of its payload file, and who ran it. */
export interface ClusterJobResult {
  readonly digest: string;
  readonly bytes: number;
  readonly worker: string;
}

export const PAYLOAD_FILE = 'payload.v8';
/** Inside a replication job's directory: its run directory. */
const RUN_DIR = 'run';

export function encodeJob(e: AppJob): string {
  return serialize(e).toString('base64');
}

export function decodeJob(data: string): AppJob {
  return deserialize(Buffer.from(data, 'base64')) as AppJob;
}

/** The job without the coordinator's paths (which differ from run to run): what its id is made from. */
function pathless(e: AppJob): AppJob {
  switch (e.kind) {
    case 'shard':
      return { kind: e.kind, job: { ...e.job, partsDir: e.job.partsDir !== undefined ? 'parts' : undefined } };
    case 'replication':
      return { kind: e.kind, job: { ...e.job, outDir: basename(e.job.outDir) } };
    default:
      return e;
  }
}

/**
 * A job's id: a readable label (kind, shard or point, seed) and a hash of the version, the
 * output target and the whole job without its temporary paths (the resolved scenario, seed,
 * shard, options). The same work for the same target has the same id, so submitting it again
 * adds nothing to the queue.
 */
export function clusterJobId(e: AppJob, index: number, target: string, version: string): string {
  const h = createHash('sha256').update(`quartet ${version}\0${resolve(target)}\0`).update(serialize(pathless(e))).digest('hex').slice(0, 24);
  switch (e.kind) {
    case 'shard':
      return `shard-${e.job.index}of${e.job.count}-seed-${e.job.seed}-${h}`;
    case 'replication':
      return `seed-${e.job.seed}-${h}`;
    default:
      return `sweep-${index}-seed-${e.job.seed}-${h}`;
  }
}

/** The shared work directory of a run into `target`: a hidden sibling of it, the same for every attempt. */
export function workDirOf(target: string): string {
  return join(dirname(resolve(target)), `.${hiddenBase(target)}.cluster`);
}

/** The job with its outputs pointed into `dir` (a worker's attempt directory). */
export function intoDir(e: AppJob, dir: string): AppJob {
  switch (e.kind) {
    case 'shard':
      return e.job.partsDir !== undefined ? { kind: e.kind, job: { ...e.job, partsDir: dir } } : e;
    case 'replication':
      return { kind: e.kind, job: { ...e.job, outDir: join(dir, RUN_DIR) } };
    default:
      return e;
  }
}

/** The outputs a finished job left in its directory beside the payload, and where each belongs. */
function outputs(e: AppJob, result: unknown, jobDir: string): { from: string; to: string }[] {
  switch (e.kind) {
    case 'shard': {
      const { parts } = result as ShardPayload;
      const dir = e.job.partsDir;
      if (dir === undefined) return [];
      return [parts.transactions, parts.ledger].filter((w) => w !== undefined).map((w) => ({ from: join(jobDir, w.file), to: join(dir, w.file) }));
    }
    case 'replication':
      return [{ from: join(jobDir, RUN_DIR), to: e.job.outDir }];
    default:
      return [];
  }
}

export function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A finished job's result read back from its directory, or undefined if anything is missing or
 * its payload's digest is not the one the worker reported.
 */
export function readResult(e: AppJob, jobDir: string, r: ClusterJobResult | undefined): unknown {
  if (r === undefined) return undefined;
  const file = join(jobDir, PAYLOAD_FILE);
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  if (digestOf(bytes) !== r.digest) return undefined;
  const result = deserialize(bytes) as unknown;
  return outputs(e, result, jobDir).every((o) => existsSync(o.from)) ? result : undefined;
}

/** Moves a finished job's outputs to where the run expects them (the coordinator's staging directory). */
export function placeOutputs(e: AppJob, result: unknown, jobDir: string): void {
  for (const o of outputs(e, result, jobDir)) renameSync(o.from, o.to);
}
