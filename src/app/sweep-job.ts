import type { JobResult } from '../parallel/pool.js';
import type { Scenario } from '../scenario/types.js';
import { headline, type Headline } from './headline.js';
import { simulate } from './run.js';

/** One run of a sweep: one point of the grid (its scenario resolved with the point's overrides) with one seed. */
export interface SweepJob {
  readonly scenario: Scenario;
  readonly seed: number;
}

/** A sweep job as the pool carries it: tagged with its kind for the worker's dispatch. */
export interface SweepEnvelope {
  readonly kind: 'sweep';
  readonly job: SweepJob;
}

/** What a sweep run sends back: its headline metrics and counts (it writes no files). */
export interface SweepOut {
  readonly headline: Headline;
  readonly events: number;
  readonly transactions: number;
}

/** Runs one point with one seed in memory (its shards one after another, here). */
export async function runSweepJob(job: SweepJob): Promise<JobResult<SweepOut>> {
  const r = await simulate(job.scenario, job.seed, { workers: 1 });
  return { result: { headline: headline(r), events: r.events, transactions: r.transactions } };
}
