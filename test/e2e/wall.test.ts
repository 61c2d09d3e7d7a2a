import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent, CaseItem, CasePoints, GridRow, IngestResult, Summary } from '../../contract';
import { HEAT_POINTS_MAX } from '../../client/map/paint-presets';
import { openPage, type WatchedPage } from './lib/browser';
import { ROOT } from './lib/process';
import { startTestServer, type TestServer } from './lib/server';
import { startSimulator } from './lib/simulator';
import { eventually, metricsMatchServer } from './lib/wall-checks';

const ARTIFACTS = join(ROOT, 'artifacts');
/** Software WebGL on a busy 2-core machine: the first frame can take minutes at 4K. */
const LOADED = 360_000;
/** Infinite CSS animations (ticker, alert pulses) are stopped for the picture; software compositing at 4K is slow. */
const SHOT = { animations: 'disabled', timeout: 120_000 } as const;

/**
 * Waits for the map and every chart to have rendered. `idle` (nothing pending) is reached at
 * 1920×1080; a 4K frame in software WebGL takes long enough that steady deltas rarely leave
 * the map idle, so there every tile loaded and drawn once (`drawn`) is enough.
 */
async function waitForWall(wall: WatchedPage, map: 'idle' | 'drawn' = 'idle'): Promise<void> {
  const selector = map === 'idle' ? '[data-map][data-map-state="idle"]' : '[data-map][data-map-state="idle"], [data-map][data-map-state="drawn"]';
  await wall.page.waitForSelector(selector, { timeout: LOADED });
  for (const kind of ['trend', 'categories', 'sources', 'children', 'departments', 'closeTime']) {
    await wall.page.waitForSelector(`[data-chart="${kind}"][data-chart-state="ready"]`, { timeout: LOADED });
  }
  await wall.page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
}

/** Set on a page's window by the test: gone once the page has reloaded. */
const MARK = 'onescreenTestMark';
const markPage = (wall: WatchedPage) => wall.page.evaluate((mark) => Reflect.set(window, mark, true), MARK);
const isMarked = (wall: WatchedPage) => wall.page.evaluate((mark) => Reflect.get(window, mark) === true, MARK);

/** Errors a browser prints while the server is down by design: the socket and fetches are refused. */
const OUTAGE = /ERR_CONNECTION_REFUSED|WebSocket connection to .* failed/;

