import { readFileSync } from 'node:fs';
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import type { CitySource, Division, GridFeatureCollection } from './city-source';
import { unionOutline } from './outline';
import { insideRings, labelPoint, ringsBbox, signedArea, type PolygonRings } from './polygon';

/** The properties every grid feature carries (see ./README.md): code digits say the level. */
const PROPERTY_DIGITS = { code: 15, district: 6, street: 9, community: 12 } as const;
const NAME_PROPERTIES = ['districtName', 'streetName', 'communityName'] as const;

interface GridRecord {
  code: string;
  name?: string;
  district: Division;
  street: Division;
  community: Division;
  polygons: PolygonRings[];
  geometry: Polygon | MultiPolygon;
}

function isPosition(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length >= 2 && Number.isFinite(value[0]) && Number.isFinite(value[1]);
}

function polygonOf(value: unknown, where: string): PolygonRings {
  if (!Array.isArray(value) || value.length === 0) throw new Error(`${where}: a polygon needs at least one ring`);
  return value.map((ring: unknown, r) => {
    if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) {
      throw new Error(`${where}: ring ${r} must be an array of at least 4 [lng, lat] positions`);
    }
    return ring.map(([lng, lat]) => [lng, lat] as const);
  });
}

function geometryOf(polygons: PolygonRings[]): Polygon | MultiPolygon {
  const coordinates = polygons.map((rings) => rings.map((ring) => ring.map(([lng, lat]) => [lng, lat])));
  return coordinates.length === 1 ? { type: 'Polygon', coordinates: coordinates[0] } : { type: 'MultiPolygon', coordinates };
}

function gridOf(feature: unknown, where: string): GridRecord {
  if (typeof feature !== 'object' || feature === null || !('properties' in feature) || !('geometry' in feature)) {
    throw new Error(`${where}: not a GeoJSON Feature with properties and geometry`);
  }
  const properties = (feature.properties ?? {}) as Record<string, unknown>;
  for (const [key, digits] of Object.entries(PROPERTY_DIGITS)) {
    const value = properties[key];
    if (typeof value !== 'string' || !new RegExp(`^\\d{${digits}}$`).test(value)) {
      throw new Error(`${where}: property "${key}" must be a string of ${digits} digits, got ${JSON.stringify(value)}`);
    }
  }
  for (const key of NAME_PROPERTIES) {
    if (typeof properties[key] !== 'string' || properties[key] === '') throw new Error(`${where}: property "${key}" must be a non-empty string`);
  }
  const { code, district, street, community, name } = properties as Record<string, string>;
  if (!street.startsWith(district) || !community.startsWith(street) || !code.startsWith(community)) {
    throw new Error(`${where}: codes must nest (district ${district} ⊂ street ${street} ⊂ community ${community} ⊂ grid ${code})`);
  }
  if (name !== undefined && typeof name !== 'string') throw new Error(`${where}: property "name" must be a string`);
  const geometry = feature.geometry as { type?: unknown; coordinates?: unknown } | null;
  let polygons: PolygonRings[];
  if (geometry?.type === 'Polygon') polygons = [polygonOf(geometry.coordinates, where)];
  else if (geometry?.type === 'MultiPolygon' && Array.isArray(geometry.coordinates) && geometry.coordinates.length > 0) {
    polygons = geometry.coordinates.map((p: unknown, i) => polygonOf(p, `${where} polygon ${i}`));
  } else throw new Error(`${where}: geometry must be a Polygon or a MultiPolygon`);
  return {
    code,
    name,
    district: { code: district, name: properties.districtName as string },
    street: { code: street, name: properties.streetName as string },
    community: { code: community, name: properties.communityName as string },
    polygons,
    geometry: geometryOf(polygons),
  };
}

/** Collects each area once, refusing one code with two names. */
function areasOf(grids: GridRecord[], level: 'district' | 'street' | 'community', file: string): Division[] {
  const byCode = new Map<string, string>();
  for (const grid of grids) {
    const { code, name } = grid[level];
    const known = byCode.get(code);
    if (known !== undefined && known !== name) throw new Error(`${file}: ${level} ${code} is named both ${known} and ${name}`);
    byCode.set(code, name);
  }
  return [...byCode].map(([code, name]) => ({ code, name })).sort((a, b) => (a.code < b.code ? -1 : 1));
}

function readCollection(file: string): { name?: unknown; code?: unknown; features: unknown[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the city GeoJSON ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || !('type' in parsed) || parsed.type !== 'FeatureCollection' || !('features' in parsed) || !Array.isArray(parsed.features)) {
    throw new Error(`${file}: expected a GeoJSON FeatureCollection`);
  }
  if (parsed.features.length === 0) throw new Error(`${file}: the FeatureCollection has no grid`);
  return parsed as { name?: unknown; code?: unknown; features: unknown[] };
}

/** Loads a city that brings its own grid polygons; points are located with a flatbush index and point-in-polygon. */
export function loadPolygonCity(file: string): CitySource {
  const collection = readCollection(file);
  const grids = collection.features.map((feature, i) => gridOf(feature, `${file}: feature ${i}`));
  grids.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  grids.forEach((grid, i) => {
    if (i > 0 && grid.code === grids[i - 1].code) throw new Error(`${file}: grid code ${grid.code} appears twice`);
  });
  const centres = new Float64Array(grids.length * 2);
  const bboxes = new Float64Array(grids.length * 4);
  const index = new Flatbush(grids.length);
  grids.forEach((grid, i) => {
    const bbox = ringsBbox(grid.polygons.map((rings) => rings[0]));
    bboxes.set(bbox, 4 * i);
    index.add(bbox[0], bbox[1], bbox[2], bbox[3]);
    const largest = grid.polygons.reduce((a, b) => (Math.abs(signedArea(b[0])) > Math.abs(signedArea(a[0])) ? b : a));
    centres.set(labelPoint(largest), 2 * i);
  });
  index.finish();
  const code = typeof collection.code === 'string' ? collection.code : `${grids[0].district.code.slice(0, 2)}0000`;
  return {
    kind: 'polygons',
    code,
    name: typeof collection.name === 'string' && collection.name !== '' ? collection.name : code,
    districts: areasOf(grids, 'district', file),
    streets: areasOf(grids, 'street', file),
    communities: areasOf(grids, 'community', file),
    gridCodes: grids.map((g) => g.code),
    gridNames: grids.map((g) => g.name),
    centres,
    bboxes,
    locate(lng, lat) {
      let found = -1;
      for (const i of index.search(lng, lat, lng, lat)) {
        if ((found === -1 || i < found) && grids[i].polygons.some((rings) => insideRings(rings, lng, lat))) found = i;
      }
      return found;
    },
    gridRings: (i) => grids[i].polygons,
    outlineOf: (indices) => unionOutline(indices.flatMap((i) => grids[i].polygons)),
    districtOutline: () => undefined,
    gridsPayload: (): GridFeatureCollection => ({
      type: 'FeatureCollection',
      kind: 'polygons',
      features: grids.map((g) => ({ type: 'Feature', properties: { code: g.code }, geometry: g.geometry })),
    }),
  };
}
