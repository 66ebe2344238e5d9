import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/** A cell: strings are quoted by csv-stringify when they need it; numbers are written as given. */
export type Cell = string | number;

const BATCH = 4096;
const NEEDS_QUOTES = /[",\r\n]/;
const OPTIONS = { record_delimiter: 'unix', cast: { number: (v: number) => String(v) } } as const;

/**
 * A CSV file written as it goes: a header row, then rows buffered in batches of 4,096 and
 * appended with one write each, so a file of millions of rows never sits in memory. This is the
 * only module that touches csv-stringify.
 *
 * Hot path (transactions.csv has a row per purchase): a row none of whose cells needs quoting is
 * joined here, which is exactly what csv-stringify writes for it; any other row goes through
 * csv-stringify. Profiling a run with --transactions put csv-stringify's per-cell work and its
 * garbage at half of the run's time.
 */
export class CsvFile {
  private readonly fd: number;
  private lines: string[] = [];
  private closed = false;
  rows = 0;

  constructor(readonly path: string, header: readonly string[]) {
    this.fd = openSync(path, 'wx');
    writeSync(this.fd, stringify([header as string[]], OPTIONS));
  }

  row(cells: Cell[]): void {
    this.lines.push(csvLine(cells));
    this.rows++;
    if (this.lines.length >= BATCH) this.flush();
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    writeSync(this.fd, this.lines.join(''));
    this.lines = [];
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
  }
}

/** One CSV line (with its line end) as CsvFile writes it: plain cells joined, any other row through csv-stringify. */
export function csvLine(cells: readonly Cell[]): string {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (typeof c === 'string' && NEEDS_QUOTES.test(c)) return stringify([cells as Cell[]], OPTIONS);
  }
  return `${cells.join(',')}\n`;
}

/** Fixed-point text of a float: the same digits on every machine. */
export function fixed(v: number, digits: number): string {
  if (!Number.isFinite(v)) return '';
  const s = v.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}

/** Minor units as a decimal amount of the major unit, exactly (integer arithmetic). */
export function minorToDecimal(minor: number, exponent: number): string {
  if (exponent === 0) return String(minor);
  const neg = minor < 0;
  const abs = Math.abs(minor);
  const div = 10 ** exponent;
  const whole = Math.floor(abs / div);
  const frac = String(abs - whole * div).padStart(exponent, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}
