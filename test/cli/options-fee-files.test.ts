/**
 * `sim compare --fee-models` takes fee-model files beside presets: read and checked like a
 * scenario's `fees:` section, problems located in the file, named in compare.csv by the model's
 * name (or the file's base name); and `sim verify` re-reads them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FEE_PRESETS } from '../../src/economics/index.js';
import type { Manifest } from '../../src/output/manifest.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-fee-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function sim(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** compare.csv as rows of cells (no quoted fields in it). */
function compareRows(dir: string): string[][] {
  return readFileSync(join(dir, 'compare.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
}

function write(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe('a fee-model file with the content of preset ru-2019', () => {
  const out = join(work, 'copy');
  let copy = '';
  let run = { code: -1, out: '', err: '' };
  beforeAll(async () => {
    copy = write('ru-copy.yaml', stringify({ ...FEE_PRESETS['ru-2019'], name: 'ru-2019-copy' }));
    run = await sim('compare', 'scenarios/smoke.yaml', '--fee-models', `ru-2019,${copy}`, '--duration', '30m', '--out', out, '--quiet');
  });

  it('is compared under its own name and gives the figures of the preset, row for row', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const rows = compareRows(out);
    const preset = rows.filter((r) => r[0] === 'ru-2019');
    const file = rows.filter((r) => r[0] === 'ru-2019-copy');
    expect(preset.length).toBeGreaterThan(20);
    expect(file.map((r) => r.slice(1, 5))).toEqual(preset.map((r) => r.slice(1, 5)));
    for (const r of file) if (r[5] !== '') expect(Number(r[5])).toBe(0);
    expect(run.out).toContain('ru-2019-copy');
  });

  it('is recorded in the manifest with its digest, and sim verify re-reads it (exit 0)', async () => {
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.options.feeModels).toEqual(['ru-2019', copy]);
    expect(m.options.feeModelFiles).toHaveLength(1);
    expect(m.options.feeModelFiles![0]!.spec).toBe(copy);
    expect(m.options.feeModelFiles![0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const v = await sim('verify', out);
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/identical\s+compare\.csv/);
  });

  it('sim verify says so when the file changed since the run (exit 1)', async () => {
    writeFileSync(copy, `${readFileSync(copy, 'utf8')}# edited\n`);
    const v = await sim('verify', out);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/fee-model file .*ru-copy\.yaml changed since the run: sha256 [0-9a-f]{12} now, [0-9a-f]{12} recorded/);
  });
});

describe('a fee-model file without a name', () => {
  it('is named by its base name in compare.csv', async () => {
    const file = write('flat-fee.yml', 'model: ru-2019\navoided_cost_of_cash_pct: 2\n');
    const out = join(work, 'flat');
    const r = await sim('compare', 'scenarios/smoke.yaml', '--fee-models', `ru-2019,${file}`, '--duration', '30m', '--out', out, '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect([...new Set(compareRows(out).map((row) => row[0]))]).toEqual(['ru-2019', 'flat-fee']);
  });
});

describe('a fee-model file with problems gives each at its file:line:column, exit 2, nothing written', () => {
  it('a value that cannot be read, and an unknown key with a suggestion', async () => {
    const file = write('bad-fees.yaml', ['name: bad', 'type: four_party', 'interchange:', '  - { name: debit, product: debit, pct: 1.2 }', '  - { name: credit, product: credit, pct: lots }', 'scheme_fee:', '  issuer: { pct: 0.05 }', ''].join('\n'));
    const out = join(work, 'bad');
    const r = await sim('compare', 'scenarios/smoke.yaml', '--fee-models', `ru-2019,${file}`, '--out', out, '--quiet');
    expect(r.code).toBe(2);
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toContain(`${file}:5:43: interchange[1].pct: not a decimal number: "lots"`);
    expect(lines.some((l) => l.startsWith(`${file}:6:1: scheme_fee: unknown key "scheme_fee"; did you mean "scheme_fees"? (allowed: `))).toBe(true);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('YAML syntax, an empty file and a missing file', async () => {
    const syntax = write('syntax.yaml', 'name: x\ninterchange: [\n');
    const empty = write('empty.yaml', '');
    const missing = join(work, 'nowhere', 'fees.yaml');
    const number = write('number.yaml', '42\n');
    const r = await sim('compare', 'scenarios/smoke.yaml', '--fee-models', `${syntax},${empty},${missing},${number}`, '--out', join(work, 'never'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`${syntax.replace(/[.]/g, '\\.')}:\\d+:\\d+: invalid YAML`));
    expect(r.err).toContain(`${empty}:1:1: the fee-model file is empty`);
    expect(r.err).toContain(`${missing}: cannot read the fee-model file: no such file`);
    expect(r.err).toContain(`${number}:1:1: expected a preset name or a mapping, got number 42`);
  });

  it('a file whose model has the name of another model given', async () => {
    const file = write('also-ru.yaml', 'model: ru-2019\nname: ru-2019\n');
    const r = await sim('compare', 'scenarios/smoke.yaml', '--fee-models', `ru-2019,${file}`, '--out', join(work, 'same-name'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--fee-models: ${file}: its model is named 'ru-2019', like that of ru-2019; compare.csv names each model once: set name: in the fee-model file`);
  });
});

describe('a fee-model file is checked exactly like a scenario fees: section', () => {
  it('the same content gives the same problems, at the same places shifted by where the section starts', async () => {
    const body = ['name: bad', 'type: four_party', 'interchange:', '  - { name: credit, product: credit, pct: lots }', 'scheme_fees:', '  issuer: { pct: -1, per_itm: 2 }', 'acquirer: { mdr: [{ name: all, pct: 150% }] }', ''];
    const file = write('same.yaml', body.join('\n'));
    const smoke = readFileSync('scenarios/smoke.yaml', 'utf8');
    const from = smoke.search(/^fees:/m);
    const to = smoke.search(/^clearing:/m);
    const before = smoke.slice(0, from);
    const scenario = write('same-scenario.yaml', `${before}fees:\n${body.map((l) => (l === '' ? l : `  ${l}`)).join('\n')}\n`);
    // Only the fee model differs from smoke.yaml (its clearing: section is left out with it).
    expect(smoke.slice(to)).toMatch(/^clearing:/);
    const asFile = await sim('compare', 'scenarios/smoke.yaml', '--fee-models', file, '--out', join(work, 'same-1'), '--quiet');
    const asSection = await sim('validate', scenario);
    expect(asFile.code).toBe(2);
    expect(asSection.code).toBe(2);
    const problems = (text: string, prefix: string) =>
      text
        .trimEnd()
        .split('\n')
        .filter((l) => /:\d+:\d+: /.test(l))
        .map((l) => /^.*?:(\d+):(\d+): (.*)$/.exec(l)!)
        .map((m) => ({ line: Number(m[1]), column: Number(m[2]), text: m[3]!.startsWith(prefix) ? m[3]!.slice(prefix.length) : `(no prefix) ${m[3]}` }));
    const inFile = problems(asFile.err, '');
    const inSection = problems(asSection.err, 'fees.');
    expect(inFile.length).toBeGreaterThanOrEqual(3);
    const offset = before.split('\n').length;
    expect(inSection).toEqual(inFile.map((p) => ({ line: p.line + offset, column: p.column + 2, text: p.text })));
  });
});

describe('sim verify of a compare directory whose manifest lists a fee-model file it does not describe', () => {
  it('is a malformed manifest (exit 2)', async () => {
    const out = join(work, 'undescribed');
    const file = write('described.yaml', stringify({ ...FEE_PRESETS['ru-2019'], name: 'described' }));
    expect((await sim('compare', 'scenarios/smoke.yaml', '--fee-models', `ru-2019,${file}`, '--duration', '20m', '--out', out, '--quiet')).code).toBe(0);
    const mPath = join(out, 'manifest.json');
    const m = JSON.parse(readFileSync(mPath, 'utf8')) as Record<string, any>;
    delete m['options'].feeModelFiles;
    writeFileSync(mPath, JSON.stringify(m));
    const v = await sim('verify', out);
    expect(v.code).toBe(2);
    expect(v.err).toContain(`options.feeModels[1]: '${file}' is a fee-model file, but options.feeModelFiles does not describe it`);
  });
});
