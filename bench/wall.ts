import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { holds, type CaseEvent, type CityAreas, type IngestResult, type LatticeGrids } from '../contract';
import { scopeBounds } from '../client/map/focus-bounds';
import { DEMO_CITY_DIR } from '../server/geo';
import { latticeToGeoJSON } from './lib/lattice-geojson';
import { openPage, type WatchedPage } from '../test/e2e/lib/browser';
import { startTestServer, type TestServer } from '../test/e2e/lib/server';
import { startSimulator } from '../test/e2e/lib/simulator';
import { countTransfer, frameTimes, heapAfterGc, pageNow, recordFrames, transferredBytes, transferredFontBytes } from './wall-probe';
import { startReferenceServer } from './wall-reference';

/**
 * The wall's figures (docs/budgets.md#the-budgets): first render with 64,200 grids, frame times
 * while 1 Hz deltas change 2,000 cells, JS heap after N minutes of the simulator at 10× speed against
 * after 1 minute (sampled every few minutes on the way), bytes at load;
 * each beside a bare mapbox-gl page with the same cells (and ECharts alone for frames); and
 * bytes at load of a district leader's tablet. `--scope CODE` measures a centre's wall instead
 * (e.g. 铜梁区, 500151): its page, the changes of its own grids, and the reference framed on the
 * same extent and changing the same cells.
 * Prints figures, never passes or fails on them. Software WebGL here is slower than a wall's GPU.
 */

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    minutes: { type: 'string', default: '10' },
    'sim-speed': { type: 'string', default: '10' },
    'sample-minutes': { type: 'string', default: '5' },
    cells: { type: 'string', default: '2000' },
    scope: { type: 'string', default: 'city' },
  },
});
const SCOPE = values.scope;
const FRAME_SECONDS = Number(values.seconds);
const SOAK_MINUTES = Math.max(1, Number(values.minutes));
const CELLS = Number(values.cells);
const SIM_SPEED = Number(values['sim-speed']);
const SAMPLE_MINUTES = Math.max(1, Number(values['sample-minutes']));
const VIEW = { width: 1920, height: 1080 };
const LOADED = 300_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

let sequence = 0;
/** One reported case in each of `codes`: that many grid rows change in the next delta. */
function reportedIn(codes: readonly string[]): CaseEvent[] {
  const at = new Date().toISOString();
  return codes.map((gridCode, i) => {
    sequence += 1;
    return { id: `bench-${sequence}`, caseId: `BENCH${sequence}`, type: 'reported', at, category: i % 2 ? 'E.05.02' : 'E.01.01', source: 'inspector', gridCode };
  });
}

