/**
 * sweep.csv as the report needs it: its grid axes (the columns between `point` and `metric`,
 * named by their scenario paths, each value in the order the points first show it, which is the
 * order `--grid` gave since the first axis varies slowest) and one row per point and metric.
 */
import type { GridColumn } from '../output/datapackage-tables.js';
import { ReportInputError, readTable, streamRecords, type ColumnKind } from './csv-read.js';

/** One `--grid` axis: its path and its values as given. */
export type SweepAxis = GridColumn;

/** One point's statistics of one metric; the interval is null with one seed per point. */
export interface SweepRow {
  readonly point: number;
  /** The point's value on each axis, in axis order. */
  readonly values: readonly string[];
  readonly metric: string;
  readonly unit: string;
  readonly mean: number;
  readonly low: number | null;
  readonly high: number | null;
  readonly n: number;
}

export interface SweepTable {
  readonly axes: readonly SweepAxis[];
  readonly rows: readonly SweepRow[];
  /** The metrics in the order of the file. */
  readonly metrics: readonly string[];
}

/** The grid columns of a sweep.csv header: those between `point` and `metric`. */
function gridKeys(path: string): string[] {
  let header: string[] | undefined;
  streamRecords(path, (cells) => {
    header ??= cells;
  });
  if (header === undefined) throw new ReportInputError(`${path}:1: the file is empty; expected a header row`);
  const from = header.indexOf('point');
  const to = header.indexOf('metric');
  if (from !== 0 || to < 2) throw new ReportInputError(`${path}:1: expected point, then one column per grid axis, then metric; is this a Quartet sweep.csv?`);
  return header.slice(from + 1, to);
}

export function readSweep(path: string): SweepTable {
  const keys = gridKeys(path);
  const columns: Record<string, ColumnKind> = { point: 'number', metric: 'text', unit: 'text', mean: 'number', ci95_low: 'text', ci95_high: 'text', n: 'number' };
  for (const k of keys) columns[k] = 'text';
  const seen = keys.map(() => new Set<string>());
  const rows: SweepRow[] = [];
  readTable(path, columns, (r) => {
    const values = keys.map((k) => r.text(k));
    values.forEach((v, i) => seen[i]!.add(v));
    const bound = (c: string): number | null => (r.text(c) === '' ? null : r.num(c));
    rows.push({ point: r.num('point'), values, metric: r.text('metric'), unit: r.text('unit'), mean: r.num('mean'), low: bound('ci95_low'), high: bound('ci95_high'), n: r.num('n') });
  });
  return { axes: keys.map((key, i) => ({ key, values: [...seen[i]!] })), rows, metrics: [...new Set(rows.map((r) => r.metric))] };
}
