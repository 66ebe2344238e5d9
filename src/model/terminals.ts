import { hashUniform, saltOf } from '../engine/hash.js';
import { CHANNEL_ECOMMERCE, type MerchantsSpec, type RolloutChannelSpec, type RolloutSpec } from '../scenario/types.js';
import { bassAfter } from './bass.js';
import { apportion } from './cards.js';

/**
 * Terminals and their merchants as columns. Terminals are numbered by merchant category:
 * category c owns [catStart[c], catStart[c+1]), in proportion to its share of purchases, so a
 * purchase picks a category and then a terminal uniformly inside it. Consecutive terminals of a
 * category belong to the same merchant location (`terminalsPerMerchant` each); all terminals of
 * a merchant share its acquirer.
 */
/** Bytes per terminal: its capabilities and its acquirer, 1 byte each, or 2 each beyond 256 acquirers. */
export function terminalBytes(acquirers: number): number {
  return acquirers > 256 ? 4 : 2;
}

export class TerminalTable {
  readonly count: number;
  readonly merchantCount: number;
  /**
   * Terminal t's channels (one bit per channel number) at 2t and its acquirer at 2t + 1: a
   * purchase reads both of a random terminal, so they share a cache line (as two columns they
   * cost two misses). One byte each while there are at most 256 acquirers, two beyond (the
   * scenario allows up to 10,000).
   */
  private readonly attrs: Uint8Array | Uint16Array;
  readonly catStart: Int32Array;
  readonly catMerchantBase: Int32Array;
  readonly perMerchant: number;
  /** Salt of a terminal's capability draws: terminal t takes channel ch while hashUniform(salt, 8t + ch) < the channel's share. */
  private readonly capSalt: number;

  constructor(spec: MerchantsSpec, acquirerShares: readonly number[], seed: number | string) {
    const n = spec.terminals;
    this.count = n;
    this.perMerchant = spec.terminalsPerMerchant;
    this.attrs = terminalBytes(acquirerShares.length) === 4 ? new Uint16Array(2 * n) : new Uint8Array(2 * n);
    const cats = spec.categories;
    const counts = apportion(n, cats.map((c) => c.share));
    this.catStart = new Int32Array(cats.length + 1);
    this.catMerchantBase = new Int32Array(cats.length + 1);
    const acqCum: number[] = [];
    let acc = 0;
    for (const s of acquirerShares) acqCum.push((acc += s));
    const acqSalt = saltOf(`merchant-acquirer/${seed}`);
    this.capSalt = saltOf(`terminal-capabilities/${seed}`);
    let start = 0;
    let merchants = 0;
    for (let c = 0; c < cats.length; c++) {
      const cat = cats[c]!;
      this.catStart[c] = start;
      this.catMerchantBase[c] = merchants;
      const m = Math.ceil(counts[c]! / this.perMerchant);
      for (let i = 0; i < counts[c]!; i++) {
        const t = start + i;
        const merchant = merchants + Math.floor(i / this.perMerchant);
        const u = hashUniform(acqSalt, merchant);
        let a = 0;
        while (a < acqCum.length - 1 && u >= acqCum[a]!) a++;
        this.attrs[2 * t + 1] = a;
        this.attrs[2 * t] = cat.cardNotPresent ? 1 << CHANNEL_ECOMMERCE : this.cardPresentMask(t, spec.capabilityShare);
      }
      start += counts[c]!;
      merchants += m;
    }
    this.catStart[cats.length] = start;
    this.catMerchantBase[cats.length] = merchants;
    this.merchantCount = merchants;
  }

  /** The channels of card-present terminal t under the shares of the card-present channels; it takes at least the chip. */
  private cardPresentMask(t: number, shares: readonly number[]): number {
    let mask = 0;
    for (let ch = 0; ch < CHANNEL_ECOMMERCE; ch++) {
      if (hashUniform(this.capSalt, t * 8 + ch) < (shares[ch] ?? 0)) mask |= 1 << ch;
    }
    return mask === 0 ? 1 : mask;
  }

  /**
   * Terminal rollout: the card-present terminals' channels on local day `day`, with the rollout's
   * share for each channel it names (the scenario's elsewhere). A terminal's draw for a channel is
   * fixed, so with a growing share a terminal that has taken a channel keeps it.
   */
  rollOut(rollout: RolloutSpec, day: number, spec: MerchantsSpec): void {
    const shares = [...spec.capabilityShare];
    for (const r of rollout.channels) shares[r.channel] = rolloutShare(r, day);
    const cats = spec.categories;
    for (let c = 0; c < cats.length; c++) {
      if (cats[c]!.cardNotPresent) continue;
      for (let t = this.catStart[c]!; t < this.catStart[c + 1]!; t++) this.attrs[2 * t] = this.cardPresentMask(t, shares);
    }
  }

  /** The channels terminal t takes, one bit per channel number. */
  capabilitiesOf(t: number): number {
    return this.attrs[2 * t]!;
  }

  /** Sets the channels terminal t takes (merchant acceptance; tests). */
  setCapabilities(t: number, mask: number): void {
    this.attrs[2 * t] = mask;
  }

  /** Bytes each terminal takes in the table (`terminalBytes` of its acquirer count). */
  get bytesPerTerminal(): number {
    return 2 * this.attrs.BYTES_PER_ELEMENT;
  }

  /** The acquirer of terminal t. */
  acquirerOf(t: number): number {
    return this.attrs[2 * t + 1]!;
  }

  /** Number of terminals of category c. */
  categorySize(c: number): number {
    return this.catStart[c + 1]! - this.catStart[c]!;
  }

  /** Merchant location of terminal t in category c. */
  merchantOf(t: number, c: number): number {
    return this.catMerchantBase[c]! + Math.floor((t - this.catStart[c]!) / this.perMerchant);
  }
}

/** The share of card-present terminals taking a rollout channel on local day `day` (a schedule, linear between points; or Bass's closed form). */
export function rolloutShare(r: RolloutChannelSpec, day: number): number {
  if (r.kind === 'bass') return r.ceiling <= 0 ? 0 : r.ceiling * bassAfter(r.start / r.ceiling, r.p, r.q, day);
  const { days, shares } = r;
  if (day <= days[0]!) return shares[0]!;
  for (let i = 1; i < days.length; i++) {
    if (day <= days[i]!) return shares[i - 1]! + ((shares[i]! - shares[i - 1]!) * (day - days[i - 1]!)) / (days[i]! - days[i - 1]!);
  }
  return shares[shares.length - 1]!;
}
