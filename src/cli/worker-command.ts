/**
 * `sim worker --cluster redis://host:port [--concurrency K]`: a cluster worker (src/cluster),
 * and the `--cluster`/`--resume` options of `sim run`, `sim compare` and `sim sweep`, which
 * send a command's shards, replications or grid points to the cluster's queue (docs/cluster.md).
 */
import type { Command } from 'commander';
import { wholeNumber } from './whole-number.js';
import { totalmem } from 'node:os';
import { parseClusterUrl } from '../cluster/url.js';
import { shardKey, shardScenario } from '../model/shard.js';
import { defaultWorkers, type SubmitJobs } from '../parallel/pool.js';
import type { Scenario } from '../scenario/types.js';
import { CliError, EXIT_BAD_INPUT, EXIT_OK } from './errors.js';
import type { Io } from './io.js';

/** The cluster options of a command that submits jobs. */
export interface ClusterCliOptions {
  readonly cluster?: string;
  readonly resume?: boolean;
}

const parseMs = wholeNumber(100, 3_600_000, 'milliseconds');
const parseConcurrency = wholeNumber(1, 256, 'a whole number of jobs');

/**
 * The submitter of `--cluster` (undefined without it, so jobs run on this machine's threads);
 * `target` is the command's output directory, beside which the shared work directory lies.
 */
export function clusterSubmit(o: ClusterCliOptions, target: string): { submit: SubmitJobs } | Record<string, never> {
  if (o.cluster === undefined) {
    if (o.resume === true) throw new CliError(EXIT_BAD_INPUT, 'NOT_APPLICABLE', '--resume: only a run on a cluster can be resumed; give --cluster redis://host:port too');
    return {};
  }
  const cluster = parseClusterUrl(o.cluster);
  const resume = o.resume === true;
  // BullMQ and the Redis client are loaded only by a command that uses the cluster.
  const submit: SubmitJobs = async (jobs, p) => (await import('../cluster/coordinator.js')).clusterSubmitter({ cluster, target, resume })(jobs, p);
  return { submit };
}

/**
 * What the memory check before a run covers: the whole scenario on this machine, or with
 * `--cluster` one shard, which is what each job needs on a worker (every worker checks its
 * jobs again against its own memory).
 */
export function clusterMemoryScope(sc: Scenario, o: ClusterCliOptions): Scenario {
  return o.cluster === undefined ? sc : shardScenario(sc, shardKey(sc.seed, 0, sc.shards));
}

/** Memory for a worker's jobs: QUARTET_MEMORY_BYTES (for tests and shared machines) or the machine's. */
function workerMemory(): number {
  const env = process.env.QUARTET_MEMORY_BYTES;
  return env !== undefined && /^\d+$/.test(env) ? Number(env) : totalmem();
}

interface WorkerOptions {
  cluster: string;
  concurrency?: number;
  stallInterval?: number;
  connectTimeout?: number;
}

/** Adds `sim worker` to the program; `setCode` receives its exit code. */
export function addWorkerCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('worker')
    .description('take jobs (shards, replications, sweep points) from a cluster queue on Redis and run them, until stopped')
    .requiredOption('--cluster <url>', 'the Redis of the cluster: redis://[:password@]host:port or rediss:// for TLS')
    .option('--concurrency <k>', 'jobs at once, one thread each (default: the number of cores)', parseConcurrency)
    .option('--stall-interval <ms>', 'a job whose worker is silent this long goes to another worker (default 30000)', parseMs)
    .option('--connect-timeout <ms>', 'give up connecting to Redis after this long (default 5000)', parseMs)
    .action(async (o: WorkerOptions) => {
      const { runClusterWorker } = await import('../cluster/worker.js');
      await runClusterWorker({
        cluster: parseClusterUrl(o.cluster),
        concurrency: o.concurrency ?? defaultWorkers(),
        memoryBytes: workerMemory(),
        log: (line) => io.err(`${line}\n`),
        ...(o.stallInterval !== undefined ? { stallIntervalMs: o.stallInterval } : {}),
        ...(o.connectTimeout !== undefined ? { connectTimeoutMs: o.connectTimeout } : {}),
      });
      setCode(EXIT_OK);
    });
}
