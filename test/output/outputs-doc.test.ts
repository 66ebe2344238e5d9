/**
 * docs/outputs.md, the data dictionary, is in step with the table definitions that
 * datapackage.json is made from: each table's column block is what the definitions give (run
 * with UPDATE_DOCS=1 to rewrite the blocks after changing a definition), and every field of a
 * real summary.json is named in it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { describeColumn } from '../../src/output/datapackage.js';
import { DATETIME_FORMAT, TABLES, type Column, type TableDef } from '../../src/output/datapackage-tables.js';
import { captureIo } from '../helpers/io.js';

const DOC = join(__dirname, '../../docs/outputs.md');
const work = mkdtempSync(join(tmpdir(), 'quartet-outputs-doc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function typeText(c: Column): string {
  if (c.type === 'datetime') return `datetime (\`${DATETIME_FORMAT}\`)`;
  if (c.type === 'boolean') return 'boolean (`1`/`0`)';
  if (c.pattern !== undefined) return `string (\`${c.pattern}\`)`;
  return c.type;
}

function meaning(c: Column): string {
  const parts = [describeColumn(c).replace(/; unit: .*$/, '')];
  if (c.values !== undefined) parts.push(`one of ${c.values.map((v) => `\`${v}\``).join(', ')}`);
  if (c.optional === true) parts.push('may be empty');
  return parts.join('; ').replace(/\|/g, '\\|');
}

const UNIT: Record<string, string> = { currency: 'major unit of `currency`', ms: 'ms', us: 'µs', bp: 'bp', share: 'share (0-1)', count: 'count', per_s: 'per second', per_100: 'per 100 of value', days: 'days' };

/** The generated block of one table: the lines between its markers. */
export function tableBlock(t: TableDef): string {
  const lines = [
    `One row per ${t.row}. ${t.when === 'always' ? 'Always written' : `Written ${t.when}`}.` +
      (t.primaryKey !== undefined ? ` Primary key: ${t.primaryKey.map((k) => `\`${k}\``).join(', ')}.` : ' No primary key.'),
    '',
    '| column | type | unit | meaning |',
    '| --- | --- | --- | --- |',
    ...t.columns.map((name) => {
      const c = t.fields[name]!;
      return `| \`${name}\` | ${typeText(c)} | ${c.unit === undefined ? '' : UNIT[c.unit]} | ${meaning(c)} |`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

const BLOCK = /<!-- columns: ([a-z-]+) -->\n([\s\S]*?)<!-- end columns -->/g;

describe('docs/outputs.md', () => {
  it('has one column block per table, each as the definitions give it', () => {
    let doc = readFileSync(DOC, 'utf8');
    if (process.env.UPDATE_DOCS === '1') {
      doc = doc.replace(BLOCK, (_all, name: string) => `<!-- columns: ${name} -->\n${tableBlock(TABLES.find((t) => t.name === name)!)}<!-- end columns -->`);
      writeFileSync(DOC, doc);
    }
    const blocks = [...doc.matchAll(BLOCK)].map((m) => ({ name: m[1]!, text: m[2]! }));
    expect(blocks.map((b) => b.name)).toEqual(TABLES.map((t) => t.name));
    for (const b of blocks) expect(b.text, `the block of ${b.name} (UPDATE_DOCS=1 rewrites it)`).toBe(tableBlock(TABLES.find((t) => t.name === b.name)!));
    for (const t of TABLES) expect(doc).toContain(`### \`${t.file}\``);
  });

  it('names every field of the summary.json of a run with fees, of a compare and of replications', async () => {
    const doc = readFileSync(DOC, 'utf8');
    const keys = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) (keys.add(k), walk(x));
    };
    const runs = [
      ['run', 'scenarios/smoke.yaml', '--duration', '10m'],
      ['compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019,eu-ifr', '--duration', '10m'],
      ['run', 'scenarios/smoke.yaml', '--duration', '10m', '--replications', '2', '--workers', '1'],
    ];
    for (const [i, args] of runs.entries()) {
      const io = captureIo();
      expect(await main([...args, '--out', join(work, `s${i}`), '--json'], io), io.stderr()).toBe(0);
      walk(JSON.parse(io.stdout()));
    }
    // Replication metrics named after a participant type (fees_net_issuer, net_position_fx_CNY) are documented as patterns.
    const missing = [...keys].filter((k) => !doc.includes(`\`${k}\``) && !/^(fees_net|net_position)_[a-z]+(_[A-Z]{3})?$/.test(k));
    expect(missing).toEqual([]);
    expect(keys.size).toBeGreaterThan(40);
  });
});
