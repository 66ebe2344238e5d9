import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CountProgress, RunProgress, compact, runLine, shortDuration } from '../../src/cli/progress.js';
import type { Scenario } from '../../src/scenario/types.js';
import { captureIo } from '../helpers/io.js';
import { plainNetwork, exponential } from '../helpers/scenarios.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-progress-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A captured stderr that claims to be a terminal `columns` wide. */
function ttyIo(columns: number) {
  const io = captureIo();
  return { ...io, errIsTty: true, errStream: { columns } as unknown as NodeJS.WritableStream };
}

/** Every state the line was drawn in: the text between carriage returns, escapes removed. */
function frames(stderr: string): string[] {
  return stderr
    .split(/\r|\n/)
    .map((s) => s.replace(/\x1B\[[0-9;?]*[A-Za-z]/g, ''))
    .filter((s) => s !== '');
}

const scenario = (): Scenario => ({
  ...plainNetwork({ ratePerSecond: 10, durationS: 86_400, bucketS: 3600, acquirer: [1, exponential(1)], switch: [1, exponential(1)], issuer: [1, exponential(1)] }),
  start: '2018-12-21T00:00:00+03:00',
});

/** Drives a RunProgress with a fake clock: `steps` of [wall seconds, simulated seconds, purchases]. */
function drive(columns: number, steps: readonly [number, number, number][]): string[] {
  const io = ttyIo(columns);
  let now = 0;
  const p = new RunProgress(io, scenario(), true, { columns, nowMs: () => now, animate: false });
  for (const [wallS, simS, purchases] of steps) {
    now = wallS * 1000;
    p.tick(simS * 1e6, purchases * 3, purchases, Math.floor(purchases * 0.95), purchases);
  }
  p.stop();
  return frames(io.stderr());
}

describe('the run progress bar', () => {
  it('shows the network being built on its own line, then labelled simulated time, purchases, approval, a rate and an ETA', () => {
    const f = drive(80, [
      [2, 0, 0],
      [3, 3600, 1000],
      [4, 7200, 2000],
      [5, 14 * 3600, 3000],
    ]);
    expect(f[0]).toMatch(/^building network: 1,000 cards, 100 terminals/);
    expect(f).toContainEqual(expect.stringMatching(/^network built: .* in 2\.0 s$/));
    const last = f.at(-1)!;
    expect(last).toMatch(/^sim 2018-12-21 14:00 /);
    expect(last).toMatch(/ 58% /);
    expect(last).toMatch(/3,000 purch/);
    expect(last).toMatch(/95\.0% (approved|ok)/);
    expect(last).toMatch(/\/s/);
    expect(last).toMatch(/ETA \d/);
  });

  it.each([80, 60, 40])('fits in %i columns, whatever the numbers', (columns) => {
    const f = drive(columns, [
      [1, 0, 0],
      [3, 60, 123_456_789],
      [7, 3600, 987_654_321],
      [9, 86_000, 4_000_000_000],
    ]);
    for (const line of f) expect(line.length, line).toBeLessThan(columns);
    expect(f.at(-1)).toMatch(/^sim 2018-12-21 23:53 .*ETA/);
  });

  it('gives the rate of the last few seconds, not since the start', () => {
    // 1,000,000 purchases/s for 20 s, then 100,000/s for 10 s.
    const steps: [number, number, number][] = [];
    for (let s = 0; s <= 20; s++) steps.push([s, s * 100, s * 1_000_000]);
    for (let s = 1; s <= 10; s++) steps.push([20 + s, 2000 + s * 100, 20_000_000 + s * 100_000]);
    const last = drive(120, steps).at(-1)!;
    expect(last).toMatch(/ 100k purchases\/s/);
  });

  it('takes the ETA from the recent rate of simulated time', () => {
    // Slow at first (1 simulated hour per 10 s), then 1 simulated hour per second: 10 h left at
    // the recent rate is 10 s, not the minutes the average rate would give.
    const steps: [number, number, number][] = [[0, 0, 0]];
    for (let s = 1; s <= 60; s++) steps.push([s * 10, s * 360, s]);
    for (let s = 1; s <= 8; s++) steps.push([600 + s, 6 * 3600 + s * 3600, 60 + s]);
    const last = drive(120, steps).at(-1)!;
    expect(last).toMatch(/ETA 10s$/);
  });

  it('draws nothing when stderr is not a terminal', () => {
    const io = captureIo();
    const p = new RunProgress(io, scenario(), true, { animate: false });
    p.tick(3600e6, 1, 1, 1, 1);
    p.stop();
    expect(io.stderr()).toBe('');
  });

  it('formats counts, rates and durations compactly', () => {
    expect([compact(999), compact(9999), compact(12_345), compact(999_499), compact(999_500), compact(4_714_685), compact(114_887_012)]).toEqual([
      '999',
      '9,999',
      '12.3k',
      '999k',
      '1.00M',
      '4.71M',
      '115M',
    ]);
    expect([shortDuration(42), shortDuration(185), shortDuration(7620)]).toEqual(['42s', '3m05s', '2h07m']);
    expect(runLine({ sim: '2018-12-21 14:00', fraction: 0.5, purchases: 1 }, 80)).toMatch(/-- (approved|ok).*ETA --$/);
  });
});

describe('the count progress', () => {
  it('counts finished jobs with an ETA from the mean time per job, within the width', () => {
    const io = ttyIo(60);
    let now = 0;
    const p = new CountProgress(io, 'sweep', 8, true, { columns: 60, nowMs: () => now, animate: false });
    now = 10_000;
    p.done(2);
    p.stop();
    const f = frames(io.stderr());
    expect(f.at(-1)).toMatch(/^sweep .* 2\/8 done .*ETA 30s$/);
    for (const line of f) expect(line.length).toBeLessThan(60);
  });
});

describe('progress in the commands', () => {
  const runProgress = (stderr: string): string[] => frames(stderr).filter((l) => /^(building network|network built|sim \d{4}-)/.test(l));

  it('sim run, sim verify and sim compare show the build line and the bar on a terminal', async () => {
    const out = join(work, 'run');
    const run = ttyIo(80);
    expect(await main(['run', 'scenarios/smoke.yaml', '--out', out, '--duration', '10m'], run)).toBe(0);
    const verify = ttyIo(80);
    expect(await main(['verify', out], verify)).toBe(0);
    const compare = ttyIo(60);
    expect(await main(['compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019,eu-ifr', '--duration', '10m', '--out', join(work, 'cmp')], compare)).toBe(0);
    for (const [io, columns] of [[run, 80], [verify, 80], [compare, 60]] as const) {
      const f = runProgress(io.stderr());
      expect(f[0]).toMatch(/^building network: 2,000 cards, 500 terminals/);
      expect(f.some((l) => l.startsWith('network built'))).toBe(true);
      expect(f.at(-1)).toMatch(/^sim 2018-12-20 18:\d\d .*%/);
      for (const l of frames(io.stderr())) expect(l.length).toBeLessThan(Math.max(columns, 81));
    }
  });

  it('sim run --replications counts the replications', async () => {
    const io = ttyIo(80);
    expect(await main(['run', 'scenarios/smoke.yaml', '--out', join(work, 'reps'), '--duration', '10m', '--replications', '2', '--workers', '1'], io)).toBe(0);
    expect(frames(io.stderr())).toContainEqual(expect.stringMatching(/^replications .*2\/2 done/));
  });

  it('--quiet draws nothing', async () => {
    const io = ttyIo(80);
    expect(await main(['run', 'scenarios/smoke.yaml', '--out', join(work, 'quiet'), '--duration', '10m', '--quiet'], io)).toBe(0);
    expect(io.stderr()).toBe('');
  });
});
