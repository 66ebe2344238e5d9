/** A typed-array column, as the model's struct-of-arrays tables use. */
export type Column = Float64Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

/** A copy of `column` with room for `length` entries (the new tail is zero); for doubling growth. */
export function grown<T extends Column>(column: T, length: number): T {
  const bigger = new (column.constructor as new (n: number) => T)(length);
  bigger.set(column);
  return bigger;
}
