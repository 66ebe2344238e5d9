/**
 * `sim run --format parquet`: the same run written as CSV and as Parquet holds the same rows, with
 * typed columns; the files do not depend on the worker count; `sim verify` checks them.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { main } from '../../src/cli/main.js';
import { minorToDecimal } from '../../src/output/csv.js';
import { parseFormats, tableOf, writeParquetTables } from '../../src/output/parquet.js';
import { parquetRows, parquetRowsOrMinusOne } from '../../src/output/parquet-footer.js';
import type { Manifest } from '../../src/output/manifest.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-parquet-'));
const sharded = join(work, 'smoke-2.yaml');
writeFileSync(sharded, readFileSync('scenarios/smoke.yaml', 'utf8').replace(/^seed: (\d+)$/m, 'seed: $1\nshards: 2'));
const TABLES = ['throughput', 'nodes', 'declines', 'wallet', 'settlement', 'fees', 'ledger', 'transactions'];

async function run(out: string, extra: string[]): Promise<Manifest> {
  const io = captureIo();
  const code = await main(['run', sharded, '--out', out, '--quiet', '--transactions', '--ledger', '--duration', '10m', ...extra], io);
  expect(code, io.stderr()).toBe(0);
  return JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
}

let db: DuckDBInstance;
let con: DuckDBConnection;
const rows = async (sql: string): Promise<unknown[][]> => (await con.runAndReadAll(sql)).getRowsJS();
const csv = join(work, 'csv');
const pq = join(work, 'parquet');
const pq1 = join(work, 'parquet-1-worker');

beforeAll(async () => {
  await run(csv, ['--workers', '2']);
  await run(pq, ['--workers', '2', '--format', 'parquet']);
  await run(pq1, ['--workers', '1', '--format', 'parquet']);
  db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  con = await db.connect();
}, 120_000);
afterAll(() => {
  con?.closeSync();
  db?.closeSync();
  rmSync(work, { recursive: true, force: true });
});

describe('--format', () => {
  it('reads csv, parquet and table=format lists; later items win; a bad item is named', () => {
    expect(parseFormats('csv')).toEqual([]);
    expect(parseFormats('parquet')).toEqual(['transactions', 'ledger', 'throughput', 'nodes', 'declines', 'wallet', 'settlement', 'fees']);
    expect(parseFormats('transactions=parquet,ledger=parquet')).toEqual(['transactions', 'ledger']);
    expect(parseFormats('parquet,throughput=csv')).not.toContain('throughput');
    expect(parseFormats('xml')).toMatch(/'xml' is not a format/);
    expect(parseFormats('transaction=parquet')).toMatch(/'transaction' is not a table/);
  });

  it('names a file\'s table as sim query does: the file name without its extension, - as _', () => {
    expect([tableOf('transactions.parquet'), tableOf('ledger.csv'), tableOf('replication-values.csv'), tableOf('manifest.json'), tableOf('Bad.csv')]).toEqual([
      'transactions', 'ledger', 'replication_values', undefined, undefined,
    ]);
  });
});

describe('sim run --format parquet', () => {
  it('writes every table as Parquet, lists them in the manifest with their rows, and leaves no CSV or part file', async () => {
    const m = JSON.parse(readFileSync(join(pq, 'manifest.json'), 'utf8')) as Manifest;
    const mc = JSON.parse(readFileSync(join(csv, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.files.map((f) => f.name)).toEqual(mc.files.map((f) => f.name.replace('.csv', '.parquet')));
    // The tables hold the same rows; the JSON files (summary, datapackage) describe the formats.
    const tables = (x: Manifest): number[] => x.files.filter((f) => !f.name.endsWith('.json')).map((f) => f.rows);
    expect(tables(m)).toEqual(tables(mc));
    expect(tables(m).length).toBeGreaterThanOrEqual(8);
    expect(readdirSync(pq).sort()).toEqual([...m.files.map((f) => f.name), 'manifest.json'].sort());
    for (const f of m.files) if (f.name.endsWith('.parquet')) expect(parquetRows(join(pq, f.name)), f.name).toBe(f.rows);
    expect(m.options.parquet).toEqual(parseFormats('parquet'));
  });

  it('holds the same rows as the CSV of the same run, table by table and in the same order', async () => {
    for (const t of TABLES) {
      const p = `read_parquet('${join(pq, `${t}.parquet`)}')`;
      const c = `read_csv('${join(csv, `${t}.csv`)}', all_varchar = true)`;
      const [n] = await rows(`SELECT (SELECT count(*) FROM ${p}), (SELECT count(*) FROM ${c})`);
      expect(n![0], t).toBe(n![1]);
      expect(Number(n![0]), t).toBeGreaterThan(0);
    }
    // Every transaction, row by row: the CSV text against the typed Parquet values, compared in JS.
    const text = readFileSync(join(csv, 'transactions.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const typed = await rows(
      `SELECT epoch_ms(time), t_us, card, mcc, amount_minor, currency, response_code, latency_ms, stand_in FROM read_parquet('${join(pq, 'transactions.parquet')}')`,
    );
    expect(typed.length).toBe(text.length);
    typed.forEach((r, i) => {
      const c = text[i]!;
      const fromCsv = [Date.parse(c[0]!), Number(c[1]), Number(c[2]), c[9], c[11], c[12], c[14], Number(c[15]), Number(c[16])];
      expect([Number(r[0]), Number(r[1]), Number(r[2]), r[3], minorToDecimal(Number(r[4]), 2), r[5], r[6], r[7], Number(r[8])], `row ${i + 1}`).toEqual(fromCsv);
    });
    // The ledger's money: the sums of minor units agree with the CSV's decimal amounts.
    const [l] = await rows(
      `SELECT (SELECT sum(amount_minor) FROM read_parquet('${join(pq, 'ledger.parquet')}')), (SELECT sum(CAST(amount AS DECIMAL(18,2)) * 100) FROM read_csv('${join(csv, 'ledger.csv')}', all_varchar = true))`,
    );
    expect(Number(l![0])).toBe(Number(l![1]));
  });

  it('types the columns: codes as text, times with zone, money as integer minor units', async () => {
    const schema = await rows(`SELECT name, type FROM parquet_schema('${join(pq, 'transactions.parquet')}') WHERE name IN ('time', 'response_code', 'mcc', 'amount_minor', 'card')`);
    expect(Object.fromEntries(schema)).toEqual({ time: 'INT64', card: 'INT64', mcc: 'BYTE_ARRAY', amount_minor: 'INT64', response_code: 'BYTE_ARRAY' });
    const [t] = await rows(`SELECT typeof(time), typeof(response_code), typeof(mcc), typeof(amount_minor) FROM read_parquet('${join(pq, 'transactions.parquet')}') LIMIT 1`);
    expect(t).toEqual(['TIMESTAMP WITH TIME ZONE', 'VARCHAR', 'VARCHAR', 'BIGINT']);
    const codes = (await rows(`SELECT DISTINCT response_code FROM read_parquet('${join(pq, 'transactions.parquet')}') ORDER BY 1`)).map((r) => r[0]);
    expect(codes).toContain('00');
    expect(codes.every((c) => typeof c === 'string' && /^\d\d$/.test(c))).toBe(true);
    const [s] = await rows(`SELECT typeof(net_position_minor), typeof(cycle_date), typeof(netting_ratio) FROM read_parquet('${join(pq, 'settlement.parquet')}') LIMIT 1`);
    expect(s).toEqual(['BIGINT', 'DATE', 'DOUBLE']);
  });

  it('writes byte-identical files with 1 and 2 workers (the same shards)', () => {
    for (const t of TABLES) expect(readFileSync(join(pq1, `${t}.parquet`)).equals(readFileSync(join(pq, `${t}.parquet`))), t).toBe(true);
  });

  it('writes only the tables asked for as Parquet', async () => {
    const out = join(work, 'mixed');
    const m = await run(out, ['--format', 'transactions=parquet']);
    expect(m.files.map((f) => f.name).filter((n) => n.endsWith('.parquet'))).toEqual(['transactions.parquet']);
    expect(readFileSync(join(out, 'throughput.csv'))).toEqual(readFileSync(join(csv, 'throughput.csv')));
  });

  it('sim verify re-runs a Parquet run and finds every file identical; a changed file is named (exit 1)', async () => {
    let io = captureIo();
    expect(await main(['verify', pq1], io), io.stdout() + io.stderr()).toBe(0);
    expect(io.stdout()).toMatch(/identical\s+transactions\.parquet/);
    const f = join(pq1, 'wallet.parquet');
    copyFileSync(join(pq1, 'nodes.parquet'), f);
    io = captureIo();
    expect(await main(['verify', pq1], io)).toBe(1);
    expect(io.stdout()).toMatch(/wallet\.parquet/);
    expect(io.stderr()).not.toMatch(/internal error/);
  }, 60_000);

  it('a Parquet file that cannot be written is a file-system error on its path, and its CSV is kept', async () => {
    const dir = join(work, 'unwritable');
    mkdirSync(join(dir, 'wallet.parquet'), { recursive: true });
    copyFileSync(join(csv, 'wallet.csv'), join(dir, 'wallet.csv'));
    const err = await writeParquetTables(dir, [{ file: 'wallet.csv', rows: 1 }], ['wallet']).catch((e: unknown) => e as NodeJS.ErrnoException);
    expect(err).toMatchObject({ code: 'EIO', path: join(dir, 'wallet.parquet') });
    expect((err as Error).message).toMatch(/^writing wallet\.parquet: IO Error: /);
    expect(readdirSync(dir).sort()).toEqual(['wallet.csv', 'wallet.parquet']);
  });

  it('reads no row count from a file that is not Parquet', () => {
    const f = join(work, 'not.parquet');
    writeFileSync(f, 'a,b\n1,2\n');
    expect(parquetRowsOrMinusOne(f)).toBe(-1);
    expect(() => parquetRows(f)).toThrow(/not a Parquet file/);
  });
});

describe('datapackage.json of a Parquet run', () => {
  it('describes each Parquet table by the columns the file holds (money as <name>_minor integers)', async () => {
    const d = JSON.parse(readFileSync(join(pq, 'datapackage.json'), 'utf8')) as { resources: { path: string; format: string; schema: { fields: { name: string; type: string }[] } }[] };
    const tx = d.resources.find((r) => r.path === 'transactions.parquet');
    expect(tx?.format).toBe('parquet');
    const names = tx!.schema.fields.map((f) => f.name);
    expect(names).toContain('amount_minor');
    expect(names).not.toContain('amount');
    expect(tx!.schema.fields.find((f) => f.name === 'response_code')?.type).toBe('string');
    expect(tx!.schema.fields.find((f) => f.name === 'amount_minor')?.type).toBe('integer');
  });
});
