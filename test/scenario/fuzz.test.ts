/**
 * Property-based fuzzing of the scenario pipeline over structured mutations of every shipped
 * scenario (scenarios/*.yaml): values replaced, deleted, duplicated and retyped, hostile keys
 * inserted (`__proto__`, `constructor`, `<<`, ...), deep nesting, aliases (shared, self-nested,
 * undefined, bombs) and bad bytes (random bytes, byte order marks, UTF-16, NUL).
 *
 * Property: the in-process loader (bytes as a file holds them) never throws, and gives either a
 * scenario and no error, or errors that are each one plain line with a known code and a place in
 * the file (line and column within it; 0:0 only for problems of the whole file). A sample of the
 * mutants is also run through the CLI (`sim validate`, from dist/, which `npm test` builds): exit
 * 0 or 2, never a stack trace, within a time-out and a memory bound.
 *
 * Modes (environment variables):
 * - default: a fixed seed and run counts sized for about 30 s on a shared 2-core machine;
 * - `QUARTET_FUZZ=long`: 20 times the runs (in-process and CLI), a random seed unless
 *   `QUARTET_FUZZ_SEED` is set; for local use, e.g. `QUARTET_FUZZ=long npx vitest run test/scenario/fuzz.test.ts`;
 * - `QUARTET_FUZZ_SEED=N`: replay the seed a failure printed.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { parseScenarioFileBytes, type ScenarioResult } from '../../src/scenario/index.js';
import { runSim, simBuilt } from './fixtures/broken/spawn.js';

const LONG = process.env.QUARTET_FUZZ === 'long';
const SCALE = LONG ? 20 : 1;
const SEED = process.env.QUARTET_FUZZ_SEED !== undefined ? Number(process.env.QUARTET_FUZZ_SEED) : LONG ? undefined : 20_261_201;
/** Per-test time-out: the suite's default, and half an hour in the long mode. */
const TIMEOUT_MS = LONG ? 1_800_000 : 120_000;
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: numRuns * SCALE, ...(SEED !== undefined && { seed: SEED }) });

const DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const SHIPPED = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(DIR, name), 'utf8') }));

type Path = (string | number)[];

/** Every path to a node of a document (mapping keys as written, list indexes). */
function nodePaths(node: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isPair(pair) && isScalar(pair.key) && typeof pair.key.value !== 'symbol') out.push(...nodePaths(pair.value, [...prefix, pair.key.value as string]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => out.push(...nodePaths(item, [...prefix, i])));
  }
  return out;
}

const PATHS = new Map(SHIPPED.map((s) => [s.name, nodePaths(parseDocument(s.text).contents).filter((p) => p.length > 0)]));

/** A mutation of a scenario's document (or its bytes). */
type Mutation =
  | { kind: 'replace'; path: number; value: unknown }
  | { kind: 'delete'; path: number }
  | { kind: 'duplicate'; path: number }
  | { kind: 'retype'; path: number; as: 'list' | 'mapping' | 'string' | 'number' | 'null' }
  | { kind: 'hostile-key'; path: number; key: string; value: unknown }
  | { kind: 'deep'; path: number; depth: number; flow: boolean }
  | { kind: 'alias'; from: number; to: number }
  | { kind: 'bad-alias'; path: number; how: 'undefined' | 'self' | 'bomb' | 'merge-scalar' }
  | { kind: 'bytes'; at: number; bytes: Uint8Array; replace: boolean }
  | { kind: 'encoding'; as: 'utf8-bom' | 'utf16le' | 'utf16be' | 'utf16le-bom' | 'nul' | 'latin1' };

const hostileString = fc.constantFrom('__proto__', 'constructor', '', ' ', '1e309', '-0', 'NaN', '.nan', '~', 'null', 'x'.repeat(5000), '{', '*a', '&a', '!!str', '\u202e', '05');
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  hostileString,
  fc.constantFrom(-1, 0, 1e308, -1e-308, 2 ** 53 + 1, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, 1.5, -0),
  fc.string({ maxLength: 20 }),
);
const index = fc.nat({ max: 10_000 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), path: index, value: anyValue }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), path: index }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), path: index }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('retype' as const), path: index, as: fc.constantFrom('list' as const, 'mapping' as const, 'string' as const, 'number' as const, 'null' as const) }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('hostile-key' as const),
      path: index,
      key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', '<<', ''),
      value: anyValue,
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('deep' as const), path: index, depth: fc.integer({ min: 1, max: 3000 }), flow: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('alias' as const), from: index, to: index }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('bad-alias' as const), path: index, how: fc.constantFrom('undefined' as const, 'self' as const, 'bomb' as const, 'merge-scalar' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('bytes' as const), at: index, bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }), replace: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('encoding' as const), as: fc.constantFrom('utf8-bom' as const, 'utf16le' as const, 'utf16be' as const, 'utf16le-bom' as const, 'nul' as const, 'latin1' as const) }), weight: 1 },
);

