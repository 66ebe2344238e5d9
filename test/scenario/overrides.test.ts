/** The CLI's --seed and --duration: applied, validated, and faults clipped to a shorter run. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { loadFixture, located } from './_fixtures.js';

const HOUR = 3_600_000_000;

const WITH_FAULTS = `
name: overrides
duration: 1d
warmup: 1h
cards: { count: 1000 }
issuers: { count: 1 }
acquirers: { count: 1 }
merchants:
  terminals: 100
  categories:
    - { name: shop, mcc: 5411, share: 1.0, ticket: { dist: fixed, value: 100 } }
faults:
  - { kind: host_down, host: switch, from: 1h, duration: 1h }
  - { kind: capacity, host: "issuer:Issuer 1", servers: 1, from: 3h, to: 8h }
  - { kind: latency, link: acquirer_switch, add: 1s, from: 10h, to: 12h }
`;

describe('--seed', () => {
  it('replaces the seed of the file', () => {
    expect(loadFixture('minimal.yaml', { seed: 7 }).scenario?.seed).toBe(7);
  });

  it('must be a whole number >= 0', () => {
    const { scenario, errors } = loadFixture('minimal.yaml', { seed: -1 });
    expect(scenario).toBeUndefined();
    expect(located(errors)).toEqual([{ code: 'invalid_override', path: '--seed', line: 0, column: 0 }]);
  });
});

describe('--duration', () => {
  it('shortens the run', () => {
    expect(loadFixture('minimal.yaml', { durationUs: 6 * HOUR }).scenario?.durationUs).toBe(6 * HOUR);
  });

  it('clips fault windows past the shorter end and drops those that start after it', () => {
    const { scenario, errors } = parseScenario(WITH_FAULTS, 'inline.yaml', { durationUs: 5 * HOUR });
    expect(errors).toEqual([]);
    expect(scenario?.faults.map((f) => [f.kind, f.fromUs / HOUR, f.toUs / HOUR])).toEqual([
      ['host_down', 1, 2],
      ['capacity', 3, 5],
    ]);
  });

  it('must be a whole number of buckets', () => {
    const { errors } = loadFixture('minimal.yaml', { durationUs: 90 * 60_000_000 });
    expect(located(errors)).toEqual([{ code: 'invalid_override', path: '--duration', line: 0, column: 0 }]);
    expect(errors[0]?.message).toBe('1h30m is not a whole number of buckets (bucket 1h)');
  });

  it('must be longer than the warmup', () => {
    const { errors } = parseScenario(WITH_FAULTS, 'inline.yaml', { durationUs: HOUR });
    expect(located(errors)).toEqual([{ code: 'invalid_override', path: '--duration', line: 0, column: 0 }]);
  });

  it('must be positive', () => {
    const { errors } = loadFixture('minimal.yaml', { durationUs: 0 });
    expect(errors.map((e) => e.code)).toEqual(['invalid_override']);
  });

  it('does not excuse a fault outside the run of the file', () => {
    const { errors } = loadFixture('fault-window.yaml', { durationUs: 2 * HOUR });
    expect(errors.map((e) => e.code)).toEqual(['fault_window', 'fault_window', 'fault_window']);
  });

  it('comes before the errors of the file (it has no line)', () => {
    const { errors } = loadFixture('wrong-type.yaml', { seed: 1.5 });
    expect(errors.map((e) => e.path)).toEqual(['--seed', 'cards.count']);
  });
});
