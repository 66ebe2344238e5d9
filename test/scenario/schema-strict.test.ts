import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { parse } from 'yaml';
import { captureIo } from '../helpers/io.js';

async function printedSchema(): Promise<string> {
  const io = captureIo();
  expect(await main(['schema'], io)).toBe(0);
  return io.stdout();
}

describe('sim schema', () => {
  it('compiles under ajv strict mode, with a $id and a $schema', async () => {
    const schema = JSON.parse(await printedSchema()) as Record<string, unknown>;
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema['$id']).toMatch(/^[a-z][a-z0-9+.-]*:\S+$/);
    expect(() => new Ajv({ strict: true }).compile(schema)).not.toThrow();
  });

  it('accepts every shipped scenario and rejects a misspelt key, as the validator does', async () => {
    const validate = new Ajv({ strict: true }).compile(JSON.parse(await printedSchema()));
    for (const f of ['smoke', 'russia', 'russia-tourists', 'russia-national', 'issuer-outage', 'tandem', 'bench-hold-1k', 'bench-hold-100k', 'bench-scale']) {
      const text = readFileSync(`scenarios/${f}.yaml`, 'utf8');
      expect(validate(parse(text)), `${f}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(true);
      expect(validate(parse(text.replace(/^cards:/m, 'crads:')))).toBe(false);
    }
  });

  it('is shipped as schema/scenario.schema.json, equal to what sim schema prints', async () => {
    // To update it: npx sim schema > schema/scenario.schema.json
    expect(readFileSync('schema/scenario.schema.json', 'utf8')).toBe(await printedSchema());
    expect(JSON.parse(await printedSchema())).toEqual(JSON.parse(JSON.stringify(scenarioSchema)));
  });
});
