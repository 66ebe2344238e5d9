/**
 * The tables of the directories beside a run's: compare (fee models and regimes), replications,
 * sweep, and calibration (also in a run), column by column; datapackage-tables.ts has a run's
 * and the list of all.
 */
import { CALIBRATION_COLUMNS, CALIBRATION_FILE, CALIBRATION_NRMSE_COLUMNS, CALIBRATION_NRMSE_FILE } from './calibration.js';
import { COMPARE_COLUMNS, COMPARE_FILE } from './compare-csv.js';
import { COMPARE_INTERVALS_COLUMNS, COMPARE_INTERVALS_FILE } from './compare-regimes-csv.js';
import { CURRENCY, count, table, type Column } from './table-def.js';

export const COMPARE = table({
  file: COMPARE_FILE,
  row: 'fee model, metric, participant type and channel class (tidy: one number per row)',
  when: 'by `sim compare`',
  dirs: ['compare'],
  columns: COMPARE_COLUMNS,
  primaryKey: ['model', 'metric', 'participant_type', 'channel'],
  fields: {
    model: { type: 'string', description: 'the fee model (preset name, or the fee-model file\'s name), in the order given' },
    metric: { type: 'string', description: 'revenue, cost, net (per participant type); purchases, value, merchant_cost_per_100, merchant_fee_bps, avoided_cost_bps, tourist_test_pass (per channel class); scheme_take_bps' },
    participant_type: { type: 'string', description: 'the participant type the metric is about', values: ['cardholder', 'issuer', 'scheme', 'acquirer', 'merchant'] },
    channel: { type: 'string', description: 'channel class, or all', values: ['card_present', 'card_not_present', 'wallet_token', 'qr', 'all'] },
    value: { type: 'number', description: 'the metric\'s value, in `unit`; empty when undefined (no purchases in that channel)', optional: true },
    diff_vs_first: { type: 'number', description: 'value minus the first model\'s value of the same row, in `unit`; empty when either is empty', optional: true },
    unit: { type: 'string', description: 'the unit of value and diff_vs_first: a currency code (an amount in major units), bp, per_100 (a percentage of value), count, or bool (1 pass, 0 fail)' },
    currency: { type: 'string', description: 'the currency of a money row (empty for the others)', pattern: CURRENCY, optional: true },
  },
});

const REGIME_UNIT = { type: 'string', description: 'the unit of the numbers: a currency code (an amount in major units), per_100 (a percentage of value), count, or share (0 to 1)' } as const;
const REGIME_KEY = {
  model: { type: 'string', description: 'the regime (a key of the scenario\'s `regimes:`), in the order of `--regimes`' },
  metric: { type: 'string', description: 'purchases, value, share (the card-present purchases that chose the instrument), acceptance_share (per instrument); paid, paid_value (those the merchants were paid for: cleared card purchases, approved wallet payments); merchant_cost_per_100 (merchant fees less merchant subsidies per 100 of value, per instrument); net (revenue of the issuers, acquirers and scheme from the card purchases, of each platform, of the clearing house); float_income (each platform\'s, in its net); consumer_fees (cardholder fees of the card purchases); consumer_subsidies and merchant_subsidies (each platform\'s)' },
  participant_type: { type: 'string', description: 'the party the metric is about', values: ['consumer', 'merchant', 'issuer', 'acquirer', 'scheme', 'platform', 'clearing_house'] },
  channel: { type: 'string', description: 'the instrument: card (the four-party network) or a platform by name; all for the clearing house' },
} as const;

export const COMPARE_REGIMES = table({
  name: 'compare-regimes',
  file: COMPARE_FILE,
  row: 'regime, metric, party and instrument (tidy: one number per row)',
  when: 'by `sim compare --regimes`',
  dirs: ['regimes'],
  columns: COMPARE_COLUMNS,
  primaryKey: ['model', 'metric', 'participant_type', 'channel'],
  fields: {
    ...REGIME_KEY,
    value: { type: 'number', description: 'the metric\'s value in `unit` (with `--replications`, the mean over the seeds); empty when undefined', optional: true },
    diff_vs_first: { type: 'number', description: 'value minus the first regime\'s value of the same row (with `--replications`, the mean of the paired differences seed by seed); empty when either is empty', optional: true },
    unit: REGIME_UNIT,
    currency: { type: 'string', description: 'the currency of a money row (empty for the others)', pattern: CURRENCY, optional: true },
  },
});

