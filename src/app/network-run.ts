import { Network, type RunOptions, type RunResult } from '../model/network.js';
import type { TransactionRecord } from '../model/results.js';
import { LedgerWriter, TransactionWriter } from '../output/records.js';
import type { Scenario } from '../scenario/types.js';
import { CalibrationStream, needsStream, type StreamCounts } from './calibrate-stream.js';
import type { Written } from './types.js';

/** The per-purchase files of one network run: where, which, and under which names. */
export interface PurchaseFiles {
  /** Directory of the files; undefined writes none. */
  readonly dir?: string;
  readonly transactions: boolean;
  /** ledger.csv (only where the scenario has money). */
  readonly ledger: boolean;
  /** File names other than transactions.csv and ledger.csv (a shard's part files). */
  readonly names?: { readonly transactions: string; readonly ledger: string };
}

/**
 * Runs one network (a whole scenario, or one shard cut by `shardScenario`) in this thread,
 * streaming transactions.csv and ledger.csv as purchases finish. Returns the result and the
 * files written, which are closed.
 */
export function runNetworkWithFiles(
  sc: Scenario,
  opts: Omit<RunOptions, 'onTransaction' | 'onPosting'>,
  f: PurchaseFiles,
): { result: RunResult; transactions?: Written; ledger?: Written; calibration?: StreamCounts } {
  const dir = f.dir;
  const tx = f.transactions && dir !== undefined ? new TransactionWriter(sc, dir, f.names?.transactions) : undefined;
  const lw = f.ledger && dir !== undefined && sc.money !== undefined ? new LedgerWriter(sc, dir, f.names?.ledger) : undefined;
  const k = opts.shard?.count ?? 1;
  const cal = needsStream(sc.calibration) ? new CalibrationStream(sc, sc.cards.count, k) : undefined;
  const onTransaction = cal === undefined ? tx?.write : tx === undefined ? cal.add : (r: TransactionRecord): void => (tx.write(r), cal.add(r));
  const net = new Network(sc, { ...opts, onTransaction, onPosting: lw?.write });
  const book = net.clearing?.books[0];
  if (lw !== undefined && book !== undefined) lw.attach(book.ledger);
  if (lw !== undefined && net.platformBooks !== undefined) net.platformBooks.onPosting = lw.writePlatform;
  const result = net.run();
  return {
    result,
    ...(tx !== undefined ? { transactions: tx.close() } : {}),
    ...(lw !== undefined ? { ledger: lw.close() } : {}),
    ...(cal !== undefined ? { calibration: cal.counts } : {}),
  };
}