describe('the wall in Chromium against the real server', () => {
  let server: TestServer;
  /** A copy of the built client, which the last test upgrades under an open wall. */
  const clientDir = mkdtempSync(join(tmpdir(), 'onescreen-e2e-client-'));

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    cpSync(join(ROOT, 'dist', 'client'), clientDir, { recursive: true });
    server = await startTestServer({ env: { ONESCREEN_CLIENT_DIR: clientDir } });
    const simulator = await startSimulator(server, { rate: 20_000, speed: 30, backfill: 1 });
    await eventually(async () => {
      const summary = await server.get<Summary>('/api/v1/summary?scope=city');
      return summary.reported > 50 ? undefined : `only ${summary.reported} reported so far`;
    }, 120_000);
    // The figures stop moving (but for deadlines passing) so the screen can be compared with the API.
    await simulator.stop();
  });

  afterAll(async () => {
    await server?.dispose();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('shows the server’s figures, follows new events on the numbers and the map, and reconnects after a restart', { timeout: 600_000 }, async () => {
    const wall = await openPage(`${server.url}/wall?token=${server.tokens.wall}`, { width: 1920, height: 1080 });
    try {
      await waitForWall(wall);
      const before = await metricsMatchServer(wall.page, server);
      await wall.page.screenshot({ ...SHOT, path: join(ARTIFACTS, 'wall-1920x1080.png') });

      // The heat map holds the whole day so far, not only the cases since the wall opened.
      const today = await server.get<CasePoints>(`/api/v1/case-points?scope=city&limit=${HEAT_POINTS_MAX}`);
      await eventually(async () => {
        const drawn = await wall.page.evaluate(() => window.onescreenMap?.heatPoints() ?? 0);
        return drawn === today.points.length ? undefined : `the heat map has ${drawn} points, the server lists ${today.points.length} for ${today.date}`;
      }, 30_000);

      const [someCase] = await server.get<CaseItem[]>('/api/v1/cases?scope=city&status=open&limit=1');
      expect(someCase, 'the simulator left open cases').toBeDefined();
      const grid = someCase.gridCode;
      const at = new Date().toISOString();
      const events: CaseEvent[] = Array.from({ length: 12 }, (_, i) => ({
        id: `e2e-${Date.now()}-${i}`,
        caseId: `E2E${Date.now()}${i}`,
        type: 'reported',
        at,
        category: 'E.05.02',
        source: 'hotline',
        gridCode: grid,
      }));
      const result = await server.post<IngestResult>('/api/v1/events', events);
      expect(result).toMatchObject({ accepted: 12, rejected: [] });

      const after = await metricsMatchServer(wall.page, server);
      expect(after.reported).toBeGreaterThanOrEqual(before.reported + 12);
      const [row] = await server.get<GridRow[]>(`/api/v1/grids?scope=${grid}`);
      await eventually(async () => {
        const state = await wall.page.evaluate((code) => window.onescreenMap?.gridState(code) ?? null, grid);
        return state?.reported === row[1] ? undefined : `map holds ${JSON.stringify(state)} for grid ${grid}, server ${JSON.stringify(row)}`;
      }, 15_000);

      // Drill down: a click in the middle of the map opens the summary of what is under it.
      const box = await wall.page.locator('[data-map]').boundingBox();
      if (!box) throw new Error('the map has no box');
      await wall.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const drill = await wall.page.waitForSelector('[data-drill] [data-drill-metric="reported"]', { timeout: 15_000 });
      const scope = await wall.page.getAttribute('[data-drill]', 'data-scope');
      const picked = await server.get<Summary>(`/api/v1/summary?scope=${scope}`);
      await eventually(async () => ((await drill.textContent()) === String(picked.reported) ? undefined : `drill-down of ${scope} shows ${await drill.textContent()}, server ${picked.reported}`), 10_000);

      // Zoomed in on a case until the grids are drawn, a click picks the case's grid (tiles name grids by index).
      await wall.page.click('[data-drill] button.close');
      const openCases = await server.get<CaseItem[]>('/api/v1/cases?scope=city&status=open&limit=100');
      const pointsOf = () => wall.page.evaluate((places) => places.map(([lng, lat]) => window.onescreenMap?.pointOf(lng, lat)), openCases.map((c) => [c.lng, c.lat] as const));
      let points = await pointsOf();
      // A software-rendered frame can outlast a poll: the map must also say it is not moving.
      const settled = () =>
        eventually(async () => {
          const before = JSON.stringify(points);
          points = await pointsOf();
          const moving = await wall.page.evaluate(() => window.onescreenMap?.moving() ?? true);
          return !moving && JSON.stringify(points) === before ? undefined : 'the map is still moving';
        }, 30_000);
      await settled();
      // One in the map's left half, where the drill-down panel will not cover it, and on the map
      // itself, not under the switch or the legend drawn over it.
      const onMap = await wall.page.evaluate(
        (places) => places.map((place) => place !== null && document.elementFromPoint(place.x, place.y)?.classList.contains('mapboxgl-canvas') === true),
        points.map((p) => (p === undefined ? null : { x: box.x + p.x, y: box.y + p.y })),
      );
      const inView = points.findIndex((p, i) => onMap[i] && p !== undefined && p.x > 40 && p.x < box.width / 2 && p.y > 60 && p.y < box.height - 40);
      expect(inView, 'an open case in view').toBeGreaterThanOrEqual(0);
      const aCase = openCases[inView];
      const point = { x: box.x + (points[inView]?.x ?? 0), y: box.y + (points[inView]?.y ?? 0) };
      // In until the grids are drawn (the districts are coloured before), and two steps more, so
      // that a grid is wide enough for a click on a case to land in it (a case lies at least a
      // tenth of its cell from the cell's edges).
      const gridsDrawn = () => wall.page.evaluate(() => window.onescreenMap?.classes()?.level === 'grids');
      let drawnSteps = 0;
      for (let step = 0; step < 10 && drawnSteps < 2; step += 1) {
        if (await gridsDrawn()) drawnSteps += 1;
        const before = JSON.stringify(points);
        await wall.page.mouse.dblclick(point.x, point.y);
        await eventually(async () => (JSON.stringify(await pointsOf()) !== before ? undefined : `double click ${step + 1} has not zoomed the map`), 15_000);
        await settled();
      }
      expect(await gridsDrawn(), 'the grids are drawn, zoomed in').toBe(true);
      // Where the case is now: a zoom about a point keeps it there only to within a few pixels.
      const [zoomedIn] = await wall.page.evaluate(([lng, lat]) => [window.onescreenMap?.pointOf(lng, lat)], [aCase.lng, aCase.lat] as const);
      await wall.page.mouse.click(box.x + (zoomedIn?.x ?? 0), box.y + (zoomedIn?.y ?? 0));
      await eventually(async () => {
        const picked = await wall.page.getAttribute('[data-drill]', 'data-scope');
        return picked === aCase.gridCode ? undefined : `a click on case ${aCase.caseId} picked ${picked}, not its grid ${aCase.gridCode}`;
      }, 15_000);
      const gridScope = (await wall.page.getAttribute('[data-drill]', 'data-scope')) ?? '';
      const gridSummary = await server.get<Summary>(`/api/v1/summary?scope=${gridScope}`);
      await eventually(async () => {
        const shown = await wall.page.textContent('[data-drill] [data-drill-metric="reported"]');
        return shown === String(gridSummary.reported) ? undefined : `drill-down of grid ${gridScope} shows ${shown}, server ${gridSummary.reported}`;
      }, 10_000);
      await wall.page.screenshot({ ...SHOT, path: join(ARTIFACTS, 'wall-grid-drill.png') });

      const quietErrors = [...wall.errors];
      await markPage(wall);
      await server.stop();
      await wall.page.waitForSelector('[data-connection][data-state="reconnecting"]', { timeout: 30_000 });
      await wall.page.waitForSelector('[data-freshness][data-stale="true"]', { timeout: 30_000 });
      await wall.page.screenshot({ ...SHOT, path: join(ARTIFACTS, 'wall-reconnecting.png') });
      await server.start();
      await wall.page.waitForSelector('[data-connection][data-state="live"]', { timeout: 60_000 });
      await wall.page.waitForSelector('[data-freshness][data-stale="false"]', { timeout: 30_000 });
      await metricsMatchServer(wall.page, server);
      expect(await isMarked(wall), 'a restart with the same client does not reload the page').toBe(true);

      expect(quietErrors).toEqual([]);
      expect(wall.errors.filter((e) => !OUTAGE.test(e))).toEqual([]);
      expect(wall.offsite, 'without MAPBOX_TOKEN nothing leaves this machine').toEqual([]);
    } finally {
      await wall.close();
    }
  });

  const FITS = [
    { width: 3840, height: 2160, deviceScaleFactor: 1, scale: '2.000', file: 'wall-3840x2160.png', lang: 'zh' },
    { width: 1536, height: 864, deviceScaleFactor: 1.25, scale: '0.800', file: 'wall-1536x864@1.25-en.png', lang: 'en' },
  ] as const;
  for (const size of FITS) {
    it(`fits ${size.width}×${size.height} at device scale ${size.deviceScaleFactor} by re-laying the layout, not stretching a bitmap`, { timeout: 480_000 }, async () => {
      const wall = await openPage(`${server.url}/wall?token=${server.tokens.wall}&lang=${size.lang}`, size);
      try {
        await waitForWall(wall, 'drawn');
        await metricsMatchServer(wall.page, server);
        expect(await wall.page.getAttribute('[data-stage]', 'data-scale')).toBe(size.scale);
        const rootFont = await wall.page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
        expect(rootFont).toBe(`${Number(size.scale) * 10}px`);
        // Charts draw at the device's pixel ratio: their canvas has that many pixels per CSS pixel.
        const ratio = await wall.page.$eval('[data-chart="trend"] canvas', (c) => (c as HTMLCanvasElement).width / c.getBoundingClientRect().width);
        expect(ratio).toBeCloseTo(size.deviceScaleFactor, 1);
        if (size.lang === 'en') expect(await wall.page.textContent('h1')).toContain('OneScreen');
        await wall.page.screenshot({ ...SHOT, path: join(ARTIFACTS, size.file) });
        expect(wall.errors).toEqual([]);
        expect(wall.offsite).toEqual([]);
      } finally {
        await wall.close();
      }
    });
  }

  it('asks Mapbox for the online basemap only when the server has MAPBOX_TOKEN', { timeout: 300_000 }, async () => {
    const online = await startTestServer({ env: { MAPBOX_TOKEN: 'pk.e2e-not-a-real-token' } });
    const wall = await openPage(`${online.url}/wall?token=${online.tokens.wall}`, { width: 1920, height: 1080 });
    try {
      await eventually(async () => (wall.offsite.some((url) => new URL(url).hostname === 'api.mapbox.com') ? undefined : `asked only ${JSON.stringify(wall.offsite)}`), 120_000);
      expect(wall.offsite.every((url) => new URL(url).hostname.endsWith('mapbox.com'))).toBe(true);
    } finally {
      await wall.close();
      await online.dispose();
    }
  });

  // Last: it changes the client the server serves.
  it('reloads itself into the new client after an upgrade, with its token kept for the tab, not in the address', { timeout: 600_000 }, async () => {
    const wall = await openPage(`${server.url}/wall?token=${server.tokens.wall}`, { width: 1920, height: 1080 });
    try {
      await wall.page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
      await markPage(wall);
      await server.stop();
      const index = join(clientDir, 'index.html');
      writeFileSync(index, readFileSync(index, 'utf8').replace('</head>', '<meta name="onescreen-e2e-upgrade" content="2"></head>'));
      const reloaded = wall.page.waitForEvent('load', { timeout: LOADED });
      await server.start();
      await reloaded;
      await wall.page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
      expect(await isMarked(wall), 'the page was reloaded').toBe(false);
      expect(await wall.page.getAttribute('meta[name="onescreen-e2e-upgrade"]', 'content'), 'it runs the upgraded client').toBe('2');
      expect(new URL(wall.page.url()).searchParams.has('token')).toBe(false);
      await metricsMatchServer(wall.page, server);
    } finally {
      await wall.close();
    }
  });
});
