/**
 * The vocabulary of the table definitions: field types, units, a column and a table. The
 * tables themselves are data, in tables.json, loaded and checked by datapackage-tables.ts.
 */
/** Table Schema field types Quartet uses. */
export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'datetime'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * Units: `currency` is an amount in major units of the row's `currency` column (a decimal
 * written exactly from integer minor units); the others are `ms`, `us` (microseconds), `bp`
 * (basis points), `share` (0..1), `count`, `per_s` (per second), `per_100` (units per 100 of
 * value: a percentage), `days`.
 */
export const UNITS = ['currency', 'ms', 'us', 'bp', 'share', 'count', 'per_s', 'per_100', 'days'] as const;
export type Unit = (typeof UNITS)[number];

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

/** A table: its file, what a row is, when and where it is written, its columns and their fields. */
export interface TableDef<C extends string = string> {
  /** The resource name in datapackage.json: the file's base name unless the definition names it (a second table of one file name). */
  readonly name: string;
  readonly file: string;
  readonly columns: readonly C[];
  readonly fields: { readonly [K in C]: Column };
  /** One row per ... */
  readonly row: string;
  /** When the file is written: `always`, or a phrase after "written" (`with \`--ledger\``). */
  readonly when: string;
  readonly dirs: readonly DirectoryKind[];
  /** Columns whose values identify a row; none for tables of events (transactions, postings). */
  readonly primaryKey?: readonly C[];
  /** sweep.csv: after this column, one column per `--grid` axis, named by its path (`gridColumns`). */
  readonly gridAfter?: C;
}

/** The resource name of a file: its base name (`throughput.csv` -> `throughput`). */
export const resourceName = (file: string): string => file.slice(0, file.lastIndexOf('.'));

/** Local ISO 8601 date-time with milliseconds and the scenario's offset (2018-12-20T18:00:00.000+03:00). */
export const DATETIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f%z';
