/**
 * Every table Quartet writes, column by column: type, unit and meaning. The definitions are data,
 * in tables.json (one entry per table, in the order of docs/outputs.md: a Frictionless Table
 * Schema's fields with Quartet's units, plus the file, the row, when it is written and the
 * directories that hold it). datapackage.json and docs/outputs.md are made from them. Each
 * table's column order is its writer's own header constant, registered below: loading checks
 * that every table's fields are exactly those columns in that order and that its file is the
 * writer's, so a column added to a writer without its description fails at the first import
 * (every test), as the compiler once refused it.
 */
import { ACCEPTANCE_COLUMNS, ACCEPTANCE_FILE } from './acceptance-csv.js';
import { ATM_COLUMNS, ATM_FILE } from './atm-csv.js';
import { CALIBRATION_COLUMNS, CALIBRATION_FILE, CALIBRATION_NRMSE_COLUMNS, CALIBRATION_NRMSE_FILE } from './calibration.js';
import { COMPARE_COLUMNS, COMPARE_FILE } from './compare-csv.js';
import { COMPARE_INTERVALS_COLUMNS, COMPARE_INTERVALS_FILE } from './compare-regimes-csv.js';
import { CHOICE_COLUMNS, CHOICE_FILE, PLATFORMS_COLUMNS, PLATFORMS_FILE } from './platforms-csv.js';
import { FRAUD_COLUMNS, FRAUD_FILE } from './fraud-csv.js';
import { MARKETS_COLUMNS, MARKETS_FILE } from './markets-csv.js';
import {
  DECLINES_COLUMNS, FEES_COLUMNS, FILES, LEDGER_COLUMNS, MONEY_FILES, NODES_COLUMNS, SETTLEMENT_COLUMNS,
  THROUGHPUT_COLUMNS, TRANSACTION_COLUMNS, WALLET_COLUMNS,
} from './records.js';
import { FIELD_TYPES, UNITS, resourceName, type Column, type TableDef } from './table-def.js';
import SPECS from './tables.json' with { type: 'json' };

export type { Column, DirectoryKind, FieldType, TableDef, Unit } from './table-def.js';
export { DATETIME_FORMAT } from './table-def.js';

