/**
 * datapackage.json: a Frictionless Data Package (v1, tabular) describing every table file of an
 * output directory with its Table Schema, so that frictionless, R and pandas read codes as text,
 * times as date-times with their zone and integers as integers. Made from the table definitions
 * of tables.json (datapackage-tables.ts), for the files the directory really holds.
 */
import { DATETIME_FORMAT, gridColumns, gridField, tableOf, type Column, type GridColumn, type TableDef, type Unit } from './datapackage-tables.js';
import { TABLE_KINDS } from './parquet-tables.js';
import { writeJsonFile } from './summary.js';

export const DATAPACKAGE_FILE = 'datapackage.json';

/** A Table Schema field as datapackage.json writes it. */
export interface PackageField {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  readonly description: string;
  readonly trueValues?: readonly string[];
  readonly falseValues?: readonly string[];
  readonly constraints?: { readonly required?: boolean; readonly enum?: readonly string[]; readonly pattern?: string };
}

export interface PackageResource {
  readonly name: string;
  readonly path: string;
  readonly profile: 'tabular-data-resource';
  readonly format: string;
  readonly mediatype: string;
  readonly encoding?: 'utf-8';
  readonly dialect?: { readonly delimiter: ','; readonly lineTerminator: '\n'; readonly header: true; readonly doubleQuote: true };
  readonly description: string;
  readonly schema: { readonly fields: readonly PackageField[]; readonly missingValues: readonly string[]; readonly primaryKey?: readonly string[] };
}

export interface DataPackage {
  readonly profile: 'tabular-data-package';
  readonly name: string;
  readonly title: string;
  readonly resources: readonly PackageResource[];
}

const UNIT_TEXT: Record<Unit, string> = {
  currency: 'major units of the currency in the currency column (exact decimal of integer minor units)',
  ms: 'milliseconds',
  us: 'microseconds',
  bp: 'basis points',
  share: 'share, 0 to 1',
  count: 'count',
  per_s: 'per second',
  per_100: 'per 100 units of value (a percentage)',
  days: 'days',
};

/** A column's description with its unit, as docs/outputs.md and datapackage.json give it. */
export function describeColumn(c: Column): string {
  return c.unit === undefined ? c.description : `${c.description}; unit: ${UNIT_TEXT[c.unit]}`;
}

function field(name: string, c: Column): PackageField {
  const constraints = {
    ...(c.optional === true ? {} : { required: true }),
    ...(c.values !== undefined ? { enum: c.values } : {}),
    ...(c.pattern !== undefined ? { pattern: c.pattern } : {}),
  };
  return {
    name,
    type: c.type,
    ...(c.type === 'datetime' ? { format: DATETIME_FORMAT } : {}),
    description: describeColumn(c),
    ...(c.type === 'boolean' ? { trueValues: ['1'], falseValues: ['0'] } : {}),
    constraints,
  };
}

/** Formats by file extension: a table in another format (Parquet) is one more line here. */
const FORMATS: Record<string, Pick<PackageResource, 'format' | 'mediatype' | 'encoding' | 'dialect'>> = {
  csv: { format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', dialect: { delimiter: ',', lineTerminator: '\n', header: true, doubleQuote: true } },
  parquet: { format: 'parquet', mediatype: 'application/vnd.apache.parquet' },
};

/**
 * The resource of one table file; undefined for a file that is not a table Quartet knows. A
 * sweep's grid axes (`grid`) are sweep.csv's columns after `point`.
 */
export function resourceOf(file: string, grid: readonly GridColumn[] = [], kind?: string): PackageResource | undefined {
  const t: TableDef | undefined = tableOf(file, kind);
  const format = FORMATS[file.slice(file.lastIndexOf('.') + 1)];
  if (t === undefined || format === undefined) return undefined;
  const parquet = format.format === 'parquet';
  const axes = new Map(grid.map((g) => [g.key, gridField(g)]));
  const fields = gridColumns(t, grid).map((c) => {
    const f = field(c, axes.get(c) ?? t.fields[c]!);
    return parquet ? parquetField(t.name, f) : f;
  });
  return {
    name: t.name,
    path: file,
    profile: 'tabular-data-resource',
    ...format,
    description: `one row per ${t.row}`,
    schema: { fields, missingValues: [''], ...(t.primaryKey !== undefined ? { primaryKey: t.primaryKey } : {}) },
  };
}

/**
 * A column as `--format parquet` types it (output/parquet-tables.ts): money as integer minor
 * units named `<name>_minor`, times as UTC instants, dates as dates; no CSV text conventions.
 */
function parquetField(table: string, f: PackageField): PackageField {
  const { format: _format, trueValues: _t, falseValues: _f, ...rest } = f;
  switch (TABLE_KINDS[table]?.[f.name]) {
    case 'money':
      return { ...rest, name: `${f.name}_minor`, type: 'integer', description: `${f.description}; in integer minor units of the row's currency` };
    case 'time':
      return { ...rest, type: 'datetime', description: `${f.description}; a UTC instant (TIMESTAMPTZ)` };
    case 'int':
      return { ...rest, type: 'integer' };
    default:
      return rest;
  }
}

/** A Data Package name: lower case letters, digits and `-_.` only. */
function packageName(scenario: string): string {
  const n = scenario.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return n === '' ? 'quartet-run' : n;
}

/** The data package of a directory holding `files` (in the manifest's order); files that are not tables are left out. */
export function dataPackage(scenario: string, kind: string, files: readonly string[], grid: readonly GridColumn[] = []): DataPackage {
  return {
    profile: 'tabular-data-package',
    name: packageName(`${scenario}-${kind}`),
    title: `Quartet ${kind} of scenario ${scenario}`,
    resources: files.flatMap((f) => resourceOf(f, grid, kind) ?? []),
  };
}

/** Writes datapackage.json for the files already written into `dir` (a sweep's with its grid), and returns the list with it added. */
export function withDataPackage<W extends { readonly file: string; readonly rows: number }>(
  dir: string,
  scenario: string,
  kind: string,
  files: readonly W[],
  grid: readonly GridColumn[] = [],
): (W | { file: string; rows: number })[] {
  const text = `${JSON.stringify(dataPackage(scenario, kind, files.map((f) => f.file), grid), null, 2)}\n`;
  return [...files, writeJsonFile(dir, DATAPACKAGE_FILE, text)];
}
