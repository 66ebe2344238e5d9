/**
 * compare.csv of `sim compare --regimes`: the table of `sim compare` (COMPARE_COLUMNS), one row
 * per regime and metric, the regime in the `model` column, the party in `participant_type` and
 * the instrument (`card` or a platform) in `channel`. With `--replications R`, values are means
 * over the R seeds and compare-intervals.csv gives each difference from the first regime its
 * 95 % interval, paired seed by seed.
 */
import { join } from 'node:path';
import { COMPARE_COLUMNS, COMPARE_FILE, compareUnit } from './compare-csv.js';
import { CsvFile, fixed, minorToDecimal } from './csv.js';

export const COMPARE_INTERVALS_FILE = 'compare-intervals.csv';
export const COMPARE_INTERVALS_COLUMNS = ['model', 'metric', 'participant_type', 'channel', 'replications', 'diff_vs_first', 'diff_ci95_low', 'diff_ci95_high', 'unit', 'currency'] as const;

/** A row as the writer takes it (money metrics end in `_minor`, in minor units, possibly a mean). */
export interface RegimeCsvRow {
  readonly regime: string;
  readonly metric: string;
  readonly party: string;
  readonly instrument: string;
  readonly value: number | null;
  readonly diff: number | null;
  readonly diffLow: number | null;
  readonly diffHigh: number | null;
}

/** The metric as written, and how its numbers are written: money in major units (the minor unit rounded half up), ratios to 6 places. */
function format(metric: string, exponent: number): { name: string; fmt: (v: number | null) => string } {
  const money = metric.endsWith('_minor');
  const name = money ? metric.slice(0, -'_minor'.length) : metric;
  const fmt = (v: number | null): string => (v === null ? '' : money ? minorToDecimal(Math.round(v), exponent) : Number.isInteger(v) ? String(v) : fixed(v, 6));
  return { name, fmt };
}

/** Writes compare.csv and, with several seeds, compare-intervals.csv (the regimes after the first). */
export function writeRegimeCsv(dir: string, rows: readonly RegimeCsvRow[], replications: number, currency: string, exponent: number): { file: string; rows: number }[] {
  const csv = new CsvFile(join(dir, COMPARE_FILE), COMPARE_COLUMNS);
  for (const r of rows) {
    const { name, fmt } = format(r.metric, exponent);
    const u = compareUnit(name, currency);
    csv.row([r.regime, name, r.party, r.instrument, fmt(r.value), fmt(r.diff), u.unit, u.currency]);
  }
  csv.close();
  const out = [{ file: COMPARE_FILE, rows: csv.rows }];
  if (replications < 2) return out;
  const first = rows[0]?.regime;
  const ci = new CsvFile(join(dir, COMPARE_INTERVALS_FILE), COMPARE_INTERVALS_COLUMNS);
  for (const r of rows) {
    if (r.regime === first) continue;
    const { name, fmt } = format(r.metric, exponent);
    const u = compareUnit(name, currency);
    ci.row([r.regime, name, r.party, r.instrument, replications, fmt(r.diff), fmt(r.diffLow), fmt(r.diffHigh), u.unit, u.currency]);
  }
  ci.close();
  out.push({ file: COMPARE_INTERVALS_FILE, rows: ci.rows });
  return out;
}
