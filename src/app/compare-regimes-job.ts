import type { JobResult } from '../parallel/pool.js';
import type { Scenario } from '../scenario/types.js';
import { regimeMetrics, type RegimeMetric } from './compare-regimes-metrics.js';
import { simulate } from './run.js';

/** One run of `sim compare --regimes`: a regime's resolved scenario on one seed. */
export interface RegimeJob {
  readonly scenario: Scenario;
  readonly seed: number;
}

/** A regime run as the pool carries it: tagged with its kind for the worker's dispatch. */
export interface RegimeEnvelope {
  readonly kind: 'regime';
  readonly job: RegimeJob;
}

/** What a regime run sends back: its metrics and the counts the manifest records. */
export interface RegimeOut {
  readonly metrics: RegimeMetric[];
  readonly cards: number;
  readonly terminals: number;
  readonly merchants: number;
  readonly events: number;
  readonly transactions: number;
}

/** Runs one regime on one seed (its shards one after another, here) and measures it; writes nothing. */
export async function runRegimeJob(job: RegimeJob): Promise<JobResult<RegimeOut>> {
  const r = await simulate(job.scenario, job.seed, { workers: 1 });
  return { result: { metrics: regimeMetrics(r), cards: r.cards, terminals: r.terminals, merchants: r.merchants, events: r.events, transactions: r.transactions } };
}
