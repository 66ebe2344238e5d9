import { closeSync, openSync, readSync } from 'node:fs';
import { sqlName, sqlString } from './duckdb.js';

/**
 * The typed form of the run tables, one definition for both uses: the Parquet files written by
 * `--format parquet` and the views `sim query` puts over CSV files. Each CSV column is read as
 * text and converted by its kind:
 *
 * - text: VARCHAR as written (response codes and MCCs stay text: '05' is not 5);
 * - int: BIGINT;
 * - real: DOUBLE (the CSV's fixed-point digits; an empty cell is NULL);
 * - money: BIGINT minor units of the row's currency, the column renamed `<name>_minor`. The CSV
 *   writes the major unit with exactly the currency's digits after the point, so dropping the
 *   point gives the minor units exactly. A DECIMAL would keep the name but needs one scale per
 *   column, and ledger, settlement and fees rows carry their own currencies (RUB 2, JPY 0, ...);
 * - time: TIMESTAMPTZ, the UTC instant of the CSV's local time (its offset is the scenario's,
 *   as in the manifest's `simulated.start`);
 * - date: DATE, the local calendar day.
 *
 * A column this table does not list (or a file of an unknown table) is read as text.
 */
export type ColumnKind = 'text' | 'int' | 'real' | 'money' | 'time' | 'date';

const int = 'int' as const;
const real = 'real' as const;
const money = 'money' as const;

export const TABLE_KINDS: Readonly<Record<string, Readonly<Record<string, ColumnKind>>>> = {
  transactions: { time: 'time', t_us: int, card: int, merchant: int, terminal: int, amount: money, latency_ms: real, stand_in: int },
  ledger: { day: int, date: 'date', amount: money },
  throughput: {
    bucket: int, start: 'time', attempts: int, approved: int, declined: int, timed_out: int, stand_in: int, reversals: int,
    approval_rate: real, mean_tps: real, peak_tps: int, latency_mean_ms: real, latency_p50_ms: real, latency_p95_ms: real,
    latency_p99_ms: real, token_purchases: int, tokens_active: int, value_approved: money,
  },
  nodes: {
    bucket: int, start: 'time', servers: int, servers_in_effect: real, arrivals: int, completions: int, utilization: real, mean_queue_length: real,
    max_queue_length: int, mean_wait_ms: real, waited_share: real, timeouts: int, stand_in: int, down_rejects: int,
  },
  declines: { bucket: int, start: 'time', count: int },
  wallet: {
    day: int, date: 'date', provisioning_attempts: int, step_ups: int, failures: int, provisioned: int, tokens_active: int,
    token_purchases: int, tsm_failures: int, key_replenishments: int, replenish_failures: int, keyless_declines: int, keyless_online: int,
  },
  settlement: {
    cycle: int, cycle_date: 'date', settlement_day: int, settlement_date: 'date', gross_debit: money, gross_credit: money,
    fees: money, net_position: money, netting_ratio: real,
  },
  fees: { day: int, date: 'date', count: int, value: money, fee: money, effective_rate_bps: real },
};

/** The tables `--format parquet` can write. */
export const PARQUET_TABLES = Object.keys(TABLE_KINDS);

/** The typed column for a CSV column: its name and the SQL that computes it from the text. */
export function typedColumn(table: string, column: string): { name: string; sql: string } {
  const c = sqlName(column);
  switch (TABLE_KINDS[table]?.[column] ?? 'text') {
    case 'int':
      return { name: column, sql: `CAST(${c} AS BIGINT)` };
    case 'real':
      return { name: column, sql: `CAST(${c} AS DOUBLE)` };
    case 'money':
      return { name: `${column}_minor`, sql: `CAST(replace(${c}, '.', '') AS BIGINT)` };
    case 'time':
      return { name: column, sql: `CAST(${c} AS TIMESTAMPTZ)` };
    case 'date':
      return { name: column, sql: `CAST(${c} AS DATE)` };
    default:
      return { name: column, sql: c };
  }
}

/** The SQL reading CSV files (each with the same header) of one table as text, every column named. */
export function readCsvText(paths: readonly string[], header: readonly string[]): string {
  const columns = header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ');
  return `read_csv([${paths.map(sqlString).join(', ')}], header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns}})`;
}

/** A SELECT of one table's typed columns from its CSV files. */
export function typedCsvSelect(table: string, paths: readonly string[], header: readonly string[]): string {
  const list = header.map((h) => {
    const t = typedColumn(table, h);
    return `${t.sql} AS ${sqlName(t.name)}`;
  });
  return `SELECT ${list.join(', ')} FROM ${readCsvText(paths, header)}`;
}

/** The header of a CSV file: its first line split at commas (the writers' headers are plain names). */
export function csvHeader(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const end = text.indexOf('\n');
    return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '').split(',');
  } finally {
    closeSync(fd);
  }
}
