/**
 * The `atm` section: ATM cash withdrawals. ATMs per acquirer, the withdrawal demand and amounts
 * by card product, the withdrawal's own timers (switch -> issuer 25 s against 10 s at POS, sources
 * §2.1), dispense failures, and the ATM fees (interchange from the issuer to the ATM's acquirer,
 * the cardholder's fee off-us and abroad). Absent: no withdrawals.
 */

import { BAD, allDefined, nameHint, type Path, type ResolveContext } from '../context.js';
import { amountDist, duration, integer, nonNegative, object, probability, type JsonSchema } from '../schema-blocks.js';
import type { AtmKindPrices } from '../../economics/atm-legs.js';
import type { AmountDist, AtmSpec } from '../types.js';

/** The defaults of the section (sources §2.1, §9; "A" where docs/sources.md marks them so). */
export const ATM_DEFAULTS = {
  contactless_share: 0,
  // Switch -> issuer 25 s for ATM (Visa ATR, MCC 6011; sources §2.1, §9.3).
  issuer_timeout: '25s',
  // Longer than the issuer timer so that stand-in can answer in time (A).
  acquirer_timeout: '30s',
  terminal_timeout: '45s',
  // Dispense fault 0.5 % + partial dispense 0.1 % of approved withdrawals, both reversed (sources §9.3, A).
  dispense_failure_rate: 0.006,
  fees: { interchange: 0, cross_border_interchange: 0, off_us: { rate: 0, min: 0 }, cross_border: { rate: 0, min: 0 } },
} as const;

const product = (what: string): JsonSchema =>
  object(
    `Withdrawals of ${what} cards.`,
    {
      per_card_per_day: nonNegative('Withdrawals per active card per day.'),
      amount: amountDist('Withdrawal amount distribution, major units.'),
    },
    { required: ['per_card_per_day', 'amount'] },
  );

const fee = (what: string): JsonSchema =>
  object(
    `The cardholder's fee to the issuer ${what}: a rate of the amount with a minimum.`,
    {
      rate: probability('Share of the withdrawal amount.', 0),
      min: nonNegative('Minimum fee, major units.', 0),
    },
    { default: { rate: 0, min: 0 } },
  );

export const ATM_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  atm: object(
    'ATM cash withdrawals: ATMs per acquirer, demand by card product, their timers, dispense failures and fees. Absent: none.',
    {
      acquirers: {
        type: 'object',
        description: 'ATMs of each acquirer (acquirer name -> count); acquirers not listed have none.',
        additionalProperties: integer('Number of ATMs.', 0, undefined, 100_000_000),
      },
      contactless_share: probability('Share of ATMs with a contactless reader (token holders withdraw with the phone there).', ATM_DEFAULTS.contactless_share),
      debit: product('debit'),
      credit: product('credit'),
      issuer_timeout: duration("The switch's timer on the issuer for a withdrawal.", ATM_DEFAULTS.issuer_timeout),
      acquirer_timeout: duration("The acquirer's timer on the switch for a withdrawal.", ATM_DEFAULTS.acquirer_timeout),
      terminal_timeout: duration("The ATM's timer on the acquirer.", ATM_DEFAULTS.terminal_timeout),
      dispense_failure_rate: probability('Share of approved withdrawals the ATM fails to dispense; each is reversed in full.', ATM_DEFAULTS.dispense_failure_rate),
      same_bank: {
        type: 'object',
        description: 'Issuer name -> acquirer name of the same bank: its cards withdraw on-us at those ATMs (an issuer and acquirer of the same name are the same bank too).',
        additionalProperties: { type: 'string', minLength: 1 },
        default: {},
      },
      fees: object('ATM fees (need `fees`, the money of the run).', {
        interchange: nonNegative('ATM interchange per off-us withdrawal, paid by the issuer to the ATM acquirer, major units.', 0),
        cross_border_interchange: nonNegative('ATM interchange per withdrawal with a cross-border card (`fees.cross_border_issuers`), major units.', 0),
        off_us: fee("at another bank's ATM"),
        cross_border: fee('for a cross-border card'),
      }),
    },
    { required: ['acquirers', 'debit', 'credit'] },
  ),
};

/** The ATMs of each acquirer, by index; reports unknown names at their key. */
function perAcquirer(ctx: ResolveContext, acquirerNames: readonly string[]): number[] | undefined {
  const { keys, unknown } = ctx.namedKeys(['atm', 'acquirers'], acquirerNames, 'acquirer');
  const out = acquirerNames.map(() => 0);
  let ok = !unknown;
  for (const k of keys) {
    const n = ctx.integer(['atm', 'acquirers', k]);
    if (n === undefined) ok = false;
    else out[acquirerNames.indexOf(k)] = n;
  }
  if (ok && out.every((n) => n === 0)) {
    ctx.report.add(['atm', 'acquirers'], 'out_of_range', 'no acquirer has an ATM; give at least one acquirer a positive count');
    return undefined;
  }
  return ok ? out : undefined;
}

