declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/** The CSP build of mapbox-gl: its worker is a file we serve, not a blob: URL. */
declare module 'mapbox-gl/dist/mapbox-gl-csp' {
  import mapboxgl from 'mapbox-gl';
  const csp: typeof mapboxgl & { workerUrl: string };
  export default csp;
}
