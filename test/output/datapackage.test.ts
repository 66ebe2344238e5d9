/**
 * datapackage.json describes exactly the tables a directory holds, column for column, and every
 * cell of every table satisfies its field's type and constraints: a Frictionless-style check
 * written out here (integers parse as integers, date-times carry their zone, codes stay text,
 * primary keys are unique). Also compare.csv's unit and currency columns.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { DataPackage, PackageField, PackageResource } from '../../src/output/datapackage.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-datapackage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** RFC 4180 CSV (quoted fields with doubled quotes, `\n` line ends) as rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'date', 'datetime']);

/** The Python/strptime pattern the package declares for date-times, as a regular expression. */
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$/;

/** Why one cell does not satisfy its field, or undefined. */
function cellProblem(f: PackageField, v: string, missing: readonly string[]): string | undefined {
  if (missing.includes(v)) return f.constraints?.required === true ? 'required but empty' : undefined;
  switch (f.type) {
    case 'integer':
      if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) return 'not an integer';
      break;
    case 'number':
      if (!/^-?\d+(\.\d+)?$/.test(v)) return 'not a decimal number';
      break;
    case 'boolean':
      if (![...(f.trueValues ?? []), ...(f.falseValues ?? [])].includes(v)) return 'not one of trueValues/falseValues';
      break;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) return 'not a date';
      break;
    case 'datetime':
      if (f.format !== '%Y-%m-%dT%H:%M:%S.%f%z') return `unexpected format ${f.format}`;
      if (!DATETIME.test(v) || Number.isNaN(Date.parse(v))) return 'not a date-time with its zone';
      break;
  }
  const c = f.constraints ?? {};
  if (c.enum !== undefined && !c.enum.includes(v)) return `not one of ${c.enum.join(', ')}`;
  if (c.pattern !== undefined && !new RegExp(`^(?:${c.pattern})$`).test(v)) return `does not match ${c.pattern}`;
  return undefined;
}

/** Checks one resource against its file; returns the problems (at most a few per column). */
function checkResource(dir: string, r: PackageResource): string[] {
  const problems: string[] = [];
  const rows = parseCsv(readFileSync(join(dir, r.path), 'utf8'));
  const [header, ...data] = rows;
  const names = r.schema.fields.map((f) => f.name);
  if (JSON.stringify(header) !== JSON.stringify(names)) problems.push(`${r.path}: header ${header!.join(',')} but fields ${names.join(',')}`);
  const ragged = data.filter((row) => row.length !== names.length).length;
  if (ragged > 0) problems.push(`${r.path}: ${ragged} rows without one cell per field`);
  r.schema.fields.forEach((f, i) => {
    if (!TYPES.has(f.type)) problems.push(`${r.path}.${f.name}: type ${f.type}`);
    if (typeof f.description !== 'string' || f.description.length < 5) problems.push(`${r.path}.${f.name}: no description`);
    let bad = 0;
    for (const row of data) {
      const p = cellProblem(f, row[i]!, r.schema.missingValues);
      if (p !== undefined && bad++ < 3) problems.push(`${r.path}.${f.name}: "${row[i]}" ${p}`);
    }
  });
  const key = r.schema.primaryKey;
  if (key !== undefined) {
    const at = key.map((k) => names.indexOf(k));
    if (at.includes(-1)) problems.push(`${r.path}: primary key ${key.join(',')} names an unknown field`);
    const seen = new Set(data.map((row) => at.map((i) => row[i]).join('\u0000')));
    if (seen.size !== data.length) problems.push(`${r.path}: primary key ${key.join(',')} is not unique (${data.length - seen.size} duplicates)`);
  }
  return problems;
}

function readPackage(dir: string): DataPackage {
  return JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8')) as DataPackage;
}

