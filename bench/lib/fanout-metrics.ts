/** Cumulative bucket counts of a Prometheus histogram, by upper bound (seconds). */
export async function histogram(url: string, token: string, name: string): Promise<Map<number, number>> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  const buckets = new Map<number, number>();
  const pattern = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)$`, 'gm');
  for (const [, le, count] of text.matchAll(pattern)) buckets.set(le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), Number(count));
  return buckets;
}

/** Upper bound of the bucket holding quantile q of the observations between two scrapes, in ms. */
export function bucketQuantile(before: Map<number, number>, after: Map<number, number>, q: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Number.POSITIVE_INFINITY) ?? 0) - (before.get(Number.POSITIVE_INFINITY) ?? 0);
  if (total === 0) return Number.NaN;
  for (const bound of bounds) {
    const count = (after.get(bound) ?? 0) - (before.get(bound) ?? 0);
    if (count >= q * total) return bound * 1000;
  }
  return Number.POSITIVE_INFINITY;
}
