import { join } from 'node:path';
import { CsvFile, fixed } from './csv.js';

/**
 * calibration.csv (one row per target) and calibration-nrmse.csv (one row per group of targets),
 * written by `sim run` when the scenario has calibration targets and by `sim calibrate` (and
 * `sim run --replications R`) over the replications. Columns: src/output/tables.json.
 */

export const CALIBRATION_FILE = 'calibration.csv';
export const CALIBRATION_NRMSE_FILE = 'calibration-nrmse.csv';
export const CALIBRATION_COLUMNS = ['metric', 'scope', 'target', 'band', 'simulated', 'ci95_low', 'ci95_high', 'error', 'relative_error', 'inside', 'source'] as const;
export const CALIBRATION_NRMSE_COLUMNS = ['group', 'targets', 'rmse', 'normalizer', 'nrmse'] as const;

/** One target measured. Numbers are NaN when undefined (written as empty cells). */
export interface CalibrationRow {
  readonly metric: string;
  readonly scope: string;
  readonly group: string;
  readonly target: number;
  readonly band: string;
  readonly simulated: number;
  readonly low: number;
  readonly high: number;
  readonly error: number;
  readonly relativeError: number;
  readonly inside: boolean;
  readonly source: string;
}

/** One group of targets: PaySim's normalised root-mean-square error. */
export interface NrmseRow {
  readonly group: string;
  readonly targets: number;
  readonly rmse: number;
  readonly normalizer: number;
  readonly nrmse: number;
}

const num = (x: number): string => (Number.isFinite(x) ? fixed(x, 6) : '');

/** Writes both files into `dir`; returns them as written files (for the manifest). */
export function writeCalibration(dir: string, rows: readonly CalibrationRow[], nrmse: readonly NrmseRow[]): { file: string; rows: number }[] {
  const c = new CsvFile(join(dir, CALIBRATION_FILE), CALIBRATION_COLUMNS);
  for (const r of rows) {
    c.row([r.metric, r.scope, num(r.target), r.band, num(r.simulated), num(r.low), num(r.high), num(r.error), num(r.relativeError), r.inside ? 1 : 0, r.source]);
  }
  c.close();
  const n = new CsvFile(join(dir, CALIBRATION_NRMSE_FILE), CALIBRATION_NRMSE_COLUMNS);
  for (const g of nrmse) n.row([g.group, g.targets, num(g.rmse), num(g.normalizer), num(g.nrmse)]);
  n.close();
  return [
    { file: CALIBRATION_FILE, rows: c.rows },
    { file: CALIBRATION_NRMSE_FILE, rows: n.rows },
  ];
}
