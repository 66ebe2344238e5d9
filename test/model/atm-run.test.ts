/** ATM withdrawals over a whole run: every withdrawal accounted for once, and every minor unit of its cash and fees in the books. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KIND } from '../../src/economics/index.js';
import {
  A_APPROVED, A_ATTEMPTS, A_CARDHOLDER_FEES, A_CROSS_BORDER, A_DECLINED, A_DISPENSED, A_DISPENSED_VALUE, A_DISPENSE_FAILURES,
  A_FIELDS, A_INTERCHANGE, A_OFF_US, A_ON_US, A_TIMED_OUT,
} from '../../src/model/atm.js';
import { runNetwork } from '../../src/model/network.js';
import { OUTCOME_APPROVED, type TransactionRecord } from '../../src/model/results.js';
import { parseScenario } from '../../src/scenario/index.js';

// smoke.yaml (two issuers, one of them foreign and settling in CNY) with ATMs and a high dispense failure rate.
const SMOKE = readFileSync(fileURLToPath(new URL('../../scenarios/smoke.yaml', import.meta.url)), 'utf8');
const ATM = `
atm:
  acquirers: { North Acquiring: 30, South Acquiring: 10 }
  contactless_share: 0.3
  debit: { per_card_per_day: 1, amount: { dist: lognormal, mean: 3000, sigma: 0.8 } }
  credit: { per_card_per_day: 0.3, amount: { dist: lognormal, mean: 3000, sigma: 0.8 } }
  dispense_failure_rate: 0.05
  same_bank: { Alpha Bank: North Acquiring }
  fees:
    interchange: 20
    cross_border_interchange: 74
    off_us: { rate: 0.01, min: 100 }
    cross_border: { rate: 0.01 }
`;

describe('ATM withdrawals in a run', () => {
  it('are each counted once, and their cash and fees reach the ledger to the minor unit', () => {
    const r = parseScenario(SMOKE + ATM);
    expect(r.errors).toEqual([]);
    const records: TransactionRecord[] = [];
    const res = runNetwork(r.scenario!, { seed: 42, onTransaction: (t) => t.channel === 5 && records.push({ ...t }) });
    const days = res.atm!;
    const total = (f: number): number => {
      let s = 0;
      for (let d = 0; d * A_FIELDS < days.length; d++) s += days[d * A_FIELDS + f]!;
      return s;
    };
    const attempts = total(A_ATTEMPTS);
    expect(attempts).toBeGreaterThan(50);
    expect(total(A_APPROVED) + total(A_DECLINED) + total(A_TIMED_OUT)).toBe(attempts);
    expect(records.length).toBe(attempts);
    expect(records.filter((t) => t.outcome === OUTCOME_APPROVED).length).toBe(total(A_APPROVED));
    expect(total(A_DISPENSE_FAILURES)).toBeGreaterThan(0);
    expect(total(A_DISPENSED)).toBe(total(A_APPROVED) - total(A_DISPENSE_FAILURES));
    expect(total(A_ON_US) + total(A_OFF_US) + total(A_CROSS_BORDER)).toBe(total(A_DISPENSED));
    expect(total(A_ON_US) * total(A_OFF_US) * total(A_CROSS_BORDER)).toBeGreaterThan(0);
    // The books: the cash in the transaction currency (RUB, index 0), one posting per dispensed withdrawal.
    const L = res.money!.books[0]!.ledger;
    const RUB = 0;
    const cash = L.kindTotal(KIND.atm_withdrawal, RUB) + L.kindTotal(KIND.atm_withdrawal_acquirer_leg, RUB);
    expect(cash).toBe(total(A_DISPENSED_VALUE));
    expect(L.kindCount(KIND.atm_withdrawal, RUB) + L.kindCount(KIND.atm_withdrawal_acquirer_leg, RUB)).toBe(total(A_DISPENSED));
    // Interchange and fees in RUB: the domestic cards' own, plus the foreign cards' as the acquirer receives the interchange.
    expect(L.kindTotal(KIND.atm_interchange, RUB) + L.kindTotal(KIND.atm_interchange_acquirer_leg, RUB)).toBe(total(A_INTERCHANGE));
    expect(L.kindCount(KIND.atm_cardholder_fee, RUB)).toBe(total(A_OFF_US));
    expect(L.kindTotal(KIND.atm_cardholder_fee, RUB)).toBeLessThan(total(A_CARDHOLDER_FEES));
    // The run verified its books (ledger and settlement invariants) before returning.
    expect(() => res.money!.books[0]!.verify()).not.toThrow();
  });
});
