/**
 * ECharts' compressed GeoJSON ("UTF8Encoding"): every ring is a string of character pairs,
 * each a zigzag-encoded delta from the previous point, offset by 64, starting from the ring's
 * `encodeOffsets`; coordinates are integers in 1/scale degree (scale 1024 unless `UTF8Scale`).
 */

/** A ring of [x, y] integer points in 1/scale degree. */
export type IntRing = Array<[number, number]>;

export function decodeRing(encoded: string, offset: readonly [number, number]): IntRing {
  const ring: IntRing = [];
  let x = offset[0];
  let y = offset[1];
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    const dx = encoded.charCodeAt(i) - 64;
    const dy = encoded.charCodeAt(i + 1) - 64;
    x += (dx >> 1) ^ -(dx & 1);
    y += (dy >> 1) ^ -(dy & 1);
    ring.push([x, y]);
  }
  return ring;
}
