/**
 * The opening every per-day table of a run shares: its CSV file in the run directory, the local
 * date of a day number, and money from minor units to the scenario currency's major units.
 */
import { join } from 'node:path';
import type { RunResult } from '../model/results.js';
import { CsvFile, minorToDecimal } from './csv.js';
import { Clock } from './time-format.js';

export interface DayTable {
  readonly csv: CsvFile;
  /** Local ISO date of day `d` (day 0 holds the start of the run). */
  readonly date: (d: number) => string;
  /** An amount in minor units as a decimal of the major unit. */
  readonly money: (minor: number) => string;
}

export function openDayTable(r: RunResult, dir: string, file: string, columns: readonly string[]): DayTable {
  const sc = r.scenario;
  const clock = new Clock(sc.start);
  return { csv: new CsvFile(join(dir, file), columns), date: (d) => clock.date(d), money: (x) => minorToDecimal(x, sc.currencyExponent) };
}
