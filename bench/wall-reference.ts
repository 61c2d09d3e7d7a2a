import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Bare reference pages for the wall benchmark: mapbox-gl alone with the same 64,200 cells
 * and the same 2,000 feature-state changes a second, and ECharts alone with the wall's
 * series updated once a second. No Vue, no socket, no stores.
 */

const MODULES = join(import.meta.dirname, '..', 'node_modules');

const MAP_PAGE = (bbox: readonly number[], prefix: string) => `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/mapbox-gl.css"><style>html,body,#map{margin:0;width:100%;height:100%;background:#040b1a}</style></head>
<body><div id="map"></div><script src="/mapbox-gl.js"></script><script>
fetch('/grids.json').then((r) => r.json()).then((grids) => {
  // The cells that change: a centre's own (codes starting with its code), or all of them.
  const codes = grids.features.map((f) => f.properties.code).filter((code) => code.startsWith(${JSON.stringify(prefix)}));
  const map = new mapboxgl.Map({
    container: 'map', bounds: ${JSON.stringify(bbox)}, fadeDuration: 0,
    style: { version: 8, sources: { grids: { type: 'geojson', data: grids, promoteId: 'code' } }, layers: [
      { id: 'bg', type: 'background', paint: { 'background-color': '#040b1a' } },
      { id: 'fill', type: 'fill', source: 'grids', paint: { 'fill-color': ['interpolate', ['linear'], ['coalesce', ['feature-state', 'v'], 0], 0, '#12305a', 10, '#ff7a45'] } },
    ] },
  });
  let next = 0;
  window.referenceApply = (n) => { for (let i = 0; i < n; i++) { map.setFeatureState({ source: 'grids', id: codes[next] }, { v: (next * 7) % 11 }); next = (next + 1) % codes.length; } };
  map.once('idle', () => document.body.setAttribute('data-idle', String(performance.now())));
});
</script></body></html>`;

const CHARTS_PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;background:#030915;display:grid;grid-template-columns:repeat(3,1fr);grid-template-rows:repeat(2,50vh)}</style></head>
<body><div></div><div></div><div></div><div></div><div></div><div></div><script src="/echarts.min.js"></script><script>
const charts = [...document.body.children].filter((d) => d.tagName === 'DIV').map((d) => echarts.init(d, null, { devicePixelRatio: devicePixelRatio }));
const n = (k) => Array.from({ length: k }, () => Math.round(Math.random() * 100));
const names = (k) => Array.from({ length: k }, (_, i) => 'item ' + i);
function update() {
  charts[0].setOption({ xAxis: { type: 'category', data: names(24) }, yAxis: {}, series: [{ type: 'line', smooth: true, areaStyle: {}, data: n(24) }, { type: 'line', data: n(24) }] });
  charts[1].setOption({ yAxis: { type: 'category', data: names(8) }, xAxis: {}, series: [{ type: 'bar', data: n(8) }] });
  charts[2].setOption({ series: [{ type: 'pie', radius: ['46%', '74%'], data: n(6).map((v, i) => ({ name: 's' + i, value: v })) }] });
  charts[3].setOption({ yAxis: { type: 'category', data: names(10) }, xAxis: {}, series: [{ type: 'bar', data: n(10) }] });
  charts[4].setOption({ yAxis: { type: 'category', data: names(8) }, xAxis: {}, series: [{ type: 'bar', data: n(8) }] });
  charts[5].setOption({ yAxis: { type: 'category', data: names(2) }, xAxis: {}, series: [{ type: 'bar', data: n(2) }, { type: 'bar', data: n(2) }] });
}
update();
setInterval(update, 1000);
document.body.setAttribute('data-idle', String(performance.now()));
</script></body></html>`;

export interface ReferenceServer {
  readonly url: string;
  close(): Promise<void>;
}

/** `bbox` is what the map page frames; `prefix` limits the cells it changes to a centre's (default all). */
export async function startReferenceServer(gridsGeoJSON: string, bbox: readonly number[], prefix = ''): Promise<ReferenceServer> {
  const files: Record<string, { type: string; body: string | Buffer }> = {
    '/map.html': { type: 'text/html', body: MAP_PAGE(bbox, prefix) },
    '/charts.html': { type: 'text/html', body: CHARTS_PAGE },
    '/grids.json': { type: 'application/json', body: gridsGeoJSON },
    '/mapbox-gl.js': { type: 'text/javascript', body: readFileSync(join(MODULES, 'mapbox-gl/dist/mapbox-gl.js')) },
    '/mapbox-gl.css': { type: 'text/css', body: readFileSync(join(MODULES, 'mapbox-gl/dist/mapbox-gl.css')) },
    '/echarts.min.js': { type: 'text/javascript', body: readFileSync(join(MODULES, 'echarts/dist/echarts.min.js')) },
  };
  // Gzipped like the real server's answers, so transferred bytes compare like with like.
  const gzipped = new Map(Object.entries(files).map(([path, file]) => [path, gzipSync(file.body)]));
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    const file = files[path];
    const body = gzipped.get(path);
    if (!file || !body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-encoding': 'gzip' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
