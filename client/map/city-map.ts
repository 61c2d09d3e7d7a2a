import type { GeoJSONSource, LngLatBoundsLike, Map as GlMap, MapMouseEvent, MapSourceDataEvent } from 'mapbox-gl';
import { holds, levelOfCode, type Alert, type ScopeLevel, type ChildSummary, type GridRow, type GridValue } from '../../contract';
import { AlertMarkers } from './alert-markers';
import { AreaLabels, type AreaLabel } from './area-labels';
import { AREA_LAYER, childAreasOf, childAreaSizedPaint, childGridLines, childGridsOf, gridZoomOf, type ChildAreas, type ChildGrids } from './child-areas';
import type { Figures } from './classed-fill';
import { FRAME_GAP, overlayBoxes, paddingBetween } from './frame-padding';
import { mapboxgl } from './gl';
import { areaFilter, cityLayers, gridFilter, GRID_SOURCE_LAYER, LAYER, PICK_LAYER_OF, SELECTED_LAYER_OF, sizedPaint, SOURCE } from './layers';
import { MapColors, type ShownClasses } from './map-colors';
import { offlineStyle } from './offline-style';
import { HEAT_POINTS_MAX } from './paint-presets';
import { pickLevelAt, scopeLayers, scopeSizedPaint } from './scope-view';

/** The server slices grid tiles down to this zoom (server/geo/tiles.ts). */
const TILE_MAX_ZOOM = 15;

export type MapLevel = 'district' | 'street' | 'grid';

export interface CityMapOptions {
  container: HTMLElement;
  /** [west, south, east, north] of the city: no tile outside it is asked for. */
  bounds: [number, number, number, number];
  /** What the view shows at start (defaults to the whole city). */
  focus?: [number, number, number, number];
  /** URL template of the city's vector tiles (`{z}/{x}/{y}`): grid features have their index as id; street and district outlines carry `code`. */
  tiles: string;
  /** The grid codes in index order (`/api/v1/geo/grid-index`). */
  gridCodes: readonly string[];
  colorBy: GridValue;
  /** Requests to URLs starting with this prefix carry the bearer token. */
  apiPrefix: string;
  token: string;
  /** Online basemap, only when the server has a Mapbox token configured. */
  basemap?: { style: string; accessToken: string };
  /** Screen pixels per design pixel of the page's layout (the wall's fit): lines and heat spots follow it. Default 1. */
  scale?: number;
  /** What the page lays over the map (controls, a legend): area labels keep clear of it. */
  keepClearOf?: readonly HTMLElement[];
  /** A centre's wall: the scope the map is about (its neighbours dimmed, clicks outside it ignored). Default `city`. */
  scope?: string;
  /**
   * The wall: the scope's children are coloured as areas while the map frames them (from
   * `setChildFigures`), the grids once zoomed in. Without (the tablet), grids at every zoom.
   */
  childAreas?: boolean;
}

export interface MapSelection {
  level: ScopeLevel;
  code: string;
}

/**
 * The city map: live colours of grids and, on a wall, of its scope's children through feature
 * state (map-colors.ts), outlines, a heat layer, area labels and alert markers. Not reactive and
 * not a store: a view creates one, feeds it, and destroys it.
 */
export class CityMap {
  private readonly map: GlMap;
  private readonly markers: AlertMarkers;
  private readonly labels: AreaLabels;
  private readonly pending = new Map<string, GridRow>();
  private readonly gridIds: Map<string, number>;
  private ready = false;
  private colorBy: GridValue;
  private scale: number;
  private fitZoom = 10;
  /** From this zoom on the grids are drawn; below it, the scope's children are (as coloured areas). */
  private gridZoom = 0;
  private readonly scope: string;
  private pickLevel: MapLevel | null = null;
  private readonly selectListeners = new Set<(selection: MapSelection | null) => void>();
  private readonly heatData: GeoJSON.FeatureCollection<GeoJSON.Point> = { type: 'FeatureCollection', features: [] };
  /** The scope's children as areas (undefined where they are grids, or on the tablet). */
  private readonly children: ChildAreas | undefined;
  /** A community's wall: its children are its grids, outlined as the other walls' children are. */
  private readonly childGrids: ChildGrids | undefined;
  private colors: MapColors | undefined;
  private pendingChildren: readonly ChildSummary[] = [];
  private readonly classesListeners = new Set<(classes: ShownClasses) => void>();

