/** `sim query`: SQL over a run's tables by name, CSV and Parquet alike, read-only, errors on one line. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { TABLE_MAX_ROWS } from '../../src/cli/query-command.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-query-'));
const csv = join(work, 'csv');
const pq = join(work, 'parquet');
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  for (const [out, extra] of [[csv, []], [pq, ['--format', 'parquet']]] as const) {
    const io = captureIo();
    const code = await main(['run', 'scenarios/smoke.yaml', '--out', out, '--quiet', '--transactions', '--ledger', '--duration', '10m', ...extra], io);
    expect(code, io.stderr()).toBe(0);
  }
}, 120_000);

async function query(dir: string, sql: string, extra: string[] = []): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(['query', dir, sql, ...extra], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('sim query', () => {
  it('answers the same over the CSV and the Parquet tables of one run', async () => {
    const sqls = [
      'SELECT response_code, count(*) AS n, sum(amount_minor) AS value_minor FROM transactions GROUP BY 1 ORDER BY 1',
      'SELECT host, sum(arrivals) AS arrivals, max(utilization) AS u FROM nodes GROUP BY 1 ORDER BY 1',
      'SELECT kind, count(*), sum(amount_minor) FROM ledger GROUP BY 1 ORDER BY 1',
      'SELECT min(time), max(time), min(start) FROM transactions, throughput',
      'SELECT participant, sum(net_position_minor) FROM settlement GROUP BY 1 ORDER BY 1',
    ];
    for (const sql of sqls) {
      const a = await query(csv, sql);
      const b = await query(pq, sql);
      expect(a.code, a.err).toBe(0);
      expect(b.out, sql).toBe(a.out);
    }
  });

  it('prints an aligned table: a header, a rule, numbers right-aligned, and the row count', async () => {
    const { code, out } = await query(pq, "SELECT response_code, count(*) AS n FROM transactions WHERE response_code IN ('00', '05') GROUP BY 1 ORDER BY 1");
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^response_code\s+n$/);
    expect(lines[1]).toMatch(/^-{13}  -+$/);
    expect(lines[2]).toMatch(/^00\s+\d+$/);
    expect(lines[2]!.length).toBe(lines[1]!.length);
    expect(lines.at(-1)).toMatch(/^\(\d rows?\)$/);
    const many = await query(pq, 'SELECT * FROM range(5000)');
    expect(many.out.trimEnd().split('\n')).toHaveLength(TABLE_MAX_ROWS + 3);
    expect(many.out).toMatch(/\(the first 1,000 rows; add LIMIT, or use --format csv for all\)\n$/);
    expect((await query(pq, 'SELECT * FROM range(5000)', ['--format', 'csv'])).out.split('\n')).toHaveLength(5002);
  });

  it('keeps codes as text in CSV runs too (05 is not 5)', async () => {
    for (const dir of [csv, pq]) {
      const { out } = await query(dir, 'SELECT DISTINCT typeof(response_code) AS r, typeof(mcc) AS m, typeof(time) AS t, typeof(amount_minor) AS a FROM transactions', ['--format', 'csv']);
      expect(out).toBe('r,m,t,a\nVARCHAR,VARCHAR,TIMESTAMP WITH TIME ZONE,BIGINT\n');
      const codes = await query(dir, 'SELECT DISTINCT response_code FROM declines ORDER BY 1', ['--format', 'json']);
      const parsed = JSON.parse(codes.out) as { response_code: string }[];
      expect(parsed.length).toBeGreaterThan(0);
      expect(parsed.every((r) => /^\d\d$/.test(r.response_code))).toBe(true);
    }
  });

  it('writes csv and json', async () => {
    const c = await query(pq, "SELECT host, arrivals, utilization FROM nodes WHERE role = 'issuer' ORDER BY host", ['--format', 'csv']);
    expect(c.out).toMatch(/^host,arrivals,utilization\n[^,\n]+,\d+,[\d.]+\n[^,\n]+,\d+,[\d.]+\n$/);
    const j = await query(pq, "SELECT bucket, role, servers > 0 AS up FROM nodes WHERE role = 'issuer' ORDER BY host", ['--format', 'json']);
    expect(JSON.parse(j.out)).toEqual([{ bucket: 0, role: 'issuer', up: true }, { bucket: 0, role: 'issuer', up: true }]);
    expect((await query(pq, 'SELECT 1 AS x WHERE false', ['--format', 'json'])).out).toBe('[]\n');
  });

  it('a bad statement is exit 2 with DuckDB\'s message on one line', async () => {
    for (const [sql, message] of [
      ['SELECT * FROM nope', /Catalog Error: Table with name nope does not exist/],
      ['SELEC 1', /Parser Error: syntax error at or near "SELEC"/],
      ['SELECT 1; SELECT 2', /expected one SQL statement, got 2/],
    ] as const) {
      const r = await query(pq, sql);
      expect(r.code, sql).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    }
  });

  it('a directory that is not a run is exit 2', async () => {
    const r = await query(work, 'SELECT 1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a run directory: it has no manifest\.json/);
    expect((await query(join(work, 'absent'), 'SELECT 1')).err).toMatch(/no such directory/);
  });

  it('is read-only: it cannot write a file, not even over a table of the run, nor read another file', async () => {
    const target = join(pq, 'transactions.parquet');
    const before = readFileSync(target);
    const mtime = statSync(target).mtimeMs;
    for (const sql of [
      `COPY (SELECT 1) TO '${target}' (FORMAT parquet)`,
      `COPY (SELECT 1) TO '${join(work, 'x.csv')}'`,
      `SELECT * FROM read_csv('${join(csv, 'throughput.csv')}')`,
      "SET enable_external_access = true",
      "INSTALL httpfs",
    ]) {
      const r = await query(pq, sql);
      expect(r.code, sql).toBe(2);
      expect(r.err).not.toMatch(/internal error/);
    }
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(statSync(target).mtimeMs).toBe(mtime);
  });
});
