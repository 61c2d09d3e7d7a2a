export { CityMap, type CityMapOptions, type GridGeometry, type MapLevel, type MapSelection, type Outline } from './city-map';
export { latticeToGeoJSON } from './lattice-source';
export { GRID_RAMPS, type GridRamp } from './paint-presets';
export { exposeMapInspection, type MapInspection } from './inspection';
export { focusBounds, type Bounds } from './focus-bounds';