export const COMPARE_INTERVALS = table({
  file: COMPARE_INTERVALS_FILE,
  row: 'regime after the first, metric, party and instrument',
  when: 'by `sim compare --regimes` with `--replications R`',
  dirs: ['regimes'],
  columns: COMPARE_INTERVALS_COLUMNS,
  primaryKey: ['model', 'metric', 'participant_type', 'channel'],
  fields: {
    ...REGIME_KEY,
    replications: { type: 'integer', description: 'the seeds (seed, seed + 1, ...) every regime ran on', unit: 'count' },
    diff_vs_first: { type: 'number', description: 'the mean over the seeds of the difference from the first regime, seed by seed (common random numbers)', optional: true },
    diff_ci95_low: { type: 'number', description: 'lower end of the 95 % t interval of that mean difference', optional: true },
    diff_ci95_high: { type: 'number', description: 'upper end of the 95 % t interval of that mean difference', optional: true },
    unit: REGIME_UNIT,
    currency: { type: 'string', description: 'the currency of a money row (empty for the others)', pattern: CURRENCY, optional: true },
  },
});

/**
 * A mean over seeds with its sample standard deviation and 95 % Student t interval (replications.csv,
 * sweep.csv). With `note` (when they need more than one seed) the last three are optional and say so.
 */
function meanAndInterval(meanText: string, note?: string): Record<'mean' | 'sd' | 'ci95_low' | 'ci95_high', Column> {
  const tail = note === undefined ? '' : ` (${note})`;
  const optional = note === undefined ? {} : { optional: true as const };
  return {
    mean: { type: 'number', description: meanText },
    sd: { type: 'number', description: `sample standard deviation${tail}`, ...optional },
    ci95_low: { type: 'number', description: `lower end of the 95 % Student t confidence interval of the mean${tail}`, ...optional },
    ci95_high: { type: 'number', description: `upper end of the 95 % Student t confidence interval of the mean${tail}`, ...optional },
  };
}

export const REPLICATIONS_COLUMNS = ['metric', 'replications', 'mean', 'sd', 'ci95_low', 'ci95_high'] as const;
export const REPLICATION_VALUES_COLUMNS = ['seed', 'metric', 'value'] as const;
const METRIC = 'headline metric (listed in docs/outputs.md); money metrics in major units of the scenario currency, `net_position_<type>_<CUR>` in that currency';

export const REPLICATIONS = table({
  file: 'replications.csv',
  row: 'headline metric',
  when: 'by `sim run --replications R`',
  dirs: ['replications'],
  columns: REPLICATIONS_COLUMNS,
  primaryKey: ['metric'],
  fields: {
    metric: { type: 'string', description: METRIC },
    replications: count('replications the statistics are over'),
    ...meanAndInterval('mean over the replications, in the metric\'s unit'),
  },
});

export const REPLICATION_VALUES = table({
  file: 'replication-values.csv',
  row: 'replication and headline metric',
  when: 'by `sim run --replications R`',
  dirs: ['replications'],
  columns: REPLICATION_VALUES_COLUMNS,
  primaryKey: ['seed', 'metric'],
  fields: {
    seed: { type: 'integer', description: 'the replication\'s seed (its run directory is `seed-<seed>/`)' },
    metric: { type: 'string', description: METRIC },
    value: { type: 'number', description: 'the metric in that replication' },
  },
});

