/**
 * Helpers shared by the snapshots of the ledger, the settlement book and the compare
 * accumulator (sharded runs): plain data that survives `structuredClone` / `postMessage`, checked
 * before it is merged, and summed element by element.
 * @internal
 */

/** Who a ledger or book snapshot is about: it merges only into one with the same parties. */
export interface SnapshotParties {
  readonly issuers: readonly string[];
  readonly acquirers: readonly string[];
  readonly currencies: readonly string[];
  readonly schemeName: string;
  readonly fxName: string;
}

/** The parties of a ledger or book, as a snapshot holds them (copies of the name lists). */
export function snapshotParties(x: SnapshotParties): SnapshotParties {
  return { issuers: [...x.issuers], acquirers: [...x.acquirers], currencies: [...x.currencies], schemeName: x.schemeName, fxName: x.fxName };
}

/** Throws a RangeError unless a snapshot's parties are `mine`. */
export function checkSameParties(mine: SnapshotParties, theirs: SnapshotParties): void {
  sameNames('issuers', mine.issuers, theirs.issuers);
  sameNames('acquirers', mine.acquirers, theirs.acquirers);
  sameNames('currencies', mine.currencies, theirs.currencies);
  if (theirs.schemeName !== mine.schemeName) throw new RangeError(`cannot merge a snapshot of scheme "${theirs.schemeName}" into "${mine.schemeName}"`);
  if (theirs.fxName !== mine.fxName) throw new RangeError(`cannot merge a snapshot with FX account "${theirs.fxName}" into "${mine.fxName}"`);
}

/** Distinct ArrayBuffers of some typed arrays (a transfer list must not repeat a buffer). */
export function uniqueBuffers(arrays: readonly ArrayBufferView[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of arrays) {
    const b = a.buffer;
    if (b instanceof ArrayBuffer && !out.includes(b)) out.push(b);
  }
  return out;
}

/** Throws a RangeError unless two lists of names are equal. */
export function sameNames(what: string, mine: readonly string[], theirs: readonly string[]): void {
  if (mine.length !== theirs.length || mine.some((x, i) => x !== theirs[i])) {
    throw new RangeError(`cannot merge a snapshot with other ${what}: [${theirs.join(', ')}] into [${mine.join(', ')}]`);
  }
}

/** Throws a RangeError unless `a` is a Float64Array of length `n`. */
export function checkArray(what: string, a: unknown, n: number): asserts a is Float64Array {
  if (!(a instanceof Float64Array) || a.length !== n) {
    throw new RangeError(`snapshot field ${what}: expected a Float64Array of length ${n}, got ${a instanceof Float64Array ? `length ${a.length}` : typeof a}`);
  }
}

/** dst[i] += src[i]. */
export function addInto(dst: Float64Array, src: Float64Array): void {
  for (let i = 0; i < src.length; i++) dst[i] = (dst[i] as number) + (src[i] as number);
}
