import { join } from 'node:path';
import { compareModels, type CompareResult, type FeeModel } from '../economics/index.js';
import { CsvFile, fixed, minorToDecimal } from '../output/csv.js';
import { draftManifest, type FeeModelFileRef, type Manifest } from '../output/manifest.js';
import { writeAggregates } from '../output/records.js';
import type { Scenario } from '../scenario/types.js';
import { InputError } from './errors.js';
import { stageReport } from './report.js';
import { runCounts, simulate } from './run.js';
import { writeStaged } from './staging.js';
import type { Tick, Written } from './types.js';

export const COMPARE_COLUMNS = ['model', 'metric', 'participant_type', 'channel', 'value', 'diff_vs_first'] as const;

export interface CompareRequest {
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
  readonly outDir: string;
  readonly force: boolean;
  /** Also write report.html, listed in the manifest. */
  readonly report?: boolean;
  readonly onTick?: Tick;
}

/**
 * `sim compare`: one run of the scenario whose purchases are priced by every fee model side by
 * side. The purchase stream is the same for all models by construction (fee rules draw no
 * randomness and change no state of the network). Writes compare.csv (tidy: model, metric,
 * participant type, channel, value, difference against the first model), the aggregate tables of
 * the common purchases (throughput.csv, nodes.csv, declines.csv, wallet.csv) and a manifest that
 * lists them all.
 */
export async function executeCompare(req: CompareRequest): Promise<{ result: CompareResult; manifest: Manifest }> {
  const sc = req.scenario;
  if (sc.money === undefined) {
    throw new InputError('NO_MONEY', `${sc.path}: the scenario has no fees section, so nothing is cleared to compare; add fees: (see docs/fees.md)`);
  }
  const { value, manifest } = await writeStaged(req.outDir, req.force, async (dir) => {
    const run = await simulate(sc, sc.seed, { feeModels: req.models, ...(req.onTick !== undefined ? { onTick: req.onTick } : {}) });
    const result = compareModels(run.money!.compare);
    const files = req.files ?? [];
    const options = {
      durationUs: sc.durationUs,
      transactions: false,
      feeModels: req.specs ?? req.models.map((m) => m.name),
      ...(files.length > 0 ? { feeModelFiles: files } : {}),
      ...(req.report === true ? { report: true } : {}),
    };
    const manifest = draftManifest(sc, sc.seed, options, runCounts(run));
    const written = [...writeAggregates(run, dir), writeCompareCsv(dir, result, sc.currencyExponent)];
    if (req.report === true) written.push(await stageReport(dir, manifest));
    return { value: result, manifest, files: written };
  });
  return { result: value, manifest };
}

/** compare.csv: money metrics (`…_minor`) in major units without the suffix, ratios to 4 places. */
function writeCompareCsv(dir: string, result: CompareResult, exponent: number): Written {
  const csv = new CsvFile(join(dir, 'compare.csv'), COMPARE_COLUMNS);
  for (const r of result.rows) {
    const money = r.metric.endsWith('_minor');
    const fmt = (v: number | null): string => (v === null ? '' : money ? minorToDecimal(v, exponent) : Number.isInteger(v) ? String(v) : fixed(v, 4));
    csv.row([r.model, money ? r.metric.slice(0, -'_minor'.length) : r.metric, r.participant_type, r.channel, fmt(r.value), fmt(r.diff_vs_first)]);
  }
  csv.close();
  return { file: 'compare.csv', rows: csv.rows };
}
