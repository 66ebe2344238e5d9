/**
 * Money in a run, as properties over random scenarios and fee models: every run verifies its
 * books, and the test re-derives from the book's own rows that cycles net to zero, that money is
 * conserved, and that clearing saw exactly the approved purchases of the throughput table; fee
 * models never touch the purchases (runs under different models are identical authorization by
 * authorization, and one run under several models prices one stream).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KIND, LedgerInvariantError, compareModels, type FeeModel } from '../../src/economics/index.js';
import { Network, type RunResult } from '../../src/model/network.js';
import { T_REVERSALS, T_STAND_IN, T_TIMED_OUT, T_VALUE_APPROVED } from '../../src/model/stats.js';
import type { Scenario } from '../../src/scenario/types.js';
import { US_PER_DAY, feeModel, withMoney } from '../helpers/money.js';
import { exponential } from '../helpers/scenarios.js';
import { rawFeesArb, genArb, buildScenario, moneyOptions, caseArb, PostingTally, checkBooks } from '../helpers/random-runs.js';
import { sumField } from '../helpers/clearing.js';

/** What the property runs exercised, so that it cannot pass vacuously. */
const seen = { runs: 0, approved: 0, declined51: 0, standIn: 0, reversals: 0, timedOut: 0, chargebacks: 0, multiCycle: 0, crossBorderFx: 0, authOnlyFees: 0, generated: 0, presets: 0 };

describe('random scenarios under random fee models', () => {
  it('every run verifies its books, and its rows net to zero, conserve money and match the throughput', () => {
    for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] = 0;
    fc.assert(
      fc.property(caseArb, ({ g, m, fees }) => {
        const plain = buildScenario(g);
        const sc = withMoney(plain, moneyOptions(plain, m, fees));
        const tally = new PostingTally();
        let r: RunResult;
        try {
          r = new Network(sc, { seed: g.seed, onPosting: tally.listener }).run();
        } catch (e) {
          if (e instanceof LedgerInvariantError) throw new Error(`books do not verify: ${e.message}`);
          throw e;
        }
        checkBooks(sc, r, tally);
        const cl = r.clearing!;
        seen.runs++;
        seen.approved += cl.cleared;
        seen.declined51 += r.declines.filter((_, i) => r.codes[i % r.codes.length] === '51').reduce((a, b) => a + b, 0);
        seen.standIn += sumField(r, T_STAND_IN);
        seen.reversals += sumField(r, T_REVERSALS);
        seen.timedOut += sumField(r, T_TIMED_OUT);
        seen.chargebacks += cl.chargebacks;
        if (cl.books[0]!.cycleCount > 1) seen.multiCycle++;
        if (tally.kindTotal[KIND.cardholder_fx_fee]! > 0) seen.crossBorderFx++;
        if (tally.kindTotal[KIND.scheme_auth_fee_acquirer]! + tally.kindTotal[KIND.scheme_auth_fee_issuer]! > 0) seen.authOnlyFees++;
        if ('model' in fees) seen.presets++;
        else seen.generated++;
      }),
      { seed: 20_181_220, numRuns: 40, endOnFailure: true },
    );
    // The generator reaches every mechanism the property is about.
    expect(seen.runs).toBe(40);
    for (const [k, v] of Object.entries(seen)) expect({ [k]: v > 0 }).toEqual({ [k]: true });
  });

  it('the generated fee models are valid and cover both pricings and both model types', () => {
    const raws = fc.sample(rawFeesArb, { seed: 7, numRuns: 200 });
    const models = raws.map((raw) => feeModel(raw));
    expect(new Set(models.map((x) => x.type))).toEqual(new Set(['four_party', 'three_party']));
    expect(new Set(models.filter((x) => x.type === 'four_party').map((x) => x.acquirer.pricing))).toEqual(new Set(['blended', 'interchange_plus_plus']));
    expect(models.every((x) => x.currency === 'RUB')).toBe(true);
  });
});

