import { onAdoptionDay } from './acceptance.js';
import { onBucketClose, onBucketEdge } from './buckets.js';
import {
  KIND_COUNT,
  KIND_NAMES,
  K_ACQUIRER_ARRIVE,
  K_ACQUIRER_TIMEOUT,
  K_ADOPTION_DAY,
  K_ARRIVAL,
  K_ATM_ARRIVAL,
  K_BUCKET_CLOSE,
  K_BUCKET_EDGE,
  K_CAPACITY,
  K_BANK_ARRIVE,
  K_CLEARING_ARRIVE,
  K_FRAUD_ATTEMPT,
  K_FRAUD_EPISODE,
  K_ISSUER_ARRIVE,
  K_PLATFORM_ARRIVE,
  K_PROVISION,
  K_PROVISION_DAY,
  K_REVERSAL_AT_ISSUER,
  K_SWITCH_ARRIVE,
  K_SWITCH_STAND_IN,
  K_TERMINAL_TIMEOUT,
  K_KEY_REPLENISH,
  K_ROLLOUT_DAY,
  K_TOKEN_READY,
} from './events.js';
import { onFraudAttempt, onFraudEpisode } from './fraud.js';
import { onCapacity } from './hosts.js';
import { onAcquirerArrive, onAcquirerTimeout } from './parties/acquirer.js';
import { onAtmArrival } from './parties/atm.js';
import { onArrival } from './parties/cardholder.js';
import { onBankArrive, onClearingArrive } from './parties/clearing-house.js';
import { onIssuerArrive, onReversalAtIssuer } from './parties/issuer.js';
import { onSwitchArrive, onSwitchStandIn } from './parties/switch.js';
import { onTerminalTimeout } from './parties/terminal.js';
import { onPlatformArrive } from './parties/wallet-platform.js';
import { onKeyReplenish, onProvision, onProvisionDay, onTokenReady } from './parties/token-service.js';
import { onRolloutDay } from './terminal-rollout.js';
import type { World } from './world.js';

/**
 * Dispatch: the handler of every event kind of events.ts. The kinds are registered with the
 * engine in kind order (for their names, and to check the engine numbers them as events.ts
 * does), and one dispatcher switches on the kind: the engine's call is then monomorphic and each
 * handler a direct call that V8 may inline, where a table of closures is one megamorphic call
 * per event (measured in docs/architecture.md, "Rules that keep it fast"). The kinds a purchase
 * or a withdrawal goes through when nothing fails are in `dispatch`; the others (reversals,
 * buckets, days, provisioning, capacity faults, fraud, token keys, rollout) in `rare`, out of
 * line, so that the dispatcher's optimized code holds only what runs for every purchase
 * (tandem, 31 interleaved runs: 2 % less wall time, paired interval 1-3.5 %).
 */
export function registerHandlers(w: World): void {
  for (let kind = 0; kind < KIND_COUNT; kind++) {
    if (w.sim.on(KIND_NAMES[kind]!, unreachable) !== kind) throw new Error(`dispatch: kind ${kind} registered out of order`);
  }
  w.sim.dispatchWith((kind, target, data) => dispatch(w, kind, target, data), KIND_COUNT);
}

/** Every event of the network, by kind (data is the slot for the purchase's events). */
function dispatch(w: World, kind: number, target: number, data: number): void {
  switch (kind) {
    case K_ARRIVAL:
      return onArrival(w, data);
    case K_ACQUIRER_ARRIVE:
      return onAcquirerArrive(w, data);
    case K_SWITCH_ARRIVE:
      return onSwitchArrive(w, data);
    case K_ISSUER_ARRIVE:
      return onIssuerArrive(w, data);
    case K_SWITCH_STAND_IN:
      return onSwitchStandIn(w, data);
    case K_ACQUIRER_TIMEOUT:
      return onAcquirerTimeout(w, data);
    case K_TERMINAL_TIMEOUT:
      return onTerminalTimeout(w, data);
    case K_PLATFORM_ARRIVE:
      return onPlatformArrive(w, data);
    case K_CLEARING_ARRIVE:
      return onClearingArrive(w, data);
    case K_BANK_ARRIVE:
      return onBankArrive(w, data);
    case K_ATM_ARRIVAL:
      return onAtmArrival(w, data);
    default:
      return rare(w, kind, target, data);
  }
}

/** The kinds that are not on a purchase's path when nothing fails: reversals, buckets, days, provisioning, capacity faults, fraud episodes and attempts, token readiness and keys, rollout. */
function rare(w: World, kind: number, target: number, data: number): void {
  switch (kind) {
    case K_REVERSAL_AT_ISSUER:
      return onReversalAtIssuer(w, data);
    case K_BUCKET_EDGE:
      return onBucketEdge(w, data);
    case K_BUCKET_CLOSE:
      return onBucketClose(w, data);
    case K_PROVISION_DAY:
      return onProvisionDay(w, data, target);
    case K_PROVISION:
      return onProvision(w, target);
    case K_CAPACITY:
      return onCapacity(w, target, data);
    case K_ADOPTION_DAY:
      return onAdoptionDay(w, data);
    case K_FRAUD_EPISODE:
      return onFraudEpisode(w, target);
    case K_FRAUD_ATTEMPT:
      return onFraudAttempt(w, data);
    case K_TOKEN_READY:
      return onTokenReady(w, target, data);
    case K_KEY_REPLENISH:
      return onKeyReplenish(w, target, data);
    case K_ROLLOUT_DAY:
      return onRolloutDay(w, data);
    default:
      throw new Error(`dispatch: no handler for event kind ${kind}`);
  }
}

/** The handler table is not used once a dispatcher is set. */
function unreachable(): void {
  throw new Error('dispatch: the handler table is bypassed by the dispatcher');
}
