/**
 * The settlement invariants `SettlementBook.verify()` checks after the ledger's own (see
 * settlement.ts): every cycle's interbank nets sum to zero per currency (the FX account
 * included), each participant's settled nets (plus, for issuers, cardholder collections) equal
 * its ledger balance, and fees.csv totals equal the ledger's per-kind totals.
 */

import { KIND_COUNT, POSTING_KINDS } from './accounts.js';
import type { BookTotals } from './book-totals.js';
import type { Ledger } from './ledger.js';
import { LedgerInvariantError } from './ledger-verify.js';
import { FEE_TYPE_OF } from './settlement-legs.js';
import type { SnapshotParties } from './snapshots.js';

/** Check the ledger and the settlement invariants; throws LedgerInvariantError. */
export function verifySettlement(L: Ledger, b: BookTotals, names: SnapshotParties): void {
  L.verify();
  const totalNet = new Float64Array(b.nPart * b.nCur);
  for (let cy = 0; cy < b.gDebit.rows; cy++) {
    for (let c = 0; c < b.nCur; c++) {
      let sum = 0;
      for (let p = 0; p < b.nPart; p++) {
        const net = b.net(cy, p, c);
        totalNet[p * b.nCur + c] = (totalNet[p * b.nCur + c] as number) + net;
        if (b.interbank(p)) sum += net;
      }
      if (sum !== 0) {
        throw new LedgerInvariantError('settlement_zero_sum', { cycle: cy, currency: names.currencies[c] as string, sumOfNetPositions: sum }, 'interbank net positions of a cycle must sum to zero');
      }
    }
  }
  for (let c = 0; c < b.nCur; c++) {
    checkAgainstLedger(L, b, names, c, totalNet);
    checkFeesAgainstLedger(L, b, names.currencies[c] as string, c);
  }
}

/** Each participant's settled nets over all cycles (`totalNet`) against its ledger balance in currency `c`. */
function checkAgainstLedger(L: Ledger, b: BookTotals, names: SnapshotParties, c: number, totalNet: Float64Array): void {
  const currency = names.currencies[c] as string;
  const net = (p: number) => totalNet[p * b.nCur + c] as number;
  const mismatch = (who: string, settled: number, ledger: number) => {
    if (settled !== ledger) throw new LedgerInvariantError('settlement_vs_ledger', { participant: who, currency, settled, ledgerBalance: ledger });
  };
  for (let i = 0; i < b.nIss; i++) {
    const coll = b.collections[i * b.nCur + c] as number;
    mismatch(names.issuers[i] as string, net(b.pIssuer(i)) + coll, L.balance(L.issuer(i), c));
    mismatch(`cardholders of ${names.issuers[i]}`, -coll, L.balance(L.cardholders(i), c));
  }
  mismatch(names.schemeName, net(b.pScheme()), L.balance(L.scheme(), c));
  for (let j = 0; j < b.nAcq; j++) {
    mismatch(names.acquirers[j] as string, net(b.pAcquirer(j)) - net(b.pMerchants(j)), L.balance(L.acquirer(j), c));
    mismatch(`merchants of ${names.acquirers[j]}`, net(b.pMerchants(j)), L.balance(L.merchants(j), c));
  }
  mismatch(names.fxName, net(b.pFx()), L.balance(L.fx(), c));
}

/** fees.csv totals = ledger per-kind totals in currency `c` (a cross-currency interchange leg counts as its fee type). */
function checkFeesAgainstLedger(L: Ledger, b: BookTotals, currency: string, c: number): void {
  const ledgerTotal = new Float64Array(KIND_COUNT);
  const ledgerCount = new Float64Array(KIND_COUNT);
  for (let k = 0; k < KIND_COUNT; k++) {
    const f = FEE_TYPE_OF[k] as number;
    if (f < 0) continue;
    ledgerTotal[f] = (ledgerTotal[f] as number) + L.kindTotal(k, c);
    ledgerCount[f] = (ledgerCount[f] as number) + L.kindCount(k, c);
  }
  for (let k = 0; k < KIND_COUNT; k++) {
    const { fee, count } = b.feeTotal(k, c);
    if (fee !== ledgerTotal[k] || count !== ledgerCount[k]) {
      throw new LedgerInvariantError('fees_vs_ledger', {
        feeType: (POSTING_KINDS[k] as (typeof POSTING_KINDS)[number]).name,
        currency,
        feesCsvTotal: fee,
        ledgerTotal: ledgerTotal[k] as number,
        feesCsvCount: count,
        ledgerCount: ledgerCount[k] as number,
      });
    }
  }
}
