import { Priority } from '../engine/simulation.js';

/**
 * Event kinds of the network model, their priorities, and the lifecycle of a purchase, written
 * down once. Kinds are small integers fixed at compile time: `dispatch.ts` registers one handler
 * per kind in this order (and checks the engine hands back the same numbers), so a party schedules
 * `K_SWITCH_ARRIVE` without holding a reference to the switch.
 *
 * Lifecycle of a purchase (four-party route; other routes swap the middle parties):
 *
 *   cardholder arrival -> terminal (channel, slot, terminal timer armed lazily)
 *     -> [link] acquirer admission (sets its timer on the switch)
 *     -> [link] switch admission (detokenizes, sets its timer on the issuer)
 *     -> [link] issuer admission and decision
 *     <- response back along the route's links, computed at once (no queues on the way back)
 *   ends exactly once: approved / declined (answer in time) or timed out (a timer fired first).
 *   A purchase that reached the switch and timed out is reversed: the reversal travels to the
 *   issuer (retried while the switch is down, held while the issuer is down) and gives back funds.
 *
 * A slot of the in-flight table is freed when its purchase has an outcome and no pending event
 * refers to it (reference counts in `in-flight.ts`).
 */

/** A purchase arrival (data 0) or a demand-rate boundary (data 1). */
export const K_ARRIVAL = 0;
/** A request reaches the acquirer host (data: slot). */
export const K_ACQUIRER_ARRIVE = 1;
/** A request reaches the switch (data: slot). */
export const K_SWITCH_ARRIVE = 2;
/** A request reaches the issuer host (data: slot). */
export const K_ISSUER_ARRIVE = 3;
/** The switch's timer on the issuer fires, or the issuer is found down: stand-in (data: slot). */
export const K_SWITCH_STAND_IN = 4;
/** The acquirer's timer on the switch fires (data: slot). */
export const K_ACQUIRER_TIMEOUT = 5;
/** The terminal's timer on the acquirer fires (data: slot). */
export const K_TERMINAL_TIMEOUT = 6;
/** A reversal reaches the issuer (data: slot). */
export const K_REVERSAL_AT_ISSUER = 7;
/** End of a statistics bucket (data: edge number). */
export const K_BUCKET_EDGE = 8;
/** A bucket's outcomes are all in: its latency quantiles are taken (data: bucket). */
export const K_BUCKET_CLOSE = 9;
/** Start of a local day of wallet provisioning (data: day). */
export const K_PROVISION_DAY = 10;
/** One cardholder tries to provision a token (data: day). */
export const K_PROVISION = 11;
/** A capacity fault starts (target: host, data: fault index). */
export const K_CAPACITY = 12;
/** A three-party payment reaches its wallet platform's host (data: slot). */
export const K_PLATFORM_ARRIVE = 13;
/** A bank-funded wallet payment reaches the clearing house (data: slot). */
export const K_CLEARING_ARRIVE = 14;
/** The clearing house's authorization leg reaches the card's issuer host (data: slot). */
export const K_BANK_ARRIVE = 15;
/** Local midnight: merchants and consumers adopt or drop instruments (data: local day). */
export const K_ADOPTION_DAY = 16;
/** An ATM withdrawal arrival (data 0) or a withdrawal-rate boundary (data 1). */
export const K_ATM_ARRIVAL = 17;
/** A fraud episode of a typology starts (target: typology; model/fraud.ts). */
export const K_FRAUD_EPISODE = 18;
/** The next attempt of a fraud episode (data: episode). */
export const K_FRAUD_ATTEMPT = 19;
/** A secure-element token's TSM steps are done: the token is active (target: wallet, data: card). */
export const K_TOKEN_READY = 20;
/** An HCE token's limited-use keys are replenished, or the replenishment fails (target: wallet, data: card). */
export const K_KEY_REPLENISH = 21;
/** Start of a local day of terminal rollout: capability shares change (data: day). */
export const K_ROLLOUT_DAY = 22;
export const KIND_COUNT = 23;

/** Names, for messages (index = kind). */
export const KIND_NAMES: readonly string[] = [
  'arrival',
  'acquirer-arrive',
  'switch-arrive',
  'issuer-arrive',
  'switch-stand-in',
  'acquirer-timeout',
  'terminal-timeout',
  'reversal-at-issuer',
  'bucket-edge',
  'bucket-close',
  'provision-day',
  'provision',
  'capacity',
  'platform-arrive',
  'clearing-arrive',
  'bank-arrive',
  'adoption-day',
  'atm-arrival',
  'fraud-episode',
  'fraud-attempt',
  'token-ready',
  'key-replenish',
  'rollout-day',
];

/**
 * Priorities at equal time: bucket edges, provisioning days and capacity changes come first
 * (URGENT: a bucket's counters close before the events of the next bucket), bucket closes last
 * (LATE: every outcome at that instant is in). Everything else is NORMAL, first scheduled first.
 */
export const P_BUCKET_EDGE = Priority.URGENT;
export const P_PROVISION_DAY = Priority.URGENT;
export const P_CAPACITY = Priority.URGENT;
export const P_ADOPTION_DAY = Priority.URGENT;
export const P_ROLLOUT_DAY = Priority.URGENT;
export const P_BUCKET_CLOSE = Priority.LATE;
export const P_NORMAL = Priority.NORMAL;