function nested(depth: number, flow: boolean): string {
  if (flow) return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  return Array.from({ length: Math.min(depth, 300) }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
}

/** Applies a mutation to the text of a scenario; the result is what a file would hold. */
function mutate(name: string, text: string, m: Mutation): Uint8Array {
  const paths = PATHS.get(name) ?? [];
  const pick = (i: number): Path => paths[i % paths.length] ?? [];
  if (m.kind === 'bytes') {
    const b = Buffer.from(text);
    const at = m.at % (b.length + 1);
    return Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(m.replace ? at + m.bytes.length : at)]);
  }
  if (m.kind === 'encoding') {
    const le = Buffer.from(text, 'utf16le');
    switch (m.as) {
      case 'utf8-bom':
        return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
      case 'utf16le':
        return le;
      case 'utf16be':
        return Buffer.from(le).swap16();
      case 'utf16le-bom':
        return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
      case 'nul':
        return Buffer.from(text.replace(/\n/, '\n\0'));
      case 'latin1':
        return Buffer.from(`${text}\n# caf\u00e9\n`, 'latin1');
    }
  }
  const doc = parseDocument(text);
  const path = pick('path' in m ? m.path : 0);
  switch (m.kind) {
    case 'replace':
      doc.setIn(path, m.value);
      break;
    case 'delete':
      doc.deleteIn(path);
      break;
    case 'duplicate': {
      const parent = doc.getIn(path.slice(0, -1));
      const node = doc.getIn(path, true);
      if (isSeq(parent)) parent.items.push(doc.createNode((node as Node | undefined)?.toJSON?.() ?? node));
      else doc.setIn([...path.slice(0, -1), `${String(path[path.length - 1])}_again`], node);
      break;
    }
    case 'retype': {
      const v = doc.getIn(path);
      const plain = (v as Node | undefined)?.toJSON?.() ?? v;
      const as = { list: [plain], mapping: { value: plain }, string: JSON.stringify(plain) ?? '', number: Number(JSON.stringify(plain)), null: null }[m.as];
      doc.setIn(path, as);
      break;
    }
    case 'hostile-key': {
      const target = doc.getIn(path);
      const mapPath = isMap(target) ? path : path.slice(0, -1);
      const map = doc.getIn(mapPath);
      if (isMap(map)) map.items.push(doc.createPair(m.key, m.value) as never);
      else if (mapPath.length === 0 && isMap(doc.contents)) doc.contents.items.push(doc.createPair(m.key, m.value) as never);
      break;
    }
    case 'deep':
      return Buffer.from(`${String(doc)}fuzz_deep:${m.flow ? ' ' : '\n'}${nested(m.depth, m.flow)}\n`);
    case 'alias': {
      const source = doc.getIn(pick(m.from), true);
      const to = pick(m.to);
      if (isScalar(source) || isMap(source) || isSeq(source)) {
        const alias = doc.createAlias(source, 'fz');
        doc.setIn(to, alias);
      }
      break;
    }
    case 'bad-alias':
      return Buffer.from(badAlias(String(doc), m.how));
  }
  // An alias may now come before its anchor: written as it is, for the loader to report.
  return Buffer.from(doc.toString({ verifyAliasOrder: false }));
}

