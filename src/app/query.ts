import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DuckDBValue } from '@duckdb/node-api';
import { MANIFEST } from '../output/manifest.js';
import { duckDbApi, duckDbMessage, sqlName, sqlString, withDuckDb, type DuckDb } from '../output/duckdb.js';
import { tableOf } from '../output/parquet.js';
import { TABLE_KINDS, csvHeader, typedCsvSelect } from '../output/parquet-tables.js';
import { InputError } from './errors.js';

/** A cell of a query's answer: numbers as numbers (integers beyond 2^53 as text), NULL as null, the rest as DuckDB prints it. */
export type QueryCell = string | number | boolean | null;

/** The answer to `sim query`: its columns with their DuckDB types, and its rows in chunks as they come. */
export interface QueryAnswer {
  readonly columns: readonly string[];
  readonly types: readonly string[];
  readonly chunks: AsyncIterable<QueryCell[][]>;
}

/** The tables of a run directory: each listed file `<table>.csv` or `<table>.parquet`, by table name. */
export function runTables(dir: string): { table: string; file: string }[] {
  const path = join(dir, MANIFEST);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError('NOT_A_RUN', `${dir}: no such directory`);
  if (!existsSync(path)) throw new InputError('NOT_A_RUN', `${dir} is not a run directory: it has no ${MANIFEST}`);
  let files: unknown;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as { tool?: unknown; files?: unknown };
    files = m.tool === 'quartet' ? m.files : undefined;
  } catch {
    files = undefined;
  }
  if (!Array.isArray(files)) throw new InputError('NOT_A_RUN', `${dir} is not a run directory: ${MANIFEST} was not written by quartet`);
  const out: { table: string; file: string }[] = [];
  for (const f of files as { name?: unknown }[]) {
    const name = typeof f?.name === 'string' ? f.name : '';
    const table = tableOf(name);
    if (table !== undefined && existsSync(join(dir, name))) out.push({ table, file: name });
  }
  return out;
}

/** The view of one table file: typed columns (parquet-tables.ts) for a known CSV table, as written for Parquet. */
function viewSql(table: string, path: string): string {
  if (path.endsWith('.parquet')) return `SELECT * FROM read_parquet(${sqlString(path)})`;
  const header = csvHeader(path);
  if (TABLE_KINDS[table] !== undefined) return typedCsvSelect(table, [path], header);
  // A table of another command (compare.csv, replications.csv, ...): types detected, codes kept as text.
  const codes = header.filter((h) => h === 'response_code' || h === 'mcc' || h.endsWith('_code'));
  if (codes.length === 0) return `SELECT * FROM read_csv(${sqlString(path)}, header = true)`;
  return `SELECT * FROM read_csv(${sqlString(path)}, header = true, types = {${codes.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}})`;
}

/**
 * Opens the tables of a run directory as views and then locks DuckDB down: it may read those
 * files only (no other file, no network, no extension), and its settings cannot be changed back.
 */
async function openRun(db: DuckDb, dir: string): Promise<void> {
  const tables = runTables(dir);
  const paths = tables.map((t) => resolve(dir, t.file));
  for (const [i, t] of tables.entries()) await db.run(`CREATE VIEW ${sqlName(t.table)} AS ${viewSql(t.table, paths[i]!)}`);
  await db.run(`SET allowed_paths = [${paths.map(sqlString).join(', ')}]`);
  await db.run('SET enable_external_access = false');
  await db.run('SET lock_configuration = true');
}

/** A DuckDB value as a query cell (a DECIMAL, an average say, as a number). */
function cell(v: DuckDBValue): QueryCell {
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  if (typeof v === 'object' && 'toDouble' in v && typeof v.toDouble === 'function') return (v.toDouble as () => number)();
  return String(v);
}

/**
 * `sim query`: runs one SELECT over the tables of a run directory (CSV or Parquet alike, by table
 * name) and hands its answer to `use` while DuckDB is open. Anything but one read-only statement,
 * and any SQL error, is an InputError with DuckDB's message on one line.
 */
export async function queryRun<T>(dir: string, sql: string, use: (answer: QueryAnswer) => Promise<T>): Promise<T> {
  return withDuckDb(async (db) => {
    const { StatementType } = await duckDbApi();
    try {
      await openRun(db, dir);
      const extracted = await db.con.extractStatements(sql);
      if (extracted.count !== 1) throw new InputError('QUERY', `expected one SQL statement, got ${extracted.count}`);
      const stmt = await extracted.prepare(0);
      if (stmt.statementType !== StatementType.SELECT && stmt.statementType !== StatementType.EXPLAIN) {
        throw new InputError('QUERY', `sim query runs read-only queries (SELECT, WITH, EXPLAIN, DESCRIBE, SHOW), not ${StatementType[stmt.statementType]}`);
      }
      const result = await stmt.stream();
      const chunks = (async function* () {
        for await (const rows of result.yieldRows()) yield rows.map((r) => r.map(cell));
      })();
      return await use({ columns: result.columnNames(), types: result.columnTypes().map(String), chunks });
    } catch (e) {
      if (e instanceof InputError) throw e;
      if (e instanceof Error && /Error: /.test(e.message)) throw new InputError('QUERY', `query failed: ${queryMessage(e)}`);
      throw e;
    }
  });
}

/** DuckDB's message without the quoted query and caret lines, on one line. */
function queryMessage(e: Error): string {
  return duckDbMessage(new Error(e.message.split(/\n\s*LINE \d+:/)[0]!.replace(/^Failed to extract statements: /, '')));
}
