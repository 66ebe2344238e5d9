/**
 * The pipeline by section: the schema is put together from one fragment per section, in the order
 * of the format description, and a mistake in one section does not stop the others being checked.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario, scenarioSchema, scenarioValidationSchema } from '../../src/scenario/index.js';
import { fixture } from './_fixtures.js';

const DOC = fileURLToPath(new URL('../../docs/scenario-format.md', import.meta.url));

/** The keys of the "Top level" table of docs/scenario-format.md, in order. */
function documentedTopLevelKeys(): string[] {
  const text = readFileSync(DOC, 'utf8');
  const section = text.slice(text.indexOf('## Top level'), text.indexOf('\n## ', text.indexOf('## Top level') + 1));
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1] ?? '');
}

describe('the scenario schema by section', () => {
  it('has the top-level keys of the format description, in its order', () => {
    const keys = documentedTopLevelKeys();
    expect(keys.length).toBeGreaterThan(20);
    expect(Object.keys(scenarioValidationSchema['properties'] as object)).toEqual(keys);
    expect(Object.keys(scenarioSchema['properties'] as object)).toEqual(keys);
  });

  it('requires the keys the format description marks required', () => {
    expect(scenarioValidationSchema['required']).toEqual(['name', 'duration', 'cards', 'issuers', 'acquirers', 'merchants']);
  });
});

describe('the sections are checked independently', () => {
  const minimal = readFileSync(fixture('minimal.yaml'), 'utf8');

  it('reports one mistake in each of several sections, each at its own path', () => {
    const text = minimal
      .replace(/^duration: .*$/m, 'duration: 3d\nwarmup: 4d')
      .concat('\ndeclines: { mix: { "00": 1 } }\nfaults:\n  - { kind: capacity, host: "issuer:Nobody", servers: 1, from: 1h, to: 2h }\n');
    const { scenario, errors } = parseScenario(text, 'inline.yaml');
    expect(scenario).toBeUndefined();
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['out_of_range', 'warmup'],
      ['invalid_choice', 'declines.mix["00"]'],
      ['unknown_name', 'faults[0].host'],
    ]);
  });
});