export const SWEEP_COLUMNS = ['point', 'metric', 'unit', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n'] as const;
export const SWEEP_VALUES_COLUMNS = ['point', 'seed', 'metric', 'value'] as const;
const POINT: Column = { type: 'integer', description: 'grid point number, 1 up in grid order (the first `--grid` axis varies slowest)' };
const SEEDS_ONLY = 'needs two seeds or more';

export const SWEEP = table({
  file: 'sweep.csv',
  row: 'grid point and headline metric; after `point`, one column per `--grid` axis, named by its path, holds the point\'s value as given',
  when: 'by `sim sweep`',
  dirs: ['sweep'],
  columns: SWEEP_COLUMNS,
  primaryKey: ['point', 'metric'],
  gridAfter: 'point',
  fields: {
    point: POINT,
    metric: { type: 'string', description: METRIC },
    unit: { type: 'string', description: 'the unit of mean, sd and the interval: count, ratio (0 to 1), ms, tps (purchases per second), bps, or a currency code (major units)' },
    ...meanAndInterval("mean over the point's seeds, in `unit`", SEEDS_ONLY),
    n: count('seeds (runs) of the point the statistics are over'),
  },
});

export const SWEEP_VALUES = table({
  file: 'sweep-values.csv',
  row: 'grid point, seed and headline metric',
  when: 'by `sim sweep`',
  dirs: ['sweep'],
  columns: SWEEP_VALUES_COLUMNS,
  primaryKey: ['point', 'seed', 'metric'],
  fields: {
    point: POINT,
    seed: { type: 'integer', description: 'the seed of the run (seeds are the same at every point)' },
    metric: { type: 'string', description: METRIC },
    value: { type: 'number', description: 'the metric in that run' },
  },
});

const SIMULATED = 'over the replications (sim calibrate, sim run --replications R); a single run\'s own value otherwise';

export const CALIBRATION = table({
  file: CALIBRATION_FILE,
  row: 'calibration target, in the order of the scenario\'s `calibration:` list (docs/calibration.md)',
  when: 'when the scenario has calibration targets',
  dirs: ['run', 'replications'],
  columns: CALIBRATION_COLUMNS,
  fields: {
    metric: { type: 'string', description: 'the metric (docs/calibration.md), or `aggregate(table.column)` for a column' },
    scope: { type: 'string', description: 'where the target applies (days, channel, issuer, code, day, where), `all` for the whole run after the warm-up' },
    target: { type: 'number', description: 'the published value, in the unit of the metric' },
    band: { type: 'string', description: 'the tolerance: `±x` absolute (in the unit of the metric) or `±x%` relative (of |target|)' },
    simulated: { type: 'number', description: `the simulated value: the mean ${SIMULATED}; empty when nothing is in scope`, optional: true },
    ci95_low: { type: 'number', description: 'lower end of the 95 % Student t interval of the mean over the replications (empty with fewer than two)', optional: true },
    ci95_high: { type: 'number', description: 'upper end of that interval (empty with fewer than two replications)', optional: true },
    error: { type: 'number', description: 'simulated - target', optional: true },
    relative_error: { type: 'number', description: '(simulated - target) / |target|; empty when the target is 0', optional: true },
    inside: { type: 'boolean', description: 'the simulated value is inside the band (1) or not (0); `sim calibrate` exits 1 if any is 0' },
    source: { type: 'string', description: 'where the target value comes from, as the scenario gives it' },
  },
});

export const CALIBRATION_NRMSE = table({
  file: CALIBRATION_NRMSE_FILE,
  row: 'group of calibration targets (a metric; latency_p50/p95/p99 form one group, column metrics one per table)',
  when: 'when the scenario has calibration targets',
  dirs: ['run', 'replications'],
  columns: CALIBRATION_NRMSE_COLUMNS,
  primaryKey: ['group'],
  fields: {
    group: { type: 'string', description: 'the group of targets' },
    targets: count('targets of the group with a simulated value'),
    rmse: { type: 'number', description: 'root mean square of simulated - target over the group, in the unit of the metric', optional: true },
    normalizer: { type: 'number', description: 'max - min of the group\'s targets, or the mean |target| when they are all equal (one target)', optional: true },
    nrmse: { type: 'number', description: 'rmse / normalizer, PaySim\'s normalised error (docs/calibration.md); empty when the normalizer is 0', optional: true },
  },
});

/** Every table, in the order the data dictionary lists them. */
