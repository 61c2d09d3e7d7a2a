import type { Delta } from '../../contract';

/** The median-sized delta packet of each room level among the recorded packets. */
export function medianDeltas(recordings: Record<string, string[]>): Map<string, string> {
  const byLevel = new Map<string, string[]>();
  for (const [room, packets] of Object.entries(recordings)) {
    const level = room === 'city' ? 'city' : room.length === 6 ? 'district' : room.length === 9 ? 'street' : 'grid';
    const list = byLevel.get(level) ?? [];
    list.push(...packets.filter((p) => p.includes('["delta",')));
    byLevel.set(level, list);
  }
  const medians = new Map<string, string>();
  for (const [level, list] of byLevel) {
    if (list.length === 0) continue;
    list.sort((a, b) => a.length - b.length);
    medians.set(level, list[list.length >> 1]);
  }
  return medians;
}

const bytes = (value: unknown): number => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));

/** Bytes of each part of a delta packet (`2/live,["delta",{…}]`). */
export function deltaComposition(packet: string): Record<string, number> {
  const [, delta] = JSON.parse(packet.slice(packet.indexOf('['))) as [string, Delta];
  const children = bytes(delta.summary?.children);
  return {
    total: Buffer.byteLength(packet),
    'summary.children': children,
    'summary (rest)': delta.summary ? bytes(delta.summary) - children : 0,
    grids: bytes(delta.grids),
    cases: bytes(delta.cases),
    alerts: bytes(delta.alerts),
  };
}
