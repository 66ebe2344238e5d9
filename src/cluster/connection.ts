/**
 * The Redis a cluster runs on: a first connection that either answers PING within the timeout
 * or becomes one plain line (an InputError: exit 2, no stack).
 */
import { Redis } from 'ioredis';
import { InputError } from '../app/errors.js';
import type { ClusterUrl } from './url.js';

export { parseClusterUrl, queueName, type ClusterUrl } from './url.js';

/** How long a first connection to Redis may take before the command gives up, by default. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/** The connection options every queue, worker and event reader of the cluster uses. */
export function connectionOptions(c: ClusterUrl, connectTimeoutMs: number): Record<string, unknown> {
  return { url: c.url, maxRetriesPerRequest: null, connectTimeout: connectTimeoutMs };
}

/** What a failed first connection means, in plain words. */
function why(e: Error & { code?: string }, timeoutMs: number): string {
  const m = e.message;
  if (e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(m)) return 'connection refused (is redis-server running there?)';
  if (e.code === 'ENOTFOUND' || /ENOTFOUND|EAI_AGAIN/.test(m)) return 'the host name is not known';
  if (/ETIMEDOUT|timed? ?out/i.test(m)) return `no answer within ${timeoutMs / 1000} s`;
  if (/NOAUTH/.test(m)) return 'Redis asks for a password: give it in the URL, redis://:PASSWORD@host:port';
  if (/WRONGPASS|invalid password|invalid username/i.test(m)) return 'the user name or password was refused';
  return m.split('\n')[0]!;
}

/**
 * Connects once and sends PING, within `timeoutMs`; throws an InputError naming the address and
 * the cause if Redis cannot be reached (refused, unknown host, no answer, wrong password).
 */
export async function checkRedis(c: ClusterUrl, timeoutMs: number = DEFAULT_CONNECT_TIMEOUT_MS): Promise<void> {
  const r = new Redis(c.url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The connection's own error (refused, unknown host) comes as an event; connect() then only says "Connection is closed".
  let cause: Error | undefined;
  r.on('error', (e: Error) => (cause ??= e));
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
    });
    await Promise.race([r.connect().then(() => r.ping()), timeout]);
  } catch (e) {
    throw new InputError('CLUSTER_UNREACHABLE', `--cluster: cannot use Redis at ${c.shown}: ${why(cause ?? (e as Error), timeoutMs)}`);
  } finally {
    clearTimeout(timer);
    r.disconnect();
  }
}
