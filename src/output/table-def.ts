/**
 * The vocabulary of the table definitions: field types, units, a column, a table, and the
 * columns several tables share (day, date, bucket, counts, amounts, currencies). The tables are
 * in datapackage-tables.ts (a run's) and datapackage-dir-tables.ts (the other directories').
 */
/** Table Schema field types Quartet uses. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';

/**
 * Units: `currency` is an amount in major units of the row's `currency` column (a decimal
 * written exactly from integer minor units); the others are `ms`, `us` (microseconds), `bp`
 * (basis points), `share` (0..1), `count`, `per_s` (per second), `per_100` (units per 100 of
 * value: a percentage), `days`.
 */
export type Unit = 'currency' | 'ms' | 'us' | 'bp' | 'share' | 'count' | 'per_s' | 'per_100' | 'days';

export interface Column {
  readonly type: FieldType;
  readonly description: string;
  readonly unit?: Unit;
  /** The only values it takes. */
  readonly values?: readonly string[];
  /** A regular expression every value matches (codes). */
  readonly pattern?: string;
  /** It may be empty (the empty cell is the table's missing value). */
  readonly optional?: true;
}

/** Which output directories hold a table. */
export type DirectoryKind = 'run' | 'compare' | 'replications' | 'sweep' | 'regimes';

/** A table as its definition is written: the resource name follows from the file unless given. */
export interface TableSpec<C extends string = string> {
  readonly file: string;
  /** One row per ... */
  readonly row: string;
  /** When the file is written: `always`, or a phrase after "written" (`with \`--ledger\``). */
  readonly when: string;
  readonly dirs: readonly DirectoryKind[];
  readonly columns: readonly C[];
  readonly fields: { readonly [K in C]: Column };
  /** Columns whose values identify a row; none for tables of events (transactions, postings). */
  readonly primaryKey?: readonly C[];
  /** sweep.csv: after this column, one column per `--grid` axis, named by its path (`gridColumns`). */
  readonly gridAfter?: C;
  /** The resource name, where it is not the file's base name (a second table of one file name). */
  readonly name?: string;
}

export interface TableDef<C extends string = string> extends TableSpec<C> {
  /** The resource name in datapackage.json: the file's base name unless the definition names it. */
  readonly name: string;
}

/** A table definition, its resource name filled in. */
export const table = <const C extends string>(t: TableSpec<C>): TableDef<C> => ({ name: t.name ?? t.file.slice(0, t.file.lastIndexOf('.')), ...t });

/** Local ISO 8601 date-time with milliseconds and the scenario's offset (2018-12-20T18:00:00.000+03:00). */
export const DATETIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f%z';
export const CODE = '^[0-9A-Z]{2}$';
export const CURRENCY = '^[A-Z]{3}$';
export const currency = (what: string): Column => ({ type: 'string', description: `ISO 4217 code of the currency of ${what}`, pattern: CURRENCY });
export const bucket: Column = { type: 'integer', description: 'time bucket number (0 at the start of the run; buckets of the warm-up are not written)' };
export const start: Column = { type: 'datetime', description: "start of the bucket, local time in the offset of the scenario's start" };
export const day: Column = { type: 'integer', description: "local day number (day 0 holds the start of the run)", unit: 'days' };
export const date: Column = { type: 'date', description: 'local calendar date of that day' };
export const count = (description: string): Column => ({ type: 'integer', description, unit: 'count' });
export const money = (description: string): Column => ({ type: 'number', description, unit: 'currency' });
export const PARTICIPANTS = ['cardholder', 'issuer', 'scheme', 'acquirer', 'merchant', 'fx'];
/** Who pays the wallet platforms' fees (fees.csv), and their positions on the clearing house (settlement.csv). */
export const PLATFORM_PAYERS = ['platform', 'reserve', 'consumer'];
export const PLATFORM_PARTICIPANTS = ['platform', 'bank', 'clearing_house'];
