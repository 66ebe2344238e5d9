/**
 * The money of a scenario: `fees` (resolved by the economics module, each of its problems located
 * in the file), `clearing` (cut-offs, time zones, settlement currencies and lags, chargebacks) and
 * `issuers.foreign` (cross-border issuers).
 */

import { scenarioCode } from '../../diagnostics/codes.js';
import { FEE_PRESET_NAMES, resolveFeeModel, type FeeFormatIssue, type FeeModel } from '../../economics/index.js';
import { BAD, allDefined, isObj, nameHint, quoteList, type Path, type ResolveContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { describeValue } from '../errors.js';
import type { Reporter } from '../report.js';
import {
  CURRENCY_EXPONENTS,
  LOCAL_TIME_PATTERN,
  duration,
  durationDist,
  integer,
  localTime,
  object,
  probability,
  utcOffset,
  type JsonSchema,
} from '../schema-blocks.js';
import type { MoneySpec } from '../types.js';
import { utcOffsetAt } from './run.js';

/**
 * The `fees` node of the validation schema: any string or mapping (`resolveFeeModel` checks it).
 * The title names it in "expected ..." messages.
 */
export const FEES_VALIDATION: JsonSchema = {
  title: 'fee model',
  type: ['string', 'object'],
  description: `Fee model of the run (docs/fees.md): a preset name (${FEE_PRESET_NAMES.join(', ')}), {model: <preset>, ...overrides} or a full model. Absent: no money (no clearing, fees or settlement).`,
};

export const MONEY_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  fees: FEES_VALIDATION,
  clearing: object(
    'Clearing, settlement and chargebacks of the money flows (sources §2.6, §2.7). Only with fees; every key has a default.',
    {
      cutoff: localTime(
        "Daily clearing cut-off, 'HH:MM' local time of each acquirer: purchases after it clear in the next cycle (23:00, sources §2.6, A).",
        DEFAULTS.clearing.cutoff,
      ),
      cutoffs: {
        type: 'object',
        description: 'Per-acquirer cut-off overrides, keyed by acquirer name.',
        additionalProperties: localTime("Cut-off of this acquirer, 'HH:MM' in its local time. Defaults to clearing.cutoff."),
        default: DEFAULTS.clearing.cutoffs,
      },
      time_zones: {
        type: 'object',
        description: "UTC offset of each acquirer's clearing day ('+07:00'), keyed by acquirer name. Default: the offset of start.",
        additionalProperties: utcOffset("UTC offset of this acquirer, '+07:00', '-03:30' or 'Z'."),
        default: DEFAULTS.clearing.time_zones,
      },
      settlement_currencies: {
        type: 'object',
        description:
          "Settlement currency of an issuer with the scheme, keyed by issuer name (e.g. a Chinese issuer of visiting cardholders: CNY or USD, sources §2.6); its cardholders are billed in it. Default: the scenario currency. The rate comes from fees.fx.rates.",
        additionalProperties: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code.' },
        default: DEFAULTS.clearing.settlement_currencies,
      },
      settlement_days: integer(
        'Interbank net settlement of a clearing cycle on day T + this (T+1, sources §2.6, A).',
        0,
        DEFAULTS.clearing.settlement_days,
        30,
      ),
      merchant_payout_days: integer(
        'Acquirers pay merchants on day T + this (T+1, sources §2.6, A).',
        0,
        DEFAULTS.clearing.merchant_payout_days,
        30,
      ),
      chargebacks: object(
        'Cardholder disputes of cleared purchases.',
        {
          share: probability(
            "Share of cleared purchases charged back (0.1 %, below Visa's 0.9 % monitoring threshold, sources §2.7, A).",
            DEFAULTS.clearing.chargebacks.share,
          ),
          delay: durationDist(
            'Delay from the purchase to the chargeback; draws beyond the window are not filed.',
            DEFAULTS.clearing.chargebacks.delay,
          ),
          window: duration('Dispute window after the purchase (120 days: Visa, Mastercard, sources §2.7).', DEFAULTS.clearing.chargebacks.window),
        },
        { default: DEFAULTS.clearing.chargebacks },
      ),
    },
  ),
};

/**
 * `issuers.foreign` as a flag per issuer (their purchases are cross-border). Checked whether or
 * not the scenario has fees; undefined when a name is wrong (reported) or the issuers are.
 */
