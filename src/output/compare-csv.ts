/**
 * compare.csv of `sim compare`: tidy, one number per row, with the unit of that number and, for
 * money, its currency beside it, so the one `value` column can be read on its own.
 */
import { join } from 'node:path';
import type { CompareResult } from '../economics/index.js';
import { CsvFile, fixed, minorToDecimal } from './csv.js';

export const COMPARE_FILE = 'compare.csv';
export const COMPARE_COLUMNS = ['model', 'metric', 'participant_type', 'channel', 'value', 'diff_vs_first', 'unit', 'currency'] as const;

/**
 * The unit of each compare metric as compare.csv names it (money metrics without their `_minor`
 * suffix): `currency` for an amount of the scenario currency (the unit column then holds the
 * currency code), `bp` basis points of value, `per_100` currency units per 100 units of value
 * (a percentage), `count`, `bool` (1 pass, 0 fail), `share` (0 to 1; `sim compare --regimes`).
 */
export const COMPARE_METRIC_UNITS: Readonly<Record<string, 'currency' | 'bp' | 'per_100' | 'count' | 'bool' | 'share'>> = {
  revenue: 'currency',
  cost: 'currency',
  net: 'currency',
  value: 'currency',
  scheme_take_bps: 'bp',
  merchant_fee_bps: 'bp',
  avoided_cost_bps: 'bp',
  merchant_cost_per_100: 'per_100',
  purchases: 'count',
  tourist_test_pass: 'bool',
  share: 'share',
  paid: 'count',
  paid_value: 'currency',
  acceptance_share: 'share',
  consumer_fees: 'currency',
  consumer_subsidies: 'currency',
  merchant_subsidies: 'currency',
  float_income: 'currency',
};

/** The unit and currency cells of a metric (as compare.csv names it) in a scenario of `currency`. */
export function compareUnit(metric: string, currency: string): { unit: string; currency: string } {
  const unit = COMPARE_METRIC_UNITS[metric];
  if (unit === undefined) throw new Error(`compare.csv: metric '${metric}' has no unit; add it to COMPARE_METRIC_UNITS`);
  return unit === 'currency' ? { unit: currency, currency } : { unit, currency: '' };
}

/** compare.csv: money metrics (`…_minor`) in major units without the suffix, ratios to 4 places. */
export function writeCompareCsv(dir: string, result: CompareResult, currency: string, exponent: number): { file: string; rows: number } {
  const csv = new CsvFile(join(dir, COMPARE_FILE), COMPARE_COLUMNS);
  for (const r of result.rows) {
    const money = r.metric.endsWith('_minor');
    const metric = money ? r.metric.slice(0, -'_minor'.length) : r.metric;
    const fmt = (v: number | null): string => (v === null ? '' : money ? minorToDecimal(v, exponent) : Number.isInteger(v) ? String(v) : fixed(v, 4));
    const u = compareUnit(metric, currency);
    csv.row([r.model, metric, r.participant_type, r.channel, fmt(r.value), fmt(r.diff_vs_first), u.unit, u.currency]);
  }
  csv.close();
  return { file: COMPARE_FILE, rows: csv.rows };
}
