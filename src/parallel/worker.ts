/** Worker-thread entry: runs shard jobs sent by the pool, one at a time. */
import { parentPort } from 'node:worker_threads';
import { runShardJob, type ShardJob } from './shard-job.js';

parentPort!.on('message', (msg: { id: number; job: ShardJob }) => {
  try {
    const { payload, transfer } = runShardJob(msg.job);
    parentPort!.postMessage({ id: msg.id, payload }, transfer);
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: (e as Error).stack ?? String(e) });
  }
});