export function resolveForeignIssuers(ctx: ResolveContext, names: string[] | undefined): boolean[] | undefined {
  const foreign = ctx.strings(['issuers', 'foreign'], DEFAULTS.issuers.foreign);
  if (foreign === undefined) return undefined;
  let ok = true;
  foreign.forEach((f, i) => {
    if (names !== undefined && !names.includes(f)) {
      ok = false;
      ctx.report.add(['issuers', 'foreign', i], 'unknown_name', `unknown issuer '${f}' in issuers.foreign${nameHint(f, names, 'issuers')}`);
    }
  });
  if (!ctx.checkUnique(foreign, (i) => ['issuers', 'foreign', i], 'foreign issuer')) ok = false;
  return ok && names !== undefined ? names.map((n) => foreign.includes(n)) : undefined;
}

/**
 * The money of the run: `{}` when the scenario has no `fees` (a plain queueing network), the
 * resolved `MoneySpec` otherwise; undefined when something is wrong (reported).
 * @param startOffsetUs - UTC offset of `start` (undefined when `start` is in error).
 */
export function resolveMoney(
  ctx: ResolveContext,
  startOffsetUs: number | undefined,
  crossBorderIssuers: boolean[] | undefined,
  issuerNames: string[] | undefined,
  acquirerNames: string[] | undefined,
): { spec?: MoneySpec } | undefined {
  return new MoneySection(ctx, issuerNames, acquirerNames).resolve(startOffsetUs, crossBorderIssuers);
}

/** The fee model and clearing of one scenario, with the party names they refer to. */
class MoneySection {
  private readonly report: Reporter;

  constructor(
    private readonly ctx: ResolveContext,
    private readonly issuerNames: string[] | undefined,
    private readonly acquirerNames: string[] | undefined,
  ) {
    this.report = ctx.report;
  }

  resolve(startOffsetUs: number | undefined, crossBorderIssuers: boolean[] | undefined): { spec?: MoneySpec } | undefined {
    const ctx = this.ctx;
    if (!ctx.present(['fees'])) {
      if (!ctx.present(['clearing'])) return {};
      this.report.add(['clearing'], 'missing_key', "clearing needs a fee model: add fees: (a preset such as 'ru-2019', or a model; docs/fees.md)", 'key');
      return undefined;
    }
    const feeModel = this.feeModel();
    const d = DEFAULTS.clearing;
    const p = (...keys: string[]): Path => ['clearing', ...keys];
    const cutoff = this.localTime(p('cutoff'), d.cutoff);
    const cutoffs = this.perAcquirer('cutoffs', (path) => this.localTime(path));
    const zones = this.perAcquirer('time_zones', (path) => this.utcOffset(path));
    const fields = allDefined({
      settlementDays: ctx.integer(p('settlement_days'), d.settlement_days),
      merchantPayoutDays: ctx.integer(p('merchant_payout_days'), d.merchant_payout_days),
      chargebackShare: ctx.number(p('chargebacks', 'share'), d.chargebacks.share),
      chargebackDelay: ctx.durationDist(p('chargebacks', 'delay'), d.chargebacks.delay),
      chargebackWindowUs: ctx.duration(p('chargebacks', 'window'), d.chargebacks.window, 'positive'),
      crossBorderIssuers,
      issuerSettlementCurrency: this.settlementCurrencies(feeModel),
    });
    const names = this.acquirerNames;
    if (fields === undefined || feeModel === undefined || startOffsetUs === undefined || names === undefined) return undefined;
    if (cutoff === undefined || cutoffs === undefined || zones === undefined) return undefined;
    const { settlementDays, merchantPayoutDays, chargebackShare, chargebackDelay, chargebackWindowUs, issuerSettlementCurrency } = fields;
    return {
      spec: {
        feeModel,
        cutoffLocalUs: names.map((n) => cutoffs.get(n) ?? cutoff),
        acquirerZoneShiftUs: names.map((n) => (zones.get(n) ?? startOffsetUs) - startOffsetUs),
        settlementDays,
        merchantPayoutDays,
        chargebackShare,
        chargebackDelay,
        chargebackWindowUs,
        crossBorderIssuers: fields.crossBorderIssuers,
        issuerSettlementCurrency,
      },
    };
  }

