import { MarketCounter } from '../model/markets.js';
import type { RunResult } from '../model/results.js';
import { minorToDecimal } from './csv.js';
import { openDayTable } from './day-table.js';

/**
 * markets.csv (scenarios with `markets`): per local day and market, the purchases started at its
 * merchants, those of them with a card of another market and those of visitor flows, its own
 * cards' purchases abroad, and the purchases its acquirers cleared with their value in the
 * market's currency. Rows with nothing in them are left out.
 */
export const MARKETS_FILE = 'markets.csv';
export const MARKETS_COLUMNS = ['day', 'date', 'market', 'purchases', 'cross_border', 'visitors', 'abroad', 'cleared', 'cleared_value', 'currency'] as const;

/** Writes markets.csv when the run has several markets. */
export function writeMarkets(r: RunResult, dir: string): { file: string; rows: number }[] {
  const days = r.markets;
  const spec = r.scenario.markets;
  if (days === undefined || spec === undefined) return [];
  const { csv, date } = openDayTable(r, dir, MARKETS_FILE, MARKETS_COLUMNS);
  const n = spec.list.length;
  for (let d = 0; d * n * MarketCounter.Fields < days.length; d++) {
    for (let m = 0; m < n; m++) {
      const at = (d * n + m) * MarketCounter.Fields;
      const f = (k: number): number => days[at + k]!;
      if (f(MarketCounter.Purchases) === 0 && f(MarketCounter.Abroad) === 0 && f(MarketCounter.Cleared) === 0) continue;
      const mk = spec.list[m]!;
      csv.row([
        d, date(d), mk.name, f(MarketCounter.Purchases), f(MarketCounter.CrossBorder), f(MarketCounter.Visitors), f(MarketCounter.Abroad), f(MarketCounter.Cleared),
        minorToDecimal(f(MarketCounter.ClearedValue), mk.exponent), mk.currency,
      ]);
    }
  }
  csv.close();
  return [{ file: MARKETS_FILE, rows: csv.rows }];
}
