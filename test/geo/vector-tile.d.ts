/** The readers mapbox-gl itself uses for vector tiles; they ship no types. Only what the tests use. */
declare module 'pbf' {
  export default class Pbf {
    constructor(buffer?: Uint8Array);
  }
}

declare module '@mapbox/vector-tile' {
  import type Pbf from 'pbf';

  export interface VectorTileFeature {
    type: number;
    id?: number;
    properties: Record<string, string | number | boolean>;
    loadGeometry(): Array<Array<{ x: number; y: number }>>;
  }
  export interface VectorTileLayer {
    name: string;
    version: number;
    extent: number;
    length: number;
    feature(index: number): VectorTileFeature;
  }
  export class VectorTile {
    constructor(pbf: Pbf);
    layers: Record<string, VectorTileLayer>;
  }
}