  /** The fee model, its errors and warnings reported; undefined when it has errors (or cannot be read). */
  private feeModel(): FeeModel | undefined {
    const raw = this.ctx.raw(['fees']);
    if (raw === BAD || this.ctx.currency === undefined || this.ctx.exponent === undefined) return undefined;
    const result = resolveFeeModel(raw, { currency: this.ctx.currency });
    for (const issue of result.errors) this.feeIssue(issue, false);
    for (const issue of result.warnings) this.feeIssue(issue, true);
    return result.errors.length === 0 ? result.model : undefined;
  }

  /** A local time 'HH:MM' as µs after midnight. */
  private localTime(path: Path, fallback?: string): number | undefined {
    const text = this.ctx.string(path, fallback);
    if (text === undefined || !new RegExp(LOCAL_TIME_PATTERN).test(text)) return undefined;
    return (Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5))) * 60_000_000;
  }

  /** A UTC offset '+HH:MM' / '-HH:MM' / 'Z' in µs, between -12:00 and +14:00 (the offsets in use). */
  private utcOffset(path: Path): number | undefined {
    return utcOffsetAt(this.ctx, path);
  }

  /**
   * `clearing.settlement_currencies`: each issuer's settlement currency (default the scenario's).
   * A currency other than the scenario's needs a rate between the two in the fee model's fx.rates.
   */
  private settlementCurrencies(feeModel: FeeModel | undefined): string[] | undefined {
    const names = this.issuerNames;
    const base = this.ctx.currency;
    const path: Path = ['clearing', 'settlement_currencies'];
    if (names === undefined || base === undefined) return undefined;
    const out = names.map(() => base);
    const raw = this.ctx.peek(path);
    if (!isObj(raw)) return this.ctx.raw(path) === BAD ? undefined : out;
    const { keys, unknown } = this.ctx.namedKeys(path, names, 'issuer');
    let ok = !unknown;
    for (const name of keys) {
      const code = raw[name];
      if (typeof code !== 'string' || CURRENCY_EXPONENTS[code] === undefined) {
        ok = false;
        this.report.add([...path, name], 'invalid_choice', `unknown currency ${describeValue(code)}; known currencies are ${quoteList(Object.keys(CURRENCY_EXPONENTS))}`);
      } else if (code !== base && feeModel !== undefined && !feeModel.fx.rates.some((r) => (r.from === code && r.to === base) || (r.from === base && r.to === code))) {
        ok = false;
        this.report.add([...path, name], 'missing_key', `settling ${name} in ${code} needs a rate: add fees: {fx: {rates: {"${code}/${base}": <rate>}}}`);
      } else {
        out[names.indexOf(name)] = code;
      }
    }
    return ok ? out : undefined;
  }

  /**
   * A `clearing` mapping keyed by acquirer name (`cutoffs`, `time_zones`), each value read by
   * `read`; unknown names are reported with the nearest one. Undefined when any entry is wrong.
   */
  private perAcquirer(key: string, read: (path: Path) => number | undefined): Map<string, number> | undefined {
    const out = new Map<string, number>();
    const path: Path = ['clearing', key];
    if (!isObj(this.ctx.peek(path))) return this.ctx.raw(path) === BAD ? undefined : out;
    const { keys, unknown } = this.ctx.namedKeys(path, this.acquirerNames, 'acquirer');
    let ok = !unknown;
    for (const name of keys) {
      const value = read([...path, name]);
      if (value === undefined) ok = false;
      else out.set(name, value);
    }
    return ok ? out : undefined;
  }

  /**
   * An error or warning of `resolveFeeModel`, whose path is relative to `fees`: placed at that
   * node, or at the nearest enclosing node written in the file.
   */
  private feeIssue(issue: FeeFormatIssue, warning: boolean): void {
    const path: Path = ['fees', ...issue.path];
    const code = scenarioCode(issue.code);
    const at = issue.code === 'unknown_key' ? 'key' : 'value';
    // Messages of the fee module often start with their key ("pct: ..."), which the path says already.
    const lead = `${String(path[path.length - 1])}: `;
    const message = issue.message.startsWith(lead) ? issue.message.slice(lead.length) : issue.message;
    if (warning) this.report.warn(path, code, message, at);
    else this.report.add(path, code, message, at);
  }
}
