import { CARD_CREDIT } from './cards.js';
import { armTerminalTimer, backDelay } from './hops.js';
import type { ClearingInput } from './clearing.js';
import { S2_FRAUD_TYPE, S2_MERCHANT_BEARS, fraudAnswer, fraudTypeOf } from './fraud-book.js';
import { S2_AT_SWITCH, S_FINISHED, S_STAND_IN, S_TERM_TIMEOUT_SET, S_TOKEN } from './in-flight.js';
import { OUTCOME_APPROVED, OUTCOME_DECLINED, W_FIELDS, W_TOKEN_PURCHASES } from './results.js';
import {
  T_APPROVED,
  T_DECLINED,
  T_FIELDS,
  T_LAT_SUM,
  T_STAND_IN,
  T_TIMED_OUT,
  T_TOKEN_PURCHASES,
  T_VALUE_APPROVED,
  binOf,
} from './stats.js';
import { hashUniform } from '../engine/hash.js';
import { R_ATM, R_FOUR_PARTY, R_THREE_PARTY_BANK } from './routes.js';
import { atmAnswer } from './atm-outcome.js';
import { localDay, type World } from './world.js';

/**
 * The end of a purchase's lifecycle: its one outcome as the terminal shows it (approved, declined
 * or timed out, with a response code and the time it reached the terminal), its counters,
 * its clearing and its transaction record. Called by whichever party decides the outcome.
 */

/** Records the outcome of a purchase once, in the bucket where it started. */
export function answer(w: World, slot: number, outcome: number, code: number, atTerminal: number): void {
  const f = w.flight;
  const st = f.state[slot]!;
  if ((st & S_FINISHED) !== 0) return;
  f.state[slot] = st | S_FINISHED;
  if (f.route[slot] === R_ATM) {
    // A withdrawal counts apart from the purchases (atm.csv), and may fail to dispense.
    atmAnswer(w, slot, st, outcome, atTerminal);
    if (w.opts.onTransaction !== undefined) emitRecord(w, slot, st, outcome, code, atTerminal - f.startUs[slot]!);
    return;
  }
  const latency = countOutcome(w, slot, st, outcome, code, atTerminal);
  // A fraud attempt and a wallet's payment have their own books; a plain network no books at all.
  if ((f.state2[slot]! & S2_FRAUD_TYPE) !== 0 || f.route[slot] !== R_FOUR_PARTY) otherBooks(w, slot, outcome, atTerminal);
  else if (w.clearing !== undefined) clear(w, slot, outcome, atTerminal);
  if (w.opts.onTransaction !== undefined) emitRecord(w, slot, st, outcome, code, latency);
}

/** The books of a fraud attempt (always four-party: fraud-book.ts) or of a three-party payment (out of line: `answer` stays small). */
function otherBooks(w: World, slot: number, outcome: number, atTerminal: number): void {
  if ((w.flight.state2[slot]! & S2_FRAUD_TYPE) !== 0) fraudAnswer(w, slot, outcome, w.clearing === undefined ? undefined : clearingInput(w, slot, atTerminal));
  else if (outcome === OUTCOME_APPROVED) payPlatform(w, slot, atTerminal);
}

/** A token purchase's counters: in the bucket and in its wallet's day (out of line: `countOutcome` stays small). */
function countToken(w: World, slot: number, base: number, start: number): void {
  const s = w.stats;
  s.throughput[base + T_TOKEN_PURCHASES]!++;
  const d = localDay(w, start);
  if (d < s.days) s.walletDays[(w.flight.platform[slot]! * s.days + d) * W_FIELDS + W_TOKEN_PURCHASES]!++;
}

/** The outcome's counters and latency histograms; returns the latency. */
function countOutcome(w: World, slot: number, st: number, outcome: number, code: number, atTerminal: number): number {
  const f = w.flight;
  const s = w.stats;
  const start = f.startUs[slot]!;
  const b = Math.floor(start / s.bucketUs);
  const tp = s.throughput;
  const base = b * T_FIELDS;
  if (outcome === OUTCOME_APPROVED) {
    tp[base + T_APPROVED]!++;
    tp[base + T_VALUE_APPROVED]! += f.amountMinor[slot]!;
  } else if (outcome === OUTCOME_DECLINED) tp[base + T_DECLINED]!++;
  else tp[base + T_TIMED_OUT]!++;
  if ((st & S_STAND_IN) !== 0) tp[base + T_STAND_IN]!++;
  if ((st & S_TOKEN) !== 0) countToken(w, slot, base, start);
  const latency = atTerminal - start;
  tp[base + T_LAT_SUM]! += latency;
  const r = b % s.histRing.length;
  const bin = binOf(latency);
  s.histRing[r]![bin]!++;
  s.histCount[r]!++;
  if (b >= s.firstBucket) s.histAll[bin]!++;
  s.declines[b * w.decisions.codes.length + code]!++;
  return latency;
}

