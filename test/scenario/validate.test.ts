/**
 * Broken fixtures: each is checked for the exact list of errors (code, path, line, column), so a
 * mistake gives exactly the errors listed and no cascade. Message wording is checked where the
 * message carries information (suggestions, sums, limits).
 */
import { describe, expect, it } from 'vitest';
import { loadFixture, located } from './_fixtures.js';

type Expected = { code: string; path: string; line: number; column: number };
const e = (code: string, path: string, line: number, column: number): Expected => ({ code, path, line, column });

const CASES: readonly [string, string, readonly Expected[]][] = [
  ['an unknown key, at the key', 'unknown-key.yaml', [e('unknown_key', 'issuers.host.servrs', 7, 5)]],
  [
    'a misspelled required key: unknown, and the required one missing (at the parent mapping)',
    'misspelled-required.yaml',
    [e('missing_key', 'duration', 2, 1), e('unknown_key', 'durration', 3, 1)],
  ],
  ['a wrong type', 'wrong-type.yaml', [e('wrong_type', 'cards.count', 4, 10)]],
  ['a missing required key, at the parent mapping', 'missing-key.yaml', [e('missing_key', 'merchants.categories', 7, 3)]],
  [
    'a duration without unit (a number) and a malformed one (a string)',
    'duration-no-unit.yaml',
    [e('wrong_type', 'duration', 2, 11), e('invalid_format', 'bucket', 3, 9)],
  ],
  ['a compound duration with units out of order', 'duration-order.yaml', [e('invalid_format', 'bucket', 3, 9)]],
  ['a negative rate', 'negative-rate.yaml', [e('out_of_range', 'demand.per_card_per_day', 11, 21)]],
  [
    'shares that do not sum to 1 (list shares, category shares)',
    'shares-sum.yaml',
    [e('bad_sum', 'acquirers.shares', 7, 11), e('bad_sum', 'merchants.categories', 11, 5)],
  ],
  ['a list of shares longer than count', 'shares-count.yaml', [e('count_mismatch', 'issuers.shares', 6, 11)]],
  ['a list of names shorter than count', 'names-count.yaml', [e('count_mismatch', 'issuers.names', 6, 10)]],
  [
    'duplicate names, at the second occurrence',
    'duplicate-names.yaml',
    [e('duplicate_name', 'issuers.names[2]', 6, 24), e('duplicate_name', 'merchants.categories[1].name', 12, 15)],
  ],
  [
    'per-name overrides naming an unknown party, at the key',
    'unknown-host-override.yaml',
    [e('unknown_name', 'issuers.hosts["Gazprom bank"]', 8, 5), e('unknown_name', 'acquirers.timeouts.Sber', 12, 5)],
  ],
  [
    'a fault naming an unknown host',
    'fault-unknown-host.yaml',
    [e('unknown_name', 'faults[0].host', 13, 30), e('unknown_name', 'faults[1].host', 14, 29)],
  ],
  [
    'fault windows outside the run or empty',
    'fault-window.yaml',
    [e('fault_window', 'faults[0].from', 11, 44), e('fault_window', 'faults[1].duration', 12, 59), e('fault_window', 'faults[2].to', 13, 52)],
  ],
  [
    'a fault with both to and duration, and one with neither',
    'fault-end.yaml',
    [e('conflicting_keys', 'faults[0].duration', 11, 56), e('missing_key', 'faults[1].to', 12, 5)],
  ],
  ['a bucket that does not divide the duration', 'bucket-divisor.yaml', [e('bucket_not_divisor', 'bucket', 3, 9)]],
  ['a bucket shorter than the terminal timeout', 'bucket-short.yaml', [e('bucket_too_short', 'bucket', 3, 9)]],
  ['an acquirer timeout not below the terminal timeout', 'timeout-order.yaml', [e('timeout_order', 'acquirers.timeouts.South', 10, 12)]],
  [
    'zero timeouts',
    'timeout-zero.yaml',
    [e('out_of_range', 'acquirers.timeout', 7, 12), e('out_of_range', 'switch.issuer_timeout', 9, 19)],
  ],
  ['a probability above 1', 'probability.yaml', [e('out_of_range', 'cards.active_share', 5, 17)]],
  ['an unknown currency', 'currency.yaml', [e('invalid_choice', 'currency', 3, 11)]],
  [
    'distributions: unknown dist, missing parameter, bare number, min above max, negative sigma',
    'dist.yaml',
    [
      e('invalid_choice', 'issuers.host.service.dist', 6, 28),
      e('missing_key', 'acquirers.host.service.sigma', 9, 20),
      e('wrong_type', 'switch.host.service', 11, 20),
      e('out_of_range', 'links.switch_issuer.max', 13, 51),
      e('out_of_range', 'merchants.categories[0].ticket.sigma', 17, 89),
    ],
  ],
  ['an unquoted response code read as a number, at the key', 'mix.yaml', [e('invalid_format', 'declines.mix["5"]', 12, 5)]],
  [
    'the approval code in the decline mix, and the mix not summing to 1',
    'mix-approval.yaml',
    [e('bad_sum', 'declines.mix', 11, 8), e('invalid_choice', 'declines.mix["00"]', 11, 10)],
  ],
  ['a wallet without any wallet issuer', 'wallet-no-issuer.yaml', [e('wallet_no_issuer', 'wallet', 10, 1)]],
  ['a wallet issuer that does not exist', 'wallet-unknown-issuer.yaml', [e('unknown_name', 'issuers.wallet[1]', 7, 25)]],
  ['both demand rates', 'demand-both.yaml', [e('conflicting_keys', 'demand.per_second', 12, 3)]],
  [
    'hourly weights not summing to 1 and a weekly list of the wrong length',
    'hourly.yaml',
    [e('bad_sum', 'demand.hourly', 11, 11), e('count_mismatch', 'demand.weekly', 13, 11)],
  ],
  ['no card channel with a positive weight', 'channels-zero.yaml', [e('no_channel', 'channels', 10, 11)]],
  [
    'latency faults: a party of the wrong side, an unknown link, an unknown fault kind',
    'latency-fault.yaml',
    [e('unknown_name', 'faults[0].party', 15, 50), e('invalid_choice', 'faults[1].link', 16, 28), e('invalid_choice', 'faults[2].kind', 17, 13)],
  ],
  ['a start date that does not exist', 'start.yaml', [e('invalid_format', 'start', 2, 8)]],
  ['a start without offset', 'start-no-offset.yaml', [e('invalid_format', 'start', 2, 8)]],
  ['a scenario name with capitals and spaces', 'bad-name.yaml', [e('invalid_format', 'name', 1, 7)]],
  ['a document that is not a mapping', 'not-a-mapping.yaml', [e('wrong_type', '', 1, 1)]],
  ['an empty file', 'empty.yaml', [e('wrong_type', '', 1, 1)]],
  ['a warmup as long as the run', 'warmup.yaml', [e('out_of_range', 'warmup', 3, 9)]],
  ['a ticket that rounds to 0 minor units (JPY has none)', 'jpy-ticket.yaml', [e('out_of_range', 'merchants.categories[0].ticket.value', 10, 74)]],
  [
    'card products not summing to 1 (with a default), expired + blocked above 1',
    'card-shares.yaml',
    [e('bad_sum', 'cards.products', 5, 13), e('out_of_range', 'cards.blocked_share', 7, 18)],
  ],
  [
    'several independent mistakes: all reported, sorted by line',
    'many-errors.yaml',
    [
      e('out_of_range', 'cards.count', 5, 10),
      e('unknown_name', 'issuers.hosts["Issuer 3"]', 11, 5),
      e('unknown_key', 'acquirers.timout', 14, 3),
      e('bad_sum', 'merchants.categories', 18, 5),
      e('out_of_range', 'merchants.categories[0].mcc', 18, 26),
      e('out_of_range', 'channels.chip', 20, 19),
      e('unknown_name', 'faults[0].host', 22, 30),
    ],
  ],
];

