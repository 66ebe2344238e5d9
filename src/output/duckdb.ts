import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** The DuckDB module, loaded on first use: its native library costs start-up time and memory that a command without a Parquet file or a query should not pay. */
export function duckDbApi(): Promise<typeof import('@duckdb/node-api')> {
  return import('@duckdb/node-api');
}

/**
 * An in-memory DuckDB with the settings every use here needs: the threads of the machine, UTC as
 * the session's zone, no extension installed or loaded behind the user's back (no network), and
 * its spill files in a private temporary directory removed on close (DuckDB's default is `.tmp`
 * in the working directory). This is the only module that opens DuckDB.
 */
export class DuckDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly con: DuckDBConnection,
    private readonly temp: string,
  ) {}

  static async open(): Promise<DuckDb> {
    const temp = mkdtempSync(join(tmpdir(), 'quartet-duckdb-'));
    try {
      const { DuckDBInstance } = await duckDbApi();
      const instance = await DuckDBInstance.create(':memory:', {
        threads: String(Math.max(1, availableParallelism())),
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
        temp_directory: temp,
      });
      const con = await instance.connect();
      // The zone is the ICU extension's setting (built in), so it is set here, not at create.
      await con.run("SET TimeZone = 'UTC'");
      return new DuckDb(instance, con, temp);
    } catch (e) {
      rmSync(temp, { recursive: true, force: true });
      throw e;
    }
  }

  async run(sql: string): Promise<void> {
    await this.con.run(sql);
  }

  close(): void {
    this.con.closeSync();
    this.instance.closeSync();
    rmSync(this.temp, { recursive: true, force: true });
  }
}

/** Runs `body` with an open DuckDb, closed however it ends. */
export async function withDuckDb<T>(body: (db: DuckDb) => Promise<T>): Promise<T> {
  const db = await DuckDb.open();
  try {
    return await body(db);
  } finally {
    db.close();
  }
}

/** A SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A SQL identifier, always quoted. */
export function sqlName(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** A DuckDB error as one line: its message with line breaks and runs of spaces folded. */
export function duckDbMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s*\n\s*/g, ' ').replace(/\s{2,}/g, ' ').trim();
}
