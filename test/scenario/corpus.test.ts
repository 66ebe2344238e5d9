/**
 * The corpus of broken scenarios (fixtures/broken/corpus.ts): each case is written to a file and
 * loaded as the CLI loads it; its errors must be exactly the expected `code line:column path`
 * list. The corpus covers every error code of the scenario pipeline and every section.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScenarioErrorCode } from '../../src/diagnostics/codes.js';
import { loadScenario, type ScenarioError } from '../../src/scenario/index.js';
import { CASES, type BrokenCase } from './fixtures/broken/corpus.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-corpus-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every scenario error code: the compiler insists that each one is listed. */
const EVERY_CODE: Record<ScenarioErrorCode, true> = {
  file_unreadable: true,
  file_too_large: true,
  bad_encoding: true,
  yaml_syntax: true,
  nesting_too_deep: true,
  alias_limit: true,
  reserved_key: true,
  wrong_type: true,
  unknown_key: true,
  missing_key: true,
  invalid_choice: true,
  invalid_format: true,
  out_of_range: true,
  bad_sum: true,
  duplicate_name: true,
  unknown_name: true,
  count_mismatch: true,
  conflicting_keys: true,
  fault_window: true,
  bucket_not_divisor: true,
  bucket_too_short: true,
  timeout_order: true,
  wallet_no_issuer: true,
  no_channel: true,
  invalid_override: true,
  fee_model: true,
};

const SECTIONS = ['name', 'seed', 'start', 'duration', 'bucket', 'cards', 'issuers', 'acquirers', 'switch', 'links', 'merchants', 'channels', 'demand', 'wallet', 'declines', 'faults', 'fees', 'clearing'];

function short(e: ScenarioError): string {
  return `${e.code} ${e.line}:${e.column}${e.path === '' ? '' : ` ${e.path}`}`;
}

function withEnv<T>(env: Readonly<Record<string, string>> | undefined, body: () => T): T {
  const saved = new Map(Object.keys(env ?? {}).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return body();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function load(c: BrokenCase, index: number): ScenarioError[] {
  const file = join(work, `${String(index).padStart(3, '0')}.yaml`);
  if (c.content === 'directory') mkdirSync(file);
  else if (c.content !== 'missing') writeFileSync(file, c.content);
  const limits = c.maxBytes === undefined ? undefined : { maxBytes: c.maxBytes };
  const result = withEnv(c.env, () => loadScenario(file, c.overrides, limits));
  if (result.errors.length === 0) expect(result.scenario).toBeDefined();
  for (const e of result.errors) {
    expect(e.file).toBe(file);
    expect(e.message).toMatch(/^\S.*\S$/);
    expect(e.message).not.toMatch(/\n/);
  }
  return result.errors;
}

describe('the corpus of broken scenarios', () => {
  it('has at least 100 cases with distinct names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('covers every error code and every section', () => {
    const codes = new Set(CASES.flatMap((c) => c.expect.map((e) => e.split(' ')[0])));
    expect([...codes].sort()).toEqual(Object.keys(EVERY_CODE).sort());
    const paths = CASES.flatMap((c) => c.expect.map((e) => e.split(' ')[2] ?? ''));
    for (const s of SECTIONS) expect(paths.some((p) => p === s || p.startsWith(`${s}.`) || p.startsWith(`${s}[`)), s).toBe(true);
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    expect(load(c, i).map(short)).toEqual(c.expect);
  });
});
