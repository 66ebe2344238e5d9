import { hashUniform, saltOf } from '../engine/hash.js';
import type { Stream, Streams } from '../engine/rng.js';
import { US_PER_DAY } from '../engine/time.js';
import { ATM_CROSS_BORDER, ATM_OFF_US, ATM_ON_US, type AtmFees } from '../economics/atm-legs.js';
import type { AtmSpec, Scenario } from '../scenario/types.js';
import { Sampler } from './dist.js';

/**
 * ATMs and the withdrawal demand (the `atm` section): the ATMs as columns (acquirer, contactless
 * reader), numbered acquirer by acquirer; a Poisson stream of withdrawals of its own, with the
 * purchases' hour-of-day, weekday and calendar profile; and the counters of atm.csv by local day.
 * A withdrawal picks an active card by activity and keeps it with the rate of its product against
 * the highest (thinning), then an ATM uniformly. It then runs the four-party route with its own
 * timers (parties/atm.ts, atm-outcome.ts).
 */

// Fields of atm.csv per local day (of the withdrawal's start).
export const [
  A_ATTEMPTS, A_APPROVED, A_DECLINED, A_TIMED_OUT, A_STAND_IN, A_DISPENSE_FAILURES, A_DISPENSED, A_DISPENSED_VALUE,
  A_ON_US, A_OFF_US, A_CROSS_BORDER, A_LAT_SUM, A_INTERCHANGE, A_CARDHOLDER_FEES, A_FIELDS,
] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14] as const;

/** The ATMs of a run, their demand and their counters. */
export interface Atm {
  readonly spec: AtmSpec;
  readonly count: number;
  /** Acquirer of each ATM. */
  readonly acquirer: Uint8Array | Uint16Array;
  /** 1 where the ATM has a contactless reader. */
  readonly contactless: Uint8Array;
  readonly arrivals: Stream;
  readonly cardStream: Stream;
  readonly atmStream: Stream;
  readonly amountStream: Stream;
  readonly dispenseStream: Stream;
  readonly amount: readonly Sampler[];
  /** The highest per-card daily rate of the two products, and each product's share of it (thinning). */
  readonly maxPerCardPerDay: number;
  readonly keep: Float64Array;
  /** Per issuer: cross-border card (1) or not. */
  readonly crossBorder: Uint8Array;
  ratePerUs: number;
  nextBoundaryUs: number;
  /** [day * A_FIELDS + field] */
  readonly days: Float64Array;
  /** Reused fee breakdown of a withdrawal. */
  readonly fees: AtmFees;
}

/** The ATMs of a scenario with an `atm` section (undefined without one). */
export function buildAtm(sc: Scenario, st: Streams, seed: number | string, days: number): Atm | undefined {
  const spec = sc.atm;
  if (spec === undefined) return undefined;
  let count = 0;
  for (const n of spec.perAcquirer) count += n;
  const acquirer = spec.perAcquirer.length > 256 ? new Uint16Array(count) : new Uint8Array(count);
  const contactless = new Uint8Array(count);
  const salt = saltOf(`atm-contactless/${seed}`);
  let at = 0;
  spec.perAcquirer.forEach((n, a) => {
    for (let i = 0; i < n; i++, at++) {
      acquirer[at] = a;
      contactless[at] = hashUniform(salt, at) < spec.contactlessShare ? 1 : 0;
    }
  });
  const max = Math.max(spec.perCardPerDay[0], spec.perCardPerDay[1]);
  return {
    spec,
    count,
    acquirer,
    contactless,
    arrivals: st.get('atm/arrivals'),
    cardStream: st.get('atm/card'),
    atmStream: st.get('atm/atm'),
    amountStream: st.get('atm/amount'),
    dispenseStream: st.get('atm/dispense'),
    amount: spec.amount.map((a) => Sampler.amount(a)),
    maxPerCardPerDay: max,
    keep: Float64Array.from(spec.perCardPerDay, (r) => (max > 0 ? r / max : 0)),
    crossBorder: Uint8Array.from(sc.issuers, (_, i) => (sc.money?.crossBorderIssuers[i] === true ? 1 : 0)),
    ratePerUs: 0,
    nextBoundaryUs: 0,
    days: new Float64Array(days * A_FIELDS),
    fees: { interchangeMinor: 0, cardholderFeeMinor: 0 },
  };
}

/** On-us, off-us or cross-border: by the card's issuer and the ATM's acquirer. */
export function withdrawalKind(atm: Atm, issuer: number, acquirer: number): number {
  if (atm.crossBorder[issuer] === 1) return ATM_CROSS_BORDER;
  return atm.spec.sameBank[issuer] === acquirer ? ATM_ON_US : ATM_OFF_US;
}

/** Adds `x` to field `field` of the local day of time t (ignored past the last day). */
export function atmAdd(atm: Atm, sc: Scenario, t: number, field: number, x: number): void {
  const d = Math.floor((t + sc.startLocalUs) / US_PER_DAY);
  if (d * A_FIELDS < atm.days.length) atm.days[d * A_FIELDS + field]! += x;
}
