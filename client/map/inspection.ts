import type { CityMap } from './city-map';
import type { ShownClasses } from './map-colors';

/** What monitoring and end-to-end tests may read from a running page's map (the wall's, or the tablet's once opened). */
export interface MapInspection {
  gridState(code: string): Record<string, unknown> | null;
  /** Where a place is on the map, in CSS pixels from the map's top left corner. */
  pointOf(lng: number, lat: number): { x: number; y: number };
  /** How many case points the heat layer was last given. */
  heatPoints(): number;
  /** Whether the view is moving (a pan or zoom animation under way). */
  moving(): boolean;
  /** What the map colours by at its zoom: the scope's children as areas or the grids, the value, its class breaks and colours. */
  classes(): ShownClasses | null;
  /** The fill colour drawn for each of the scope's children in view, by code (`rgba(…)`). */
  areaColors(): Record<string, string>;
}

declare global {
  interface Window {
    onescreenMap?: MapInspection;
  }
}

/** Publishes a read-only view of the map on `window.onescreenMap`; returns the function that withdraws it. */
export function exposeMapInspection(map: CityMap): () => void {
  const inspection: MapInspection = {
    gridState: (code) => map.gridState(code),
    pointOf: (lng, lat) => map.pointOf(lng, lat),
    heatPoints: () => map.heatPoints(),
    moving: () => map.moving(),
    classes: () => map.classes(),
    areaColors: () => map.areaColors(),
  };
  window.onescreenMap = inspection;
  return () => {
    if (window.onescreenMap === inspection) delete window.onescreenMap;
  };
}
