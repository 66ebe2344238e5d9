import { acceptanceAtEnd, acceptanceAtStart, instrumentSharesAtEnds, type InstrumentShare } from '../model/acceptance-shares.js';
import type { RunResult } from '../model/results.js';

/**
 * The competing networks in summary.json and the printed summary: each instrument's share of the
 * card-present purchases (choice.csv) and of the merchants accepting it (acceptance.csv), on the
 * first and on the last local day of the run.
 */
export interface CompetitionSummary {
  /** Share of the day's card-present purchases by instrument (`card` and each platform). */
  readonly instrument_shares_start: Readonly<Record<string, number>>;
  readonly instrument_shares_end: Readonly<Record<string, number>>;
  /** Share of the card-present merchants accepting each instrument (the platforms, `unionpay_qr`, `nfc`). */
  readonly acceptance_shares_start: Readonly<Record<string, number>>;
  readonly acceptance_shares_end: Readonly<Record<string, number>>;
}

const byName = (xs: readonly InstrumentShare[]): Record<string, number> => Object.fromEntries(xs.map((x) => [x.instrument, Math.round(x.share * 1e6) / 1e6]));

/** The competition block of a run with networks; undefined without. */
export function competitionSummary(r: RunResult): CompetitionSummary | undefined {
  if (r.acceptance === undefined) return undefined;
  const shares = instrumentSharesAtEnds(r);
  return {
    instrument_shares_start: byName(shares.start),
    instrument_shares_end: byName(shares.end),
    acceptance_shares_start: byName(acceptanceAtStart(r)),
    acceptance_shares_end: byName(acceptanceAtEnd(r)),
  };
}

/** "wallet_a 41.2 % -> 40.9 %, ..." for the printed summary: each instrument's share at the start and at the end. */
export function sharesLine(start: Readonly<Record<string, number>>, end: Readonly<Record<string, number>>): string {
  const pct = (x: number | undefined): string => (x === undefined ? '-' : `${(100 * x).toFixed(1)} %`);
  return Object.keys(start).map((k) => `${k} ${pct(start[k])} -> ${pct(end[k])}`).join(', ');
}
