import type { Handler } from '../engine/simulation.js';
import { onBucketClose, onBucketEdge } from './buckets.js';
import { KIND_COUNT, KIND_NAMES } from './events.js';
import { onCapacity } from './hosts.js';
import { onAcquirerArrive, onAcquirerTimeout } from './parties/acquirer.js';
import { onArrival } from './parties/cardholder.js';
import { onBankArrive, onClearingArrive } from './parties/clearing-house.js';
import { onIssuerArrive, onReversalAtIssuer } from './parties/issuer.js';
import { onSwitchArrive, onSwitchStandIn } from './parties/switch.js';
import { onTerminalTimeout } from './parties/terminal.js';
import { onPlatformArrive } from './parties/wallet-platform.js';
import { onProvision, onProvisionDay } from './parties/token-service.js';
import type { World } from './world.js';

/**
 * Dispatch: the handler of every event kind of events.ts, registered with the engine in kind
 * order, so the engine's dense handler table is indexed by the kind constants the parties use.
 * Each handler is a closure over the world made once here (no lookup per event).
 */
export function registerHandlers(w: World): void {
  const handlers: Handler[] = [
    (_t, d) => onArrival(w, d),
    (_t, s) => onAcquirerArrive(w, s),
    (_t, s) => onSwitchArrive(w, s),
    (_t, s) => onIssuerArrive(w, s),
    (_t, s) => onSwitchStandIn(w, s),
    (_t, s) => onAcquirerTimeout(w, s),
    (_t, s) => onTerminalTimeout(w, s),
    (_t, s) => onReversalAtIssuer(w, s),
    (_t, b) => onBucketEdge(w, b),
    (_t, b) => onBucketClose(w, b),
    (_t, d) => onProvisionDay(w, d),
    () => onProvision(w),
    (h, f) => onCapacity(w, h, f),
    (_t, s) => onPlatformArrive(w, s),
    (_t, s) => onClearingArrive(w, s),
    (_t, s) => onBankArrive(w, s),
  ];
  if (handlers.length !== KIND_COUNT) throw new Error('dispatch: one handler per event kind');
  handlers.forEach((h, kind) => {
    if (w.sim.on(KIND_NAMES[kind]!, h) !== kind) throw new Error(`dispatch: kind ${kind} registered out of order`);
  });
}
