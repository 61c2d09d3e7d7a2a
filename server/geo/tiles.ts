import { Worker } from 'node:worker_threads';
import type { FeatureCollection } from 'geojson';
import type { LatticeGrids } from '../../contract';
import type { GeoAsset } from './asset';
import type { GridFeatureCollection } from './city-source';

/** Deepest zoom served: 158 m cells are ~200 px wide there; the map overzooms beyond. */
export const TILE_MAX_ZOOM = 15;
const EXTENT = 4096;
/** Produced tiles kept (a wall visits a few hundred; the bound keeps a crawler from growing memory). */
const CACHE_LIMIT = 4096;
/**
 * `prewarm` produces the tiles of the whole city down to this zoom: a 1080p wall opens on zoom 9,
 * a 4K one on zoom 10. Deeper tiles are produced on request: producing them ahead would hold
 * more memory for tiles a wall asks for only once zoomed in (bench/README.md#geography).
 */
export const PREWARM_MAX_ZOOM = 10;

/** The tiles of zoom z that hold part of the extent [west, south, east, north] (web mercator). */
export function tilesOver([west, south, east, north]: readonly [number, number, number, number], z: number): Array<[number, number]> {
  const n = 2 ** z;
  const column = (lng: number) => Math.min(n - 1, Math.max(0, Math.floor(((lng + 180) / 360) * n)));
  const row = (lat: number) => {
    const phi = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
    return Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n)));
  };
  const found: Array<[number, number]> = [];
  for (let x = column(west); x <= column(east); x++) for (let y = row(north); y <= row(south); y++) found.push([x, y]);
  return found;
}

/** What the tiles are cut from: layer `grids` (feature id = grid index), `communities`, `streets` and `districts` outlines. */
export interface TileLayers {
  grids: LatticeGrids | GridFeatureCollection;
  communities: FeatureCollection;
  streets: FeatureCollection;
  districts: FeatureCollection;
}

interface EncodedTile {
  body: Uint8Array;
  gzip: Uint8Array;
  hash: string;
}
type WorkerReply = { id: number; tile: EncodedTile | null } | { id: number; error: string };
type Waiting = { resolve: (asset: GeoAsset | undefined) => void; reject: (error: Error) => void };

function assetOf(tile: EncodedTile): GeoAsset {
  return {
    type: 'application/x-protobuf',
    body: Buffer.from(tile.body.buffer, tile.body.byteOffset, tile.body.byteLength),
    gzip: Buffer.from(tile.gzip.buffer, tile.gzip.byteOffset, tile.gzip.byteLength),
    etag: `"${tile.hash}"`,
    gzipEtag: `"${tile.hash}-gzip"`,
  };
}

/** One worker thread and the requests it still owes. */
class TileWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;

  constructor(layers: TileLayers, onStop: () => void) {
    this.worker = new Worker(new URL('./tile-worker.mjs', import.meta.url), {
      workerData: { layers, maxZoom: TILE_MAX_ZOOM, extent: EXTENT },
    });
    // Idle, it never keeps the process alive; with requests in flight, it does.
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (!waiting) return;
      if ('error' in reply) waiting.reject(new Error(`tile worker: ${reply.error}`));
      else waiting.resolve(reply.tile ? assetOf(reply.tile) : undefined);
    });
    const fail = (error: Error) => {
      onStop();
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`tile worker stopped (exit code ${code})`)));
  }

  request(z: number, x: number, y: number): Promise<GeoAsset | undefined> {
    const id = this.nextId++;
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, z, x, y });
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * Mapbox vector tiles of a city, produced off the main thread by ./tile-worker.mjs (it slices
 * the layers once, then encodes tiles on request) and cached here as produced. The worker
 * starts on first use and again after `release`.
 */
export class TileSet {
  private worker: TileWorker | undefined;
  private readonly cache = new Map<string, Promise<GeoAsset | undefined>>();

  constructor(private readonly layers: () => TileLayers) {}

  /** Tiles produced or in production. */
  get size(): number {
    return this.cache.size;
  }

  /** Whether `prewarm` is still producing tiles. */
  get warming(): boolean {
    return this.prewarms > 0;
  }
  private prewarms = 0;

  /** The tile, or undefined when no feature is in it. Coordinates must be valid (0 ≤ z ≤ max, 0 ≤ x, y < 2^z). */
  tile(z: number, x: number, y: number): Promise<GeoAsset | undefined> {
    const key = `${z}/${x}/${y}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const produced = this.start().request(z, x, y);
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, produced);
    produced.catch(() => this.cache.delete(key));
    return produced;
  }

  /** The worker, started if it is not running (its slicing then runs before the first request). */
  start(): TileWorker {
    if (!this.worker) {
      const worker = new TileWorker(this.layers(), () => {
        if (this.worker === worker) this.worker = undefined;
      });
      this.worker = worker;
    }
    return this.worker;
  }

  /**
   * Produces, one after another, every tile over `bbox` down to `maxZoom`, so that the walls
   * which open after a start (or reload together after an upgrade) are not held up while the
   * worker encodes them: on a 2-core machine that competed with the browsers for the CPU. One
   * at a time, so a tile a client asks for meanwhile waits for one tile at most. Stops quietly
   * when the worker is released.
   */
  async prewarm(bbox: readonly [number, number, number, number], maxZoom = PREWARM_MAX_ZOOM): Promise<void> {
    this.prewarms++;
    try {
      for (let z = 0; z <= Math.min(maxZoom, TILE_MAX_ZOOM); z++) {
        for (const [x, y] of tilesOver(bbox, z)) await this.tile(z, x, y);
      }
    } catch {
      // Released meanwhile: the server is closing.
    } finally {
      this.prewarms--;
    }
  }

  /** Stops the worker; requests in flight fail, produced tiles stay cached. */
  async release(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
