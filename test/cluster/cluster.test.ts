/**
 * The cluster with a real Redis: a private redis-server, a coordinator (`sim run --cluster`) and
 * two or three `sim worker` processes. The run directory of scenarios/russia.yaml over 3 days in
 * 4 shards, with transactions.csv, is byte for byte the local run's: on three workers with one
 * killed (-9) in the middle of a job, and after a coordinator killed and resumed. A job that keeps failing fails
 * the run with its id; a bad or unreachable Redis is one line, exit 2. Each part uses its own
 * Redis database, so no worker takes another part's jobs.
 *
 * With CI=true a missing redis-server fails the test; elsewhere the test is skipped, and says why.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SERVER, jobsDone, listedFiles, sim, startRedis, stopAll, waitFor, type Proc } from './harness.js';

const haveRedis = existsSync(REDIS_SERVER);
if (!haveRedis && process.env.CI === 'true') throw new Error(`${REDIS_SERVER} is missing: the cluster tests need it in CI (.ci/run installs Debian's redis-server)`);
if (!haveRedis) console.warn(`test/cluster skipped: ${REDIS_SERVER} is not installed (apt-get install redis-server)`);

const RUN = [resolve('scenarios/russia.yaml'), '--duration', '3d', '--set', 'shards=4', '--transactions', '--quiet', '--force'];
const STALL = ['--stall-interval', '1000', '--concurrency', '1'];

describe.skipIf(!haveRedis)('sim run --cluster on a real Redis', () => {
  const work = mkdtempSync(join(tmpdir(), 'quartet-cluster-'));
  let port = 0;
  let local: Record<string, string> = {};
  const url = (db: number): string => `redis://127.0.0.1:${port}/${db}`;
  const worker = (db: number, env: Record<string, string> = {}): Proc => sim(['worker', '--cluster', url(db), ...STALL], env);

  beforeAll(async () => {
    port = (await startRedis(work)).port;
    const run = sim(['run', ...RUN, '--out', join(work, 'local')]);
    expect((await run.ended).code).toBe(0);
    local = listedFiles(join(work, 'local'));
  });
  afterAll(async () => {
    await stopAll();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes the bytes of a local run on three workers, one of them killed (-9) in the middle of a job, each job done once', async () => {
    const [a, b, c] = [worker(1), worker(1), worker(1)];
    const run = sim(['run', ...RUN, '--out', join(work, 'three'), '--cluster', url(1)]);
    await waitFor('worker a to start a job', () => /started/.test(a.stderr()));
    await new Promise((r) => setTimeout(r, 300));
    a.kill('SIGKILL');
    const end = await run.ended;
    expect(end.stderr).toBe('');
    expect(end.code).toBe(0);
    expect(listedFiles(join(work, 'three'))).toEqual(local);
    expect(jobsDone(a.stderr())).toBe(0);
    expect(jobsDone(b.stderr()) + jobsDone(c.stderr())).toBe(4);
    expect(existsSync(join(work, '.three.cluster'))).toBe(false);
    b.kill();
    c.kill();
  });

  it('resumes a run whose coordinator was killed: only the jobs not done run again', async () => {
    const out = join(work, 'resumed');
    const first = sim(['run', ...RUN, '--out', out, '--cluster', url(2)]);
    const a = worker(2);
    // The third job started: the first two are done and acknowledged (a worker of concurrency 1 takes its next job with the ack).
    await waitFor('two jobs done and a third started', () => (a.stderr().match(/started/g) ?? []).length >= 3);
    first.kill('SIGKILL');
    a.kill('SIGKILL');
    await Promise.all([first.ended, a.ended]);
    const doneBefore = jobsDone(a.stderr());
    expect(existsSync(join(work, '.resumed.cluster'))).toBe(true);
    const b = worker(2);
    const again = sim(['run', ...RUN, '--out', out, '--cluster', url(2), '--resume']);
    const end = await again.ended;
    expect(end.code).toBe(0);
    expect(listedFiles(out)).toEqual(local);
    expect(doneBefore + jobsDone(b.stderr())).toBe(4);
    b.kill();
  });

  it('fails the run with the job id and its error when a job keeps failing (exit 2 for a job too big for its worker)', async () => {
    const small = worker(3, { QUARTET_MEMORY_BYTES: '1000000' });
    const run = sim(['run', ...RUN, '--out', join(work, 'failed'), '--cluster', url(3)]);
    const end = await run.ended;
    expect(end.code).toBe(2);
    expect(end.stderr).toMatch(/^error: cluster job shard-\dof4-seed-20181220-[0-9a-f]{24} failed: TOO_BIG: this job needs about .* \(after 3 attempts\); .*--resume/);
    expect(end.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(work, 'failed'))).toBe(false);
    small.kill();
  });

  it('says in one line, exit 2, when the URL is wrong or Redis cannot be reached', async () => {
    const bad = await sim(['run', ...RUN, '--out', join(work, 'x'), '--cluster', 'http://127.0.0.1:1']).ended;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("error: --cluster: 'http:' is not a Redis URL scheme; expected redis://host:port or rediss://host:port (TLS)\n");
    const closed = await sim(['worker', '--cluster', 'redis://127.0.0.1:1', '--connect-timeout', '2000']).ended;
    expect(closed.code).toBe(2);
    expect(closed.stderr).toBe('error: --cluster: cannot use Redis at redis://127.0.0.1:1: connection refused (is redis-server running there?)\n');
  });
});
