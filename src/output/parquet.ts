import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { duckDbMessage, sqlString, withDuckDb } from './duckdb.js';
import { PARQUET_TABLES, csvHeader, typedCsvSelect } from './parquet-tables.js';

/** A file of a run directory with its data rows (as the application layer lists them). */
export interface TableFile {
  readonly file: string;
  readonly rows: number;
}

/**
 * How every Parquet file is written, fixed so the bytes are a function of the rows: zstd at its
 * default level, row groups of 122,880 rows (DuckDB's default, named so it cannot drift), Parquet
 * format version 1. DuckDB writes no time into a file; its `created_by` names the DuckDB version,
 * so a file is byte-identical for the same rows and the same DuckDB (checked by a test, and with
 * 1 and several threads).
 */
export const PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880, PARQUET_VERSION v1";

/**
 * Reads a `--format` value: `csv` or `parquet` for every table, or `table=format` for one, in a
 * comma-separated list (`parquet,throughput=csv`; later items win). Returns the tables to write as
 * Parquet, in PARQUET_TABLES order, or the problem as a message.
 */
export function parseFormats(spec: string): readonly string[] | string {
  const parquet = new Set<string>();
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    const m = /^(?:([a-z_]+)=)?(csv|parquet)$/.exec(item);
    if (m === null) return `'${item}' is not a format: expected csv, parquet or table=csv|parquet (tables: ${PARQUET_TABLES.join(', ')})`;
    const tables = m[1] === undefined ? PARQUET_TABLES : [m[1]];
    if (!PARQUET_TABLES.includes(tables[0]!)) return `'${m[1]}' is not a table: expected one of ${PARQUET_TABLES.join(', ')}`;
    for (const t of tables) {
      if (m[2] === 'parquet') parquet.add(t);
      else parquet.delete(t);
    }
  }
  return PARQUET_TABLES.filter((t) => parquet.has(t));
}

/** The table a file of a run directory holds (`transactions.csv` -> `transactions`, `replication-values.csv` -> `replication_values`), or undefined. */
export function tableOf(file: string): string | undefined {
  const m = /^([a-z][a-z0-9_-]*)\.(csv|parquet)$/.exec(file);
  return m === null ? undefined : m[1]!.replaceAll('-', '_');
}

/**
 * Rewrites the CSV files of `files` whose tables are in `parquet` as `<table>.parquet` with typed
 * columns (parquet-tables.ts), deleting each CSV once its Parquet file is complete. DuckDB streams
 * the rows from the CSV to the Parquet writer a row group at a time, so no table is ever held
 * whole in memory. Returns the list with the Parquet files in place of their CSVs, in its order.
 */
export async function writeParquetTables(dir: string, files: readonly TableFile[], parquet: readonly string[]): Promise<TableFile[]> {
  const todo = files.filter((f) => f.file.endsWith('.csv') && parquet.includes(tableOf(f.file) ?? ''));
  if (todo.length === 0) return [...files];
  const renamed = new Map<string, string>();
  await withDuckDb(async (db) => {
    for (const f of todo) {
      const table = tableOf(f.file)!;
      const csv = join(dir, f.file);
      const out = `${table}.parquet`;
      try {
        await db.run(`COPY (${typedCsvSelect(table, [csv], csvHeader(csv))}) TO ${sqlString(join(dir, out))} (${PARQUET_OPTIONS})`);
      } catch (e) {
        // A file-system failure (a full disk, say) as a file-system error on the file, which the
        // staging step reports as such; anything else is a defect.
        const message = duckDbMessage(e);
        const fsError = /^IO Error/.test(message) ? { code: 'EIO', path: join(dir, out), syscall: 'write' } : {};
        throw Object.assign(new Error(`writing ${out}: ${message}`), fsError);
      }
      rmSync(csv);
      renamed.set(f.file, out);
    }
  });
  return files.map((f) => ({ file: renamed.get(f.file) ?? f.file, rows: f.rows }));
}
