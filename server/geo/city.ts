import type { Feature, MultiPolygon } from 'geojson';
import type { CityAreas, LatticeGrids, ScopeLevel } from '../../contract';
import { jsonAsset, lazy, type GeoAsset } from './asset';
import { buildAreas, type GridGroups } from './areas';
import type { CitySource, GridFeatureCollection } from './city-source';
import { ringsBbox, type Bbox, type PolygonRings } from './polygon';
import { TileSet } from './tiles';
import type { City, GeoAssetName, OutlineCollection, OutlineProperties } from './index';

/** Groups what `pick` gives for each position by the key at that position, keeping the order. */
function groupBy<T>(keys: readonly string[], pick: (i: number) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  keys.forEach((key, i) => {
    const group = groups.get(key);
    if (group) group.push(pick(i));
    else groups.set(key, [pick(i)]);
  });
  return groups;
}

/** A grid without a name of its own is named after its community: 解放碑社区第3网格. */
function communityGridName(communityName: string, code: string): string {
  const short = communityName.replace(/(居民委员会|居委会|村民委员会|村委会)$/, '');
  return `${short}第${Number(code.slice(12))}网格`;
}

function outlineFeature(coordinates: MultiPolygon['coordinates'], properties: OutlineProperties): Feature<MultiPolygon, OutlineProperties> {
  return { type: 'Feature', properties, geometry: { type: 'MultiPolygon', coordinates } };
}

/** Builds the City (CityIndex, areas, payloads, tiles) over a city's data. */
export function createCity(source: CitySource): City {
  const { gridCodes, gridStreets, gridCommunities } = source;
  const indexOf = new Map(gridCodes.map((code, i) => [code, i]));
  const districtOf = new Map<string, string>();
  const gridDistricts = gridStreets.map((street) => {
    let district = districtOf.get(street);
    if (district === undefined) districtOf.set(street, (district = street.slice(0, 6)));
    return district;
  });
  const groups: GridGroups = {
    all: gridCodes.map((_, i) => i),
    byDistrict: groupBy(gridDistricts, (i) => i),
    byStreet: groupBy(gridStreets, (i) => i),
    byCommunity: groupBy(gridCommunities, (i) => i),
  };
  const names = new Map<string, string>();
  for (const list of [source.districts, source.streets, source.communities]) for (const { code, name } of list) names.set(code, name);
  const districtCodes = source.districts.map((d) => d.code).filter((code) => groups.byDistrict.has(code));
  const streetCodes = source.streets.map((s) => s.code).filter((code) => groups.byStreet.has(code));
  const streetChildren = groupBy(
    streetCodes.map((code) => code.slice(0, 6)),
    (i) => streetCodes[i],
  );
  const gridChildren = groupBy(gridStreets, (i) => gridCodes[i]);
  const noChildren: readonly string[] = [];

  const districtOutlines = lazy((): OutlineCollection => ({
    type: 'FeatureCollection',
    features: source.districts
      .filter((d) => groups.byDistrict.has(d.code) || source.districtOutline(d.code))
      .map((d) => outlineFeature(source.districtOutline(d.code) ?? source.outlineOf(groups.byDistrict.get(d.code) ?? []), { code: d.code, name: d.name })),
  }));
  const streetOutlines = lazy((): OutlineCollection => ({
    type: 'FeatureCollection',
    features: [...groups.byStreet].map(([code, indices]) => outlineFeature(source.outlineOf(indices), { code, name: names.get(code) ?? code, district: code.slice(0, 6) })),
  }));
  const outlineBboxes = lazy(() => new Map(districtOutlines().features.map((f) => [f.properties.code, ringsBbox(f.geometry.coordinates.map((p) => p[0].map(([x, y]) => [x, y] as const)))])));
  const areas = lazy(() => buildAreas(source, groups, (code): Bbox | undefined => (source.districtOutline(code) ? outlineBboxes().get(code) : undefined)));
  const grids = lazy(() => source.gridsPayload());
  const assets: Record<GeoAssetName, () => GeoAsset> = {
    areas: lazy(() => jsonAsset(areas())),
    grids: lazy(() => jsonAsset(grids())),
    districts: lazy(() => jsonAsset(districtOutlines())),
    streets: lazy(() => jsonAsset(streetOutlines())),
  };
  const tiles = new TileSet(() => ({
    grids: {
      type: 'FeatureCollection',
      features: gridCodes.map((code, i) => ({ type: 'Feature', properties: { code }, geometry: { type: 'MultiPolygon', coordinates: polygonsCoordinates(source.gridRings(i)) } })),
    },
    streets: streetOutlines(),
    districts: districtOutlines(),
  }));

  return {
    kind: source.kind,
    code: source.code,
    name: source.name,
    gridCount: gridCodes.length,
    levelOf(scope): ScopeLevel | undefined {
      if (scope === 'city') return 'city';
      if (scope.length === 15) return indexOf.has(scope) ? 'grid' : undefined;
      if (scope.length === 6 && names.has(scope)) return 'district';
      if (scope.length === 9 && names.has(scope)) return 'street';
      return undefined;
    },
    nameOf(scope) {
      if (scope === 'city') return source.name;
      const index = indexOf.get(scope);
      if (index === undefined) return names.get(scope);
      return source.gridNames?.[index] ?? communityGridName(names.get(gridCommunities[index]) ?? '', scope);
    },
    childrenOf(scope) {
      if (scope === 'city') return districtCodes;
      if (scope.length === 6) return streetChildren.get(scope) ?? noChildren;
      if (scope.length === 9) return gridChildren.get(scope) ?? noChildren;
      return noChildren;
    },
    parentsOf(gridCode) {
      const index = indexOf.get(gridCode);
      return index === undefined ? undefined : { street: gridStreets[index], district: gridDistricts[index] };
    },
    locate(lng, lat) {
      const index = source.locate(lng, lat);
      return index === -1 ? undefined : gridCodes[index];
    },
    centerOf(gridCode) {
      const index = indexOf.get(gridCode);
      return index === undefined ? undefined : [source.centres[2 * index], source.centres[2 * index + 1]];
    },
    gridIndex: (gridCode) => indexOf.get(gridCode),
    gridCodeAt: (index) => gridCodes[index],
    areas: (): CityAreas => areas(),
    grids: (): LatticeGrids | GridFeatureCollection => grids(),
    districtOutlines,
    streetOutlines,
    gridPolygons(gridCode) {
      const index = indexOf.get(gridCode);
      return index === undefined ? undefined : source.gridRings(index);
    },
    asset: (name) => assets[name](),
    tile: (z, x, y) => tiles.tile(z, x, y),
  };
}

function polygonsCoordinates(polygons: readonly PolygonRings[]): MultiPolygon['coordinates'] {
  return polygons.map((rings) => rings.map((ring) => ring.map(([x, y]) => [x, y])));
}
