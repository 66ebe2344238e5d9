import { compareModels, type CompareResult, type FeeModel } from '../economics/index.js';
import { writeCompareCsv } from '../output/compare-csv.js';
import { draftManifest, type FeeModelFileRef, type Manifest } from '../output/manifest.js';
import { writeAggregates } from '../output/records.js';
import { withDataPackage } from '../output/datapackage.js';
import { compareSummary, writeSummary, type CompareSummary } from '../output/summary.js';
import type { Scenario } from '../scenario/types.js';
import { InputError } from './errors.js';
import { stageReport } from './report.js';
import { runCounts, simulate } from './run.js';
import { writeStaged } from './staging.js';
import type { OutputRequest, Tick } from './types.js';

export interface CompareRequest extends OutputRequest {
  readonly scenario: Scenario;
  /** The fee models, resolved in the scenario's currency; the first is the one the others are compared with. */
  readonly models: readonly FeeModel[];
  /**
   * The models as `--fee-models` gave them (preset names or files), one per model, and the files
   * among them: what the manifest records so that `sim verify` can resolve them again. Default:
   * the models' names.
   */
  readonly specs?: readonly string[];
  readonly files?: readonly FeeModelFileRef[];
  readonly onTick?: Tick;
}

/**
 * `sim compare`: one run of the scenario whose purchases are priced by every fee model side by
 * side. The purchase stream is the same for all models by construction (fee rules draw no
 * randomness and change no state of the network). Writes compare.csv (tidy: model, metric,
 * participant type, channel, value, difference against the first model, unit, currency), the
 * aggregate tables of the common purchases (throughput.csv, nodes.csv, declines.csv,
 * wallet.csv), datapackage.json, summary.json and a manifest that lists them all.
 */
export async function executeCompare(req: CompareRequest): Promise<{ result: CompareResult; manifest: Manifest; summary: CompareSummary }> {
  const sc = req.scenario;
  if (sc.money === undefined) {
    throw new InputError('NO_MONEY', `${sc.path}: the scenario has no fees section, so nothing is cleared to compare; add fees: (see docs/fees.md)`);
  }
  const { value, manifest } = await writeStaged(req.outDir, req.force, async (dir) => {
    const run = await simulate(sc, sc.seed, { feeModels: req.models, ...(req.onTick !== undefined ? { onTick: req.onTick } : {}), ...(req.submit !== undefined ? { submit: req.submit } : {}) });
    const result = compareModels(run.money!.compare);
    const modelFiles = req.files ?? [];
    const options = {
      durationUs: sc.durationUs,
      transactions: false,
      feeModels: req.specs ?? req.models.map((m) => m.name),
      ...(modelFiles.length > 0 ? { feeModelFiles: modelFiles } : {}),
      ...(req.report === true ? { report: true } : {}),
    };
    const draft = draftManifest(sc, sc.seed, options, runCounts(run));
    const summary = compareSummary(run, draft, result);
    const files = [...withDataPackage(dir, sc.name, 'compare', [...writeAggregates(run, dir), writeCompareCsv(dir, result, sc.currency, sc.currencyExponent)]), writeSummary(dir, summary)];
    if (req.report === true) files.push(await stageReport(dir, draft));
    return { value: { result, summary }, manifest: draft, files };
  });
  return { ...value, manifest };
}
