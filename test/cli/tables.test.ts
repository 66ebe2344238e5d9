/**
 * The printed tables of `sim compare` and `sim run --replications`: aligned columns (every cell
 * of a column ends where its header ends, at least two spaces between columns) and one number
 * format per row, with 1, 2 and 4 models and with long model names.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-tables-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The table's lines: from the header line (found by `header`) to the first empty line. */
function tableLines(text: string, header: RegExp): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => header.test(l));
  expect(start, text).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start, end);
}

/** Where each header cell after the first ends (cells are separated by two or more spaces). */
function rightEdges(header: string): number[] {
  const edges: number[] = [];
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) edges.push(m.index + m[0].length);
  return edges.slice(1);
}

/** Checks every row against the header: a cell ends at each edge, with two spaces or more before the next. */
function expectAligned(lines: readonly string[]): void {
  const edges = rightEdges(lines[0]!);
  for (const line of lines.slice(1)) {
    for (const [j, e] of edges.entries()) {
      expect(line[e - 1], `${JSON.stringify(line)}: column ${j + 1} does not end at ${e}`).toMatch(/\S/);
      if (e < line.length) expect(line.slice(e, e + 2), `${JSON.stringify(line)}: no gap after column ${j + 1}`).toBe('  ');
    }
    expect(line.length).toBeLessThanOrEqual(lines[0]!.length);
  }
}

async function compare(models: string, out: string): Promise<string[]> {
  const io = captureIo();
  expect(await main(['compare', 'scenarios/smoke.yaml', '--fee-models', models, '--duration', '10m', '--out', join(work, out), '--quiet'], io), io.stderr()).toBe(0);
  return tableLines(io.stdout(), /^\s+\S.*(ru-2019|eu-ifr|wallet|long)/);
}

describe('the compare table', () => {
  it.each([
    ['one model', 'ru-2019'],
    ['two models', 'ru-2019,eu-ifr'],
    ['four models', 'ru-2019,eu-ifr,cn-ndrc-2016,wallet-3party-cn'],
  ])('is aligned with %s', async (_label, models) => {
    const lines = await compare(models, models.replace(/,/g, '_'));
    expect(rightEdges(lines[0]!)).toHaveLength(models.split(',').length);
    expectAligned(lines);
  });

  it('is aligned with long model names', async () => {
    const file = join(work, 'a-fee-model-with-a-rather-long-name.yaml');
    writeFileSync(file, 'model: ru-2019\nname: a-fee-model-with-a-rather-long-name\n');
    const lines = await compare(`eu-ifr,${file}`, 'long');
    expect(lines[0]).toMatch(/a-fee-model-with-a-rather-long-name$/);
    expectAligned(lines);
  });

  it('gives each row one number format, its unit in the label', async () => {
    const lines = await compare('ru-2019,eu-ifr,cn-ndrc-2016', 'formats');
    const cells = (label: RegExp): string[] => lines.find((l) => label.test(l))!.trim().split(/\s{2,}/).slice(1);
    expect(cells(/^\s+purchases cleared/).every((c) => /^\d{1,3}(,\d{3})*$/.test(c))).toBe(true);
    expect(cells(/value cleared \(RUB\)/).every((c) => /^-?\d{1,3}(,\d{3})*\.\d{2}$/.test(c))).toBe(true);
    expect(cells(/merchant cost \(RUB per RUB 100\)/).every((c) => /^\d+\.\d{4}$/.test(c))).toBe(true);
    expect(cells(/scheme take \(bp\)/).every((c) => /^-?\d+\.\d{2}$/.test(c))).toBe(true);
    expect(cells(/issuer net \(RUB\)/).every((c) => /^-?\d{1,3}(,\d{3})*\.\d{2}$/.test(c))).toBe(true);
  });
});

describe('the replications table', () => {
  it('is aligned, with units in the labels and one format per metric', async () => {
    const io = captureIo();
    const out = join(work, 'reps');
    expect(await main(['run', 'scenarios/smoke.yaml', '--duration', '10m', '--replications', '3', '--workers', '1', '--out', out], io), io.stderr()).toBe(0);
    const lines = tableLines(io.stdout(), /^\s+metric\s+mean/);
    expect(lines[0]).toMatch(/mean\s+95 % CI low\s+95 % CI high\s+sd$/);
    expectAligned(lines);
    const row = (label: RegExp): string[] => lines.find((l) => label.test(l))!.trim().split(/\s{2,}/).slice(1);
    expect(row(/approval rate \(%\)/).every((c) => /^\d+\.\d{2}$/.test(c))).toBe(true);
    expect(row(/latency p99 \(ms\)/).every((c) => /^\d{1,3}(,\d{3})*\.\d$/.test(c))).toBe(true);
    expect(row(/fees net: issuer \(RUB\)/).every((c) => /^-?\d{1,3}(,\d{3})*\.\d{2}$/.test(c))).toBe(true);
    // The means are the ones in replications.csv.
    const csv = readFileSync(join(out, 'replications.csv'), 'utf8').split('\n');
    const approval = csv.find((l) => l.startsWith('approval_rate,'))!.split(',');
    expect(row(/approval rate/)[0]).toBe((100 * Number(approval[2])).toFixed(2));
  });
});
