/** The one way output directories are written: staged, moved into place, with their manifest. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeStaged } from '../../src/app/staging.js';
import type { Manifest, ManifestDraft } from '../../src/output/manifest.js';
import { OutputExistsError } from '../../src/output/run-dir.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-staging-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const draft: ManifestDraft = {
  tool: 'quartet',
  version: '0.0.0-test',
  scenario: { name: 't', path: 't.yaml', absolutePath: '/t.yaml', sha256: 'ab' },
  seed: 5,
  options: { durationUs: 1_000_000, transactions: false },
  simulated: { start: 'a', end: 'b', durationUs: 1_000_000 },
  cards: 1,
  terminals: 2,
  merchants: 3,
  events: 4,
  transactions: 5,
};

/** A body that writes a.csv (2 rows) and b.csv (0 rows), in that order, and returns 42. */
async function body(dir: string) {
  writeFileSync(join(dir, 'a.csv'), 'x\n1\n2\n');
  writeFileSync(join(dir, 'b.csv'), 'y\n');
  return { value: 42, manifest: draft, files: [{ file: 'a.csv', rows: 2 }, { file: 'b.csv', rows: 0 }] };
}

describe('writeStaged', () => {
  it('moves the complete directory into place with a manifest listing each file (digest, bytes, rows) after the wall time', async () => {
    const out = join(work, 'ok');
    const { value, manifest } = await writeStaged(out, false, body);
    expect(value).toBe(42);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(m).toEqual(manifest);
    expect(Object.keys(m).slice(-2)).toEqual(['wallSeconds', 'files']);
    expect(m.wallSeconds).toBeGreaterThanOrEqual(0);
    expect(m.files).toEqual([
      { name: 'a.csv', sha256: createHash('sha256').update('x\n1\n2\n').digest('hex'), bytes: 6, rows: 2 },
      { name: 'b.csv', sha256: createHash('sha256').update('y\n').digest('hex'), bytes: 2, rows: 0 },
    ]);
    expect(readdirSync(work).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('on a failure leaves the existing directory as it was and no temporary one', async () => {
    const out = join(work, 'kept');
    mkdirSync(out);
    writeFileSync(join(out, 'old.csv'), 'old\n');
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...draft, wallSeconds: 0, files: [] }));
    await expect(
      writeStaged(out, true, async (dir) => {
        writeFileSync(join(dir, 'half.csv'), 'h\n');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'old.csv']);
    expect(readdirSync(work).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('refuses an existing directory without force, before running the body', async () => {
    const out = join(work, 'exists');
    mkdirSync(out);
    let ran = false;
    await expect(
      writeStaged(out, false, async (dir) => {
        ran = true;
        return body(dir);
      }),
    ).rejects.toBeInstanceOf(OutputExistsError);
    expect(ran).toBe(false);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
  });
});
