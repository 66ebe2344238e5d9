import { SimError } from '../engine/errors.js';
import { grown } from './columns.js';

/**
 * The in-flight table: one slot per purchase between its start and its last event, as typed-array
 * columns with a free list (no allocation per purchase). Pending events carry the slot number; a
 * slot counts the events that refer to it (`refs`) and is freed when the count drops to zero and
 * the purchase has an outcome.
 */

// Flags in `state`.
export const S_FINISHED = 1;
export const S_ACQ_TIMED_OUT = 2;
export const S_ACQ_TIMEOUT_SET = 4;
export const S_TERM_TIMEOUT_SET = 8;
export const S_STAND_IN = 16;
export const S_INVALID_PAN = 32;
export const S_REVERSED = 64;
export const S_TOKEN = 128;
/** Flag in `state2`: the switch admitted the request (it was authorized through the scheme). */
export const S2_AT_SWITCH = 1;

export class InFlight {
  cap = 0;
  card = new Int32Array(0);
  terminal = new Int32Array(0);
  /** The purchase's acquirer and issuer, resolved once at its start. */
  acquirer = new Int32Array(0);
  issuer = new Int32Array(0);
  category = new Uint8Array(0);
  channel = new Uint8Array(0);
  /** Route number (routes.ts). */
  route = new Uint8Array(0);
  /** The wallet platform of a three-party payment, or the wallet of a four-party token purchase (read only on those). */
  platform = new Uint8Array(0);
  state = new Uint8Array(0);
  state2 = new Uint8Array(0);
  /** Response code index of the answer so far. */
  code = new Uint8Array(0);
  refs = new Uint8Array(0);
  reversalTries = new Uint8Array(0);
  amountMinor = new Float64Array(0);
  startUs = new Float64Array(0);
  acqDeadlineUs = new Float64Array(0);
  termDeadlineUs = new Float64Array(0);
  issDeadlineUs = new Float64Array(0);
  /** Funds taken from the card by the decision or stand-in (given back by a reversal). */
  appliedMinor = new Float64Array(0);
  private freeList = new Int32Array(0);
  private freeTop = 0;

  constructor(initial: number) {
    this.grow(initial);
  }

  /** Bytes per slot: every column's element plus the free-list entry. */
  bytesPerSlot(): number {
    const columns = [
      this.card, this.terminal, this.acquirer, this.issuer, this.category, this.channel, this.route, this.platform, this.state,
      this.state2, this.code, this.refs, this.reversalTries, this.amountMinor, this.startUs, this.acqDeadlineUs,
      this.termDeadlineUs, this.issDeadlineUs, this.appliedMinor, this.freeList,
    ];
    return columns.reduce((sum, c) => sum + c.BYTES_PER_ELEMENT, 0);
  }

  /** Purchases in flight. */
  get used(): number {
    return this.cap - this.freeTop;
  }

  /** A free slot, holding one reference (the caller's, until it returns). */
  alloc(): number {
    if (this.freeTop === 0) this.grow(this.cap * 2);
    const slot = this.freeList[--this.freeTop]!;
    this.refs[slot] = 1;
    return slot;
  }

  /**
   * Starts the clocks of the purchase in `slot` at `nowUs`: its amount, the terminal's deadline
   * (the others are set as it reaches each party), nothing applied to the card, no reversal tried.
   */
  open(slot: number, nowUs: number, amountMinor: number, termDeadlineUs: number): void {
    this.amountMinor[slot] = amountMinor;
    this.startUs[slot] = nowUs;
    this.acqDeadlineUs[slot] = Infinity;
    this.termDeadlineUs[slot] = termDeadlineUs;
    this.issDeadlineUs[slot] = Infinity;
    this.appliedMinor[slot] = 0;
    this.reversalTries[slot] = 0;
  }

  /** Drops one reference; frees the slot at the last one. Throws if the purchase has no outcome then. */
  release(slot: number, nowUs: number): void {
    // A few bytecodes, so V8 inlines it into every handler; the last reference is out of line.
    const r = this.refs[slot]!;
    if (r > 1) this.refs[slot] = r - 1;
    else this.free(slot, nowUs);
  }

  private free(slot: number, nowUs: number): void {
    if ((this.state[slot]! & S_FINISHED) === 0) {
      throw new SimError('UNRESOLVED', `purchase in slot ${slot} has no pending event and no outcome`, nowUs);
    }
    this.refs[slot] = 0;
    this.freeList[this.freeTop++] = slot;
  }

  private grow(n: number): void {
    const old = this.cap;
    this.card = grown(this.card, n);
    this.terminal = grown(this.terminal, n);
    this.acquirer = grown(this.acquirer, n);
    this.issuer = grown(this.issuer, n);
    this.category = grown(this.category, n);
    this.channel = grown(this.channel, n);
    this.route = grown(this.route, n);
    this.platform = grown(this.platform, n);
    this.state = grown(this.state, n);
    this.state2 = grown(this.state2, n);
    this.code = grown(this.code, n);
    this.refs = grown(this.refs, n);
    this.reversalTries = grown(this.reversalTries, n);
    this.amountMinor = grown(this.amountMinor, n);
    this.startUs = grown(this.startUs, n);
    this.acqDeadlineUs = grown(this.acqDeadlineUs, n);
    this.termDeadlineUs = grown(this.termDeadlineUs, n);
    this.issDeadlineUs = grown(this.issDeadlineUs, n);
    this.appliedMinor = grown(this.appliedMinor, n);
    const fl = new Int32Array(n);
    fl.set(this.freeList.subarray(0, this.freeTop));
    // New slots go on the free list highest first, so the lowest is handed out first.
    let top = this.freeTop;
    for (let s = n - 1; s >= old; s--) fl[top++] = s;
    this.freeList = fl;
    this.freeTop = top;
    this.cap = n;
  }
}
