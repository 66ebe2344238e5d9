import { withDataPackage } from '../output/datapackage.js';
import { writeRegimeCsv } from '../output/compare-regimes-csv.js';
import { draftManifest, type Manifest } from '../output/manifest.js';
import { defaultWorkers, runJobs, type SubmitJobs } from '../parallel/pool.js';
import { formatScenarioError } from '../scenario/errors.js';
import type { Scenario } from '../scenario/types.js';
import { runRegimeJob, type RegimeEnvelope, type RegimeOut } from './compare-regimes-job.js';
import { regimeRows, type RegimeRow } from './compare-regimes-metrics.js';
import { regimeScenarios, type RegimeScenario } from './compare-regimes-scenarios.js';
import { InputError } from './errors.js';
import { writeStaged } from './staging.js';
import { appWorkerModule } from './worker-module.js';

export interface RegimeCompareRequest {
  /** The scenario as the file gives it (with the command line's overrides): the manifest names it. */
  readonly scenario: Scenario;
  /** The regimes' scenarios (`regimeScenarios`), the first the one the others are compared with. */
  readonly regimes: readonly RegimeScenario[];
  /** Seeds seed, seed + 1, ... each regime runs on (default 1). */
  readonly replications?: number;
  readonly outDir: string;
  readonly force: boolean;
  readonly workers?: number;
  /** Progress: called as each run finishes, with how many have. */
  readonly onDone?: (done: number, total: number) => void;
  /** Where the runs go: this machine's worker threads (the default) or a cluster. */
  readonly submit?: SubmitJobs;
}

export interface RegimeCompareOutcome {
  readonly rows: RegimeRow[];
  readonly seeds: number[];
  readonly manifest: Manifest;
}

/**
 * `sim compare --regimes a,b,c`: runs every regime on the same seeds (common random numbers: the
 * same named streams, so consumers, merchants and purchase intents are the same and only the
 * choices differ) on the workers, and writes compare.csv (per regime: instrument shares, the
 * merchant's cost per 100 by instrument, each party's revenue, the acceptance shares at the end,
 * consumer fees and subsidies, each with its difference from the first regime), with several
 * seeds compare-intervals.csv (a 95 % interval of each difference, paired seed by seed),
 * datapackage.json and the manifest. The files do not depend on the number of workers.
 */
export async function executeRegimeCompare(req: RegimeCompareRequest): Promise<RegimeCompareOutcome> {
  const sc = req.scenario;
  const r = req.replications ?? 1;
  const seeds = Array.from({ length: r }, (_, i) => sc.seed + i);
  const jobs: RegimeEnvelope[] = req.regimes.flatMap((g) => seeds.map((seed) => ({ kind: 'regime' as const, job: { scenario: { ...g.scenario, seed }, seed } })));
  const { value, manifest } = await writeStaged(req.outDir, req.force, async (dir) => {
    let done = 0;
    const outs = await (req.submit ?? runJobs)<RegimeEnvelope, RegimeOut>(jobs, {
      workers: Math.min(req.workers ?? defaultWorkers(), jobs.length),
      workerModule: appWorkerModule(),
      runHere: (e) => runRegimeJob(e.job),
      onResult: () => req.onDone?.(++done, jobs.length),
    });
    const runs = req.regimes.map((_, k) => seeds.map((_, s) => outs[k * r + s]!.metrics));
    const rows = regimeRows(req.regimes.map((g) => g.name), runs);
    const first = outs[0]!;
    const counts = { cards: first.cards, terminals: first.terminals, merchants: first.merchants, events: sum(outs, 'events'), transactions: sum(outs, 'transactions') };
    const options = { durationUs: sc.durationUs, transactions: false, regimes: req.regimes.map((g) => g.name), ...(r > 1 ? { replications: r } : {}) };
    const draft = draftManifest(sc, sc.seed, options, counts);
    const files = withDataPackage(dir, sc.name, 'regimes', writeRegimeCsv(dir, rows, r, sc.currency, sc.currencyExponent));
    return { value: { rows, seeds }, manifest: draft, files };
  });
  return { ...value, manifest };
}

const sum = (outs: readonly RegimeOut[], k: 'events' | 'transactions'): number => outs.reduce((a, o) => a + o[k], 0);

/** `sim verify` of a regimes directory: the same regimes of the same scenario on the same seeds, into `outDir`. */
export async function rerunRegimeCompare(m: Manifest, scenario: Scenario, outDir: string): Promise<Manifest> {
  const chosen = regimeScenarios(scenario.path, scenario, m.options.regimes);
  if ('errors' in chosen) throw new InputError('BAD_SCENARIO', chosen.errors.map(formatScenarioError).join('\n'));
  return (await executeRegimeCompare({ scenario, regimes: chosen.regimes, replications: m.options.replications ?? 1, outDir, force: false })).manifest;
}
