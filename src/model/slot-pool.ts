import { grown, type Column } from './columns.js';

/**
 * Short-lived records held by id in events (pending chargebacks, fraud episodes): one typed-array
 * column per field in `cols`, all of one length that doubles when every slot is in use; a released
 * slot is reused first (last released, first reused). Reading and writing a field is a plain
 * typed-array access (`pool.cols.amount[id]`); only `alloc` on a full pool allocates.
 */
export class SlotPool<C extends Record<keyof C, Column>> {
  private readonly free: number[] = [];
  private used = 0;
  private capacity: number;

  /** `cols`: the columns, all of the same length (at least 1). */
  constructor(readonly cols: C) {
    const lengths = (Object.values(cols) as Column[]).map((c) => c.length);
    this.capacity = lengths[0] ?? 0;
    if (!(this.capacity > 0) || lengths.some((l) => l !== this.capacity)) throw new Error('SlotPool: the columns must share one length of at least 1');
  }

  /** A free slot (its fields hold what the last user left). */
  alloc(): number {
    const f = this.free.pop();
    if (f !== undefined) return f;
    const id = this.used++;
    if (id === this.capacity) this.grow(id * 2);
    return id;
  }

  /** Gives slot `id` back. */
  release(id: number): void {
    this.free.push(id);
  }

  private grow(length: number): void {
    const cols = this.cols as { [field: string]: Column };
    for (const k of Object.keys(cols)) cols[k] = grown(cols[k]!, length);
    this.capacity = length;
  }
}
