import { Argument, InvalidArgumentError, Option, type Command } from 'commander';
import { queryRun, type QueryAnswer, type QueryCell } from '../app/query.js';
import { csvLine } from '../output/csv.js';
import { EXIT_OK } from './errors.js';
import type { Io } from './io.js';

type QueryFormat = 'table' | 'csv' | 'json';

/** At most this many rows in the aligned table; the rest are counted (use --format csv for all). */
export const TABLE_MAX_ROWS = 1000;

function parseQueryFormat(v: string): QueryFormat {
  if (v !== 'table' && v !== 'csv' && v !== 'json') throw new InvalidArgumentError('expected table, csv or json');
  return v;
}

/** `sim query <run-dir> <sql>`: registered on the program by buildProgram. */
export function addQueryCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('query')
    .description('run a read-only SQL query over the tables of a run directory (CSV or Parquet), by table name')
    .addArgument(new Argument('<run-dir>', 'a run directory holding manifest.json'))
    .addArgument(new Argument('<sql>', 'one SELECT, e.g. "SELECT response_code, count(*) FROM transactions GROUP BY 1"'))
    .addOption(new Option('--format <format>', 'table (aligned, default), csv or json').argParser(parseQueryFormat).default('table'))
    .action(async (dir: string, sql: string, o: { format: QueryFormat }) => {
      await queryRun(dir, sql, (answer) => (o.format === 'csv' ? printCsv(io, answer) : o.format === 'json' ? printJson(io, answer) : printTable(io, answer)));
      setCode(EXIT_OK);
    });
}

const text = (v: QueryCell): string => (v === null ? '' : String(v));

async function printCsv(io: Io, a: QueryAnswer): Promise<void> {
  io.out(csvLine(a.columns));
  for await (const rows of a.chunks) io.out(rows.map((r) => csvLine(r.map(text))).join(''));
}

/** A JSON array of row objects, one per line, streamed. */
async function printJson(io: Io, a: QueryAnswer): Promise<void> {
  let first = true;
  io.out('[');
  for await (const rows of a.chunks) {
    for (const r of rows) {
      const o: Record<string, QueryCell> = {};
      a.columns.forEach((c, i) => (o[c] = r[i] ?? null));
      io.out(`${first ? '\n' : ',\n'}${JSON.stringify(o)}`);
      first = false;
    }
  }
  io.out(first ? ']\n' : '\n]\n');
}

/** An aligned table: numbers right-aligned, NULL shown as NULL, then the row count. */
async function printTable(io: Io, a: QueryAnswer): Promise<void> {
  const got: QueryCell[][] = [];
  // Reads one row past what it shows, no further (a SELECT * of the transactions would be millions).
  for await (const rows of a.chunks) {
    for (const r of rows) if (got.length <= TABLE_MAX_ROWS) got.push(r);
    if (got.length > TABLE_MAX_ROWS) break;
  }
  const more = got.length > TABLE_MAX_ROWS;
  const shown = more ? got.slice(0, TABLE_MAX_ROWS) : got;
  const show = (v: QueryCell): string => (v === null ? 'NULL' : String(v));
  const widths = a.columns.map((c, i) => Math.max(c.length, ...shown.map((r) => show(r[i] ?? null).length)));
  const right = a.columns.map((_, i) => shown.length > 0 && shown.every((r) => typeof r[i] === 'number' || r[i] === null));
  const line = (cells: readonly string[]): string => `${cells.map((s, i) => (right[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!))).join('  ').trimEnd()}\n`;
  io.out(line(a.columns));
  io.out(line(widths.map((w) => '-'.repeat(w))));
  for (const r of shown) io.out(line(r.map(show)));
  const n = shown.length.toLocaleString('en-US');
  io.out(more ? `(the first ${n} rows; add LIMIT, or use --format csv for all)\n` : `(${n} row${shown.length === 1 ? '' : 's'})\n`);
}
