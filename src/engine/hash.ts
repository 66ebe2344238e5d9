/**
 * Counter-based randomness: a uniform number from (salt, index) with no state, so a per-entity
 * attribute (a card's product, its starting balance) can be computed when the entity is first
 * touched instead of drawing for millions of entities up front, and does not depend on the order
 * in which entities are touched. The mixer is the 32-bit finaliser of MurmurHash3, applied twice.
 */
export function hash32(salt: number, index: number): number {
  let h = (salt ^ Math.imul(index | 0, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ ((index / 4294967296) | 0), 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Uniform on [0, 1) from (salt, index). */
export function hashUniform(salt: number, index: number): number {
  return hash32(salt, index) / 4294967296;
}

/** A 32-bit salt from a string (FNV-1a), for deriving per-purpose salts from a seed and a name. */
export function saltOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