/** The package describes every CSV file of `dir` and nothing else, and each one checks out. */
function expectDescribed(dir: string): DataPackage {
  const pkg = readPackage(dir);
  expect(pkg.profile).toBe('tabular-data-package');
  expect(pkg.name).toMatch(/^[a-z0-9._-]+$/);
  const csv = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
  expect(pkg.resources.map((r) => r.path).sort()).toEqual(csv);
  for (const r of pkg.resources) {
    expect(r).toMatchObject({ profile: 'tabular-data-resource', format: 'csv', mediatype: 'text/csv', name: r.path.replace(/\.csv$/, '') });
    expect(checkResource(dir, r)).toEqual([]);
  }
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { name: string }[] };
  expect(m.files.map((f) => f.name)).toContain('datapackage.json');
  return pkg;
}

async function sim(...args: string[]): Promise<void> {
  const io = captureIo();
  expect(await main(args, io), io.stderr()).toBe(0);
}

const field = (pkg: DataPackage, resource: string, name: string): PackageField => pkg.resources.find((r) => r.name === resource)!.schema.fields.find((f) => f.name === name)!;

describe('datapackage.json', () => {
  const run = join(work, 'run');
  const compare = join(work, 'compare');
  const reps = join(work, 'reps');
  const sweep = join(work, 'sweep');
  beforeAll(async () => {
    await sim('run', 'scenarios/smoke.yaml', '--transactions', '--ledger', '--out', run, '--quiet');
    await sim('compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019,eu-ifr,wallet-3party-cn', '--duration', '30m', '--out', compare, '--quiet');
    await sim('run', 'scenarios/smoke.yaml', '--replications', '2', '--duration', '10m', '--workers', '1', '--out', reps, '--quiet');
    await sim('sweep', 'scenarios/smoke.yaml', '--duration', '10m', '--grid', 'cards.count=[1000,2000]', '--grid', 'issuers.hosts.Beta Bank.servers=[1,3]', '--workers', '1', '--out', sweep, '--quiet');
  }, 60_000);

  it('a run with --transactions --ledger: every table, every column typed, every cell valid', () => {
    const pkg = expectDescribed(run);
    expect(pkg.resources.map((r) => r.name)).toEqual(['throughput', 'nodes', 'declines', 'wallet', 'settlement', 'fees', 'transactions', 'ledger']);
    // Codes are text, times are date-times with their zone, money is a number with its unit.
    expect(field(pkg, 'declines', 'response_code')).toMatchObject({ type: 'string', constraints: { pattern: '^[0-9A-Z]{2}$' } });
    expect(field(pkg, 'transactions', 'response_code').type).toBe('string');
    expect(field(pkg, 'transactions', 'mcc').type).toBe('string');
    expect(field(pkg, 'throughput', 'start')).toMatchObject({ type: 'datetime', format: '%Y-%m-%dT%H:%M:%S.%f%z' });
    expect(field(pkg, 'throughput', 'attempts').type).toBe('integer');
    expect(field(pkg, 'throughput', 'value_approved').type).toBe('number');
    expect(field(pkg, 'throughput', 'value_approved').description).toMatch(/currency/);
    expect(field(pkg, 'throughput', 'approval_rate').description).toMatch(/share/);
    expect(readFileSync(join(run, 'declines.csv'), 'utf8')).toMatch(/,05,do not honor,/);
  });

  it('a compare directory, its compare.csv included', () => {
    const pkg = expectDescribed(compare);
    expect(pkg.resources.map((r) => r.name)).toEqual(['throughput', 'nodes', 'declines', 'wallet', 'compare']);
  });

  it('a replications directory, and each seed-<s>/ inside it', () => {
    const pkg = expectDescribed(reps);
    expect(pkg.resources.map((r) => r.name)).toEqual(['replications', 'replication-values']);
    for (const seed of ['seed-42', 'seed-43']) expect(expectDescribed(join(reps, seed)).resources.length).toBeGreaterThan(3);
  });

  it('a sweep directory: sweep.csv with a column per grid axis, named by its path, and sweep-values.csv', () => {
    const pkg = expectDescribed(sweep);
    expect(pkg.resources.map((r) => r.name)).toEqual(['sweep', 'sweep-values']);
    expect(pkg.resources[0]!.schema.fields.map((f) => f.name)).toEqual(['point', 'cards.count', 'issuers.hosts.Beta Bank.servers', 'metric', 'unit', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n']);
    expect(field(pkg, 'sweep', 'cards.count')).toMatchObject({ type: 'integer', constraints: { required: true } });
    expect(field(pkg, 'sweep', 'issuers.hosts.Beta Bank.servers').description).toBe("the point's value of the grid axis `issuers.hosts.Beta Bank.servers` (`--grid issuers.hosts.Beta Bank.servers=[...]`), as given");
    expect(field(pkg, 'sweep', 'sd').constraints?.required).toBeUndefined();
    expect(pkg.resources[0]!.schema.primaryKey).toEqual(['point', 'metric']);
  });

  it('the check itself finds a code written as a number, a time without its zone and a duplicate key', () => {
    const pkg = readPackage(run);
    const declines = pkg.resources.find((r) => r.name === 'declines')!;
    const f = (n: string) => declines.schema.fields.find((x) => x.name === n)!;
    expect(cellProblem(f('response_code'), '5', [''])).toMatch(/does not match/);
    expect(cellProblem(f('start'), '2018-12-20T18:00:00.000', [''])).toMatch(/zone/);
    expect(cellProblem(f('count'), '1.5', [''])).toMatch(/integer/);
    expect(cellProblem(f('count'), '', [''])).toMatch(/required/);
    const dup = { ...declines, path: 'dup.csv' };
    const text = readFileSync(join(run, 'declines.csv'), 'utf8');
    const lines = text.trimEnd().split('\n');
    const copy = join(work, 'dup');
    rmSync(copy, { recursive: true, force: true });
    expect(existsSync(copy)).toBe(false);
    mkdirSync(copy);
    writeFileSync(join(copy, 'dup.csv'), `${[...lines, lines[1]].join('\n')}\n`);
    expect(checkResource(copy, dup).join('\n')).toMatch(/not unique \(1 duplicates\)/);
  });
});

describe('compare.csv: a unit and a currency for every value', () => {
  const dir = join(work, 'compare');
  const rows = (): Record<string, string>[] => {
    const [header, ...data] = parseCsv(readFileSync(join(dir, 'compare.csv'), 'utf8'));
    return data.map((r) => Object.fromEntries(r.map((v, i) => [header![i]!, v])));
  };

  it('money rows are in the scenario currency, ratios in bp or per 100, counts and pass/fail flags so named', () => {
    const r = rows();
    expect(r.length).toBeGreaterThan(50);
    const units = new Map<string, Set<string>>();
    for (const x of r) units.set(x['metric']!, (units.get(x['metric']!) ?? new Set()).add(`${x['unit']}|${x['currency']}`));
    const one = (metric: string) => [...units.get(metric)!];
    for (const m of ['revenue', 'cost', 'net', 'value']) expect(one(m)).toEqual(['RUB|RUB']);
    for (const m of ['scheme_take_bps', 'merchant_fee_bps', 'avoided_cost_bps']) expect(one(m)).toEqual(['bp|']);
    expect(one('merchant_cost_per_100')).toEqual(['per_100|']);
    expect(one('purchases')).toEqual(['count|']);
    expect(one('tourist_test_pass')).toEqual(['bool|']);
    expect([...units.keys()].sort()).toEqual(['avoided_cost_bps', 'cost', 'merchant_cost_per_100', 'merchant_fee_bps', 'net', 'purchases', 'revenue', 'scheme_take_bps', 'tourist_test_pass', 'value']);
    for (const x of r.filter((y) => y['unit'] === 'bool')) expect(['0', '1', '']).toContain(x['value']);
  });
});
