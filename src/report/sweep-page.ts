/**
 * The sweep part of the report: for each metric of sweep.csv, its mean over the seeds of every
 * grid point with the 95 % interval, against the first grid axis (on a linear scale when all its
 * values are numbers, else in grid order), one line per value of the other axes; and the grid as
 * a table.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Chart } from './charts.js';
import { table } from './page.js';
import type { SweepAxis, SweepRow, SweepTable } from './sweep-table.js';

const WIDTH = 300;
const HEIGHT = 160;

/** Whether every value of an axis is a number as YAML and JavaScript both read it (1000, 2e3, 0.5). */
function numericAxis(a: SweepAxis): boolean {
  return a.values.every((v) => /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v));
}

/** Whether every value is a whole number of at least 1000 (drawn as 1k, 2M). */
function thousands(a: SweepAxis): boolean {
  return a.values.every((v) => Number.isInteger(Number(v)) && Math.abs(Number(v)) >= 1000);
}

/** What the other axes are called in the legend, and a point's label on them. */
function seriesOf(rest: readonly SweepAxis[]): { title: string; label: (r: SweepRow) => string; domain: string[] } {
  const label = (values: readonly string[]): string => values.join(' / ');
  const domain: string[] = [];
  let combos: string[][] = [[]];
  for (const a of rest) combos = combos.flatMap((c) => a.values.map((v) => [...c, v]));
  for (const c of combos) domain.push(label(c));
  return { title: rest.map((a) => a.key).join(' / '), label: (r) => label(r.values.slice(1)), domain };
}

/** One chart per metric, in the order of sweep.csv. */
export function sweepCharts(t: SweepTable): Chart[] {
  const [first, ...rest] = t.axes;
  if (first === undefined) return [];
  const numeric = numericAxis(first);
  const series = rest.length > 0 ? seriesOf(rest) : undefined;
  const x = numeric
    ? { field: 'x', type: 'quantitative', title: first.key, scale: { zero: false, nice: false, padding: 12 }, axis: { values: first.values.map(Number), format: thousands(first) ? '~s' : '~g' } }
    : { field: 'x', type: 'ordinal', title: first.key, sort: first.values, axis: { labelAngle: 0 } };
  const legend = { orient: 'bottom', direction: 'horizontal', titleLimit: 480, labelLimit: 240 };
  const color = series === undefined ? {} : { color: { field: 'series', type: 'nominal', title: series.title, sort: series.domain, scale: { domain: series.domain }, legend } };
  return t.metrics.map((metric) => {
    const rows = t.rows.filter((r) => r.metric === metric);
    const unit = rows[0]?.unit ?? '';
    const seeds = Math.min(...rows.map((r) => r.n));
    const values = rows.map((r) => ({
      x: numeric ? Number(r.values[0]) : r.values[0]!,
      ...(series !== undefined ? { series: series.label(r) } : {}),
      mean: r.mean,
      ...(r.low !== null && r.high !== null ? { low: r.low, high: r.high } : {}),
    }));
    const y = { field: 'mean', type: 'quantitative', title: `${metric} (${unit})`, scale: { zero: false }, axis: { format: unit === 'ratio' ? '.2~%' : ',~r' } };
    const title = `${metric} per grid point`;
    const interval = seeds > 1 ? `with its 95 % t interval (bars) over the ${seeds} seeds of each point` : '(one seed per point: no interval)';
    const lines = series !== undefined ? `; one line per value of ${series.title}` : '';
    const description = `Mean of ${metric} (${unit}) ${interval}, against ${first.key}${lines}.`;
    const spec = {
      title,
      description,
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      encoding: { x, ...color },
      layer: [
        { transform: [{ filter: 'isValid(datum.low)' }], mark: { type: 'rule', strokeWidth: 2, opacity: 0.6 }, encoding: { y: { field: 'low', type: 'quantitative', title: y.title }, y2: { field: 'high' } } },
        { mark: { type: 'line', point: { filled: true, size: 40 } }, encoding: { y } },
      ],
    } as unknown as TopLevelSpec;
    return { id: `sweep-${metric}`, title, description, spec };
  });
}

/** The grid: each point's number, its value on every axis and its seeds. */
export function gridTable(t: SweepTable): string {
  const points = new Map<number, SweepRow>();
  for (const r of t.rows) if (!points.has(r.point)) points.set(r.point, r);
  const header = ['point', ...t.axes.map((a) => a.key), 'seeds'];
  const rows = [...points.values()].map((r) => [String(r.point), ...r.values, String(r.n)]);
  return table('the grid', header, rows, header.map((_, i) => i === 0 || i === header.length - 1));
}