  constructor(private readonly options: CityMapOptions) {
    this.colorBy = options.colorBy;
    this.scale = options.scale ?? 1;
    this.scope = options.scope ?? 'city';
    this.gridIds = new Map(options.gridCodes.map((code, index) => [code, index]));
    this.children = options.childAreas ? childAreasOf(this.scope) : undefined;
    this.childGrids = options.childAreas ? childGridsOf(this.scope, options.gridCodes) : undefined;
    // Every grid of a community's wall carries a label, which an overlay over the frame would hide.
    const view = { width: options.container.clientWidth, height: options.container.clientHeight };
    const padding = this.childGrids ? paddingBetween(view, overlayBoxes(options.container, options.keepClearOf ?? [])) : FRAME_GAP;
    if (options.basemap) mapboxgl.accessToken = options.basemap.accessToken;
    this.map = new mapboxgl.Map({
      container: options.container,
      style: options.basemap?.style ?? offlineStyle(),
      bounds: (options.focus ?? options.bounds) as LngLatBoundsLike,
      fitBoundsOptions: { padding },
      attributionControl: Boolean(options.basemap),
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      fadeDuration: 0,
      transformRequest: (url) =>
        url.startsWith(options.apiPrefix) ? { url, headers: { Authorization: `Bearer ${options.token}` } } : { url },
    });
    this.markers = new AlertMarkers(mapboxgl, this.map);
    this.labels = new AreaLabels(mapboxgl, this.map, options.keepClearOf);
    this.map.touchZoomRotate.disableRotation();
    this.map.on('load', () => this.onLoad());
    this.map.on('click', (e) => this.onClick(e));
    // `drawn`: every tile in view is loaded and drawn once; `idle`: nothing is pending at all
    // (a slow software renderer under steady deltas may take long to get there). Before the
    // first grid tile is even asked for, no tile is pending either: that is not drawn.
    let gridTileLoaded = false;
    const onGridTile = (e: MapSourceDataEvent): void => {
      if (e.sourceId !== SOURCE.tiles || e.tile === undefined) return;
      gridTileLoaded = true;
      this.map.off('sourcedata', onGridTile);
    };
    this.map.on('sourcedata', onGridTile);
    const onRender = (): void => {
      if (!this.ready || !gridTileLoaded || !this.map.areTilesLoaded()) return;
      this.map.off('render', onRender);
      if (options.container.getAttribute('data-map-state') !== 'idle') options.container.setAttribute('data-map-state', 'drawn');
    };
    this.map.on('render', onRender);
    this.map.on('idle', () => options.container.setAttribute('data-map-state', 'idle'));
    this.map.once('idle', () => this.markers.startPulsing());
    this.map.on('error', (e: { error?: Error }) => console.warn('map:', e.error?.message ?? e));
  }

