import { PK_BANK_PAYMENT, PK_CLEARING_FEE, PK_CONSUMER_SUBSIDY, PK_FLOAT, PK_MERCHANT_FEE, PK_MERCHANT_SUBSIDY, PK_PROMOTIONAL_FEE, PK_WALLET_PAYMENT, PK_WITHDRAWAL, PK_WITHDRAWAL_FEE } from '../economics/platform-books.js';
import type { FeeRow, SettlementRow } from '../economics/settlement.js';
import type { RunResult } from '../model/results.js';
import { fixed } from './csv.js';
import { openDayTable } from './day-table.js';

/**
 * platforms.csv: the wallet platforms' economics by local day, from their books (proved at the
 * end of the run): payments, how they were funded, the merchant fees, the clearing house's fees,
 * the subsidies, the float and the platform's net revenue.
 */
export const PLATFORMS_FILE = 'platforms.csv';
export const PLATFORMS_COLUMNS = [
  'day', 'date', 'platform', 'payments', 'bank_funded', 'value', 'wallet_payments', 'bank_payments', 'merchant_fees',
  'clearing_fees', 'consumer_subsidies', 'merchant_subsidies', 'float_income', 'withdrawals', 'withdrawal_fees', 'net_revenue', 'currency',
] as const;

export const CHOICE_FILE = 'choice.csv';
export const CHOICE_COLUMNS = ['day', 'date', 'instrument', 'purchases', 'value', 'share', 'currency'] as const;

/** Writes choice.csv when the run has platforms: card-present purchases by local day and instrument. */
export function writeChoice(r: RunResult, dir: string): { file: string; rows: number }[] {
  const days = r.choiceDays;
  const net = r.scenario.networks;
  if (days === undefined || net === undefined) return [];
  const sc = r.scenario;
  const { csv, date, money: m } = openDayTable(r, dir, CHOICE_FILE, CHOICE_COLUMNS);
  const names = ['card', ...net.platforms.map((p) => p.name)];
  const n = names.length;
  for (let d = 0; d * n * 2 < days.length; d++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += days[(d * n + i) * 2]!;
    if (total === 0) continue;
    for (let i = 0; i < n; i++) {
      const k = (d * n + i) * 2;
      csv.row([d, date(d), names[i]!, days[k]!, m(days[k + 1]!), fixed(days[k]! / total, 6), sc.currency]);
    }
  }
  csv.close();
  return [{ file: CHOICE_FILE, rows: csv.rows }];
}

/** Writes platforms.csv when the run has platforms. */
export function writePlatforms(r: RunResult, dir: string): { file: string; rows: number }[] {
  const books = r.platformBooks;
  if (books === undefined) return [];
  const sc = r.scenario;
  const { csv, date, money: m } = openDayTable(r, dir, PLATFORMS_FILE, PLATFORMS_COLUMNS);
  for (const row of books.dayRows()) {
    const k = row.kindMinor;
    csv.row([
      row.day, date(row.day), row.platform, row.payments, row.bankFunded, m(row.valueMinor), m(k[PK_WALLET_PAYMENT]!),
      m(k[PK_BANK_PAYMENT]!), m(k[PK_MERCHANT_FEE]! + k[PK_PROMOTIONAL_FEE]!), m(k[PK_CLEARING_FEE]!), m(k[PK_CONSUMER_SUBSIDY]!), m(k[PK_MERCHANT_SUBSIDY]!),
      m(k[PK_FLOAT]!), m(k[PK_WITHDRAWAL]!), m(k[PK_WITHDRAWAL_FEE]!), m(row.netRevenueMinor), sc.currency,
    ]);
  }
  csv.close();
  return [{ file: PLATFORMS_FILE, rows: csv.rows }];
}

/**
 * Rows keyed by day (or cycle) with the platforms' rows of each key after the scheme's: `rows`
 * come sorted by key; `extra(k)` gives the platforms' rows of key k, for k from `first` on.
 */
function* interleave<T>(rows: Iterable<T>, keyOf: (row: T) => number, extra: (k: number) => readonly T[], first: number, end: number): Generator<T> {
  let k = first;
  for (const row of rows) {
    const key = keyOf(row);
    for (; k < key && k < end; k++) yield* extra(k);
    yield row;
  }
  for (; k < end; k++) yield* extra(k);
}

/** settlement.csv rows: the scheme's, each cycle followed by the wallet platforms' positions of that day (their cycle numbers shifted by `cycleBase` like the scheme's). */
export function withPlatformSettlement(r: RunResult, rows: Iterable<SettlementRow>, cycleBase: number): Iterable<SettlementRow> {
  const pos = r.platformBooks?.positions;
  if (pos === undefined) return rows;
  const cur = r.scenario.currency;
  return interleave(rows, (row) => row.cycle - cycleBase, (d) => pos.settlementRows(d, cur, cycleBase), 0, pos.cycles);
}

/** fees.csv rows: the scheme's, each day followed by the wallet platforms' fees of that day. */
export function withPlatformFees(r: RunResult, rows: Iterable<FeeRow>): Iterable<FeeRow> {
  const pos = r.platformBooks?.positions;
  if (pos === undefined) return rows;
  const cur = r.scenario.currency;
  return interleave(rows, (row) => row.day, (d) => pos.feeRows(d, cur), 0, pos.cycles);
}