function badAlias(text: string, how: 'undefined' | 'self' | 'bomb' | 'merge-scalar'): string {
  switch (how) {
    case 'undefined':
      return `${text}fuzz_alias: *nowhere\n`;
    case 'self':
      return `${text}fuzz_alias: &me [1, *me]\n`;
    case 'merge-scalar':
      return `${text}fuzz_merge:\n  <<: 5\n`;
    case 'bomb': {
      const lines = ['b0: &b0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 8; i++) lines.push(`b${i}: &b${i} [${Array.from({ length: 10 }, () => `*b${i - 1}`).join(', ')}]`);
      return `${text}${lines.join('\n')}\n`;
    }
  }
}

const WHOLE_FILE = new Set(['file_unreadable', 'file_too_large', 'invalid_override', 'bad_encoding']);
const CODES = new Set([
  ...WHOLE_FILE,
  'yaml_syntax', 'nesting_too_deep', 'alias_limit', 'reserved_key', 'wrong_type', 'unknown_key', 'missing_key', 'invalid_choice', 'invalid_format',
  'out_of_range', 'bad_sum', 'duplicate_name', 'unknown_name', 'count_mismatch', 'conflicting_keys', 'fault_window', 'bucket_not_divisor',
  'bucket_too_short', 'timeout_order', 'wallet_no_issuer', 'no_channel', 'fee_model',
]);

/**
 * The mutant's bytes, or undefined when the YAML library cannot write the edited document (an
 * alias whose anchor the same edit removed): a limit of the test's editing, not of the loader.
 */
function tryMutate(name: string, text: string, m: Mutation): Uint8Array | undefined {
  try {
    return mutate(name, text, m);
  } catch {
    return undefined;
  }
}

/** Checks the property on one loaded mutant. */
function checkResult(result: ScenarioResult, bytes: Uint8Array): void {
  const lines = Buffer.from(bytes).toString('utf8').split('\n').length;
  if (result.scenario !== undefined) expect(result.errors).toEqual([]);
  else expect(result.errors.length).toBeGreaterThan(0);
  for (const e of [...result.errors, ...result.warnings]) {
    expect(CODES.has(e.code), e.code).toBe(true);
    expect(e.message).toMatch(/^[^\n]+$/);
    expect(e.message).not.toMatch(/Maximum call stack|\bat .*\.[jt]s:\d+/);
    if (e.line === 0) {
      expect(WHOLE_FILE.has(e.code), `${e.code} without a place: ${e.message}`).toBe(true);
      expect(e.column).toBe(0);
    } else {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(lines + 1);
      expect(e.column).toBeGreaterThanOrEqual(1);
    }
  }
}

const work = mkdtempSync(join(tmpdir(), 'quartet-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scenario = fc.constantFrom(...SHIPPED);

describe('fuzzing the scenario pipeline', () => {
  it('the shipped scenarios load as they are', () => {
    for (const s of SHIPPED) expect(parseScenarioFileBytes(Buffer.from(s.text), s.name).errors, s.name).toEqual([]);
  });

  it('any mutation of a shipped scenario gives a scenario or located errors', () => {
    fc.assert(
      fc.property(scenario, mutation, (s, m) => {
        const bytes = tryMutate(s.name, s.text, m);
        if (bytes !== undefined) checkResult(parseScenarioFileBytes(bytes, 'fuzz.yaml'), bytes);
      }),
      params(600),
    );
  }, TIMEOUT_MS);

  it('two mutations at once give a scenario or located errors', () => {
    fc.assert(
      fc.property(scenario, mutation, mutation, (s, m1, m2) => {
        const first = tryMutate(s.name, s.text, m1);
        const bytes = first === undefined ? undefined : (tryMutate(s.name, Buffer.from(first).toString('utf8'), m2) ?? first);
        if (bytes !== undefined) checkResult(parseScenarioFileBytes(bytes, 'fuzz.yaml'), bytes);
      }),
      params(150),
    );
  }, TIMEOUT_MS);

  it.runIf(simBuilt())('sim validate on a sample of mutants exits 0 or 2, without a stack trace, in bounded time and memory', () => {
    const sample = fc.sample(fc.tuple(scenario, mutation), { numRuns: 5 * SCALE, ...(SEED !== undefined && { seed: SEED }) });
    sample.forEach(([s, m], i) => {
      const file = join(work, `mutant-${i}.yaml`);
      writeFileSync(file, tryMutate(s.name, s.text, m) ?? s.text);
      const r = runSim(['validate', file], { timeoutMs: 15_000 });
      const what = `${s.name} ${JSON.stringify(m, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v))}`.slice(0, 300);
      expect(r.signal, what).toBeNull();
      expect([0, 2], `${what}: exit ${r.status}\n${r.stderr}`).toContain(r.status);
      expect(r.stderr, what).not.toMatch(/\n\s+at |internal error|Maximum call stack|heap out of memory/);
      expect(r.maxRssMiB, what).toBeLessThan(400);
    });
  }, TIMEOUT_MS);
});