  private onLoad(): void {
    this.fitZoom = this.map.getZoom();
    this.map.addSource(SOURCE.tiles, {
      type: 'vector',
      tiles: [this.options.tiles],
      // Tiles outside the city are never asked for; past maxzoom the map overzooms.
      bounds: this.options.bounds,
      maxzoom: TILE_MAX_ZOOM,
    });
    this.map.addSource(SOURCE.cases, { type: 'geojson', data: this.heatData });
    const gridZoom = this.children ? gridZoomOf(this.fitZoom) : 0;
    this.gridZoom = gridZoom;
    for (const layer of cityLayers(this.colorBy, this.fitZoom, this.scale, gridZoom)) this.map.addLayer(layer);
    for (const layer of this.childGrids ? childGridLines(this.childGrids, this.scale) : []) this.map.addLayer(layer, LAYER.heat);
    this.colors = new MapColors(this.map, this.colorBy, this.children, gridZoom, this.scale, (classes) => {
      for (const listener of this.classesListeners) listener(classes);
    });
    // Over the grids, the heat and the neighbours' outlines; under the selection.
    for (const layer of scopeLayers(this.scope, this.scale)) this.map.addLayer(layer, LAYER.gridSelected);
    this.ready = true;
    this.setGridRows([...this.pending.values()]);
    this.pending.clear();
    this.setChildFigures(this.pendingChildren);
    const classes = this.colors.classes();
    for (const listener of this.classesListeners) listener(classes);
    this.map.getContainer().setAttribute('data-map-loaded', 'true');
  }

  /** Live values of changed grids; before the style is loaded they are kept and applied on load. */
  setGridRows(rows: readonly GridRow[]): void {
    if (!this.ready) {
      for (const row of rows) this.pending.set(row[0], row);
      return;
    }
    const gridIds = this.gridIds;
    function* changes(): Generator<[number, Figures]> {
      for (const row of rows) {
        const id = gridIds.get(row[0]);
        if (id !== undefined) yield [id, { reported: row[1], open: row[2], overdue: row[3] }];
      }
    }
    this.colors?.setGrids(changes());
  }

  /**
   * Live figures of the scope's children (the summary's `children`), which colour them as areas
   * while the map frames them; a community's children are its grids, coloured by their rows.
   */
  setChildFigures(children: readonly ChildSummary[]): void {
    if (!this.ready) {
      this.pendingChildren = children;
      return;
    }
    this.colors?.setChildren(children);
  }

  /** What the map colours by at its present zoom (the legend), or null before load. */
  classes(): ShownClasses | null {
    return this.colors?.classes() ?? null;
  }

  /** Called with what the map colours by once loaded, then whenever it changes (new breaks, another value, zoomed past the grids' zoom). */
  onClasses(listener: (classes: ShownClasses) => void): () => void {
    this.classesListeners.add(listener);
    const now = this.classes();
    if (now) listener(now);
    return () => this.classesListeners.delete(listener);
  }

  /** The fill colour the map draws each of the scope's children in view with (monitoring and the end-to-end tests), by code: a community's are its grids. */
  areaColors(): Record<string, string> {
    const grids = this.childGrids;
    if (!grids) return this.colors?.areaColors() ?? {};
    return this.colors?.gridColors((id) => (id >= grids.first && id <= grids.last ? this.options.gridCodes[id] : undefined)) ?? {};
  }

  /** The live values the map holds for a grid (what its colour is computed from), or null before load. */
  gridState(code: string): Record<string, unknown> | null {
    const id = this.gridIds.get(code);
    if (!this.ready || id === undefined) return null;
    return this.map.getFeatureState({ source: SOURCE.tiles, sourceLayer: GRID_SOURCE_LAYER, id });
  }

  /** Where a place is on the map, in CSS pixels from the map's top left corner. */
  pointOf(lng: number, lat: number): { x: number; y: number } {
    const { x, y } = this.map.project([lng, lat]);
    return { x, y };
  }

  setColorBy(value: GridValue): void {
    this.colorBy = value;
    this.colors?.setValue(value);
  }

  setScale(scale: number): void {
    this.scale = scale;
    if (!this.ready) return;
    const sized = {
      ...sizedPaint(scale, this.fitZoom),
      ...(this.scope === 'city' ? {} : scopeSizedPaint(scale)),
      ...(this.children || this.childGrids ? childAreaSizedPaint(scale) : {}),
    };
    for (const [layer, paint] of Object.entries(sized)) {
      for (const [property, value] of Object.entries(paint)) this.map.setPaintProperty(layer, property, value);
    }
  }