async function post(server: TestServer, events: CaseEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5000) {
    const result = await server.post<IngestResult>('/api/v1/events', events.slice(i, i + 5000));
    if (result.rejected.length > 0) throw new Error(`rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
  }
}

/** Posts `cells` reported cases a second, each batch over the next `cells` grids. */
function feed(server: TestServer, codes: readonly string[], cells: number): () => void {
  let offset = 0;
  const timer = setInterval(() => {
    const batch = Array.from({ length: cells }, (_, i) => codes[(offset + i) % codes.length]);
    offset = (offset + cells) % codes.length;
    post(server, reportedIn(batch)).catch((e: unknown) => console.error('feed:', e));
  }, 1000);
  return () => clearInterval(timer);
}

async function loadWall(wall: WatchedPage, server: TestServer): Promise<number> {
  await wall.page.goto(`${server.url}/wall?token=${server.tokens.wall}&scope=${SCOPE}`);
  await wall.page.waitForSelector('[data-map][data-map-state="idle"]', { timeout: LOADED });
  await wall.page.waitForSelector('[data-chart="trend"][data-chart-state="ready"]', { timeout: LOADED });
  await wall.page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
  return pageNow(wall.page);
}

/** What the wall keeps up to a bound (heat points ≤ 3,000, active alert markers ≤ 100): a heap growth while they fill is not a leak. */
function boundedHoldings(page: WatchedPage['page']): Promise<string> {
  return page.evaluate(() => `heat points ${window.onescreenMap?.heatPoints() ?? 0}, alert markers ${document.querySelectorAll('.alert-pulse').length}`);
}

interface HeapSample {
  minute: number;
  heap: number;
  held: string;
}

/**
 * The heap's range and least-squares slope over the soak's second half: by then the bounded
 * lists are full and the hot code is compiled, so what still rises there is a leak.
 */
function secondHalf(samples: readonly HeapSample[]): string {
  const from = samples[samples.length - 1].minute / 2;
  const half = samples.filter((s) => s.minute >= from);
  if (half.length < 3) return 'too few samples (a longer --minutes or a smaller --sample-minutes)';
  const meanX = half.reduce((sum, s) => sum + s.minute, 0) / half.length;
  const meanY = half.reduce((sum, s) => sum + s.heap, 0) / half.length;
  const slope =
    half.reduce((sum, s) => sum + (s.minute - meanX) * (s.heap - meanY), 0) / half.reduce((sum, s) => sum + (s.minute - meanX) ** 2, 0);
  const heaps = half.map((s) => s.heap);
  return `minutes ${half[0].minute}–${half[half.length - 1].minute}: ${mb(Math.min(...heaps))} – ${mb(Math.max(...heaps))}, trend ${mb(slope * 60)}/h over ${half.length} samples`;
}

/** The first render as the reference's is measured: no DevTools domain listening (it copies every socket frame). */
async function openWall(server: TestServer): Promise<{ wall: WatchedPage; firstRender: number }> {
  const wall = await openPage('about:blank', VIEW);
  return { wall, firstRender: await loadWall(wall, server) };
}

/**
 * Bytes on the wire while a wall loads, in a load of its own: the page's through DevTools, and
 * every response's (the map worker's tiles too, which the page's resource timing does not see).
 */
async function wireBytes(server: TestServer): Promise<{ http: number; socket: number; withWorkers: number }> {
  const wall = await openPage('about:blank', VIEW);
  const transfer = await countTransfer(wall.page);
  const sizes: Promise<number>[] = [];
  wall.context.on('requestfinished', (request) => sizes.push(request.sizes().then((s) => s.responseHeadersSize + s.responseBodySize)));
  await loadWall(wall, server);
  const bytes = transfer.read();
  await transfer.stop();
  const withWorkers = (await Promise.all(sizes)).reduce((sum, n) => sum + n, 0);
  await wall.close();
  return { ...bytes, withWorkers };
}

/** A district leader's tablet in a load of its own, until its first section (figures and charts; the map waits for its tab) is drawn. */
async function tabletBytes(server: TestServer): Promise<{ bytes: number; fonts: { bytes: number; files: number } }> {
  const tablet = await openPage(`${server.url}/tablet?token=${server.tokens.leader}`, { width: 1024, height: 768, hasTouch: true, isMobile: true });
  try {
    await tablet.page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
    await tablet.page.waitForSelector('[data-metric="reported"]', { timeout: LOADED });
    for (const card of ['trend', 'categories']) await tablet.page.waitForSelector(`[data-section="overview"] [data-chart="${card}"][data-chart-state="ready"]`, { timeout: LOADED });
    return { bytes: await transferredBytes(tablet.page), fonts: await transferredFontBytes(tablet.page) };
  } finally {
    await tablet.close();
  }
}

async function main(): Promise<void> {
  // The demo's walls: 铜梁区's centre shows its own layout, with its topic.
  const server = await startTestServer({ env: { ONESCREEN_WALLS_FILE: join(DEMO_CITY_DIR, 'walls.json') } });
  const lattice = await server.get<LatticeGrids>('/api/v1/geo/grids');
  const areas = await server.get<CityAreas>('/api/v1/geo/areas');
  // A centre's wall sees only its own grids change; the city's all of them.
  const codes = lattice.codes.filter((code) => holds(SCOPE, code));
  const cells = Math.min(CELLS, codes.length);
  const framed = SCOPE === 'city' ? areas.bbox : scopeBounds(areas, SCOPE);
  if (codes.length === 0 || !framed) throw new Error(`--scope ${SCOPE}: no such area with grids`);
  console.log(
    `wall bench (${SCOPE}): ${codes.length.toLocaleString('en-US')} of ${lattice.codes.length.toLocaleString('en-US')} grids, ${cells} cells/s, frames over ${FRAME_SECONDS} s, soak ${SOAK_MINUTES} min at ${SIM_SPEED}× simulator speed; load average ${load()}`,
  );
  await post(server, reportedIn(lattice.codes));
  const reference = await startReferenceServer(JSON.stringify(latticeToGeoJSON(lattice)), framed, SCOPE === 'city' ? '' : SCOPE);
  try {
    // Reference map: load, then the same 2,000 feature states a second, in-page.
    const mapRef = await openPage(`${reference.url}/map.html`, VIEW);
    await mapRef.page.waitForSelector('body[data-idle]', { timeout: LOADED });
    const refFirst = Number(await mapRef.page.getAttribute('body', 'data-idle'));
    const refBytes = await transferredBytes(mapRef.page);
    await recordFrames(mapRef.page);
    for (let s = 0; s < FRAME_SECONDS; s += 1) {
      await mapRef.page.evaluate((n) => (window as unknown as { referenceApply(n: number): void }).referenceApply(n), cells);
      await sleep(1000);
    }
    const refFrames = await frameTimes(mapRef.page);
    await mapRef.close();

    const chartsRef = await openPage(`${reference.url}/charts.html`, VIEW);
    await chartsRef.page.waitForSelector('body[data-idle]', { timeout: LOADED });
    await recordFrames(chartsRef.page);
    await sleep(FRAME_SECONDS * 1000);
    const chartFrames = await frameTimes(chartsRef.page);
    await chartsRef.close();

    // Ours.
    const { wall, firstRender } = await openWall(server);
    const bytes = await transferredBytes(wall.page);
    const fontBytes = await transferredFontBytes(wall.page);
    const stop = feed(server, codes, cells);
    await recordFrames(wall.page);
    await sleep(FRAME_SECONDS * 1000);
    const frames = await frameTimes(wall.page);
    const frameLoad = load();
    stop();
    // The soak: the simulated city at 10× speed, as on a wall left running.
    const simulator = await startSimulator(server, { speed: SIM_SPEED, backfill: 0 });
    const samples: HeapSample[] = [];
    for (let minute = 1; minute <= SOAK_MINUTES; minute += 1) {
      await sleep(60_000);
      if (minute !== 1 && minute !== SOAK_MINUTES && minute % SAMPLE_MINUTES !== 0) continue;
      const sample = { minute, heap: await heapAfterGc(wall.page), held: await boundedHoldings(wall.page) };
      samples.push(sample);
      console.log(`  soak minute ${String(minute).padStart(3)}: JS heap after GC ${mb(sample.heap)}, ${sample.held}`);
    }
    const first = samples[0];
    const last = samples[samples.length - 1];
    await simulator.stop();
    const errors = [...wall.errors];
    await wall.close();
    const { http, socket, withWorkers } = await wireBytes(server);
    const tablet = await tabletBytes(server);

    console.log('');
    console.log(`first render (map idle, charts, live)  ours ${ms(firstRender)}   mapbox-only ${ms(refFirst)}   ours/ref ${ratio(firstRender, refFirst)}`);
    console.log(`frame p50 under ${cells} cells/s          ours ${ms(frames.p50)}   mapbox-only ${ms(refFrames.p50)} (${ratio(frames.p50, refFrames.p50)})   echarts-only ${ms(chartFrames.p50)} (${ratio(frames.p50, chartFrames.p50)})`);
    console.log(`frame p95 under ${cells} cells/s          ours ${ms(frames.p95)}   mapbox-only ${ms(refFrames.p95)} (${ratio(frames.p95, refFrames.p95)})   echarts-only ${ms(chartFrames.p95)} (${ratio(frames.p95, chartFrames.p95)})`);
    console.log(`JS heap after GC, simulator ${SIM_SPEED}×        1 min ${mb(first.heap)}   ${SOAK_MINUTES} min ${mb(last.heap)}   growth ${ratio(last.heap, first.heap)}`);
    console.log(`  second half of the soak               ${secondHalf(samples)}`);
    console.log(`  what the wall holds within bounds     1 min ${first.held}   ${SOAK_MINUTES} min ${last.held}`);
    console.log(`transferred at load (resource timing)  ours ${mb(bytes)}   mapbox-only ${mb(refBytes)}   ours/ref ${ratio(bytes, refBytes)}`);
    console.log(`  of which fonts                       ${mb(fontBytes.bytes)} in ${fontBytes.files} files`);
    console.log(`  on the wire (DevTools)               HTTP ${mb(http)}, with the map worker's tiles ${mb(withWorkers)}   live snapshot payload ${mb(socket)} (inflated; the socket may compress it)`);
    console.log(`district tablet at load                ${mb(tablet.bytes)}, of which fonts ${mb(tablet.fonts.bytes)} in ${tablet.fonts.files} files`);
    console.log(`frames recorded                        ours ${frames.frames}   mapbox-only ${refFrames.frames}   echarts-only ${chartFrames.frames}`);
    console.log(`load average                           during our frames ${frameLoad}   at the end ${load()}`);
    if (errors.length > 0) console.log(`console errors on the wall: ${errors.slice(0, 5).join(' | ')}`);
  } finally {
    await reference.close();
    await server.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
