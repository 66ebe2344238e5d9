/** The sweep page's charts from a hand-made sweep.csv: axes, one line per value of the second axis, intervals only with two seeds. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gridField } from '../../src/output/datapackage-tables.js';
import { ReportInputError } from '../../src/report/csv-read.js';
import { renderChart } from '../../src/report/render.js';
import { gridTable, sweepCharts } from '../../src/report/sweep-page.js';
import { readSweep } from '../../src/report/sweep-table.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-sweep-report-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HEADER = 'point,fees,cards.count,metric,unit,mean,sd,ci95_low,ci95_high,n';
function sweepCsv(name: string, rows: string[]): string {
  const path = join(work, name);
  writeFileSync(path, `${[HEADER, ...rows].join('\n')}\n`);
  return path;
}

/** Two fee models x two card counts; approval_rate with an interval, purchases from one seed. */
const TWO_AXES = [
  '1,ru-2019,1e6,approval_rate,ratio,0.95,0.01,0.9,1,2',
  '1,ru-2019,1e6,purchases,count,100,,,,1',
  '2,ru-2019,2e6,approval_rate,ratio,0.96,0.01,0.91,1,2',
  '2,ru-2019,2e6,purchases,count,200,,,,1',
  '3,eu-ifr,1e6,approval_rate,ratio,0.94,0.01,0.89,0.99,2',
  '3,eu-ifr,1e6,purchases,count,101,,,,1',
  '4,eu-ifr,2e6,approval_rate,ratio,0.93,0.01,0.88,0.98,2',
  '4,eu-ifr,2e6,purchases,count,199,,,,1',
];

describe('the sweep charts', () => {
  it('read the axes from the header between point and metric, their values in grid order', () => {
    const t = readSweep(sweepCsv('two.csv', TWO_AXES));
    expect(t.axes).toEqual([{ key: 'fees', values: ['ru-2019', 'eu-ifr'] }, { key: 'cards.count', values: ['1e6', '2e6'] }]);
    expect(t.metrics).toEqual(['approval_rate', 'purchases']);
    expect(t.rows[1]).toMatchObject({ point: 1, values: ['ru-2019', '1e6'], mean: 100, low: null, high: null, n: 1 });
  });

  it('put the first axis on x in grid order (text values) and draw one line per value of the second', async () => {
    const [approval, purchases] = sweepCharts(readSweep(sweepCsv('two.csv', TWO_AXES)));
    const spec = approval!.spec as unknown as { encoding: { x: Record<string, unknown>; color: Record<string, unknown> }; data: { values: Record<string, unknown>[] } };
    expect(spec.encoding.x).toMatchObject({ type: 'ordinal', sort: ['ru-2019', 'eu-ifr'], title: 'fees' });
    expect(spec.encoding.color).toMatchObject({ field: 'series', title: 'cards.count', sort: ['1e6', '2e6'] });
    expect(spec.data.values[0]).toEqual({ x: 'ru-2019', series: '1e6', mean: 0.95, low: 0.9, high: 1 });
    expect(approval!.description).toBe('Mean of approval_rate (ratio) with its 95 % t interval (bars) over the 2 seeds of each point, against fees; one line per value of cards.count.');
    expect(purchases!.description).toBe('Mean of purchases (count) (one seed per point: no interval), against fees; one line per value of cards.count.');
    const svg = await renderChart(approval!);
    // Two lines (one per card count) and an interval rule per point; none from one seed.
    expect(svg.match(/<g class="mark-line role-mark/g)).toHaveLength(2);
    expect(svg.match(/<line aria-label="[^"]*; high: /g)).toHaveLength(4);
    const none = await renderChart(purchases!);
    expect(none.match(/<g class="mark-line role-mark/g)).toHaveLength(2);
    expect(none.match(/<line aria-label="[^"]*; high: /g)).toBeNull();
  });

  it('a numeric first axis is on a linear scale at its values', () => {
    const rows = ['1,1000,approval_rate,ratio,0.9,,,,1', '2,4000,approval_rate,ratio,0.8,,,,1'];
    const path = join(work, 'one.csv');
    writeFileSync(path, `point,cards.count,metric,unit,mean,sd,ci95_low,ci95_high,n\n${rows.join('\n')}\n`);
    const [c] = sweepCharts(readSweep(path));
    const spec = c!.spec as unknown as { encoding: { x: Record<string, unknown>; color?: unknown }; data: { values: Record<string, unknown>[] } };
    expect(spec.encoding.x).toMatchObject({ type: 'quantitative', axis: { values: [1000, 4000], format: '~s' } });
    expect(spec.encoding.color).toBeUndefined();
    expect(spec.data.values.map((v) => v['x'])).toEqual([1000, 4000]);
  });

  it('the grid table has a row per point', () => {
    const html = gridTable(readSweep(sweepCsv('two.csv', TWO_AXES)));
    expect(html).toContain('<thead><tr><th scope="col" class="n">point</th><th scope="col">fees</th><th scope="col">cards.count</th><th scope="col" class="n">seeds</th></tr></thead>');
    expect(html.match(/<tr><td class="n">\d<\/td>/g)).toHaveLength(4);
  });

  it('a sweep.csv without grid columns is refused on line 1', () => {
    const path = join(work, 'bad.csv');
    writeFileSync(path, 'point,metric,unit,mean,sd,ci95_low,ci95_high,n\n1,purchases,count,1,,,,1\n');
    expect(() => readSweep(path)).toThrow(ReportInputError);
    expect(() => readSweep(path)).toThrow(`${path}:1: expected point, then one column per grid axis, then metric; is this a Quartet sweep.csv?`);
  });
});

describe('a grid column in datapackage.json', () => {
  it('is an integer or a number when every value is one in plain notation, else the text as given', () => {
    expect(gridField({ key: 'cards.count', values: ['1000', '2000'] }).type).toBe('integer');
    expect(gridField({ key: 'x', values: ['0.5', '1'] }).type).toBe('number');
    expect(gridField({ key: 'cards.count', values: ['1e6', '2e6'] }).type).toBe('string');
    expect(gridField({ key: 'fees', values: ['ru-2019', 'eu-ifr'] })).toEqual({ type: 'string', description: "the point's value of the grid axis `fees` (`--grid fees=[...]`), as given" });
  });
});
