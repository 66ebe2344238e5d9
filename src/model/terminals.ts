import { hashUniform, saltOf } from '../engine/hash.js';
import { CHANNEL_ECOMMERCE, type MerchantsSpec } from '../scenario/types.js';
import { apportion } from './cards.js';

/**
 * Terminals and their merchants as columns. Terminals are numbered by merchant category:
 * category c owns [catStart[c], catStart[c+1]), in proportion to its share of purchases, so a
 * purchase picks a category and then a terminal uniformly inside it. Consecutive terminals of a
 * category belong to the same merchant location (`terminalsPerMerchant` each); all terminals of
 * a merchant share its acquirer.
 */
/** Bytes per terminal: the acquirer column (1 or 2 bytes by the number of acquirers) and the capability byte. */
export function terminalBytes(acquirers: number): number {
  return (acquirers > 256 ? 2 : 1) + 1;
}

export class TerminalTable {
  readonly count: number;
  readonly merchantCount: number;
  /**
   * Acquirer of each terminal: one byte per terminal while there are at most 256 acquirers, two
   * beyond (the scenario allows up to 10,000).
   */
  readonly acquirer: Uint8Array | Uint16Array;
  /** Channels each terminal takes, one bit per channel number. */
  readonly capabilities: Uint8Array;
  readonly catStart: Int32Array;
  readonly catMerchantBase: Int32Array;
  readonly perMerchant: number;

  constructor(spec: MerchantsSpec, acquirerShares: readonly number[], seed: number | string) {
    const n = spec.terminals;
    this.count = n;
    this.perMerchant = spec.terminalsPerMerchant;
    this.acquirer = acquirerShares.length > 256 ? new Uint16Array(n) : new Uint8Array(n);
    this.capabilities = new Uint8Array(n);
    const cats = spec.categories;
    const counts = apportion(n, cats.map((c) => c.share));
    this.catStart = new Int32Array(cats.length + 1);
    this.catMerchantBase = new Int32Array(cats.length + 1);
    const acqCum: number[] = [];
    let acc = 0;
    for (const s of acquirerShares) acqCum.push((acc += s));
    const acqSalt = saltOf(`merchant-acquirer/${seed}`);
    const capSalt = saltOf(`terminal-capabilities/${seed}`);
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
        this.acquirer[t] = a;
        let mask = 0;
        if (cat.cardNotPresent) {
          mask = 1 << CHANNEL_ECOMMERCE;
        } else {
          for (let ch = 0; ch < CHANNEL_ECOMMERCE; ch++) {
            if (hashUniform(capSalt, t * 8 + ch) < (spec.capabilityShare[ch] ?? 0)) mask |= 1 << ch;
          }
          // A card-present terminal takes at least the chip.
          if (mask === 0) mask = 1;
        }
        this.capabilities[t] = mask;
      }
      start += counts[c]!;
      merchants += m;
    }
    this.catStart[cats.length] = start;
    this.catMerchantBase[cats.length] = merchants;
    this.merchantCount = merchants;
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
