export { areaLabels, gridLabels, type AreaLabel } from './area-labels';
export { CityMap, type CityMapOptions, type MapLevel, type MapSelection } from './city-map';
export type { ShownClasses } from './map-colors';
export { exposeMapInspection, type MapInspection } from './inspection';
export { focusBounds, scopeBounds, type Bounds } from './focus-bounds';
export { ZERO_COLOR } from './paint-presets';
