/** The pipeline never throws on bad input, and every error it returns has a place in the file. */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseScenario } from '../../src/scenario/index.js';
import { scenarioFile } from './_fixtures.js';

const SMOKE = readFileSync(scenarioFile('smoke.yaml'), 'utf8');
const BASE = parse(SMOKE) as Record<string, unknown>;

/** Every path to a value in the smoke scenario. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

const PATHS = paths(BASE).filter((p) => p.length > 0);

function setIn(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

function checkResult(text: string): void {
  const { scenario, errors } = parseScenario(text, 'fuzz.yaml');
  if (scenario === undefined) expect(errors.length).toBeGreaterThan(0);
  else expect(errors).toEqual([]);
  for (const e of errors) {
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.message.length).toBeGreaterThan(0);
  }
}

describe('robustness', () => {
  it('replacing any value of a valid scenario by any YAML value gives a scenario or located errors', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.jsonValue({ maxDepth: 2 }), (path, value) => {
        checkResult(stringify(setIn(BASE, path, value)));
      }),
      { numRuns: 400 },
    );
  });

  it('deleting any value of a valid scenario gives a scenario or located errors', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), (path) => {
        checkResult(stringify(setIn(BASE, path, undefined)));
      }),
      { numRuns: 200 },
    );
  });

  it('damaging the text anywhere gives a scenario or located errors', () => {
    fc.assert(
      fc.property(fc.nat(SMOKE.length - 1), fc.constantFrom('', ':', '{', '-', ' ', '\n', '"', '#', '0', 'x', '*a'), (at, insert) => {
        checkResult(SMOKE.slice(0, at) + insert + SMOKE.slice(at + 1));
      }),
      { numRuns: 400 },
    );
  });
});
