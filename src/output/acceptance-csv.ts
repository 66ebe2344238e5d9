import { join } from 'node:path';
import type { RunResult } from '../model/results.js';
import { CsvFile, fixed } from './csv.js';
import { Clock } from './time-format.js';

/**
 * acceptance.csv: per local day and instrument, the card-present merchants accepting it and the
 * consumers holding it, at the start of the day (after the day's adoption step).
 */
export const ACCEPTANCE_FILE = 'acceptance.csv';
export const ACCEPTANCE_COLUMNS = ['day', 'date', 'instrument', 'merchants_accepting', 'merchant_share', 'consumers_holding', 'consumer_share'] as const;

/** Writes acceptance.csv when the run has competing networks. */
export function writeAcceptance(r: RunResult, dir: string): { file: string; rows: number }[] {
  const a = r.acceptance;
  if (a === undefined) return [];
  const clock = new Clock(r.scenario.start);
  const n = a.instruments.length;
  const share = (x: number, of: number): string => fixed(of > 0 ? x / of : 0, 6);
  const csv = new CsvFile(join(dir, ACCEPTANCE_FILE), ACCEPTANCE_COLUMNS);
  for (let d = 0; d < r.days && (d + 1) * n * 2 <= a.days.length; d++) {
    for (let i = 0; i < n; i++) {
      const m = a.days[(d * n + i) * 2]!;
      const c = a.days[(d * n + i) * 2 + 1]!;
      csv.row([d, clock.date(d), a.instruments[i]!, m, share(m, a.merchants), c, share(c, a.consumers)]);
    }
  }
  csv.close();
  return [{ file: ACCEPTANCE_FILE, rows: csv.rows }];
}
