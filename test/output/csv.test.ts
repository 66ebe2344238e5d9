import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvFile, fixed, minorToDecimal } from '../../src/output/csv.js';
import { Stream } from '../../src/engine/rng.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-csv-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('CsvFile', () => {
  it('writes byte for byte what csv-stringify writes, for plain rows and rows that need quoting', () => {
    const s = new Stream('csv', 1);
    const pieces = ['a', 'b c', 'x,y', 'say "hi"', 'line\nbreak', 'cr\r', '', '-', 'Москва', '12.50'];
    const rows: (string | number)[][] = [];
    for (let i = 0; i < 10_000; i++) {
      const row: (string | number)[] = [];
      for (let j = 0; j < 6; j++) row.push(s.uniform() < 0.3 ? Math.round(s.uniform() * 1e6) / (s.uniform() < 0.5 ? 1 : 100) : pieces[s.int(pieces.length)]!);
      rows.push(row);
    }
    const f = new CsvFile(join(work, 'x.csv'), ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    for (const r of rows) f.row(r);
    f.close();
    const expected = stringify([['c1', 'c2', 'c3', 'c4', 'c5', 'c6'], ...rows], { record_delimiter: 'unix', cast: { number: (v: number) => String(v) } });
    expect(readFileSync(join(work, 'x.csv'), 'utf8')).toBe(expected);
    expect(f.rows).toBe(10_000);
  });

  it('refuses to overwrite an existing file', () => {
    new CsvFile(join(work, 'once.csv'), ['a']).close();
    expect(() => new CsvFile(join(work, 'once.csv'), ['a'])).toThrow(/EEXIST/);
  });
});

describe('number formatting', () => {
  it('minor units to decimals exactly, and fixed-point without negative zero', () => {
    expect(minorToDecimal(123456, 2)).toBe('1234.56');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(7, 0)).toBe('7');
    expect(minorToDecimal(900719925474099, 2)).toBe('9007199254740.99');
    expect(fixed(-0.0000001, 3)).toBe('0.000');
    expect(fixed(2.5, 0)).toBe((2.5).toFixed(0));
    expect(fixed(Number.NaN, 2)).toBe('');
  });
});
