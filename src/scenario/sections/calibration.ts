/**
 * The `calibration` section: targets that a run is measured against (docs/calibration.md). Each
 * names a metric, a published value, a tolerance band and its source, with an optional scope.
 * Which metric takes which scope is checked here; the columns of `<table>.<column>` metrics are
 * checked against the output tables by the application layer (`app/calibrate-metrics.ts`),
 * which reports them at the place recorded in `at`.
 */

import { didYouMean } from '../errors.js';
import { isObj, quoteList, type Path, type ResolveContext } from '../context.js';
import { positionOf } from '../load.js';
import { formatPath } from '../errors.js';
import { RESPONSE_CODE_PATTERN, object, type JsonSchema } from '../schema-blocks.js';
import { CALIBRATION_METRICS, type CalibrationMetric, type CalibrationScope, type CalibrationTarget } from '../types.js';

const CHANNELS = ['chip', 'contactless', 'nfc_token', 'qr', 'ecommerce', 'card_present', 'card_not_present'];
/** Channel classes of merchant_cost_per_100 (the fee comparison's). */
const COST_CHANNELS = ['card_present', 'card_not_present', 'wallet_token', 'qr', 'all'];
const AGGREGATES = ['mean', 'sum', 'min', 'max', 'last'] as const;
/** `<table>.<column>`: any output column by name. */
const COLUMN_METRIC = /^([a-z_-]+)\.([a-z0-9_]+)$/;

const DAY: JsonSchema = { type: 'integer', minimum: 0, description: 'Local day number (0 holds the start of the run).' };

const TARGET: JsonSchema = object(
  'One calibration target.',
  {
    metric: { type: 'string', minLength: 1, description: `The metric: ${CALIBRATION_METRICS.join(', ')}, or any output column as <table>.<column> (with aggregate).` },
    value: { type: 'number', description: 'The published value, in the unit of the metric (shares 0..1, money in major units, ms, purchases).' },
    band: object(
      'Tolerance: exactly one of absolute (in the unit of the metric) or relative (a fraction of |value|).',
      {
        absolute: { type: 'number', minimum: 0, description: 'Inside when |simulated - value| <= absolute.' },
        relative: { type: 'number', minimum: 0, description: 'Inside when |simulated - value| <= relative * |value|.' },
      },
      { minProperties: 1, maxProperties: 1 },
    ),
    source: { type: 'string', minLength: 1, description: 'Where the value comes from (a section of docs/sources.md).' },
    scope: object('Where the target applies (default: the whole run after the warm-up).', {
      days: {
        description: 'Local days: one day, or [first, last] (both included).',
        anyOf: [DAY, { type: 'array', items: DAY, minItems: 2, maxItems: 2 }],
      },
      channel: { type: 'string', description: `Channel or channel class: ${CHANNELS.join(', ')} (merchant_cost_per_100: ${COST_CHANNELS.join(', ')}).` },
      issuer: { type: 'string', minLength: 1, description: 'Issuer by name.' },
      code: { type: 'string', pattern: RESPONSE_CODE_PATTERN, description: 'ISO 8583 response code, quoted (decline_share).' },
      day: { ...DAY, description: 'Local day at whose end the metric is read (wallet_adoption).' },
      where: { type: 'object', additionalProperties: { type: 'string' }, description: 'Column metrics: keep the rows whose columns have these values (e.g. role: switch).' },
    }, { default: {} }),
    aggregate: { enum: [...AGGREGATES], description: 'Column metrics: how the rows in scope are combined.' },
  },
  { required: ['metric', 'value', 'band', 'source'] },
);

export const CALIBRATION_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  calibration: { title: 'calibration', description: 'Calibration targets: `sim calibrate` and `sim run` measure the run against them (docs/calibration.md).', type: 'array', items: TARGET, default: [] },
};

/** The scope keys each metric takes (column metrics: days and where). */
const SCOPES: Readonly<Record<CalibrationMetric, readonly string[]>> = {
  approval_rate: ['days', 'channel', 'issuer'],
  decline_share: ['days', 'code'],
  average_ticket: ['days', 'channel', 'issuer'],
  purchases_per_active_card_per_day: ['days', 'issuer'],
  channel_share: ['days', 'channel', 'issuer'],
  wallet_adoption: ['day'],
  latency_p50_ms: ['days', 'channel', 'issuer'],
  latency_p95_ms: ['days', 'channel', 'issuer'],
  latency_p99_ms: ['days', 'channel', 'issuer'],
  peak_to_average_tps: ['days'],
  fraud_share_of_value: ['days'],
  chargeback_share: [],
  merchant_cost_per_100: ['channel'],
  column: ['days', 'where'],
};
/** Scope keys a metric cannot do without. */
const REQUIRED: Partial<Record<CalibrationMetric, string>> = { decline_share: 'code', channel_share: 'channel', wallet_adoption: 'day' };

