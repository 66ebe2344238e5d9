/** A result read by name: rows and columns agree with the CSV tables the run writes. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declineRows, executeRun, loadScenario, nodeColumns, nodeRows, throughputColumns, throughputRows, walletRows, type RunResult } from '../../src/index.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-rows-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let result: RunResult;
const table = (name: string): Record<string, string>[] => {
  const [head, ...lines] = readFileSync(join(work, 'run', name), 'utf8').trimEnd().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
};

beforeAll(async () => {
  const { scenario } = loadScenario('scenarios/smoke.yaml', { set: ['warmup=10m'] });
  result = (await executeRun({ scenario: scenario!, seed: scenario!.seed, outDir: join(work, 'run'), force: false, transactions: false })).result;
});

describe('result readers', () => {
  it('throughputRows are the reported buckets of throughput.csv, with named fields in integer units', () => {
    const rows = throughputRows(result);
    const csv = table('throughput.csv');
    expect(rows.map((r) => r.bucket)).toEqual(csv.map((r) => Number(r.bucket)));
    expect(rows[0]!.bucket).toBe(1);
    for (const [i, r] of rows.entries()) {
      expect([r.attempts, r.approved, r.declined, r.timedOut, r.standIn, r.peakTps]).toEqual(['attempts', 'approved', 'declined', 'timed_out', 'stand_in', 'peak_tps'].map((k) => Number(csv[i]![k])));
      expect((r.latencyP99Us / 1000).toFixed(3)).toBe(csv[i]!.latency_p99_ms);
      expect(r.startUs).toBe(r.bucket * 600_000_000);
    }
  });

  it('throughputColumns hold the same values, one Float64Array per field', () => {
    const rows = throughputRows(result);
    const cols = throughputColumns(result);
    expect(cols.attempts).toBeInstanceOf(Float64Array);
    for (const k of Object.keys(rows[0]!) as (keyof (typeof rows)[0])[]) expect([...cols[k]], k).toEqual(rows.map((r) => r[k]));
  });

  it('nodeRows and nodeColumns are nodes.csv by host', () => {
    const rows = nodeRows(result);
    const csv = table('nodes.csv');
    expect(rows.map((r) => [r.host, r.role, r.servers, r.arrivals, r.timeouts])).toEqual(csv.map((r) => [r.host, r.role, Number(r.servers), Number(r.arrivals), Number(r.timeouts)]));
    const beta = nodeColumns(result, 'Beta Bank');
    expect([...beta.arrivals]).toEqual(rows.filter((r) => r.host === 'Beta Bank').map((r) => r.arrivals));
    expect(() => nodeColumns(result, 'Gamma')).toThrow(/no host 'Gamma'/);
  });

  it('declineRows and walletRows are declines.csv and wallet.csv', () => {
    expect(declineRows(result).map((r) => [r.bucket, r.code, r.count])).toEqual(table('declines.csv').map((r) => [Number(r.bucket), r.response_code, Number(r.count)]));
    expect(walletRows(result).map((r) => [r.day, r.provisioned, r.tokenPurchases])).toEqual(table('wallet.csv').map((r) => [Number(r.day), Number(r.provisioned), Number(r.token_purchases)]));
  });
});
