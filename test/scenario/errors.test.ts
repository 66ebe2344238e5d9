import { describe, expect, it } from 'vitest';
import {
  compareScenarioErrors,
  describeValue,
  didYouMean,
  editDistance,
  formatNumber,
  formatPath,
  formatScenarioError,
  nearest,
  type ScenarioError,
} from '../../src/scenario/errors.js';

const error = (over: Partial<ScenarioError>): ScenarioError => ({
  file: 'scenarios/x.yaml',
  line: 3,
  column: 7,
  path: 'cards.count',
  code: 'wrong_type',
  message: 'expected a whole number',
  ...over,
});

describe('formatScenarioError', () => {
  it('gives file:line:column: path: message', () => {
    expect(formatScenarioError(error({}))).toBe('scenarios/x.yaml:3:7: cards.count: expected a whole number');
  });

  it('leaves out the place when there is none, and the path when it is empty', () => {
    expect(formatScenarioError(error({ line: 0, column: 0, path: '--seed' }))).toBe('scenarios/x.yaml: --seed: expected a whole number');
    expect(formatScenarioError(error({ path: '' }))).toBe('scenarios/x.yaml:3:7: expected a whole number');
  });
});

describe('compareScenarioErrors', () => {
  it('orders by line, then column', () => {
    const sorted = [error({ line: 5, column: 1 }), error({ line: 3, column: 9 }), error({ line: 3, column: 2 })].sort(compareScenarioErrors);
    expect(sorted.map((e) => [e.line, e.column])).toEqual([
      [3, 2],
      [3, 9],
      [5, 1],
    ]);
  });
});

describe('formatPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatPath(['merchants', 'categories', 3, 'share'])).toBe('merchants.categories[3].share');
  });

  it('quotes keys that are not identifiers', () => {
    expect(formatPath(['issuers', 'hosts', 'Post Bank', 'servers'])).toBe('issuers.hosts["Post Bank"].servers');
    expect(formatPath(['declines', 'mix', '05'])).toBe('declines.mix["05"]');
  });

  it('is empty for the whole document', () => {
    expect(formatPath([])).toBe('');
  });
});

describe('suggestions', () => {
  it('computes the Levenshtein distance', () => {
    expect(editDistance('servrs', 'servers')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the nearest candidate, ignoring case', () => {
    expect(nearest('servrs', ['servers', 'service'])).toBe('servers');
    expect(nearest('gazprombank', ['Gazprombank', 'VTB'])).toBe('Gazprombank');
  });

  it('suggests nothing when no candidate is near', () => {
    expect(nearest('zzzzzz', ['servers', 'service'])).toBeUndefined();
    expect(didYouMean('zzzzzz', ['servers'])).toBe('');
  });

  it("phrases a suggestion as '; did you mean ...?'", () => {
    expect(didYouMean('timout', ['timeout', 'timeouts'])).toBe("; did you mean 'timeout'?");
  });
});

describe('describeValue', () => {
  it('names values as YAML shows them', () => {
    expect(describeValue('abc')).toBe("'abc'");
    expect(describeValue(null)).toBe('an empty value');
    expect(describeValue([1])).toBe('a list');
    expect(describeValue({ a: 1 })).toBe('a mapping');
    expect(describeValue(Infinity)).toBe('.inf');
    expect(describeValue(0.1 + 0.2)).toBe('0.3');
  });

  it('formats numbers without binary noise', () => {
    expect(formatNumber(0.9700000000000001)).toBe('0.97');
  });
});