/** Hands the purchase to clearing: approved ones clear; others pay per-authorization scheme fees if the scheme handled them. */
function clear(w: World, slot: number, outcome: number, atTerminal: number): void {
  const clearing = w.clearing!;
  const x = clearingInput(w, slot, atTerminal);
  if (outcome === OUTCOME_APPROVED) clearing.approved(x);
  else if ((w.flight.state2[slot]! & S2_AT_SWITCH) !== 0) clearing.notCleared(x);
}

/** The reused clearing input, filled from a purchase's slot. */
function clearingInput(w: World, slot: number, atTerminal: number): ClearingInput {
  const f = w.flight;
  const x = w.clearingInput;
  const card = f.card[slot]!;
  x.atUs = atTerminal;
  x.issuer = f.issuer[slot]!;
  x.acquirer = f.acquirer[slot]!;
  x.mcc = w.demand.catMcc[f.category[slot]!]!;
  x.channel = f.channel[slot]!;
  x.credit = (w.cards.flagsOf(card) & CARD_CREDIT) !== 0;
  x.amountMinor = f.amountMinor[slot]!;
  return x;
}

/** An approved wallet payment goes to its platform's books on the local day it was answered. */
function payPlatform(w: World, slot: number, atTerminal: number): void {
  const net = w.networks!;
  const f = w.flight;
  const p = f.platform[slot]!;
  const merchant = w.terminals.merchantOf(f.terminal[slot]!, f.category[slot]!);
  const promotional = hashUniform(net.promoSalt, merchant) < net.spec.platforms[p]!.prices.promotionalShare;
  const issuer = f.route[slot] === R_THREE_PARTY_BANK ? f.issuer[slot]! : -1;
  net.books.pay(p, issuer, f.amountMinor[slot]!, promotional, localDay(w, atTerminal));
}

/** Fills the reused transaction record (ids made global for a shard) and hands it to the sink. */
function emitRecord(w: World, slot: number, st: number, outcome: number, code: number, latency: number): void {
  const f = w.flight;
  const rec = w.record;
  const card = f.card[slot]!;
  const term = f.terminal[slot]!;
  const cat = f.category[slot]!;
  const k = w.shard.count;
  const si = w.shard.index;
  rec.startUs = f.startUs[slot]!;
  rec.card = card * k + si;
  rec.issuer = f.issuer[slot]!;
  rec.terminal = term * k + si;
  rec.merchant = w.terminals.merchantOf(term, cat) * k + si;
  rec.acquirer = f.acquirer[slot]!;
  rec.category = cat;
  rec.channel = f.channel[slot]!;
  rec.amountMinor = f.amountMinor[slot]!;
  rec.outcome = outcome;
  rec.code = w.decisions.codes[code]!;
  rec.latencyUs = latency;
  rec.standIn = (st & S_STAND_IN) !== 0;
  rec.credit = (w.cards.flagsOf(card) & CARD_CREDIT) !== 0;
  rec.route = f.route[slot]!;
  rec.platform = f.platform[slot]!;
  rec.fraudType = fraudTypeOf(f.state2[slot]!);
  rec.fraudBearer = (f.state2[slot]! & S2_MERCHANT_BEARS) !== 0 ? 1 : 0;
  w.opts.onTransaction!(rec);
}

/**
 * The answer leaves party `from` at `t` for the terminal, a link away. The answer path has no
 * queues, so its arrival is known now: recorded at once (approved when the code is 00) if it
 * beats the terminal's deadline; too late, the terminal gives up at its deadline (its timer
 * records the outcome). Nothing to do when the terminal's timer is already armed.
 */
export function answerToTerminal(w: World, slot: number, from: number, t: number): void {
  const f = w.flight;
  if ((f.state[slot]! & S_TERM_TIMEOUT_SET) !== 0) return;
  const atTerminal = t + backDelay(w, slot, from, t);
  if (atTerminal > f.termDeadlineUs[slot]!) {
    armTerminalTimer(w, slot);
    return;
  }
  const code = f.code[slot]!;
  answer(w, slot, code === w.decisions.c00 ? OUTCOME_APPROVED : OUTCOME_DECLINED, code, atTerminal);
}
