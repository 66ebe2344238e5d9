/** How `sim verify` measures a file on disk: SHA-256, bytes and CSV rows in one streamed pass. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureFile } from '../../src/app/verify.js';
import { main } from '../../src/cli/main.js';
import type { Manifest } from '../../src/output/manifest.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-verify-measure-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const recorded = join(work, 'recorded');
beforeAll(async () => {
  const io = captureIo();
  expect(await main(['run', 'scenarios/smoke.yaml', '--duration', '20m', '--transactions', '--ledger', '--out', recorded, '--quiet'], io), io.stderr()).toBe(0);
});

describe('measureFile', () => {
  it('counts rows after the header, a line end inside a quoted field being part of it', () => {
    const p = join(work, 'quoted.csv');
    writeFileSync(p, 'a,b\n1,"x\ny"\n2,"say ""hi"""\n3,z');
    const m = measureFile(p);
    expect(m.rows).toBe(3);
    expect(m.bytes).toBe(readFileSync(p).length);
    writeFileSync(p, '');
    expect(measureFile(p).rows).toBe(0);
  });

  it('counts the same across the 1 MiB reads, with quoted line ends on either side of a boundary', () => {
    const p = join(work, 'big.csv');
    const row = (i: number): string => (i % 7 === 0 ? `${i},"two\nlines, ""quoted"""\n` : `${i},plain\n`);
    let text = 'id,text\n';
    let rows = 0;
    while (text.length < 3 * 2 ** 20) text += row(rows++);
    writeFileSync(p, text);
    expect(measureFile(p).rows).toBe(rows);
    // Shift the text a byte at a time so that quotes and line ends fall on the boundaries.
    for (let shift = 1; shift <= 12; shift++) {
      writeFileSync(p, `${'x'.repeat(shift)}${text}`);
      expect(measureFile(p).rows, `shift ${shift}`).toBe(rows);
    }
  });

  it('agrees with the rows every file of a run records', () => {
    const m = JSON.parse(readFileSync(join(recorded, 'manifest.json'), 'utf8')) as Manifest;
    for (const f of m.files) expect(measureFile(join(recorded, f.name)), f.name).toEqual({ sha256: f.sha256, bytes: f.bytes, rows: f.rows });
  });
});