/** Per issuer, the acquirer of the same bank (-1: none): equal names, then `same_bank`. */
function sameBank(ctx: ResolveContext, issuerNames: readonly string[], acquirerNames: readonly string[]): number[] | undefined {
  const out = issuerNames.map((n) => acquirerNames.indexOf(n));
  const { keys, unknown } = ctx.namedKeys(['atm', 'same_bank'], issuerNames, 'issuer');
  let ok = !unknown;
  for (const k of keys) {
    const path: Path = ['atm', 'same_bank', k];
    const a = ctx.string(path);
    if (a === undefined) {
      ok = false;
    } else if (!acquirerNames.includes(a)) {
      ctx.report.add(path, 'unknown_name', `unknown acquirer '${a}' in atm.same_bank${nameHint(a, acquirerNames, 'acquirers')}`);
      ok = false;
    } else out[issuerNames.indexOf(k)] = acquirerNames.indexOf(a);
  }
  return ok ? out : undefined;
}

/** The prices of one kind of withdrawal: `atm.fees.<interchange>` and `atm.fees.<fee>.rate` and `.min` (undefined where one is in error). */
function kindPrices(ctx: ResolveContext, interchange: 'interchange' | 'cross_border_interchange', fee: 'off_us' | 'cross_border'): AtmKindPrices | undefined {
  const d = ATM_DEFAULTS.fees;
  const interchangeMinor = ctx.money(['atm', 'fees', interchange], d[interchange]);
  const rate = ctx.number(['atm', 'fees', fee, 'rate'], d[fee].rate);
  const feeMinMinor = ctx.money(['atm', 'fees', fee, 'min'], d[fee].min);
  if (interchangeMinor === undefined || rate === undefined || feeMinMinor === undefined) return undefined;
  // The rate in parts per million.
  return { interchangeMinor, feePpm: Math.round(rate * 1e6), feeMinMinor };
}

/**
 * The `atm` section, or undefined when it is absent (`ok` false when it is in error).
 * @param issuerNames - the issuers' and acquirers' names (undefined when they are in error).
 */
export function resolveAtm(ctx: ResolveContext, issuerNames: string[] | undefined, acquirerNames: string[] | undefined): { ok: boolean; spec?: AtmSpec } {
  if (!ctx.present(['atm'])) return { ok: true };
  if (ctx.raw(['atm']) === BAD || issuerNames === undefined || acquirerNames === undefined) return { ok: false };
  const d = ATM_DEFAULTS;
  const p = (...keys: string[]): Path => ['atm', ...keys];
  if (ctx.present(p('fees')) && !ctx.present(['fees'])) {
    ctx.report.add(p('fees'), 'missing_key', 'ATM fees need the money of the run: add a `fees` section (a fee model) or remove atm.fees', 'key');
    return { ok: false };
  }
  const amount = (prod: string): AmountDist | undefined => ctx.amountDist(p(prod, 'amount'), undefined, true);
  const fields = allDefined({
    perAcquirer: perAcquirer(ctx, acquirerNames),
    contactlessShare: ctx.number(p('contactless_share'), d.contactless_share),
    debitRate: ctx.number(p('debit', 'per_card_per_day')),
    creditRate: ctx.number(p('credit', 'per_card_per_day')),
    debitAmount: amount('debit'),
    creditAmount: amount('credit'),
    issuerTimeoutUs: ctx.duration(p('issuer_timeout'), d.issuer_timeout, 'positive'),
    acquirerTimeoutUs: ctx.duration(p('acquirer_timeout'), d.acquirer_timeout, 'positive'),
    terminalTimeoutUs: ctx.duration(p('terminal_timeout'), d.terminal_timeout, 'positive'),
    dispenseFailureRate: ctx.number(p('dispense_failure_rate'), d.dispense_failure_rate),
    sameBank: sameBank(ctx, issuerNames, acquirerNames),
    offUs: kindPrices(ctx, 'interchange', 'off_us'),
    crossBorder: kindPrices(ctx, 'cross_border_interchange', 'cross_border'),
  });
  if (fields === undefined) return { ok: false };
  const { debitRate, creditRate, debitAmount, creditAmount, ...rest } = fields;
  if (!checkTimers(ctx, rest.issuerTimeoutUs, rest.acquirerTimeoutUs, rest.terminalTimeoutUs)) return { ok: false };
  return { ok: true, spec: { ...rest, perCardPerDay: [debitRate, creditRate], amount: [debitAmount, creditAmount] } };
}

/** The timers nest: the issuer's inside the acquirer's inside the ATM's (reported at the one of each pair that is written). */
function checkTimers(ctx: ResolveContext, issuerUs: number, acquirerUs: number, terminalUs: number): boolean {
  const at = (outer: string, inner: string): Path => (ctx.present(['atm', outer]) || !ctx.present(['atm', inner]) ? ['atm', outer] : ['atm', inner]);
  if (acquirerUs <= issuerUs) {
    ctx.report.add(at('acquirer_timeout', 'issuer_timeout'), 'timeout_order', "the acquirer's timer (atm.acquirer_timeout) must be longer than the switch's timer on the issuer (atm.issuer_timeout), or stand-in could never answer in time");
    return false;
  }
  if (terminalUs <= acquirerUs) {
    ctx.report.add(at('terminal_timeout', 'acquirer_timeout'), 'timeout_order', "the ATM's timer (atm.terminal_timeout) must be longer than the acquirer's (atm.acquirer_timeout)");
    return false;
  }
  return true;
}
