import { describe, expect, it } from 'vitest';
import { SlotPool } from '../../src/model/slot-pool.js';

describe('SlotPool: records by id in typed-array columns', () => {
  it('hands out 0, 1, 2 … and reuses the last released slot first', () => {
    const pool = new SlotPool({ a: new Int32Array(4) });
    expect([pool.alloc(), pool.alloc(), pool.alloc()]).toEqual([0, 1, 2]);
    pool.release(0);
    pool.release(2);
    expect([pool.alloc(), pool.alloc(), pool.alloc()]).toEqual([2, 0, 3]);
  });

  it('doubles every column when full, keeping what the slots hold', () => {
    const pool = new SlotPool({ a: new Int32Array(2), b: new Float64Array(2), c: new Uint8Array(2) });
    for (let i = 0; i < 5; i++) {
      const id = pool.alloc();
      pool.cols.a[id] = 10 + i;
      pool.cols.b[id] = 0.5 + i;
      pool.cols.c[id] = 200 + i;
    }
    expect(pool.cols.a.length).toBe(8);
    expect(pool.cols.b).toBeInstanceOf(Float64Array);
    expect(Array.from(pool.cols.a.subarray(0, 5))).toEqual([10, 11, 12, 13, 14]);
    expect(Array.from(pool.cols.b.subarray(0, 5))).toEqual([0.5, 1.5, 2.5, 3.5, 4.5]);
    expect(Array.from(pool.cols.c.subarray(0, 5))).toEqual([200, 201, 202, 203, 204]);
  });

  it('refuses columns of different or zero length', () => {
    expect(() => new SlotPool({ a: new Int32Array(2), b: new Int32Array(3) })).toThrow(/one length/);
    expect(() => new SlotPool({ a: new Int32Array(0) })).toThrow(/one length/);
  });
});
