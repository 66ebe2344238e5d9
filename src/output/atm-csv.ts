import {
  A_APPROVED, A_ATTEMPTS, A_CARDHOLDER_FEES, A_CROSS_BORDER, A_DECLINED, A_DISPENSED, A_DISPENSED_VALUE, A_DISPENSE_FAILURES,
  A_FIELDS, A_INTERCHANGE, A_LAT_SUM, A_OFF_US, A_ON_US, A_STAND_IN, A_TIMED_OUT,
} from '../model/atm.js';
import type { RunResult } from '../model/results.js';
import { fixed } from './csv.js';
import { openDayTable } from './day-table.js';

/**
 * atm.csv: ATM cash withdrawals by local day of their start: the authorizations and their
 * outcomes, the dispense failures (each reversed), the cash dispensed on-us, off-us and with
 * cross-border cards, and the ATM fees (interchange paid by issuers to the ATMs' acquirers, the
 * cardholders' fees; zero without money).
 */
export const ATM_FILE = 'atm.csv';
export const ATM_COLUMNS = [
  'day', 'date', 'attempts', 'approved', 'declined', 'timed_out', 'stand_in', 'dispense_failures', 'dispensed', 'value',
  'on_us', 'off_us', 'cross_border', 'latency_mean_ms', 'interchange', 'cardholder_fees', 'currency',
] as const;

/** Writes atm.csv when the scenario has ATMs. */
export function writeAtm(r: RunResult, dir: string): { file: string; rows: number }[] {
  const days = r.atm;
  if (days === undefined) return [];
  const sc = r.scenario;
  const { csv, date, money: m } = openDayTable(r, dir, ATM_FILE, ATM_COLUMNS);
  for (let d = 0; (d + 1) * A_FIELDS <= days.length; d++) {
    const v = (f: number): number => days[d * A_FIELDS + f]!;
    const resolved = v(A_APPROVED) + v(A_DECLINED) + v(A_TIMED_OUT);
    csv.row([
      d, date(d), v(A_ATTEMPTS), v(A_APPROVED), v(A_DECLINED), v(A_TIMED_OUT), v(A_STAND_IN), v(A_DISPENSE_FAILURES),
      v(A_DISPENSED), m(v(A_DISPENSED_VALUE)), v(A_ON_US), v(A_OFF_US), v(A_CROSS_BORDER),
      fixed(resolved > 0 ? v(A_LAT_SUM) / resolved / 1000 : 0, 3), m(v(A_INTERCHANGE)), m(v(A_CARDHOLDER_FEES)), sc.currency,
    ]);
  }
  csv.close();
  return [{ file: ATM_FILE, rows: csv.rows }];
}