  /** Today's case points (bounded). */
  setHeat(points: Iterable<readonly [number, number]>): void {
    const features: GeoJSON.Feature<GeoJSON.Point>[] = [];
    for (const [lng, lat] of points) {
      if (features.length >= HEAT_POINTS_MAX) break;
      features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lng, lat] } });
    }
    this.heatData.features = features;
    this.whenReady(() => (this.map.getSource(SOURCE.cases) as GeoJSONSource).setData(this.heatData));
  }

  moving(): boolean {
    return this.map.isMoving();
  }

  heatPoints(): number {
    return this.heatData.features.length;
  }

  setAlerts(alerts: Iterable<Alert>): void {
    this.markers.set(alerts);
  }

  /** Names areas on the map (the areas one level below what the page shows). */
  setAreaLabels(labels: Iterable<AreaLabel>): void {
    this.labels.set(labels);
  }

  /** Outlines the selected district, street or grid (null clears). */
  select(selection: MapSelection | null): void {
    this.whenReady(() => {
      this.map.setFilter(LAYER.gridSelected, gridFilter(selection?.level === 'grid' ? (this.gridIds.get(selection.code) ?? -1) : -1));
      for (const level of ['street', 'district'] as const) {
        this.map.setFilter(SELECTED_LAYER_OF[level], areaFilter(selection?.level === level ? selection.code : ''));
      }
    });
  }

  onSelect(listener: (selection: MapSelection | null) => void): () => void {
    this.selectListeners.add(listener);
    return () => this.selectListeners.delete(listener);
  }

  /** Frames an extent (the tablet's drill-down); before load the camera simply starts there. */
  fitTo(bounds: [number, number, number, number], animate = true): void {
    this.map.fitBounds(bounds as LngLatBoundsLike, { padding: FRAME_GAP, animate, duration: animate ? 600 : 0 });
  }

  /** Fixes the level a click picks (the tablet picks its scope's children); null follows the zoom again. */
  setPickLevel(level: MapLevel | null): void {
    this.pickLevel = level;
  }

  /** An HTML element pinned at a point (a case on the tablet); returns its removal. */
  addMarker(element: HTMLElement, lngLat: [number, number]): () => void {
    const marker = new mapboxgl.Marker({ element }).setLngLat(lngLat).addTo(this.map);
    return () => marker.remove();
  }

  /** The level a click picks follows the zoom: the scope's children at the start (districts on the city's wall), grids when close. */
  levelAtZoom(zoom = this.map.getZoom()): MapLevel {
    return pickLevelAt(this.scope, zoom - this.fitZoom);
  }

  private onClick(e: MapMouseEvent): void {
    if (!this.ready) return;
    const level = this.pickLevel ?? this.levelAtZoom();
    const [feature] = this.map.queryRenderedFeatures(e.point, { layers: [PICK_LAYER_OF[level]] });
    let code: unknown = level === 'grid' ? this.options.gridCodes[Number(feature?.id)] : feature?.properties?.code;
    // Grids not drawn yet at this zoom: the click picks the child area drawn where it landed.
    if (code === undefined && this.children && this.map.getZoom() < this.gridZoom) {
      code = this.map.queryRenderedFeatures(e.point, { layers: [AREA_LAYER.fill] })[0]?.properties?.code;
    }
    // A centre's wall is about its own area: a click on a dimmed neighbour picks nothing.
    const picked = typeof code === 'string' ? levelOfCode(code) : undefined;
    const selection = typeof code === 'string' && picked !== undefined && holds(this.scope, code) ? { level: picked, code } : null;
    for (const listener of this.selectListeners) listener(selection);
  }

  private whenReady(action: () => void): void {
    if (this.ready) action();
    else this.map.once('load', action);
  }

  resize(): void {
    this.map.resize();
  }

  destroy(): void {
    this.selectListeners.clear();
    this.classesListeners.clear();
    this.markers.clear();
    this.labels.destroy();
    this.map.remove();
  }
}
