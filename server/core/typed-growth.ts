export type NumericArray = Float64Array | Int32Array | Int16Array | Uint8Array | Uint16Array;

/** A copy of `array` with room for `length` items; the new tail stays zero (and untouched, so not resident). */
export function resized<T extends NumericArray>(array: T, length: number): T {
  const Ctor = array.constructor as new (length: number) => T;
  const next = new Ctor(length);
  next.set(array.subarray(0, Math.min(array.length, length)));
  return next;
}

/** Growth by half keeps the transient copy of the biggest arrays small. */
export function grownCapacity(capacity: number, needed: number): number {
  return Math.max(needed, Math.ceil(capacity * 1.5), 1024);
}
