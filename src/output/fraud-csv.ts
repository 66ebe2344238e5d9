import { BEARERS, FRAUD_ROWS, F_APPROVED, F_ATTEMPTS, F_CARDHOLDER, F_DETECTED, F_EPISODES, F_FIELDS, F_LOSS, F_SCORED, GENUINE_ROW } from '../model/fraud-book.js';
import type { RunResult } from '../model/results.js';
import { FRAUD_TYPES } from '../scenario/types.js';
import { openDayTable } from './day-table.js';

/**
 * fraud.csv (scenarios with `fraud`): per local day, fraud typology and liable party, the episodes
 * and attempts started, those the issuers scored and declined 59 (detected), those approved and
 * their value (the loss), and the part of it the cardholders bear. A last row per day,
 * `genuine`, counts the genuine purchases the issuers scored and the false positives among them.
 * Rows with nothing in them are left out.
 */
export const FRAUD_FILE = 'fraud.csv';
export const FRAUD_COLUMNS = [
  'day', 'date', 'fraud_type', 'bearer', 'episodes', 'attempts', 'scored', 'detected', 'approved', 'loss', 'cardholder_loss', 'currency',
] as const;

/** The typology names of fraud.csv's rows (the typologies, then `genuine`). */
const ROW_NAMES: readonly string[] = [...FRAUD_TYPES, 'genuine'];

/** Writes fraud.csv when the run has labelled fraud. */
export function writeFraud(r: RunResult, dir: string): { file: string; rows: number }[] {
  const days = r.fraud;
  if (days === undefined) return [];
  const sc = r.scenario;
  const { csv, date, money: m } = openDayTable(r, dir, FRAUD_FILE, FRAUD_COLUMNS);
  const per = FRAUD_ROWS * BEARERS.length * F_FIELDS;
  for (let d = 0; d * per < days.length; d++) {
    for (let row = 0; row < FRAUD_ROWS; row++) {
      for (let b = 0; b < BEARERS.length; b++) {
        const at = ((d * FRAUD_ROWS + row) * BEARERS.length + b) * F_FIELDS;
        const f = (k: number): number => days[at + k]!;
        if (f(F_EPISODES) === 0 && f(F_ATTEMPTS) === 0 && f(F_SCORED) === 0) continue;
        const bearer = row === GENUINE_ROW ? 'none' : BEARERS[b]!;
        csv.row([
          d, date(d), ROW_NAMES[row]!, bearer, f(F_EPISODES), f(F_ATTEMPTS), f(F_SCORED), f(F_DETECTED), f(F_APPROVED),
          m(f(F_LOSS)), m(f(F_CARDHOLDER)), sc.currency,
        ]);
      }
    }
  }
  csv.close();
  return [{ file: FRAUD_FILE, rows: csv.rows }];
}
