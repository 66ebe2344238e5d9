import type { FeeModel } from '../economics/index.js';
import type { StreamCounts } from './calibrate-stream.js';
import type { SubmitJobs } from '../parallel/pool.js';

/** A file written into a run directory, with its data rows (the header not counted). */
export interface Written {
  readonly file: string;
  readonly rows: number;
}

/**
 * Progress of a run: simulated µs, events, purchases started, approved and decided (approved,
 * declined or timed out) so far. The first tick, at t = 0, comes when the network is built.
 */
export type Tick = (nowUs: number, events: number, purchases: number, approved: number, decided: number) => void;

/** How `simulate` runs a resolved scenario and which per-purchase files it streams. */
export interface SimulateOptions {
  /** Where transactions.csv and ledger.csv go (when asked for); their names are added to `written`. */
  readonly dir?: string;
  readonly written?: Written[];
  readonly transactions?: boolean;
  readonly ledger?: boolean;
  /** Worker threads for the shards of a sharded scenario (default: the number of cores). */
  readonly workers?: number;
  /** Progress: sharded runs report the mean simulated time of their shards and the events summed. */
  readonly onTick?: Tick;
  /** Fee models pricing the purchases side by side (`sim compare`); default: the scenario's. */
  readonly feeModels?: readonly FeeModel[];
  /** Filled with the calibration counts the run streamed (scenarios with calibration targets). */
  readonly calibration?: { counts?: StreamCounts };
  /** Where the jobs run (shards here): this machine's worker threads (the default) or a cluster. */
  readonly submit?: SubmitJobs;
}

/** What every command that writes a directory of results takes. */
export interface OutputRequest {
  /** The directory the results go to: written in a temporary sibling and moved into place when complete. */
  readonly outDir: string;
  /** Replace an earlier Quartet run there (anything else is never replaced). */
  readonly force: boolean;
  /** Also write report.html, listed in the manifest. */
  readonly report?: boolean;
  /** Worker threads on this machine (default: the number of cores). */
  readonly workers?: number;
  /** Where the jobs run: this machine's worker threads (the default) or a cluster. */
  readonly submit?: SubmitJobs;
}

/** The seeds of several runs of one scenario: firstSeed, firstSeed + 1, ..., R of them. */
export interface SeedsRequest {
  readonly firstSeed: number;
  readonly replications: number;
}

/** The per-purchase files a run streams besides its tables. */
export interface StreamedFiles {
  /** Also write transactions.csv, one row per purchase. */
  readonly transactions: boolean;
  /** Also write ledger.csv, every posting (scenarios with fees only). */
  readonly ledger?: boolean;
  /** The tables written as Parquet instead of CSV (`--format`; see output/parquet.ts). */
  readonly parquet?: readonly string[];
}
