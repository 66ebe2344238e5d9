/**
 * The run API at its old import path: the application layer lives in src/app (run.ts for a run,
 * shards.ts for its shards on the worker pool).
 */
export { executeRun, simulate, type RunRequest, type RunOutcome } from './app/run.js';
export type { SimulateOptions } from './app/types.js';
export { MANIFEST } from './output/manifest.js';
