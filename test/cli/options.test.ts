/**
 * Options mean what they say: `sim run` and `sim compare` refuse (exit 2, one line, nothing
 * written) an option that cannot do what its help says, rather than ignoring it.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI; the exit code and what it printed. */
async function sim(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('--ledger', () => {
  it('is refused on a scenario without fees (nothing is cleared, so there are no postings), naming the scenario', async () => {
    const out = join(work, 'tandem-ledger');
    const r = await sim('run', 'scenarios/tandem.yaml', '--ledger', '--duration', '100s', '--out', out, '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --ledger: scenarios\/tandem\.yaml has no fees section, so nothing is cleared and there are no postings to write; add fees: \(docs\/fees\.md\) or leave out --ledger\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('is refused with --replications too', async () => {
    const out = join(work, 'tandem-ledger-reps');
    const r = await sim('run', 'scenarios/tandem.yaml', '--ledger', '--replications', '2', '--duration', '100s', '--out', out, '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--ledger: scenarios\/tandem\.yaml has no fees section/);
    expect(existsSync(out)).toBe(false);
  });

  it('with --replications on a scenario with fees writes ledger.csv and transactions.csv into every seed-<s>/ (so both apply there)', async () => {
    const out = join(work, 'smoke-reps');
    const r = await sim('run', 'scenarios/smoke.yaml', '--ledger', '--transactions', '--replications', '2', '--duration', '20m', '--workers', '1', '--out', out, '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const seed of readdirSync(out).filter((f) => f.startsWith('seed-'))) {
      expect(readdirSync(join(out, seed))).toEqual(expect.arrayContaining(['ledger.csv', 'transactions.csv']));
    }
    expect(readdirSync(out).filter((f) => f.startsWith('seed-'))).toHaveLength(2);
  });
});

describe('--duration may only shorten a run', () => {
  it('a longer one is refused with the scenario duration (sim run)', async () => {
    const out = join(work, 'longer');
    const r = await sim('run', 'scenarios/smoke.yaml', '--duration', '2h', '--out', out, '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^scenarios\/smoke\.yaml: --duration: 2h is longer than the scenario's duration 1h; --duration can only shorten a run/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('a longer one is refused by sim compare too', async () => {
    const out = join(work, 'longer-compare');
    const r = await sim('compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019', '--duration', '90m', '--out', out, '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--duration: 1h30m is longer than the scenario's duration 1h/);
    expect(existsSync(out)).toBe(false);
  });

  it("the scenario's own duration is allowed, and a shorter one still checks against the bucket", async () => {
    const r = await sim('run', 'scenarios/smoke.yaml', '--duration', '1h', '--out', join(work, 'same'), '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const odd = await sim('run', 'scenarios/smoke.yaml', '--duration', '7m', '--out', join(work, 'odd'), '--quiet');
    expect(odd.code).toBe(2);
    expect(odd.err).toMatch(/--duration: 7m is not a whole number of buckets/);
  });
});

describe('--fee-models', () => {
  it('refuses a model named twice, and writes nothing', async () => {
    const out = join(work, 'twice');
    const r = await sim('compare', 'scenarios/smoke.yaml', '--fee-models', 'ru-2019,eu-ifr, ru-2019', '--out', out, '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^--fee-models: ru-2019: given more than once; each fee model is compared once\n/);
    expect(existsSync(out)).toBe(false);
  });
});
