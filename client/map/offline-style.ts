import type { Style } from 'mapbox-gl';
import { BACKGROUND } from './paint-presets';

/**
 * The wall works without the internet: a dark background and nothing remote — no glyphs,
 * sprites or basemap tiles. Our own layers are added on top once the style is loaded.
 */
export const offlineStyle = (): Style => ({
  version: 8,
  name: 'onescreen-offline',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
});
