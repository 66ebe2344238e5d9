/**
 * `sim sweep`: every point of a grid of overrides, each run with R seeds on the worker pool, and
 * per point and metric the mean, sd and 95 % t interval over its seeds (sweep.csv), beside every
 * run's value (sweep-values.csv). Each run is a function of its point and seed, and the pool
 * returns results in job order, so the files do not depend on the number of workers.
 *
 * A sweep writes no run directory per point: it is for comparing points, and one point with one
 * seed is `sim run <scenario> --set ... --seed s` (the manifest records the base overrides and
 * the grid, so any point can be run again in full).
 */
import { join } from 'node:path';
import { CsvFile, fixed } from '../output/csv.js';
import { withOverrides, type Manifest, type ManifestDraft } from '../output/manifest.js';
import { SWEEP, SWEEP_VALUES, SWEEP_VALUES_COLUMNS, gridColumns } from '../output/datapackage-tables.js';
import { withDataPackage } from '../output/datapackage.js';
import { sweepSummary, writeSummary, type SweepSummary } from '../output/summary.js';
import { defaultWorkers, runJobs } from '../parallel/pool.js';
import { formatScenarioError, loadScenario, type ScenarioError, type ScenarioResult } from '../scenario/index.js';
import type { Scenario } from '../scenario/types.js';
import { summarize, type Headline, type Summary } from './headline.js';
import { multiRunDraft } from './replicate.js';
import { stageReport } from './report.js';
import { InputError } from './errors.js';
import { GridError, gridPoints, parseGrid, type GridAxis, type GridPoint } from './sweep-grid.js';
import { runSweepJob, type SweepEnvelope, type SweepOut } from './sweep-job.js';
import { writeStaged } from './staging.js';
import type { OutputRequest, SeedsRequest, Written } from './types.js';
import { appWorkerModule } from './worker-module.js';

export { GridError, gridPoints, parseAxis, parseGrid, MAX_GRID_POINTS, type GridAxis, type GridPoint } from './sweep-grid.js';

/** A point of the grid with its scenario: the base scenario with the base and the point's overrides. */
export interface SweepPoint {
  readonly point: GridPoint;
  readonly scenario: Scenario;
}

/** A grid of points, each run with the same seeds; report.html gives each metric's mean and interval per point. */
export interface SweepRequest extends OutputRequest, SeedsRequest {
  /** The scenario with the base overrides only (`--set`): what the manifest names. */
  readonly base: Scenario;
  readonly axes: readonly GridAxis[];
  /** Every point of the grid, in grid order. */
  readonly points: readonly SweepPoint[];
  /** Called as points finish (all their seeds): points done and the total. */
  readonly onPoint?: (done: number, total: number) => void;
}

/** One point's summary of every metric. */
export interface PointSummary {
  readonly point: GridPoint;
  readonly summaries: readonly Summary[];
}

export interface SweepOutcome {
  readonly manifest: Manifest;
  readonly points: readonly PointSummary[];
  /** Every run's metrics: [point index][replication]. */
  readonly values: readonly (readonly Headline[])[];
  readonly seeds: readonly number[];
  /** summary.json's content. */
  readonly summary: SweepSummary;
}

export const SWEEP_FILES = { summary: SWEEP.file, values: SWEEP_VALUES.file } as const;

/**
 * Every point's scenario, loaded by `load` with the base overrides and then the point's (a later
 * override of the same path wins), or every distinct problem of any point, each naming the first
 * point that has it: a sweep checks every point before it runs one.
 */
export function resolveSweepPoints(load: (set: readonly string[]) => ScenarioResult, axes: readonly GridAxis[], baseSet: readonly string[] = []): SweepPoint[] | { errors: ScenarioError[] } {
  const errors = new Map<string, { error: ScenarioError; points: GridPoint[] }>();
  const points: SweepPoint[] = [];
  for (const point of gridPoints(axes)) {
    const r = load([...baseSet, ...point.set]);
    if (r.scenario !== undefined) points.push({ point, scenario: r.scenario });
    for (const e of r.errors) {
      const key = formatScenarioError(e);
      errors.set(key, { error: e, points: [...(errors.get(key)?.points ?? []), point] });
    }
  }
  if (errors.size === 0) return points;
  const named = [...errors.values()].map(({ error, points: [first, ...others] }) => {
    const more = others.length > 0 ? ` and ${others.length} more` : '';
    return { ...error, message: `${error.message} (sweep point ${first!.id}: ${first!.set.join(', ')}${more})` };
  });
  return { errors: named };
}

