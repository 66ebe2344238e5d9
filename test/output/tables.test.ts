/**
 * tables.json, the table definitions as data: every entry is checked against its writer when it
 * loads. These tests show that the check refuses what the compiler used to (a column missing, an
 * extra or reordered one, a wrong file, an unknown type or unit, a key that is not a column), and
 * that the values a column lists are the ones the code produces.
 */
import { describe, expect, it } from 'vitest';
import { TABLES, definition, type TableEntry } from '../../src/output/datapackage-tables.js';
import { FRAUD_COLUMNS } from '../../src/output/fraud-csv.js';
import { FRAUD_TYPES } from '../../src/scenario/types.js';

const fraud = TABLES.find((t) => t.name === 'fraud')!;
/** The fraud table as its tables.json entry, to alter one thing at a time. */
const entry = (change: (e: { -readonly [K in keyof TableEntry]: TableEntry[K] }) => void): TableEntry => {
  const e = { file: fraud.file, row: fraud.row, when: fraud.when, dirs: fraud.dirs, primaryKey: fraud.primaryKey, fields: { ...fraud.fields } } as { -readonly [K in keyof TableEntry]: TableEntry[K] };
  change(e);
  return e;
};

describe('tables.json', () => {
  it('holds one table per writer, in its column order', () => {
    expect(TABLES.length).toBe(23);
    expect(fraud.columns).toEqual(FRAUD_COLUMNS);
    expect(Object.keys(fraud.fields)).toEqual([...FRAUD_COLUMNS]);
    expect(new Set(TABLES.map((t) => `${t.name}`)).size).toBe(TABLES.length);
  });

  it('lists the fraud types the scenario knows, in their order', () => {
    const transactions = TABLES.find((t) => t.name === 'transactions')!;
    expect(transactions.fields['fraud_type']?.values).toEqual([...FRAUD_TYPES]);
    expect(fraud.fields['fraud_type']?.values).toEqual([...FRAUD_TYPES, 'genuine']);
  });

  it('loads an unchanged entry as it is', () => {
    expect(definition(entry(() => {}))).toEqual(fraud);
  });

  it('refuses a missing, an extra or a reordered column', () => {
    const [first, second] = FRAUD_COLUMNS;
    expect(() => definition(entry((e) => { const f = { ...e.fields }; delete f[first]; e.fields = f; }))).toThrow(/describes .* its writer writes/);
    expect(() => definition(entry((e) => { e.fields = { ...e.fields, extra: { type: 'integer', description: 'x' } }; }))).toThrow(/describes/);
    expect(() => definition(entry((e) => { const { [first]: a, [second]: b, ...rest } = e.fields; e.fields = { [second]: b!, [first]: a!, ...rest }; }))).toThrow(/describes/);
  });

  it('refuses a wrong file, an unknown table, type or unit, and a key that is not a column', () => {
    expect(() => definition(entry((e) => { e.file = 'frauds.csv'; }))).toThrow(/frauds has no writer/);
    expect(() => definition(entry((e) => { e.name = 'fraud'; e.file = 'wallet.csv'; }))).toThrow(/names wallet.csv, its writer writes fraud.csv/);
    expect(() => definition(entry((e) => { e.fields = { ...e.fields, [FRAUD_COLUMNS[0]]: { type: 'float' as never, description: 'x' } }; }))).toThrow(/has type float/);
    expect(() => definition(entry((e) => { e.fields = { ...e.fields, [FRAUD_COLUMNS[0]]: { type: 'integer', description: 'x', unit: 'km' as never } }; }))).toThrow(/has unit km/);
    expect(() => definition(entry((e) => { e.primaryKey = ['nope']; }))).toThrow(/key nope is not a column/);
  });
});
