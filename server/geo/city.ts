import type { Feature, MultiPolygon } from 'geojson';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { districtOf, gridIndexOf, levelOfCode, parentOf, shortAreaName, type ScopeLevel } from '../../contract';
import { jsonAsset, lazy, type GeoAsset } from './asset';
import { buildAreas } from './areas';
import { communityGridsOf } from './community-grids';
import type { CitySource } from './city-source';
import { GridRanges, indicesOf } from './grid-ranges';
import type { City, GeoAssetName, OutlineCollection, OutlineProperties } from './index';
import { ringsBbox, type Bbox } from './polygon';
import { TileSet } from './tiles';

/** A grid without a name of its own is named after its community: 解放碑社区第3网格. */
function communityGridName(communityName: string, code: string): string {
  return `${shortAreaName(communityName)}第${Number(code.slice(12))}网格`;
}

function outlineFeature(coordinates: MultiPolygon['coordinates'], properties: OutlineProperties): Feature<MultiPolygon, OutlineProperties> {
  return { type: 'Feature', properties, geometry: { type: 'MultiPolygon', coordinates } };
}

function outlineBbox(coordinates: MultiPolygon['coordinates']): Bbox {
  return ringsBbox(coordinates.map((polygon) => polygon[0].map(([x, y]) => [x, y] as const)));
}

/** Builds the City (CityIndex, areas, payloads, tiles) over a city's data. */
export function createCity(source: CitySource): City {
  const { gridCodes } = source;
  const ranges = new GridRanges(gridCodes);
  const names = new Map<string, string>();
  for (const list of [source.districts, source.streets, source.communities]) for (const { code, name } of list) names.set(code, name);
  const districtCodes = source.districts.map((d) => d.code).filter((code) => ranges.districts.has(code));
  /** Streets of each district and communities of each street, those with grids, in code order. */
  const areaChildren = new Map<string, string[]>();
  for (const [list, withGrids] of [[source.streets, ranges.streets], [source.communities, ranges.communities]] as const) {
    for (const { code } of list) {
      if (!withGrids.has(code)) continue;
      const parent = parentOf(code) ?? 'city';
      const siblings = areaChildren.get(parent);
      if (siblings) siblings.push(code);
      else areaChildren.set(parent, [code]);
    }
  }
  const gridChildren = new Map<string, readonly string[]>();
  const noChildren: readonly string[] = [];

  const districtOutlines = lazy((): OutlineCollection => ({
    type: 'FeatureCollection',
    features: source.districts
      .filter((d) => ranges.districts.has(d.code) || source.districtOutline(d.code))
      .map((d) => {
        const range = ranges.districts.get(d.code);
        const coordinates = source.districtOutline(d.code) ?? source.outlineOf(range ? indicesOf(range) : []);
        return outlineFeature(coordinates, { code: d.code, name: d.name });
      }),
  }));
  const streetOutlines = lazy((): OutlineCollection => ({
    type: 'FeatureCollection',
    features: [...ranges.streets].map(([code, range]) =>
      outlineFeature(source.outlineOf(indicesOf(range)), { code, name: names.get(code) ?? code, district: districtOf(code) ?? code }),
    ),
  }));
  const communityOutlines = lazy((): OutlineCollection => ({
    type: 'FeatureCollection',
    features: [...ranges.communities].map(([code, range]) =>
      outlineFeature(source.outlineOf(indicesOf(range)), {
        code,
        name: names.get(code) ?? code,
        district: districtOf(code) ?? code,
        street: parentOf(code) ?? code,
      }),
    ),
  }));
  const districtBboxes = lazy(() => new Map(districtOutlines().features.map((f) => [f.properties.code, outlineBbox(f.geometry.coordinates)])));
  const areas = lazy(() => buildAreas(source, ranges, (code) => (source.districtOutline(code) ? districtBboxes().get(code) : undefined)));
  const grids = lazy(() => source.gridsPayload());
  const assets: Record<GeoAssetName, () => GeoAsset> = {
    areas: lazy(() => jsonAsset(areas())),
    grids: lazy(() => jsonAsset(grids())),
    'grid-index': lazy(() => jsonAsset(gridIndexOf(gridCodes))),
    districts: lazy(() => jsonAsset(districtOutlines())),
    streets: lazy(() => jsonAsset(streetOutlines())),
  };
  const communityAssets = new Map<string, GeoAsset>();
  const communityGrids = (community: string): GeoAsset | undefined => {
    let asset = communityAssets.get(community);
    if (asset === undefined) {
      const grids = communityGridsOf(city, community);
      if (grids === undefined) return undefined;
      communityAssets.set(community, (asset = jsonAsset(grids)));
    }
    return asset;
  };
  const locateIndex = (lng: number, lat: number): number | undefined => {
    const index = source.locate(lng, lat);
    return index === -1 ? undefined : index;
  };
  const centerAt = (index: number): [number, number] => [source.centres[2 * index], source.centres[2 * index + 1]];
  const tiles = new TileSet(() => ({ grids: grids(), communities: communityOutlines(), streets: streetOutlines(), districts: districtOutlines() }));

  const city: City = {
    kind: source.kind,
    code: source.code,
    name: source.name,
    gridCount: gridCodes.length,
    levelOf(scope): ScopeLevel | undefined {
      const level = levelOfCode(scope);
      if (level === 'grid') return ranges.indexOf.has(scope) ? level : undefined;
      return level === 'city' || names.has(scope) ? level : undefined;
    },
    nameOf(scope) {
      if (scope === 'city') return source.name;
      const index = ranges.indexOf.get(scope);
      if (index === undefined) return names.get(scope);
      return source.gridNames?.[index] ?? communityGridName(names.get(ranges.parentsOf(index).community) ?? '', scope);
    },
    childrenOf(scope) {
      if (scope === 'city') return districtCodes;
      const level = levelOfCode(scope);
      if (level === 'district' || level === 'street') return areaChildren.get(scope) ?? noChildren;
      if (level !== 'community') return noChildren;
      let children = gridChildren.get(scope);
      const range = ranges.communities.get(scope);
      if (children === undefined && range !== undefined) gridChildren.set(scope, (children = gridCodes.slice(range.start, range.end)));
      return children ?? noChildren;
    },
    parentsOf(gridCode) {
      const index = ranges.indexOf.get(gridCode);
      return index === undefined ? undefined : ranges.parentsOf(index);
    },
    locate(lng, lat) {
      const index = locateIndex(lng, lat);
      return index === undefined ? undefined : gridCodes[index];
    },
    locateIndex,
    centerOf(gridCode) {
      const index = ranges.indexOf.get(gridCode);
      return index === undefined ? undefined : centerAt(index);
    },
    centerAt,
    gridIndex: (gridCode) => ranges.indexOf.get(gridCode),
    gridCodeAt: (index) => gridCodes[index],
    areas,
    grids,
    districtOutlines,
    streetOutlines,
    communityOutlines,
    gridPolygons(gridCode) {
      const index = ranges.indexOf.get(gridCode);
      return index === undefined ? undefined : source.gridRings(index);
    },
    asset: (name) => assets[name](),
    communityGrids,
    tile: (z, x, y) => tiles.tile(z, x, y),
    async warm() {
      // One payload a turn of the event loop: /readyz and the first requests are answered between.
      for (const build of Object.values(assets)) {
        build();
        await nextTurn();
      }
      return tiles.prewarm(areas().bbox);
    },
    prepareTiles() {
      tiles.start();
    },
    tilesWarming: () => tiles.warming,
    releaseTiles: () => tiles.release(),
  };
  return city;
}
