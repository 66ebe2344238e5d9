/**
 * Exit codes: an internal error (a defect) exits 70, apart from a mismatch (1) and bad input (2);
 * the help text lists them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SimError } from '../../src/engine/errors.js';
import { main, reportError } from '../../src/cli/main.js';
import { CliError, EXIT_BAD_INPUT, EXIT_MISMATCH } from '../../src/cli/errors.js';
import { captureIo } from '../helpers/io.js';

// A defect inside a run: executeRun throws a plain Error, as a bug would.
vi.mock('../../src/app/run.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/app/run.js')>()),
  executeRun: () => Promise.reject(new TypeError('boom: a defect')),
}));

const work = mkdtempSync(join(tmpdir(), 'quartet-exit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('exit codes', () => {
  it('a defect during sim run exits 70 with "internal error" and its stack', async () => {
    const io = captureIo();
    expect(await main(['run', 'scenarios/smoke.yaml', '--out', join(work, 'run'), '--quiet'], io)).toBe(70);
    expect(io.stderr()).toMatch(/internal error:.*boom: a defect/);
    expect(io.stderr()).toMatch(/\n\s+at /);
  });

  it('maps each kind of error to its code', () => {
    expect(reportError(captureIo(), new SimError('NEGATIVE_DELAY', 'delay -1'))).toBe(70);
    expect(reportError(captureIo(), new Error('x'))).toBe(70);
    expect(reportError(captureIo(), new CliError(EXIT_MISMATCH, 'X', 'differs'))).toBe(1);
    expect(reportError(captureIo(), new CliError(EXIT_BAD_INPUT, 'X', 'bad'))).toBe(2);
  });

  it('bad input still exits 2', async () => {
    const io = captureIo();
    expect(await main(['run', join(work, 'no-such.yaml'), '--out', join(work, 'bad')], io)).toBe(2);
  });

  it('the help text lists every exit code', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    const help = io.stdout();
    expect(help).toMatch(/Exit codes:/);
    expect(help).toMatch(/^\s+1\s+a mismatch/m);
    expect(help).toMatch(/^\s+2\s+bad input/m);
    expect(help).toMatch(/^\s+70\s+an internal error/m);
  });
});
