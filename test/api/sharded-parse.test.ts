/**
 * A scenario parsed from text (no file behind it) runs sharded on the workers: the worker gets
 * the resolved scenario itself, not a path to load again.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeRun } from '../../src/app/run.js';
import { main } from '../../src/cli/main.js';
import type { Manifest } from '../../src/output/manifest.js';
import { parseScenario } from '../../src/scenario/index.js';
import { captureIo } from '../helpers/io.js';

const work = mkdtempSync(join(tmpdir(), 'quartet-api-shards-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const text = readFileSync('scenarios/smoke.yaml', 'utf8').replace(/^seed: (\d+)$/m, 'seed: $1\nshards: 3');

describe('a parsed scenario on the workers', () => {
  it('parseScenario + a run on 2 workers writes the bytes of the CLI run of the same file', async () => {
    const file = join(work, 'smoke-3.yaml');
    writeFileSync(file, text);
    const io = captureIo();
    const cliDir = join(work, 'cli');
    expect(await main(['run', file, '--out', cliDir, '--quiet', '--workers', '2', '--transactions', '--ledger'], io), io.stderr()).toBe(0);

    const { scenario, errors } = parseScenario(text, 'in-memory');
    expect(errors).toEqual([]);
    expect(scenario!.shards).toBe(3);
    const apiDir = join(work, 'api');
    const { manifest } = await executeRun({ scenario: scenario!, seed: scenario!.seed, outDir: apiDir, force: false, transactions: true, ledger: true, workers: 2 });
    const cli = JSON.parse(readFileSync(join(cliDir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.files.map((f) => f.name)).toEqual(cli.files.map((f) => f.name));
    for (const f of cli.files) expect(readFileSync(join(apiDir, f.name)), f.name).toEqual(readFileSync(join(cliDir, f.name)));
    expect(manifest.scenario.sha256).toBe(cli.scenario.sha256);
  });
});