/** What the resolver needs to know of the rest of the scenario. */
export interface CalibrationContext {
  readonly issuerNames: readonly string[] | undefined;
  readonly days: number | undefined;
  readonly hasMoney: boolean;
  readonly hasWallet: boolean;
  /** The scenario has labelled fraud (`fraud:`). */
  readonly hasFraud?: boolean;
}

/** The targets of `calibration:`; undefined when one is in error, [] when the section is absent. */
export function resolveCalibration(ctx: ResolveContext, c: CalibrationContext): CalibrationTarget[] | undefined {
  const raw = ctx.peek(['calibration']);
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return undefined;
  const out: CalibrationTarget[] = [];
  let ok = true;
  raw.forEach((_, i) => {
    const t = resolveTarget(ctx, c, ['calibration', i]);
    if (t === undefined) ok = false;
    else out.push(t);
  });
  return ok ? out : undefined;
}

function resolveTarget(ctx: ResolveContext, c: CalibrationContext, p: Path): CalibrationTarget | undefined {
  const name = ctx.string([...p, 'metric']);
  const value = ctx.number([...p, 'value']);
  const source = ctx.string([...p, 'source']);
  const bandRaw = ctx.raw([...p, 'band']);
  if (name === undefined || value === undefined || source === undefined || !isObj(bandRaw)) return undefined;
  const metric = metricOf(ctx, c, name, [...p, 'metric']);
  const band = bandOf(ctx, [...p, 'band']);
  const scope = scopeOf(ctx, c, metric, [...p, 'scope']);
  const aggregate = ctx.string([...p, 'aggregate']);
  if (metric === 'column' && aggregate === undefined) ctx.report.add([...p, 'metric'], 'missing_key', `a column metric needs an aggregate: ${quoteList(AGGREGATES)}`);
  else if (metric !== undefined && metric !== 'column' && aggregate !== undefined) ctx.report.add([...p, 'aggregate'], 'invalid_choice', `aggregate applies only to <table>.<column> metrics, not to ${name}`, 'key');
  if (metric === undefined || band === undefined || scope === undefined || (metric === 'column') !== (aggregate !== undefined)) return undefined;
  const pos = positionOf(ctx.loaded, [...p, 'metric']);
  const m = COLUMN_METRIC.exec(name);
  return {
    name,
    metric,
    value,
    band,
    source,
    scope,
    ...(metric === 'column' && m !== null ? { table: m[1]!, column: m[2]!, aggregate: aggregate as CalibrationTarget['aggregate'] } : {}),
    at: { file: ctx.loaded.file, line: pos.line, column: pos.column, path: formatPath([...p, 'metric']) },
  };
}

/** The metric of a name, or undefined (reported): unknown, not modelled, or needing fees or a wallet. */
function metricOf(ctx: ResolveContext, c: CalibrationContext, name: string, p: Path): CalibrationMetric | undefined {
  const known = (CALIBRATION_METRICS as readonly string[]).includes(name);
  if (!known && COLUMN_METRIC.test(name)) return 'column';
  if (!known) {
    ctx.report.add(p, 'invalid_choice', `unknown metric '${name}'${didYouMean(name, CALIBRATION_METRICS) || `; expected ${quoteList(CALIBRATION_METRICS)} or <table>.<column>`}`);
    return undefined;
  }
  const metric = name as CalibrationMetric;
  if (metric === 'fraud_share_of_value' && c.hasFraud !== true) {
    ctx.report.add(p, 'invalid_choice', 'fraud_share_of_value needs labelled fraud: the scenario has no fraud section');
    return undefined;
  }
  if ((metric === 'chargeback_share' || metric === 'merchant_cost_per_100') && !c.hasMoney) {
    ctx.report.add(p, 'invalid_choice', `${metric} needs money: the scenario has no fees section`);
    return undefined;
  }
  if (metric === 'wallet_adoption' && !c.hasWallet) {
    ctx.report.add(p, 'invalid_choice', 'wallet_adoption needs a wallet: the scenario has no wallet section');
    return undefined;
  }
  return metric;
}

