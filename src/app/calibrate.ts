import type { RunResult } from '../model/results.js';
import { writeCalibration, type CalibrationRow, type NrmseRow } from '../output/calibration.js';
import type { CalibrationTarget, Scenario } from '../scenario/types.js';
import { InputError } from './errors.js';
import { t95 } from './headline.js';
import type { StreamCounts } from './calibrate-stream.js';
import { columnTargetMessages, simulatedValue } from './calibrate-metrics.js';
import type { Written } from './types.js';

/**
 * Calibration (docs/calibration.md): each target of the scenario measured on a run, or on the
 * mean of R replications with its 95 % interval, against its band; and PaySim's NRMSE per group
 * of targets. `sim run` writes the table of its one run, `sim calibrate` and `sim run
 * --replications R` the table over the replications.
 */

/** Refuses a scenario whose column targets name no table or column of a run directory (one line per problem). */
export function checkCalibrationTargets(sc: Scenario): void {
  const problems = columnTargetMessages(sc);
  if (problems.length > 0) throw new InputError('BAD_CALIBRATION', problems.join('\n'));
}

/** The simulated value of every target of a run, in target order. */
export function calibrationValues(sc: Scenario, result: RunResult, counts: StreamCounts | undefined, dir: string): number[] {
  const targets = sc.calibration ?? [];
  if (targets.length === 0 || counts === undefined) return [];
  return targets.map((t, i) => simulatedValue(t, i, { result, counts, dir }));
}

/** The group a target's error is pooled in for the NRMSE. */
export function groupOf(t: CalibrationTarget): string {
  if (t.metric === 'column') return t.table!;
  return t.metric.startsWith('latency_') ? 'latency' : t.metric;
}

/** The scope as one phrase: `days 0-2, channel card_present`, or `all`. */
export function scopeText(t: CalibrationTarget): string {
  const s = t.scope;
  const parts: string[] = [];
  if (s.days !== undefined) parts.push(s.days[0] === s.days[1] ? `day ${s.days[0]}` : `days ${s.days[0]}-${s.days[1]}`);
  if (s.day !== undefined) parts.push(`end of day ${s.day}`);
  if (s.channel !== undefined) parts.push(`channel ${s.channel}`);
  if (s.issuerName !== undefined) parts.push(`issuer ${s.issuerName}`);
  if (s.code !== undefined) parts.push(`code ${s.code}`);
  for (const [k, v] of Object.entries(s.where ?? {})) parts.push(`${k}=${v}`);
  return parts.length === 0 ? 'all' : parts.join(', ');
}

const bandText = (t: CalibrationTarget): string => (t.band.kind === 'absolute' ? `±${t.band.width}` : `±${Number((t.band.width * 100).toPrecision(12))}%`);

/** Whether x is inside the target's band (never for NaN). */
export function insideBand(t: CalibrationTarget, x: number): boolean {
  const width = t.band.kind === 'absolute' ? t.band.width : t.band.width * Math.abs(t.value);
  return Number.isFinite(x) && Math.abs(x - t.value) <= width + 1e-12 * Math.max(1, Math.abs(t.value));
}

/**
 * The rows of calibration.csv from the values of R runs ([run][target]): the mean, and with two
 * runs or more its 95 % Student t interval. A run with nothing in scope (NaN) leaves the mean empty.
 */
export function calibrationRows(sc: Scenario, runs: readonly (readonly number[])[]): CalibrationRow[] {
  return (sc.calibration ?? []).map((t, i) => {
    const xs = runs.map((v) => v[i] ?? NaN);
    const n = xs.length;
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1)) : NaN;
    const half = n > 1 ? (t95(n - 1) * sd) / Math.sqrt(n) : NaN;
    const error = mean - t.value;
    return {
      metric: t.metric === 'column' ? `${t.aggregate}(${t.name})` : t.name,
      scope: scopeText(t),
      group: groupOf(t),
      target: t.value,
      band: bandText(t),
      simulated: mean,
      low: mean - half,
      high: mean + half,
      error,
      relativeError: t.value === 0 ? NaN : error / Math.abs(t.value),
      inside: insideBand(t, mean),
      source: t.source,
    };
  });
}

/**
 * PaySim's NRMSE per group, in the order groups first appear: the root mean square of the errors
 * over the group's targets with a value, over the range of their targets (max - min), or over
 * their mean |target| when the range is 0 (a group of one target: then NRMSE = |relative error|).
 */
export function nrmseRows(rows: readonly CalibrationRow[]): NrmseRow[] {
  const groups = [...new Set(rows.map((r) => r.group))];
  return groups.map((group) => {
    const rs = rows.filter((r) => r.group === group && Number.isFinite(r.simulated));
    const n = rs.length;
    const rmse = n === 0 ? NaN : Math.sqrt(rs.reduce((a, r) => a + r.error * r.error, 0) / n);
    const ts = rs.map((r) => r.target);
    const range = n === 0 ? NaN : Math.max(...ts) - Math.min(...ts);
    const normalizer = range > 0 ? range : ts.reduce((a, b) => a + Math.abs(b), 0) / n;
    return { group, targets: n, rmse, normalizer, nrmse: normalizer > 0 ? rmse / normalizer : NaN };
  });
}

/** Writes calibration.csv and calibration-nrmse.csv of the runs' values into `dir`. */
export function writeCalibrationTables(dir: string, sc: Scenario, runs: readonly (readonly number[])[]): { rows: CalibrationRow[]; written: Written[] } {
  const rows = calibrationRows(sc, runs);
  return { rows, written: writeCalibration(dir, rows, nrmseRows(rows)) };
}
