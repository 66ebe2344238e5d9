/** Worker-thread entry: runs shard and replication jobs sent by the pool, one at a time. */
import { parentPort } from 'node:worker_threads';
import { runReplicationJob, runShardJob, type ReplicationJob, type ShardJob } from './shard-job.js';

parentPort!.on('message', (msg: { id: number; kind: 'shard' | 'replication'; job: ShardJob | ReplicationJob }) => {
  void (async () => {
    try {
      if (msg.kind === 'shard') {
        const { payload, transfer } = runShardJob(msg.job as ShardJob, (nowUs, events) => parentPort!.postMessage({ id: msg.id, progress: nowUs, events }));
        parentPort!.postMessage({ id: msg.id, payload }, transfer);
      } else {
        const payload = await runReplicationJob(msg.job as ReplicationJob);
        parentPort!.postMessage({ id: msg.id, payload });
      }
    } catch (e) {
      parentPort!.postMessage({ id: msg.id, error: (e as Error).stack ?? String(e) });
    }
  })();
});
