import Flatbush from 'flatbush';
import { parseArgs } from 'node:util';
import type { LatticeGrids } from '../contract';
import { loadCity } from '../server/geo';

/**
 * Spatial lookup figures of the demo city (lng/lat → grid code, budget "well under 1 µs"):
 * load time, ns per lookup on the lattice index, and the same lookups on the reference a city
 * of polygons uses (flatbush over the 64,200 cell boxes, then a containment test). Half the
 * points fall in grids, half anywhere in the city's extent. Prints figures; never fails on them.
 */

const { values } = parseArgs({ options: { points: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '5' }, seed: { type: 'string', default: '11' } } });
const POINTS = Number(values.points);
const ROUNDS = Number(values.rounds);

let state = Number(values.seed) >>> 0 || 1;
const random = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4_294_967_296;
};

const loadStarted = performance.now();
const loadCpu = process.cpuUsage();
const city = loadCity();
const loadMs = performance.now() - loadStarted;
const loadCpuMs = (process.cpuUsage(loadCpu).user + process.cpuUsage(loadCpu).system) / 1000;
const payload = city.grids();
if (payload.kind !== 'lattice') throw new Error('the demo city is a lattice');
const grids: LatticeGrids = payload;
const { west, south, dLng, dLat, cols } = grids;
const [bw, bs, be, bn] = city.areas().bbox;

const lngs = new Float64Array(POINTS);
const lats = new Float64Array(POINTS);
for (let i = 0; i < POINTS; i++) {
  if (i % 2 === 0) {
    const cell = grids.cells[Math.floor(random() * grids.cells.length)];
    lngs[i] = west + ((cell % cols) + random()) * dLng;
    lats[i] = south + (Math.floor(cell / cols) + random()) * dLat;
  } else {
    lngs[i] = bw + random() * (be - bw);
    lats[i] = bs + random() * (bn - bs);
  }
}

const boxes = new Flatbush(grids.cells.length);
for (const cell of grids.cells) {
  const x = west + (cell % cols) * dLng;
  const y = south + Math.floor(cell / cols) * dLat;
  boxes.add(x, y, x + dLng, y + dLat);
}
boxes.finish();

function reference(lng: number, lat: number): string | undefined {
  for (const i of boxes.search(lng, lat, lng, lat)) {
    const x = west + (grids.cells[i] % cols) * dLng;
    const y = south + Math.floor(grids.cells[i] / cols) * dLat;
    if (lng >= x && lng < x + dLng && lat >= y && lat < y + dLat) return grids.codes[i];
  }
  return undefined;
}

function measure(locate: (lng: number, lat: number) => string | undefined): { ns: number; found: number } {
  let best = Infinity;
  let found = 0;
  for (let round = 0; round < ROUNDS; round++) {
    found = 0;
    const started = process.hrtime.bigint();
    for (let i = 0; i < POINTS; i++) if (locate(lngs[i], lats[i]) !== undefined) found += 1;
    best = Math.min(best, Number(process.hrtime.bigint() - started) / POINTS);
  }
  return { ns: best, found };
}

const ours = measure((lng, lat) => city.locate(lng, lat));
const theirs = measure(reference);
if (ours.found !== theirs.found) throw new Error(`the two lookups disagree: ${ours.found} vs ${theirs.found} points in grids`);
console.log(`demo city: ${city.gridCount} grids, loaded in ${loadMs.toFixed(0)} ms (${loadCpuMs.toFixed(0)} ms of CPU)`);
console.log(`lookup (lattice row/col + typed-array blocks): ${ours.ns.toFixed(0)} ns/lookup over ${POINTS} points (${ours.found} in grids), best of ${ROUNDS}`);
console.log(`reference (flatbush + containment): ${theirs.ns.toFixed(0)} ns/lookup`);
console.log(`ours/theirs: ${(ours.ns / theirs.ns).toFixed(2)}`);
