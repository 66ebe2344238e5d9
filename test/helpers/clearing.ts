/** Hand-built clearing set-ups shared by the clearing tests: a two-by-two network, a bare Clearing, sums. */
import { type FeeModel } from '../../src/economics/index.js';
import { Streams } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Clearing } from '../../src/model/clearing.js';
import { type RunResult } from '../../src/model/network.js';
import { T_FIELDS } from '../../src/model/stats.js';
import type { Scenario } from '../../src/scenario/types.js';
import { US_PER_HOUR, withMoney, type MoneyOptions } from './money.js';
import { fixed, plainNetwork } from './scenarios.js';


export const sumField = (r: RunResult, field: number): number => {
  let s = 0;
  for (let b = 0; b < r.buckets; b++) s += r.throughput[b * T_FIELDS + field]!;
  return s;
};

/** Two issuers (the second foreign), two acquirers, starting at 18:00 local, three days long. */
export function twoByTwo(o: MoneyOptions, startLocalUs = 18 * US_PER_HOUR, durationS = 3 * 86_400): Scenario {
  const base = plainNetwork({ ratePerSecond: 1, durationS, bucketS: 3600, acquirer: [1, fixed(1)], switch: [1, fixed(1)], issuer: [1, fixed(1)] });
  const sc: Scenario = {
    ...base,
    startLocalUs,
    issuers: [
      { ...base.issuers[0]!, name: 'Home Bank', share: 0.5 },
      { ...base.issuers[0]!, name: 'Foreign Bank', share: 0.5 },
    ],
    acquirers: [
      { ...base.acquirers[0]!, name: 'North', share: 0.5 },
      { ...base.acquirers[0]!, name: 'South', share: 0.5 },
    ],
  };
  return withMoney(sc, { crossBorderIssuers: [1], chargebackShare: 0, ...o });
}

/** A Clearing outside a network: purchases are handed to it by hand. */
export function bareClearing(sc: Scenario, models?: FeeModel[], onPosting?: (kind: number, debit: number, credit: number, amount: number, currency: number, day: number) => void) {
  const sim = new Simulation();
  const cl = new Clearing(sc, sc.money!, models ?? [sc.money!.feeModel], sim, new Streams(1).get('clearing/chargebacks'), onPosting);
  const approve = (atUs: number, acquirer: number, amountMinor: number, o: { issuer?: number; mcc?: number; channel?: number; credit?: boolean } = {}): void => {
    sim.run(atUs);
    cl.approved({ atUs, issuer: o.issuer ?? 0, acquirer, mcc: o.mcc ?? 5411, channel: o.channel ?? 0, credit: o.credit ?? false, amountMinor });
  };
  return { sim, cl, approve };
}

/** Value cleared per cycle for the merchants of one acquirer (no chargebacks: gross credit = value). */
export function clearedByCycle(cl: Clearing, acquirer: number): number[] {
  const book = cl.books[0]!;
  return Array.from({ length: book.cycleCount }, (_, c) => book.gross(c, 'merchant', acquirer).credit);
}

