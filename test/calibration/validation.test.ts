/**
 * The calibration section's checks: each bad target gives one error at its place in the file
 * (file:line:column), and a column metric naming no output column is refused when the scenario
 * is loaded by the command line (sim validate, exit 2).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { columnTargetErrors } from '../../src/app/calibrate-metrics.js';
import { main } from '../../src/cli/main.js';
import { formatScenarioError, parseScenario } from '../../src/scenario/index.js';
import { captureIo } from '../helpers/io.js';

const SMOKE = readFileSync('scenarios/smoke.yaml', 'utf8');
const base = SMOKE.split('\n').length;
const dir = mkdtempSync(join(tmpdir(), 'calib-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The smoke scenario with these calibration lines at its end; the errors as printed. */
function errorsOf(lines: string[]): string[] {
  const { errors } = parseScenario(`${SMOKE}\ncalibration:\n${lines.join('\n')}\n`, 'cal.yaml');
  return errors.map(formatScenarioError);
}
/** The line of the i-th calibration line (0-based) in the file errorsOf builds. */
const lineOf = (i: number): number => base + 2 + i;

describe('calibration targets that are wrong', () => {
  it('accepts good targets and resolves them', () => {
    const { scenario, errors } = parseScenario(`${SMOKE}\ncalibration:\n  - { metric: approval_rate, value: 0.9, band: { absolute: 0.1 }, scope: { issuer: Beta Bank, days: 0 }, source: s }\n`, 'cal.yaml');
    expect(errors).toEqual([]);
    expect(scenario!.calibration![0]).toMatchObject({ metric: 'approval_rate', value: 0.9, band: { kind: 'absolute', width: 0.1 }, scope: { issuer: 1, issuerName: 'Beta Bank', days: [0, 0] } });
  });

  it('names an unknown metric with the nearest one', () => {
    expect(errorsOf(['  - { metric: aproval_rate, value: 0.9, band: { absolute: 0.1 }, source: s }'])).toEqual([
      `cal.yaml:${lineOf(0)}:15: calibration[0].metric: unknown metric 'aproval_rate'; did you mean 'approval_rate'?`,
    ]);
  });

  it('refuses a negative band, a non-finite value and a missing source', () => {
    const errors = errorsOf([
      '  - { metric: approval_rate, value: 0.9, band: { absolute: -0.1 }, source: s }',
      '  - { metric: approval_rate, value: .inf, band: { relative: 0.1 }, source: s }',
      '  - { metric: approval_rate, value: 0.9, band: { relative: 0.1 } }',
    ]);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(new RegExp(`^cal.yaml:${lineOf(0)}:\\d+: calibration\\[0\\]\\.band\\.absolute: `));
    expect(errors[1]).toMatch(new RegExp(`^cal.yaml:${lineOf(1)}:\\d+: calibration\\[1\\]\\.value: `));
    expect(errors[2]).toMatch(new RegExp(`^cal.yaml:${lineOf(2)}:\\d+: calibration\\[2\\].*source`));
  });

  it('refuses a scope the metric does not take, an unknown issuer or channel, and a day after the run', () => {
    const errors = errorsOf([
      '  - { metric: approval_rate, value: 0.9, band: { absolute: 0.1 }, scope: { code: "51" }, source: s }',
      '  - { metric: approval_rate, value: 0.9, band: { absolute: 0.1 }, scope: { issuer: Gamma Bank }, source: s }',
      '  - { metric: channel_share, value: 0.1, band: { absolute: 0.1 }, scope: { channel: contactles }, source: s }',
      '  - { metric: approval_rate, value: 0.9, band: { absolute: 0.1 }, scope: { days: [0, 3] }, source: s }',
      '  - { metric: decline_share, value: 0.4, band: { absolute: 0.1 }, source: s }',
    ]);
    expect(errors).toEqual([
      `cal.yaml:${lineOf(0)}:76: calibration[0].scope.code: approval_rate takes no 'code' scope; it takes 'days', 'channel', 'issuer'`,
      `cal.yaml:${lineOf(1)}:84: calibration[1].scope.issuer: unknown issuer 'Gamma Bank'; the issuers are 'Alpha Bank', 'Beta Bank'`,
      `cal.yaml:${lineOf(2)}:85: calibration[2].scope.channel: unknown channel 'contactles'; did you mean 'contactless'?`,
      `cal.yaml:${lineOf(3)}:86: calibration[3].scope.days[1]: day 3 is after the run: its days are 0 to 0`,
      `cal.yaml:${lineOf(4)}:5: calibration[4]: decline_share needs scope.code`,
    ]);
  });

  it('says fraud_share_of_value needs a fraud section, and asks for an aggregate on a column only', () => {
    const errors = errorsOf([
      '  - { metric: fraud_share_of_value, value: 0.0004, band: { absolute: 0.0001 }, source: s }',
      '  - { metric: throughput.mean_tps, value: 1, band: { relative: 0.1 }, source: s }',
      '  - { metric: approval_rate, aggregate: mean, value: 0.9, band: { absolute: 0.1 }, source: s }',
    ]);
    expect(errors[0]).toBe(`cal.yaml:${lineOf(0)}:15: calibration[0].metric: fraud_share_of_value needs labelled fraud: the scenario has no fraud section`);
    expect(errors[1]).toMatch(/calibration\[1\]\.metric: a column metric needs an aggregate/);
    expect(errors[2]).toMatch(/calibration\[2\]\.aggregate: aggregate applies only to <table>\.<column> metrics/);
  });

  it('finds an unknown table or column of a column metric at its place, and sim validate exits 2 with it', async () => {
    const text = `${SMOKE}\ncalibration:\n  - { metric: throughput.mean_tsp, aggregate: mean, value: 1, band: { relative: 0.1 }, source: s }\n  - { metric: nodez.utilization, aggregate: max, value: 1, band: { relative: 0.1 }, source: s }\n`;
    const { scenario } = parseScenario(text, 'cal.yaml');
    expect(columnTargetErrors(scenario!).map(formatScenarioError)).toEqual([
      `cal.yaml:${lineOf(0)}:15: calibration[0].metric: unknown column 'mean_tsp' in throughput; did you mean 'mean_tps'?`,
      `cal.yaml:${lineOf(1)}:15: calibration[1].metric: unknown table 'nodez' in nodez.utilization; did you mean 'nodes'?`,
    ]);
    const file = join(dir, 'cal.yaml');
    writeFileSync(file, text);
    const io = captureIo();
    expect(await main(['validate', file], io)).toBe(2);
    expect(io.stderr()).toContain(`${file}:${lineOf(0)}:15: calibration[0].metric: unknown column 'mean_tsp'`);
  });
});
