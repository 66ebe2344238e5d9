/** `--set path=value`: applied to the document before validation, errors named by the override. */
import { describe, expect, it } from 'vitest';
import { formatScenarioError, loadScenario, parseScenario } from '../../src/scenario/index.js';
import { parseOverride } from '../../src/scenario/overrides.js';

const SMOKE = 'scenarios/smoke.yaml';
const load = (...set: string[]): ReturnType<typeof loadScenario> => loadScenario(SMOKE, { set });
const lines = (...set: string[]): string[] => load(...set).errors.map(formatScenarioError);

describe('--set paths', () => {
  it('reads dotted keys, list indexes, quoted and bare keys with spaces', () => {
    const path = (t: string): unknown => {
      const o = parseOverride(t);
      return 'label' in o ? o.path : o.message;
    };
    expect(path('cards.count=5')).toEqual(['cards', 'count']);
    expect(path('merchants.categories[2].share=0.1')).toEqual(['merchants', 'categories', 2, 'share']);
    expect(path('issuers.hosts["Beta Bank"].servers=3')).toEqual(['issuers', 'hosts', 'Beta Bank', 'servers']);
    expect(path('issuers.hosts.Beta Bank.servers=3')).toEqual(['issuers', 'hosts', 'Beta Bank', 'servers']);
    expect(path('fees.fx.rates["EUR/RUB"]=80')).toEqual(['fees', 'fx', 'rates', 'EUR/RUB']);
    for (const bad of ['cards.count', '=5', 'cards..count=1', 'cards[x]=1', 'cards]=1']) expect(path(bad), bad).toMatch(/^expected path=value/);
  });

  it('reads the value as YAML, the way the file is read', () => {
    const value = (t: string): unknown => {
      const o = parseOverride(t);
      return 'label' in o ? o.value : o.message;
    };
    expect(value('a=5000')).toBe(5000);
    expect(value('a=2e6')).toBe(2_000_000);
    expect(value('a=eu-ifr')).toBe('eu-ifr');
    expect(value('a="05"')).toBe('05');
    expect(value('a={servers: 8}')).toEqual({ servers: 8 });
    expect(value('a=[0.6, 0.4]')).toEqual([0.6, 0.4]);
    expect(value('a=x=y')).toBe('x=y');
  });
});

describe('--set on a scenario', () => {
  it('changes values, creates keys the schema knows, and records the overrides', () => {
    const { scenario, errors } = load('cards.count=5000', 'issuers.hosts.Beta Bank.servers=7', 'demand.per_card_per_day=2.5');
    expect(errors).toEqual([]);
    expect(scenario!.cards.count).toBe(5000);
    expect(scenario!.issuers.map((i) => i.host.servers)).toEqual([4, 7]);
    expect(scenario!.overrides).toEqual(['cards.count=5000', 'issuers.hosts.Beta Bank.servers=7', 'demand.per_card_per_day=2.5']);
    expect(load().scenario!.overrides).toBeUndefined();
  });

  it('an integer key takes 2e6 (a YAML float of integer value), not 2.5e0', () => {
    expect(load('cards.count=2e6').scenario!.cards.count).toBe(2_000_000);
    expect(lines('cards.count=2.5')).toEqual(["--set cards.count=2.5: cards.count: expected a whole number; got 2.5"]);
  });

  it('the later of two overrides of one value wins', () => {
    expect(load('cards.count=10', 'cards.count=20').scenario!.cards.count).toBe(20);
  });

  it('a bad value is an error named by the override, not by a place in the file', () => {
    expect(lines('cards.count=-1')).toEqual(['--set cards.count=-1: cards.count: must be between 1 and 1000000000; got -1']);
    expect(lines('issuers.hosts["Beta Bank"].servers=x')).toEqual([`--set issuers.hosts["Beta Bank"].servers=x: issuers.hosts["Beta Bank"].servers: expected a whole number; got 'x'`]);
    expect(lines('cards.count={a: [}')[0]).toMatch(/^--set cards\.count=\{a: \[\}: cards\.count: invalid YAML: /);
    expect(lines('cards.count=5', 'x={__proto__: 1}')).toEqual([expect.stringMatching(/^--set x=\{__proto__: 1\}: x: the key '__proto__' is not allowed/)]);
  });

  it('an unknown key or name says what was meant', () => {
    expect(lines('cards.cout=5')).toEqual(["--set cards.cout=5: cards.cout: unknown key 'cout' in cards; did you mean 'count'?"]);
    expect(lines('issuers.hosts.Beta Bnak.servers=3')).toEqual([`--set issuers.hosts.Beta Bnak.servers=3: issuers.hosts["Beta Bnak"]: unknown issuer 'Beta Bnak' in issuers.hosts; did you mean 'Beta Bank'?`]);
  });

  it('a path that cannot be followed is refused with the reason', () => {
    expect(lines('issuers.names[5]=X')).toEqual(['--set issuers.names[5]=X: issuers.names[5]: issuers.names has 2 items, so the index is at most 1']);
    expect(lines('cards.count.x=1')).toEqual(["--set cards.count.x=1: cards.count: a number, so it has no key 'x'"]);
    expect(lines('merchants.categories.x=1')).toEqual(['--set merchants.categories.x=1: merchants.categories: a list; name an item by its index, such as merchants.categories[0]']);
    expect(lines('cards[0]=1')).toEqual(['--set cards[0]=1: cards: a mapping, not a list; name one of its keys instead of [0]']);
    expect(lines('cards')).toEqual(['--set cards: expected path=value, such as cards.count=5000 or issuers.hosts["Beta Bank"].servers=4']);
  });

  it('an error a changed value causes elsewhere keeps its place in the file', () => {
    const errors = lines('issuers.names[1]=Gamma');
    expect(errors.length).toBeGreaterThan(1);
    expect(errors[0]).toMatch(/^scenarios\/smoke\.yaml:\d+:\d+: issuers\.wallet\[1\]: unknown issuer 'Beta Bank'/);
  });

  it('works on text as on a file, and leaves the file untouched', () => {
    const text = 'name: t\nduration: 1h\ncards: { count: 100 }\nissuers: { count: 1 }\nacquirers: { count: 1 }\nmerchants:\n  terminals: 10\n  categories:\n    - { name: shop, mcc: 5411, share: 1.0, ticket: { dist: fixed, value: 100 } }\n';
    const { scenario, errors } = parseScenario(text, 't.yaml', { set: ['cards.count=300', 'seed=9'] });
    expect(errors).toEqual([]);
    expect([scenario!.cards.count, scenario!.seed]).toEqual([300, 9]);
    expect(parseScenario(text, 't.yaml').scenario!.cards.count).toBe(100);
  });
});
