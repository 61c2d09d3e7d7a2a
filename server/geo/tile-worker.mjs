// Slices and encodes the city's vector tiles on a worker thread: a low-zoom tile of the dense
// core takes hundreds of milliseconds, which the main thread owes to the live push instead.
// Plain JavaScript because worker threads cannot load TypeScript through the tsx hooks on
// Node 20; the messages are typed on the other side, in tiles.ts.
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import GeoJSONVT from 'geojson-vt';
import vtpbf from 'vt-pbf';

const { layers, maxZoom, extent } = workerData;

/**
 * The grids as GeoJSON whose feature id is the grid's index and which carry no properties:
 * decoding 64,200 code strings per tile cost the map's worker and main thread more than
 * anything else in a tile (clients map ids to codes with /geo/grid-index).
 */
function gridFeatures(grids) {
  if (grids.kind !== 'lattice') {
    return { type: 'FeatureCollection', features: grids.features.map((f, i) => ({ type: 'Feature', id: i, properties: {}, geometry: f.geometry })) };
  }
  const { west, south, dLng, dLat, cols, codes, cells } = grids;
  return {
    type: 'FeatureCollection',
    features: codes.map((_, i) => {
      const w = west + (cells[i] % cols) * dLng;
      const s = south + Math.floor(cells[i] / cols) * dLat;
      const ring = [[w, s], [w + dLng, s], [w + dLng, s + dLat], [w, s + dLat], [w, s]];
      return { type: 'Feature', id: i, properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } };
    }),
  };
}

/**
 * Area outlines with their code as feature id (codes are digits, well within a double's exact
 * integers): the wall keys each area's live colour (feature state) by it.
 */
function withCodeIds(outlines) {
  return { ...outlines, features: outlines.features.map((f) => ({ ...f, id: Number(f.properties.code) })) };
}

const sliced = {
  grids: gridFeatures(layers.grids),
  communities: withCodeIds(layers.communities),
  streets: withCodeIds(layers.streets),
  districts: withCodeIds(layers.districts),
};
const indexes = Object.entries(sliced).map(([name, data]) => [
  name,
  new GeoJSONVT(data, { maxZoom, extent, indexMaxZoom: 6 }),
]);

function produce(z, x, y) {
  const found = {};
  for (const [name, index] of indexes) {
    const tile = index.getTile(z, x, y);
    if (tile && tile.features.length > 0) found[name] = tile;
  }
  if (Object.keys(found).length === 0) return null;
  const body = vtpbf.fromGeojsonVt(found, { version: 2, extent });
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 32);
  return { body, gzip: gzipSync(body, { level: 6 }), hash };
}

parentPort.on('message', ({ id, z, x, y }) => {
  try {
    const tile = produce(z, x, y);
    parentPort.postMessage({ id, tile }, tile ? [tile.body.buffer, tile.gzip.buffer] : []);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