describe('the checks themselves', () => {
  const plain = buildScenario(fc.sample(genArb, { seed: 3, numRuns: 1 })[0]!);
  const run = (): { sc: Scenario; r: RunResult; tally: PostingTally } => {
    const sc = withMoney(plain, { feeModel: 'ru-2019', chargebackShare: 0.2, chargebackDelay: exponential(60_000), chargebackWindowUs: US_PER_DAY });
    const tally = new PostingTally();
    return { sc, r: new Network(sc, { seed: 5, onPosting: tally.listener }).run(), tally };
  };

  it('pass on an untouched run', () => {
    const { sc, r, tally } = run();
    expect(r.clearing!.cleared).toBeGreaterThan(0);
    checkBooks(sc, r, tally);
  });

  it('catch a purchase booked in the ledger but not in settlement or the throughput', () => {
    const { sc, r, tally } = run();
    const L = r.clearing!.books[0]!.ledger;
    L.post(KIND.purchase, L.cardholders(0), L.merchants(0), 100, 0, 0);
    expect(() => checkBooks(sc, r, tally)).toThrow();
  });

  it('catch a posting the ledger never saw', () => {
    const { sc, r, tally } = run();
    tally.listener(KIND.interchange, 0, 1, 7);
    expect(() => checkBooks(sc, r, tally)).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Same purchases under different fee models
// ---------------------------------------------------------------------------------------------

function channelTotals(r: RunResult, k: number): number[] {
  const acc = r.clearing!.compare;
  const n = acc.chCount.length / acc.models.length;
  return [...acc.chCount.subarray(k * n, (k + 1) * n), ...acc.chValue.subarray(k * n, (k + 1) * n)];
}

describe('fee models never touch the purchases', () => {
  it('runs under [A] and [B] are identical authorization by authorization; one run under [A, B, C] prices one stream', () => {
    fc.assert(
      fc.property(caseArb, rawFeesArb, rawFeesArb, ({ g, m, fees }, rawB, rawC) => {
        const plain = buildScenario(g);
        const sc = withMoney(plain, moneyOptions(plain, m, fees));
        const A = sc.money!.feeModel;
        const B = feeModel(rawB);
        const C = feeModel(rawC);
        const trace = (models: FeeModel[]): { r: RunResult; tx: number[] } => {
          const tx: number[] = [];
          const r = new Network(sc, {
            seed: g.seed,
            feeModels: models,
            onTransaction: (x) => tx.push(x.startUs, x.card, x.terminal, x.amountMinor, x.outcome, x.latencyUs),
          }).run();
          return { r, tx };
        };
        const a = trace([A]);
        const b = trace([B]);
        const abc = trace([A, B, C]);
        for (const other of [b, abc]) {
          expect(other.tx).toEqual(a.tx);
          expect(other.r.throughput).toEqual(a.r.throughput);
          expect(other.r.nodes).toEqual(a.r.nodes);
          expect(other.r.declines).toEqual(a.r.declines);
          expect(other.r.wallet).toEqual(a.r.wallet);
          expect(other.r.latencyHistogram).toEqual(a.r.latencyHistogram);
          expect([other.r.events, other.r.transactions]).toEqual([a.r.events, a.r.transactions]);
          // The chargeback stream is drawn per cleared purchase, whatever the models.
          expect([other.r.clearing!.cleared, other.r.clearing!.chargebacks, other.r.clearing!.authOnly]).toEqual([
            a.r.clearing!.cleared,
            a.r.clearing!.chargebacks,
            a.r.clearing!.authOnly,
          ]);
        }
        // One stream, three prices: the same counts and values for every model...
        const cl = abc.r.clearing!;
        expect(cl.books).toHaveLength(3);
        for (let k = 0; k < 3; k++) expect(channelTotals(abc.r, k)).toEqual(channelTotals(a.r, 0));
        const cmp = compareModels(cl.compare);
        expect(cmp.models.map((x) => x.name)).toEqual([A.name, B.name, C.name]);
        const pick = (metric: string) => cmp.rows.filter((row) => row.metric === metric);
        for (const metric of ['purchases', 'value_minor']) {
          const rows = pick(metric);
          expect(rows).toHaveLength(3 * 5);
          for (const row of rows) {
            const first = rows.find((x) => x.channel === row.channel)!;
            expect(row.value).toBe(first.value);
            expect(row.diff_vs_first).toBe(0);
          }
        }
        // ...and each model's book is the book a run under that model alone keeps.
        expect([...cl.books[0]!.settlementRows()]).toEqual([...a.r.clearing!.books[0]!.settlementRows()]);
        expect([...cl.books[0]!.feeRows()]).toEqual([...a.r.clearing!.books[0]!.feeRows()]);
        expect([...cl.books[1]!.settlementRows()]).toEqual([...b.r.clearing!.books[0]!.settlementRows()]);
        expect([...cl.books[1]!.feeRows()]).toEqual([...b.r.clearing!.books[0]!.feeRows()]);
        for (const book of cl.books) {
          expect([book.ledger.kindCount(KIND.purchase, 0), book.ledger.kindTotal(KIND.purchase, 0), book.ledger.kindTotal(KIND.chargeback, 0)]).toEqual([
            cl.cleared,
            sumField(a.r, T_VALUE_APPROVED),
            a.r.clearing!.books[0]!.ledger.kindTotal(KIND.chargeback, 0),
          ]);
        }
      }),
      { seed: 4_242, numRuns: 8, endOnFailure: true },
    );
  });
});
