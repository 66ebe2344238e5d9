/**
 * The precompiled scenario-schema validator that the build writes into dist/ (ajv's standalone
 * code, src/scenario/structure-validator.ts) must be current with the schema in the sources and
 * report exactly the errors that ajv's own compilation reports, on every case of the broken-
 * scenario corpus and on the shipped scenarios. `npm test` builds first, so the file exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileNow, PRECOMPILED_FILE, schemaDigest } from '../../src/scenario/structure-validator.js';
import { CASES } from './fixtures/broken/corpus.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const file = `${root}dist/src/scenario/${PRECOMPILED_FILE}`;
const require = createRequire(import.meta.url);

/**
 * JSON text of errors. A value that contains itself (the data of a recursive YAML alias) is
 * written as a marker; values shared by several places (ajv's schema objects) are written out in
 * each, since the precompiled code holds copies of them.
 */
function text(errors: unknown): string {
  const open = new Set<object>();
  const walk = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (open.has(v)) return '[cycle]';
    open.add(v);
    const out = Array.isArray(v) ? v.map(walk) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    open.delete(v);
    return out;
  };
  return JSON.stringify(walk(errors));
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown; schemaDigest?: string };

describe('the precompiled scenario-schema validator', () => {
  it('exists in dist and was made from the schema of these sources', () => {
    expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true);
    expect((require(file) as Validate).schemaDigest).toBe(schemaDigest());
  });

  it('reports the same errors as ajv compiling the schema now, on the corpus and the shipped scenarios', () => {
    const pre = require(file) as Validate;
    const now = compileNow() as Validate;
    const docs: unknown[] = [];
    for (const c of CASES) {
      if (typeof c.content !== 'string') continue;
      try {
        docs.push(parse(c.content));
      } catch {
        // Not YAML: the load stage reports it before the structure stage runs.
      }
    }
    for (const f of readdirSync(`${root}scenarios`)) if (f.endsWith('.yaml')) docs.push(parse(readFileSync(`${root}scenarios/${f}`, 'utf8')));
    let failing = 0;
    for (const d of docs) {
      const a = pre(d);
      const b = now(d);
      expect(a).toBe(b);
      expect(text(pre.errors)).toBe(text(now.errors));
      if (!a) failing++;
    }
    // The corpus must exercise the failing side: most of its cases break the structure.
    expect(docs.length).toBeGreaterThan(100);
    expect(failing).toBeGreaterThan(20);
  });

  it('is what the built program uses', async () => {
    const mod = (await import(`${root}dist/src/scenario/structure-validator.js`)) as { scenarioValidator: () => unknown; validatorSource?: string };
    mod.scenarioValidator();
    const again = (await import(`${root}dist/src/scenario/structure-validator.js`)) as { validatorSource?: string };
    expect(again.validatorSource).toBe('precompiled');
  });
});