describe('broken fixtures', () => {
  it.each(CASES)('%s (%s)', (_, file, expected) => {
    const { scenario, errors } = loadFixture(file);
    expect(scenario).toBeUndefined();
    expect(located(errors)).toEqual(expected);
  });
});

/** The message of the only error of a fixture. */
function message(file: string, index = 0): string {
  return loadFixture(file).errors[index]?.message ?? '';
}

describe('messages', () => {
  it('suggest the nearest valid key for an unknown key', () => {
    expect(message('unknown-key.yaml')).toBe("unknown key 'servrs' in issuers.host; did you mean 'servers'?");
  });

  it('say what a missing key is', () => {
    expect(message('missing-key.yaml')).toMatch(/^missing required key 'categories' in merchants \(merchant categories/);
  });

  it('say what type was expected and what was found', () => {
    expect(message('wrong-type.yaml')).toBe("expected a whole number; got 'many'");
  });

  it('ask for a unit on a bare number duration', () => {
    expect(message('duration-no-unit.yaml')).toMatch(/^expected a duration with a unit, such as '30d'.*; got 30$/);
  });

  it('say what shares sum to', () => {
    expect(message('shares-sum.yaml')).toBe('the acquirer shares sum to 0.9; they must sum to 1 (within 0.000001)');
  });

  it('suggest the nearest issuer name for an unknown override', () => {
    expect(message('unknown-host-override.yaml')).toContain("did you mean 'Gazprombank'?");
  });

  it('list the known names when none is near', () => {
    expect(message('unknown-host-override.yaml', 1)).toContain("the acquirers are 'Acquirer 1'");
  });

  it('suggest the nearest host reference for a fault', () => {
    expect(message('fault-unknown-host.yaml')).toContain("did you mean 'issuer:Gazprombank'?");
    expect(message('fault-unknown-host.yaml', 1)).toContain("did you mean 'switch'?");
  });

  it('say where a fault window falls outside the run', () => {
    const errors = loadFixture('fault-window.yaml').errors.map((x) => x.message);
    expect(errors).toEqual([
      'the fault starts at -1h, before the start of the run',
      'the fault ends at 1d1h, after the end of the run at 1d',
      'the fault window is empty: it ends at 4h, not after its start 5h',
    ]);
  });

  it('suggest known currencies', () => {
    expect(message('currency.yaml')).toBe("unknown currency 'RUR'; known currencies: RUB, CNY, USD, EUR, JPY, KZT, BYN, UZS, HUF, RSD, THB, KRW; did you mean 'RUB'?");
  });

  it('suggest the nearest distribution', () => {
    expect(message('dist.yaml')).toContain("did you mean 'lognormal'?");
  });

  it('explain an unquoted response code', () => {
    expect(message('mix.yaml')).toBe('response code 05 was read as the number 5; write codes in quotes, e.g. "05"');
  });

  it('say the limits of a probability', () => {
    expect(message('probability.yaml')).toBe('must be between 0 and 1 (a share or probability); got 1.5');
  });

  it('name both timers when they are in the wrong order', () => {
    expect(message('timeout-order.yaml')).toContain("acquirer 'South' (40s) must be shorter than merchants.terminal_timeout (20s)");
  });

  it('never contain raw ajv wording', () => {
    const files = CASES.map((c) => c[1]);
    for (const file of files) {
      for (const error of loadFixture(file).errors) {
        expect(error.message).not.toMatch(/must NOT|must match|must be equal to|must have required|additional properties/);
      }
    }
  });
});

describe('reports against the defaults', () => {
  it('puts a bucket error on duration when the bucket is the default', () => {
    const { errors } = loadFixture('bucket-default.yaml');
    expect(located(errors)).toEqual([e('bucket_not_divisor', 'duration', 3, 11)]);
    expect(errors[0]?.message).toBe('the bucket 1h (default) does not divide the duration 1h30m; the run must be a whole number of buckets');
  });
});
