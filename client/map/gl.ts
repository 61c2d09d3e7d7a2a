import mapboxgl from 'mapbox-gl/dist/mapbox-gl-csp';
import workerUrl from 'mapbox-gl/dist/mapbox-gl-csp-worker.js?url';
import 'mapbox-gl/dist/mapbox-gl.css';
import './map.css';

// The CSP build loads its worker from our own origin, so a strict Content-Security-Policy
// (no blob: workers) still lets the map run. This is the one import of the map library:
// switching to maplibre-gl happens here.
mapboxgl.workerUrl = workerUrl;

export type MapboxGl = typeof mapboxgl;
export { mapboxgl };
