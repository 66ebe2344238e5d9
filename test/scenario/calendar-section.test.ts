/** The `calendar` section: resolution and its file:line:column errors. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { loadFixture, located } from './_fixtures.js';

const BASE = `name: x
duration: 1d
cards: { count: 100 }
issuers: { count: 1 }
acquirers: { count: 1 }
merchants: { terminals: 10, categories: [{ name: grocery, mcc: 5411, share: 1, ticket: { dist: fixed, value: 100 } }] }
`;

describe('the calendar section', () => {
  it('is absent by default and resolves a market, dates and named days', () => {
    expect(parseScenario(BASE).scenario?.calendar).toBeUndefined();
    const r = parseScenario(`${BASE}calendar:\n  market: CN\n  working_days: ["2018-02-11"]\n  days:\n    - { date: "2018-11-11", name: sale, card_not_present: 9, categories: { grocery: 1.5 } }\n`);
    expect(r.errors).toEqual([]);
    expect(r.scenario?.calendar).toEqual({
      market: 'CN', namedDays: true, holidays: [], workingDays: ['2018-02-11'],
      days: [{ date: '2018-11-11', name: 'sale', demand: 1, cardNotPresent: 9, categories: [{ name: 'grocery', factor: 1.5 }], holiday: false }],
    });
  });

  it('names a date that is not one and an unknown category, with did-you-mean, at their positions', () => {
    const { errors } = loadFixture('calendar-bad.yaml');
    expect(located(errors)).toEqual([
      { code: 'invalid_format', path: 'calendar.holidays[0]', line: 9, column: 14 },
      { code: 'unknown_name', path: 'calendar.days[0].categories.grocry', line: 11, column: 55 },
    ]);
    expect(errors[1]!.message).toMatch(/did you mean 'grocery'/);
  });

  it('refuses an unknown market through the schema', () => {
    const { errors } = parseScenario(`${BASE}calendar: { market: US }\n`);
    expect(errors.map((e) => [e.code, e.path])).toEqual([['invalid_choice', 'calendar.market']]);
  });
});
