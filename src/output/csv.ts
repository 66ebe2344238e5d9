import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/** A cell: strings are quoted by csv-stringify when they need it; numbers are written as given. */
export type Cell = string | number;

const BATCH = 4096;

/**
 * A CSV file written as it goes: a header row, then rows buffered in batches of 4,096 and
 * appended with one write each, so a file of millions of rows never sits in memory. This is the
 * only module that touches csv-stringify.
 */
export class CsvFile {
  private readonly fd: number;
  private batch: Cell[][] = [];
  private closed = false;
  rows = 0;

  constructor(readonly path: string, header: readonly string[]) {
    this.fd = openSync(path, 'wx');
    writeSync(this.fd, stringify([header as string[]], { record_delimiter: 'unix' }));
  }

  row(cells: Cell[]): void {
    this.batch.push(cells);
    this.rows++;
    if (this.batch.length >= BATCH) this.flush();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    writeSync(this.fd, stringify(this.batch, { record_delimiter: 'unix', cast: { number: (v: number) => String(v) } }));
    this.batch = [];
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
  }
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
