/**
 * Money for resolved scenarios built in code (see scenarios.ts): a MoneySpec with the clearing
 * defaults of the scenario pipeline, and fee models resolved the way the pipeline resolves them.
 */
import { resolveFeeModel, type FeeModel } from '../../src/economics/index.js';
import type { DurationDist, MoneySpec, Scenario } from '../../src/scenario/types.js';

export const US_PER_MIN = 60_000_000;
export const US_PER_HOUR = 60 * US_PER_MIN;
export const US_PER_DAY = 24 * US_PER_HOUR;

/**
 * A fee model from a `fees:` node (a preset name, `{model: preset, ...overrides}` or a full
 * model), in `currency`. A preset in another currency needs `fx.rates` for the pair, e.g.
 * `{model: 'eu-ifr', fx: {rates: {'EUR/RUB': 76}}}`. Throws with the messages on any error.
 */
export function feeModel(raw: unknown, currency = 'RUB'): FeeModel {
  const { model, errors } = resolveFeeModel(raw, { currency });
  if (model === undefined || errors.length > 0) {
    throw new Error(`fee model ${JSON.stringify(raw)} does not resolve: ${errors.map((e) => `${e.path.join('.')}: ${e.code}: ${e.message}`).join('; ')}`);
  }
  if (model.currency !== currency) throw new Error(`fee model ${model.name} is in ${model.currency}, not ${currency}`);
  return model;
}

/** FX rates that let every built-in preset resolve in a RUB scenario (smoke.yaml's numbers). */
export const RUB_RATES = { 'EUR/RUB': 76, 'CNY/RUB': 9.7, 'USD/RUB': 66.9 } as const;

/** A preset by name, rebased to RUB with RUB_RATES when it is written in another currency. */
export function presetInRub(name: string): FeeModel {
  return feeModel({ model: name, fx: { rates: { ...RUB_RATES } } }, 'RUB');
}

export interface MoneyOptions {
  /** A resolved fee model, or a `fees:` node to resolve in the scenario currency (default 'ru-2019'). */
  readonly feeModel?: FeeModel | string | Record<string, unknown>;
  /** Cut-off in each acquirer's local time (µs after its midnight): one for all, or one each. Default 23:00. */
  readonly cutoffLocalUs?: number | readonly number[];
  /** Acquirer-local minus scenario-local time (µs): one for all, or one each. Default 0. */
  readonly acquirerZoneShiftUs?: number | readonly number[];
  readonly settlementDays?: number;
  readonly merchantPayoutDays?: number;
  readonly chargebackShare?: number;
  readonly chargebackDelay?: DurationDist;
  readonly chargebackWindowUs?: number;
  /** Which issuers are foreign (cross-border): flags by issuer, or issuer indexes. Default none. */
  readonly crossBorderIssuers?: readonly boolean[] | readonly number[];
}

function isFeeModel(x: unknown): x is FeeModel {
  return typeof x === 'object' && x !== null && 'schemeIssuer' in x && 'exponent' in x;
}

function perAcquirer(x: number | readonly number[] | undefined, n: number, dflt: number, what: string): number[] {
  if (x === undefined) return new Array<number>(n).fill(dflt);
  if (typeof x === 'number') return new Array<number>(n).fill(x);
  if (x.length !== n) throw new Error(`${what}: ${x.length} values for ${n} acquirers`);
  return [...x];
}

/** The MoneySpec `o` describes for scenario `sc` (defaults: those of the scenario pipeline). */
export function moneySpec(sc: Scenario, o: MoneyOptions = {}): MoneySpec {
  const nAcq = sc.acquirers.length;
  const nIss = sc.issuers.length;
  const fm = o.feeModel ?? 'ru-2019';
  const cb = o.crossBorderIssuers ?? [];
  const crossBorderIssuers = Array.from({ length: nIss }, (_, i) =>
    cb.length > 0 && typeof cb[0] === 'boolean' ? (cb as readonly boolean[])[i] === true : (cb as readonly number[]).includes(i),
  );
  return {
    feeModel: isFeeModel(fm) ? fm : feeModel(fm, sc.currency),
    cutoffLocalUs: perAcquirer(o.cutoffLocalUs, nAcq, 23 * US_PER_HOUR, 'cutoffLocalUs'),
    acquirerZoneShiftUs: perAcquirer(o.acquirerZoneShiftUs, nAcq, 0, 'acquirerZoneShiftUs'),
    settlementDays: o.settlementDays ?? 1,
    merchantPayoutDays: o.merchantPayoutDays ?? 1,
    issuerSettlementCurrency: sc.issuers.map(() => sc.currency),
    chargebackShare: o.chargebackShare ?? 0.001,
    chargebackDelay: o.chargebackDelay ?? { kind: 'lognormal', meanUs: 30 * US_PER_DAY, sigma: 0.8 },
    chargebackWindowUs: o.chargebackWindowUs ?? 120 * US_PER_DAY,
    crossBorderIssuers,
  };
}

/** `sc` with money: clearing, fees and settlement as `o` says. */
export function withMoney(sc: Scenario, o: MoneyOptions = {}): Scenario {
  return { ...sc, money: moneySpec(sc, o) };
}
