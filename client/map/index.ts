export { areaLabels, type AreaLabel } from './area-labels';
export { CityMap, type CityMapOptions, type MapLevel, type MapSelection } from './city-map';
export { GRID_RAMPS, type GridRamp } from './paint-presets';
export { exposeMapInspection, type MapInspection } from './inspection';
export { focusBounds, scopeBounds, type Bounds } from './focus-bounds';