export const REPLICATIONS_FILE = 'replications.csv';
export const REPLICATION_VALUES_FILE = 'replication-values.csv';
export const REPLICATIONS_COLUMNS = ['metric', 'replications', 'mean', 'sd', 'ci95_low', 'ci95_high'] as const;
export const REPLICATION_VALUES_COLUMNS = ['seed', 'metric', 'value'] as const;
export const SWEEP_COLUMNS = ['point', 'metric', 'unit', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n'] as const;
export const SWEEP_VALUES_COLUMNS = ['point', 'seed', 'metric', 'value'] as const;

/** Each table's writer, by resource name: its file and its header, the column order of the file. */
const WRITERS: Readonly<Record<string, readonly [file: string, columns: readonly string[]]>> = {
  throughput: [FILES.throughput, THROUGHPUT_COLUMNS],
  nodes: [FILES.nodes, NODES_COLUMNS],
  declines: [FILES.declines, DECLINES_COLUMNS],
  wallet: [FILES.wallet, WALLET_COLUMNS],
  platforms: [PLATFORMS_FILE, PLATFORMS_COLUMNS],
  choice: [CHOICE_FILE, CHOICE_COLUMNS],
  acceptance: [ACCEPTANCE_FILE, ACCEPTANCE_COLUMNS],
  atm: [ATM_FILE, ATM_COLUMNS],
  transactions: [FILES.transactions, TRANSACTION_COLUMNS],
  fraud: [FRAUD_FILE, FRAUD_COLUMNS],
  settlement: [MONEY_FILES.settlement, SETTLEMENT_COLUMNS],
  fees: [MONEY_FILES.fees, FEES_COLUMNS],
  ledger: [MONEY_FILES.ledger, LEDGER_COLUMNS],
  calibration: [CALIBRATION_FILE, CALIBRATION_COLUMNS],
  'calibration-nrmse': [CALIBRATION_NRMSE_FILE, CALIBRATION_NRMSE_COLUMNS],
  compare: [COMPARE_FILE, COMPARE_COLUMNS],
  'compare-regimes': [COMPARE_FILE, COMPARE_COLUMNS],
  'compare-intervals': [COMPARE_INTERVALS_FILE, COMPARE_INTERVALS_COLUMNS],
  replications: [REPLICATIONS_FILE, REPLICATIONS_COLUMNS],
  'replication-values': [REPLICATION_VALUES_FILE, REPLICATION_VALUES_COLUMNS],
  sweep: ['sweep.csv', SWEEP_COLUMNS],
  'sweep-values': ['sweep-values.csv', SWEEP_VALUES_COLUMNS],
  markets: [MARKETS_FILE, MARKETS_COLUMNS],
};

/** One entry of tables.json: a table without its columns (its writer's), its name only where it is not the file's base name. */
export type TableEntry = Omit<TableDef, 'name' | 'columns'> & { readonly name?: string };

/** An entry with its writer's columns, or the mismatch that makes tables.json wrong (a defect of the build, not of a user's input). */
export function definition(t: TableEntry): TableDef {
  const name = t.name ?? resourceName(t.file);
  const writer = WRITERS[name];
  if (writer === undefined) throw new Error(`tables.json: ${name} has no writer in datapackage-tables.ts`);
  const [file, columns] = writer;
  const keys = Object.keys(t.fields);
  if (file !== t.file) throw new Error(`tables.json: ${name} names ${t.file}, its writer writes ${file}`);
  if (keys.join() !== columns.join()) throw new Error(`tables.json: ${name} describes [${keys.join(', ')}], its writer writes [${columns.join(', ')}]`);
  for (const [k, f] of Object.entries(t.fields)) {
    if (!(FIELD_TYPES as readonly string[]).includes(f.type)) throw new Error(`tables.json: ${name}.${k} has type ${f.type}, not one of ${FIELD_TYPES.join(', ')}`);
    if (f.unit !== undefined && !(UNITS as readonly string[]).includes(f.unit)) throw new Error(`tables.json: ${name}.${k} has unit ${f.unit}, not one of ${UNITS.join(', ')}`);
  }
  for (const k of [...(t.primaryKey ?? []), ...(t.gridAfter === undefined ? [] : [t.gridAfter])]) {
    if (!columns.includes(k)) throw new Error(`tables.json: ${name}'s key ${k} is not a column`);
  }
  return { name, ...t, columns };
}

export const TABLES: readonly TableDef[] = (SPECS as unknown as readonly TableEntry[]).map(definition);
for (const name of Object.keys(WRITERS)) {
  const n = TABLES.filter((t) => t.name === name).length;
  if (n !== 1) throw new Error(`tables.json: the writer of ${name} has ${n} tables, not one`);
}

const named = (name: string): TableDef => TABLES.find((t) => t.name === name)!;
export const SWEEP = named('sweep');
export const SWEEP_VALUES = named('sweep-values');

/** A `--grid` axis as a table column: its path and its values as given. */
export interface GridColumn {
  readonly key: string;
  readonly values: readonly string[];
}

/** The header of a table with grid columns (sweep.csv): the axes' paths after `gridAfter`; other tables as they are. */
export function gridColumns(t: TableDef, grid: readonly GridColumn[]): string[] {
  if (t.gridAfter === undefined) return [...t.columns];
  const at = t.columns.indexOf(t.gridAfter) + 1;
  return [...t.columns.slice(0, at), ...grid.map((g) => g.key), ...t.columns.slice(at)];
}

/** A grid axis's column: integer or number when every value is one in plain notation, else the YAML text. */
export function gridField(g: GridColumn): Column {
  const type = g.values.every((v) => /^-?\d+$/.test(v)) ? 'integer' : g.values.every((v) => /^-?\d+(\.\d+)?$/.test(v)) ? 'number' : 'string';
  return { type, description: `the point's value of the grid axis \`${g.key}\` (\`--grid ${g.key}=[...]\`), as given` };
}

/**
 * The table a data file holds, by its base name (`throughput.csv`, `throughput.parquet`) and, where
 * two directory kinds hold different tables under one name (compare.csv), the directory's kind;
 * undefined for other files.
 */
export function tableOf(file: string, kind?: string): TableDef | undefined {
  const base = file.replace(/\.[^.]+$/, '');
  const named = TABLES.filter((t) => t.file.replace(/\.[^.]+$/, '') === base);
  return named.find((t) => kind !== undefined && (t.dirs as readonly string[]).includes(kind)) ?? named[0];
}
