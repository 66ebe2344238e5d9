/**
 * Reading a run directory's CSV files for the report: streamed in 1 MiB chunks (a transactions.csv
 * of gigabytes never sits in memory), RFC 4180 quoting, and every problem named by file and line.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** A run directory (or one of its files) the report cannot read: one line, `path:line: message`. */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
  constructor(message: string) {
    super(message);
  }
}

const CHUNK = 1 << 20;

/** One data row: its cells and its line in the file (1-based; the header is line 1). */
export interface CsvRow {
  readonly cells: readonly string[];
  readonly line: number;
}

/** The state of a CSV parse fed text a chunk at a time. */
class CsvParser {
  private cells: string[] = [];
  private field = '';
  private quoted = false;
  /** A quote closed the last chunk: the next character says whether it was doubled. */
  private afterQuote = false;
  private any = false;
  private line = 1;
  /** The line the current record started on. */
  start = 1;

  constructor(private readonly onRecord: (cells: string[], line: number) => void) {}

  get open(): boolean {
    return this.quoted;
  }

  feed(text: string): void {
    let i = 0;
    while (i < text.length) i = this.quoted ? this.inQuotes(text, i) : this.outside(text, i);
  }

  finish(): void {
    if (this.any || this.field !== '' || this.cells.length > 0) this.endRecord();
  }

  private endRecord(): void {
    this.cells.push(this.field);
    this.onRecord(this.cells, this.start);
    this.cells = [];
    this.field = '';
    this.any = false;
  }

  /** Inside a quoted field: up to the next quote, which closes it unless doubled. */
  private inQuotes(text: string, i: number): number {
    const q = text.indexOf('"', i);
    const end = q < 0 ? text.length : q;
    const part = text.slice(i, end);
    for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) this.line++;
    this.field += part;
    if (q < 0) return text.length;
    if (text[q + 1] === '"') {
      this.field += '"';
      return q + 2;
    }
    this.quoted = false;
    this.afterQuote = q + 1 === text.length;
    return q + 1;
  }

  /** Outside quotes: one separator, quote or run of plain characters. */
  private outside(text: string, i: number): number {
    const ch = text[i]!;
    const afterQuote = this.afterQuote;
    this.afterQuote = false;
    if (ch === '"') {
      // A doubled quote split by the chunk boundary; a quote opening a field; or a plain character.
      if (afterQuote) {
        this.field += '"';
        this.quoted = true;
      } else if (this.field === '') this.quoted = true;
      else this.field += '"';
      this.any = true;
      return i + 1;
    }
    if (ch === ',') {
      this.cells.push(this.field);
      this.field = '';
      this.any = true;
      return i + 1;
    }
    if (ch === '\n') {
      if (this.field.endsWith('\r')) this.field = this.field.slice(0, -1);
      if (this.any || this.field !== '' || this.cells.length > 0) this.endRecord();
      this.line++;
      this.start = this.line;
      return i + 1;
    }
    const next = nextSpecial(text, i);
    this.field += text.slice(i, next);
    this.any = true;
    return next;
  }
}

/**
 * Calls `onRecord` with every record of the file in order (the header first), each with the line
 * it starts on. A quoted field may hold commas, doubled quotes and line ends; a quote left open
 * at the end of the file is an error naming the line where its record began.
 */
export function streamRecords(path: string, onRecord: (cells: string[], line: number) => void): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  const decoder = new StringDecoder('utf8');
  const parser = new CsvParser(onRecord);
  try {
    for (let n = readSync(fd, buf, 0, CHUNK, null); n > 0; n = readSync(fd, buf, 0, CHUNK, null)) parser.feed(decoder.write(buf.subarray(0, n)));
    parser.feed(decoder.end());
  } finally {
    closeSync(fd);
  }
  if (parser.open) throw new ReportInputError(`${path}:${parser.start}: a quoted field is not closed before the end of the file`);
  parser.finish();
}

/** The index of the next comma, line end or quote from `i` (or the end of the text). */
function nextSpecial(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 44 || c === 10 || c === 34) return j;
    j++;
  }
  return j;
}

/** How a column is read: text as it is, or a finite number. */
export type ColumnKind = 'text' | 'number';

/** The typed view of one data row: its cells by column name. */
export interface TypedRow {
  text(column: string): string;
  num(column: string): number;
  readonly line: number;
}

/**
 * Streams a CSV file whose header must hold `columns` (others are allowed and ignored), checking
 * every data row's field count and every named number. `onRow` sees each row once.
 */
export function readTable(path: string, columns: Readonly<Record<string, ColumnKind>>, onRow: (row: TypedRow) => void): void {
  let index: Map<string, number> | undefined;
  let width = 0;
  let cells: readonly string[] = [];
  let line = 0;
  const at = (column: string): string => cells[index!.get(column)!]!;
  const row: TypedRow = {
    text: at,
    num: (column) => {
      const v = at(column);
      const x = Number(v);
      if (v === '' || !Number.isFinite(x)) throw new ReportInputError(`${path}:${line}: column ${column}: expected a number, got '${v.length > 30 ? `${v.slice(0, 27)}...` : v}'`);
      return x;
    },
    get line() {
      return line;
    },
  };
  streamRecords(path, (record, l) => {
    line = l;
    if (index === undefined) {
      index = new Map(record.map((name, i) => [name, i]));
      width = record.length;
      const missing = Object.keys(columns).filter((c) => !index!.has(c));
      if (missing.length > 0) throw new ReportInputError(`${path}:1: the header has no column ${missing.join(', ')}; is this a Quartet file?`);
      return;
    }
    if (record.length !== width) throw new ReportInputError(`${path}:${l}: expected ${width} fields as in the header, found ${record.length}`);
    cells = record;
    for (const [c, kind] of Object.entries(columns)) if (kind === 'number') row.num(c);
    onRow(row);
  });
  if (index === undefined) throw new ReportInputError(`${path}:1: the file is empty; expected a header row`);
}
