/**
 * Without Redis: a cluster job's id is a function of the work (not of the coordinator's
 * temporary paths), the URL check, and the one line a failed job records with its exit code.
 */
import { describe, expect, it } from 'vitest';
import type { AppJob } from '../../src/app/jobs.js';
import { InputError } from '../../src/app/errors.js';
import { parseClusterUrl } from '../../src/cluster/url.js';
import { ClusterJobError, exitCodeOf, failureLine } from '../../src/cluster/errors.js';
import { clusterJobId, decodeJob, encodeJob, intoDir, workDirOf } from '../../src/cluster/job-files.js';
import { loadScenario } from '../../src/scenario/index.js';

const sc = loadScenario('scenarios/smoke.yaml').scenario!;
const shard = (partsDir: string, index = 1, seed = 42): AppJob => ({ kind: 'shard', job: { scenario: sc, seed, index, count: 4, partsDir, transactions: true, ledger: false } });

describe('cluster job ids', () => {
  it('are the same for the same work whatever the staging path, and differ by shard, seed, scenario, target and version', () => {
    const id = clusterJobId(shard('/tmp/.a.partial-1'), 1, 'out/r', '0.1.0');
    expect(id).toMatch(/^shard-1of4-seed-42-[0-9a-f]{24}$/);
    expect(clusterJobId(shard('/tmp/.a.partial-999'), 1, 'out/r', '0.1.0')).toBe(id);
    expect(clusterJobId(shard('/tmp/x', 2), 1, 'out/r', '0.1.0')).not.toBe(id);
    expect(clusterJobId(shard('/tmp/x', 1, 43), 1, 'out/r', '0.1.0')).not.toBe(id);
    expect(clusterJobId(shard('/tmp/x'), 1, 'out/other', '0.1.0')).not.toBe(id);
    expect(clusterJobId(shard('/tmp/x'), 1, 'out/r', '0.2.0')).not.toBe(id);
    const other: AppJob = { kind: 'shard', job: { ...(shard('/tmp/x').job as object), scenario: { ...sc, cards: { ...sc.cards, count: 999 } } } as never };
    expect(clusterJobId(other, 1, 'out/r', '0.1.0')).not.toBe(id);
  });

  it('travel whole (Infinity and all) and point their outputs into the attempt directory', () => {
    const e: AppJob = { kind: 'sweep', job: { scenario: { ...sc, durationUs: Infinity } as never, seed: 3 } };
    expect(decodeJob(encodeJob(e))).toEqual(e);
    expect((intoDir(shard('/staging'), '/shared/a1') as { job: { partsDir: string } }).job.partsDir).toBe('/shared/a1');
    expect(workDirOf('/runs/day')).toBe('/runs/.day.cluster');
  });
});

describe('cluster URLs and failures', () => {
  it('accepts redis:// and rediss:// and hides the password in messages', () => {
    expect(parseClusterUrl('rediss://u:secret@h:6380/2').shown).toBe('rediss://u:***@h:6380/2');
    expect(() => parseClusterUrl('127.0.0.1:6379')).toThrow(/not a URL|not a Redis URL/);
    expect(() => parseClusterUrl('redis://h:6379/x')).toThrow("--cluster: '/x' is not a database number; expected redis://host:port/0");
  });

  it('records bad input and file-system problems as exit 2, anything else as exit 70', () => {
    expect(failureLine(new InputError('TOO_BIG', 'this job needs 9 GB'))).toBe('[exit 2] TOO_BIG: this job needs 9 GB');
    expect(failureLine(Object.assign(new Error('InputError: no such scenario\n    at x'), { code: 'NO_FILE' }))).toBe('[exit 2] NO_FILE: no such scenario');
    expect(failureLine(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' }))).toBe('[exit 2] ENOSPC: no space left on device, write');
    expect(failureLine(new TypeError('x is undefined'))).toBe('[exit 70] x is undefined');
    expect(exitCodeOf('[exit 2] TOO_BIG: x')).toBe(2);
    expect(exitCodeOf('no code')).toBe(70);
    expect(new ClusterJobError('seed-1-ab', '[exit 2] TOO_BIG: x', 2).message).toBe('cluster job seed-1-ab failed: TOO_BIG: x; the other jobs go on, and the same command with --resume re-submits only what is missing');
  });
});