/** Runs a sweep and writes its directory (staged, with a manifest). */
export async function executeSweep(req: SweepRequest): Promise<SweepOutcome> {
  const seeds = Array.from({ length: req.replications }, (_, i) => req.firstSeed + i);
  const { value, manifest } = await writeStaged(req.outDir, req.force, async (dir) => {
    const jobs: SweepEnvelope[] = req.points.flatMap((p) => seeds.map((seed) => ({ kind: 'sweep' as const, job: { scenario: { ...p.scenario, seed }, seed } })));
    const left = req.points.map(() => seeds.length);
    let done = 0;
    const outs = await (req.submit ?? runJobs)<SweepEnvelope, SweepOut>(jobs, {
      workers: req.workers ?? defaultWorkers(),
      workerModule: appWorkerModule(),
      runHere: (e) => runSweepJob(e.job),
      onResult: (k) => {
        const p = Math.floor(k / seeds.length);
        if (--left[p]! === 0) req.onPoint?.(++done, req.points.length);
      },
    });
    const values = req.points.map((_, p) => outs.slice(p * seeds.length, (p + 1) * seeds.length).map((o) => o.headline));
    const points = req.points.map((p, i) => ({ point: p.point, summaries: summarize(values[i]!) }));
    const draft = sweepDraft(req, outs);
    const summary = sweepSummary(req.base, draft, req.axes, seeds);
    const files = [...withDataPackage(dir, req.base.name, 'sweep', writeSweep(dir, req, points, values, seeds), req.axes), writeSummary(dir, summary)];
    if (req.report === true) files.push(await stageReport(dir, draft));
    return { value: { points, values, seeds, summary }, manifest: draft, files };
  });
  return { manifest, ...value };
}

/**
 * Runs a recorded sweep again from its manifest (`sim verify`): the grid and the overrides it
 * records, on `base` (the scenario file found again, loaded with the recorded seed, duration and
 * overrides), into `outDir`.
 */
export async function rerunSweep(m: Manifest, base: Scenario, outDir: string): Promise<Manifest> {
  let axes: GridAxis[];
  try {
    axes = parseGrid(m.options.grid ?? []);
  } catch (e) {
    if (e instanceof GridError) throw new InputError('BAD_MANIFEST', `options.grid: ${e.message}`);
    throw e;
  }
  const points = resolveSweepPoints((set) => loadScenario(base.path, { seed: m.seed, durationUs: m.options.durationUs, set }), axes, m.options.set ?? []);
  if (!Array.isArray(points)) throw new InputError('BAD_MANIFEST', points.errors.map(formatScenarioError).join('\n'));
  const req = { base, axes, points, replications: m.options.replications ?? 1, firstSeed: m.seed, outDir, force: false, report: m.options.report === true };
  return (await executeSweep(req)).manifest;
}

/** The unit of a headline metric, for sweep.csv: a count, a ratio, ms, TPS, bps or a currency. */
export function metricUnit(metric: string, currency: string): string {
  if (metric.endsWith('_ms')) return 'ms';
  if (metric.endsWith('_rate') || metric.endsWith('_share')) return 'ratio';
  if (metric.endsWith('_tps')) return 'tps';
  if (metric.endsWith('_bps')) return 'bps';
  if (metric.startsWith('fees_net_') || metric === 'merchant_cost_per_100') return currency;
  const position = /^net_position_[a-z]+(?:_([A-Z]{3}))?$/.exec(metric);
  if (position !== null) return position[1] ?? currency;
  return 'count';
}

/** sweep.csv (one row per point and metric) and sweep-values.csv (one per point, seed and metric). */
function writeSweep(dir: string, req: SweepRequest, points: readonly PointSummary[], values: readonly (readonly Headline[])[], seeds: readonly number[]): Written[] {
  const summary = new CsvFile(join(dir, SWEEP_FILES.summary), gridColumns(SWEEP, req.axes));
  points.forEach(({ point, summaries }, i) => {
    const currency = req.points[i]!.scenario.currency;
    for (const s of summaries) {
      const spread = s.n > 1 ? [fixed(s.sd, 6), fixed(s.low, 6), fixed(s.high, 6)] : ['', '', ''];
      summary.row([point.id, ...point.values, s.metric, metricUnit(s.metric, currency), fixed(s.mean, 6), ...spread, s.n]);
    }
  });
  summary.close();
  const each = new CsvFile(join(dir, SWEEP_FILES.values), SWEEP_VALUES_COLUMNS);
  values.forEach((runs, i) => runs.forEach((h, r) => Object.entries(h).forEach(([metric, v]) => each.row([points[i]!.point.id, seeds[r]!, metric, fixed(v, 6)]))));
  each.close();
  return [
    { file: SWEEP_FILES.summary, rows: summary.rows },
    { file: SWEEP_FILES.values, rows: each.rows },
  ];
}

/** The manifest of a sweep directory: the base scenario, its overrides, the grid and the runs' counts summed. */
function sweepDraft(req: SweepRequest, outs: readonly SweepOut[]): ManifestDraft {
  const sc = req.base;
  const grid = req.axes.map((a) => `${a.key}=[${a.values.join(',')}]`);
  const options = { durationUs: sc.durationUs, transactions: false, replications: req.replications, ...(req.report === true ? { report: true } : {}) };
  return multiRunDraft(sc, req.firstSeed, { ...withOverrides(sc, options), grid }, outs);
}
