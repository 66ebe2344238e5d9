/**
 * The `--cluster` URL, checked without loading any Redis client (so a command that is not given
 * `--cluster` loads none: ./connection.ts and the coordinator are imported only when used).
 */
import { InputError } from '../app/errors.js';
import { packageVersion } from '../version.js';

/** A checked cluster address: the URL as given and the same with its password hidden (for messages). */
export interface ClusterUrl {
  readonly url: string;
  readonly shown: string;
}

/** The BullMQ queue of this version: workers of another version never take its jobs. */
export function queueName(): string {
  return `quartet-${packageVersion()}`;
}

/** Checks `--cluster`: redis://[user:password@]host:port[/db] or rediss:// (TLS). */
export function parseClusterUrl(text: string): ClusterUrl {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new InputError('BAD_CLUSTER_URL', `--cluster: '${text}' is not a URL; expected redis://host:port or rediss://host:port (TLS)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new InputError('BAD_CLUSTER_URL', `--cluster: '${u.protocol}' is not a Redis URL scheme; expected redis://host:port or rediss://host:port (TLS)`);
  }
  if (u.hostname === '') throw new InputError('BAD_CLUSTER_URL', `--cluster: '${text}' names no host; expected redis://host:port`);
  if (u.pathname !== '' && u.pathname !== '/' && !/^\/\d{1,2}$/.test(u.pathname)) {
    throw new InputError('BAD_CLUSTER_URL', `--cluster: '${u.pathname}' is not a database number; expected redis://host:port/0`);
  }
  const shown = u.password !== '' ? text.replace(`:${u.password}@`, ':***@') : text;
  return { url: text, shown };
}