function bandOf(ctx: ResolveContext, p: Path): CalibrationTarget['band'] | undefined {
  const abs = ctx.number([...p, 'absolute']);
  const rel = ctx.number([...p, 'relative']);
  if (abs !== undefined) return { kind: 'absolute', width: abs };
  if (rel !== undefined) return { kind: 'relative', width: rel };
  return undefined;
}

/** The scope, each key checked against what the metric takes; undefined when in error (reported). */
function scopeOf(ctx: ResolveContext, c: CalibrationContext, metric: CalibrationMetric | undefined, p: Path): CalibrationScope | undefined {
  const raw = ctx.raw(p, {});
  if (!isObj(raw)) return undefined;
  if (metric === undefined) return {};
  const allowed = SCOPES[metric];
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (allowed.includes(key)) continue;
    ok = false;
    ctx.report.add([...p, key], 'invalid_choice', `${metric} takes no '${key}' scope; ${allowed.length === 0 ? 'it takes no scope' : `it takes ${quoteList(allowed)}`}`, 'key');
  }
  const need = REQUIRED[metric];
  if (need !== undefined && raw[need] === undefined) {
    ok = false;
    ctx.report.add(p.slice(0, -1), 'missing_key', `${metric} needs scope.${need}`);
  }
  const scope: Record<string, unknown> = {};
  ok = scopeDays(ctx, c, p, raw, scope) && ok;
  ok = scopeNames(ctx, c, metric, p, raw, scope) && ok;
  return ok ? (scope as CalibrationScope) : undefined;
}

/** scope.days and scope.day, inside the run. */
function scopeDays(ctx: ResolveContext, c: CalibrationContext, p: Path, raw: Readonly<Record<string, unknown>>, scope: Record<string, unknown>): boolean {
  let ok = true;
  const inRun = (d: number, at: Path): boolean => {
    if (c.days === undefined || d < c.days) return true;
    ctx.report.add(at, 'out_of_range', `day ${d} is after the run: its days are 0 to ${c.days - 1}`);
    return false;
  };
  const days = raw['days'];
  if (typeof days === 'number') {
    ok = inRun(days, [...p, 'days']);
    scope['days'] = [days, days];
  } else if (Array.isArray(days) && days.length === 2 && days.every((d) => typeof d === 'number')) {
    const [a, b] = days as [number, number];
    if (b < a) {
      ok = false;
      ctx.report.add([...p, 'days'], 'out_of_range', `the last day (${b}) is before the first (${a})`);
    }
    ok = inRun(b, [...p, 'days', 1]) && ok;
    scope['days'] = [a, b];
  }
  if (typeof raw['day'] === 'number') {
    ok = inRun(raw['day'], [...p, 'day']) && ok;
    scope['day'] = raw['day'];
  }
  return ok;
}

/** scope.channel, issuer, code and where, checked against the scenario. */
function scopeNames(ctx: ResolveContext, c: CalibrationContext, metric: CalibrationMetric, p: Path, raw: Readonly<Record<string, unknown>>, scope: Record<string, unknown>): boolean {
  let ok = true;
  const channel = raw['channel'];
  if (typeof channel === 'string') {
    const list = metric === 'merchant_cost_per_100' ? COST_CHANNELS : CHANNELS;
    if (!list.includes(channel)) {
      ok = false;
      ctx.report.add([...p, 'channel'], 'invalid_choice', `unknown channel '${channel}'${didYouMean(channel, list) || `; expected ${quoteList(list)}`}`);
    } else scope['channel'] = channel;
  }
  const issuer = raw['issuer'];
  if (typeof issuer === 'string' && c.issuerNames !== undefined) {
    const i = c.issuerNames.indexOf(issuer);
    if (i < 0) {
      ok = false;
      ctx.report.add([...p, 'issuer'], 'unknown_name', `unknown issuer '${issuer}'${didYouMean(issuer, c.issuerNames) || `; the issuers are ${quoteList(c.issuerNames)}`}`);
    } else Object.assign(scope, { issuer: i, issuerName: issuer });
  }
  if (typeof raw['code'] === 'string') scope['code'] = raw['code'];
  if (isObj(raw['where'])) scope['where'] = { ...raw['where'] };
  return ok;
}
