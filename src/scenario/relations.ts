/**
 * The relations stage of the scenario pipeline: checks between values of different sections,
 * once each section is resolved (timers against each other, the bucket against the run and the
 * terminal timeout).
 */

import { isObj, type Path, type ResolveContext } from './context.js';
import { formatDuration } from './duration.js';
import { formatPath } from './errors.js';
import type { AcquirerSpec, MerchantsSpec } from './types.js';

/** What the relations read, each undefined when its section is in error. */
export interface RelationInputs {
  readonly fileDurationUs: number | undefined;
  readonly bucketUs: number | undefined;
  readonly merchants: MerchantsSpec | undefined;
  readonly acquirers: readonly AcquirerSpec[] | undefined;
}

/** Reports the relations between sections that do not hold (`timeout_order`, `bucket_not_divisor`, `bucket_too_short`). */
export function checkRelations(ctx: ResolveContext, { fileDurationUs, bucketUs, merchants, acquirers }: RelationInputs): void {
  if (merchants !== undefined && acquirers !== undefined) checkTimeouts(ctx, merchants.terminalTimeoutUs, acquirers);
  if (fileDurationUs === undefined || bucketUs === undefined) return;
  const onBucket = ctx.present(['bucket']);
  if (fileDurationUs % bucketUs !== 0) {
    ctx.report.add(
      onBucket ? ['bucket'] : ['duration'],
      'bucket_not_divisor',
      `the bucket ${formatDuration(bucketUs)}${onBucket ? '' : ' (default)'} does not divide the duration ${formatDuration(fileDurationUs)}; the run must be a whole number of buckets`,
    );
  }
  if (merchants !== undefined && bucketUs < merchants.terminalTimeoutUs) {
    ctx.report.add(
      onBucket ? ['bucket'] : ['merchants', 'terminal_timeout'],
      'bucket_too_short',
      `the bucket ${formatDuration(bucketUs)} is shorter than merchants.terminal_timeout ${formatDuration(merchants.terminalTimeoutUs)}; every purchase must resolve before the bucket after the one it started in closes`,
    );
  }
}

/** Every acquirer's timer must expire before its terminals give up. */
function checkTimeouts(ctx: ResolveContext, terminalTimeoutUs: number, acquirers: readonly AcquirerSpec[]): void {
  const reported = new Set<string>();
  const overrides = ctx.raw(['acquirers', 'timeouts'], {});
  for (const a of acquirers) {
    if (a.timeoutUs < terminalTimeoutUs) continue;
    const own = isObj(overrides) && Object.prototype.hasOwnProperty.call(overrides, a.name);
    const path: Path = own
      ? ['acquirers', 'timeouts', a.name]
      : ctx.present(['acquirers', 'timeout'])
        ? ['acquirers', 'timeout']
        : ['merchants', 'terminal_timeout'];
    const key = formatPath(path);
    if (reported.has(key)) continue;
    reported.add(key);
    ctx.report.add(
      path,
      'timeout_order',
      `the timeout of acquirer '${a.name}' (${formatDuration(a.timeoutUs)}) must be shorter than merchants.terminal_timeout (${formatDuration(terminalTimeoutUs)}): the terminal must outlive its acquirer's timer`,
    );
  }
}
