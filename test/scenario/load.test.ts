import { describe, expect, it } from 'vitest';
import { positionOf, parseScenarioText } from '../../src/scenario/load.js';
import { loadFixture, located } from './_fixtures.js';

describe('YAML syntax', () => {
  it('reports every syntax error with its line and column', () => {
    const { scenario, errors } = loadFixture('syntax-errors.yaml');
    expect(scenario).toBeUndefined();
    expect(located(errors)).toEqual([
      { code: 'yaml_syntax', path: '', line: 3, column: 1 },
      { code: 'yaml_syntax', path: '', line: 6, column: 1 },
    ]);
  });

  it('names a duplicate key', () => {
    const { errors } = loadFixture('syntax-errors.yaml');
    expect(errors[0]?.message).toBe("invalid YAML: duplicate key 'name' (a key may appear only once in a mapping)");
  });

  it('rejects several documents in one file', () => {
    const { errors } = parseScenarioText('name: a\n---\nname: b\n', 'x.yaml');
    expect(errors.map((x) => [x.code, x.line])).toEqual([['yaml_syntax', 2]]);
  });

  it('rejects tabs as indentation', () => {
    const { errors } = parseScenarioText('cards:\n\tcount: 1\n', 'x.yaml');
    expect(errors.map((x) => [x.code, x.line, x.column])).toEqual([['yaml_syntax', 2, 1]]);
  });

  it('rejects unknown tags', () => {
    const { errors } = parseScenarioText('name: !custom x\n', 'x.yaml');
    expect(errors[0]?.code).toBe('yaml_syntax');
  });

  it('stops an alias expansion bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const { errors } = parseScenarioText(lines.join('\n'), 'x.yaml');
    expect(errors[0]?.code).toBe('alias_limit');
  });
});

describe('files', () => {
  it('reports a missing file without a place', () => {
    const { errors } = loadFixture('no-such-file.yaml');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'file_unreadable', line: 0, column: 0, message: 'cannot read the scenario file: no such file' });
  });

  it('hashes the bytes of the file and records its absolute path', () => {
    const { scenario } = loadFixture('minimal.yaml');
    expect(scenario?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(scenario?.path).toMatch(/test\/scenario\/fixtures\/minimal\.yaml$/);
  });
});

describe('positionOf', () => {
  const { loaded } = parseScenarioText('a:\n  b: [10, 20]\n  c:\n  d: { e: 1 }\n', 'x.yaml');
  if (loaded === undefined) throw new Error('fixture text must parse');

  it('finds a value in a list', () => {
    expect(positionOf(loaded, ['a', 'b', 1])).toEqual({ line: 2, column: 11 });
  });

  it('finds a key', () => {
    expect(positionOf(loaded, ['a', 'd', 'e'], 'key')).toEqual({ line: 4, column: 8 });
  });

  it('points at the key of an empty value', () => {
    expect(positionOf(loaded, ['a', 'c'])).toEqual({ line: 3, column: 3 });
  });

  it('falls back to the deepest mapping that exists', () => {
    expect(positionOf(loaded, ['a', 'd', 'missing'])).toEqual({ line: 4, column: 6 });
  });

  it('looks through merge keys', () => {
    const merged = parseScenarioText('base: &b { x: 1 }\nc:\n  <<: *b\n  y: 2\n', 'x.yaml').loaded;
    if (merged === undefined) throw new Error('fixture text must parse');
    expect(positionOf(merged, ['c', 'x'])).toEqual({ line: 1, column: 15 });
  });
});
