import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATES, type CaseItem, type GridRow, type Me, type Summary } from '../../contract';
import { shiftDate } from '../../client/tablet/comparison';
import { formatRate } from '../../client/composables/format';
import { openPage, readMetrics, type PageOptions, type WatchedPage } from './lib/browser';
import { ROOT } from './lib/process';
import { startTestServer, type TestServer } from './lib/server';
import { startSimulator } from './lib/simulator';
import { eventually, expectedMetrics } from './lib/wall-checks';

const ARTIFACTS = join(ROOT, 'artifacts');
const LOADED = 180_000;
/** Another district than the leader's: the demo city's 江北区. */
const OTHER_DISTRICT = '500105';
const LANDSCAPE: PageOptions = { width: 1024, height: 768, hasTouch: true, isMobile: true };
const PORTRAIT: PageOptions = { width: 820, height: 1180, hasTouch: true, isMobile: true };

/**
 * Errors a browser prints while the server is down by design: the socket and fetches are refused,
 * and once it is back, reads are answered 503 until it has replayed its log (docs/api.md).
 */
const OUTAGE = /ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|Failed to fetch|status of 503 \(Service Unavailable\)/;

/** A finger moving right to left across the page, as raw touch events (the browser scrolls natively). */
async function swipeLeft(tablet: WatchedPage, y: number): Promise<void> {
  const cdp = await tablet.context.newCDPSession(tablet.page);
  const from = tablet.page.viewportSize()?.width ?? 800;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from - 60, y }] });
  for (let i = 1; i <= 12; i += 1) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: from - 60 - i * 40, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

function params(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

describe('the tablet view in Chromium on tablet screens against the real server', () => {
  let server: TestServer;
  let me: Me;
  let district: string;

  const rest = (scope: string, date?: string): Promise<Summary> =>
    server.get<Summary>(`/api/v1/summary?scope=${scope}${date ? `&date=${date}` : ''}`, server.tokens.leader);

  /** Every KPI on the tablet equals the REST summary of that scope (and day) read at the same moment. */
  async function matchesServer(page: Page, scope: string, date?: string): Promise<Summary> {
    let last: Summary | undefined;
    await eventually(async () => {
      last = await rest(scope, date);
      const shown = await readMetrics(page);
      const wrong = Object.entries(expectedMetrics(last)).filter(([k, v]) => shown[k] !== v);
      return wrong.length === 0 ? undefined : `tablet differs from /api/v1/summary?scope=${scope}&date=${date ?? ''}: ${wrong.map(([k, v]) => `${k} shows ${shown[k]}, server ${v}`).join('; ')}`;
    }, 60_000);
    if (!last) throw new Error('no summary read');
    return last;
  }

  async function openTablet(query: string, options: PageOptions): Promise<WatchedPage> {
    const tablet = await openPage(`${server.url}/tablet?token=${server.tokens.leader}${query}`, options);
    await tablet.page.waitForSelector('[data-tablet]', { timeout: LOADED });
    return tablet;
  }

  async function waitLive(page: Page): Promise<void> {
    await page.waitForSelector('[data-mode="live"]', { timeout: LOADED });
    await page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
    await page.waitForSelector('[data-metric="reported"]', { timeout: LOADED });
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    district = server.leaderDistrict;
    const simulator = await startSimulator(server, { rate: 20_000, speed: 30, backfill: 1 });
    await eventually(async () => {
      const summary = await rest(district);
      return summary.reported > 5 ? undefined : `only ${summary.reported} reported in ${district} so far`;
    }, 180_000);
    // The figures stop moving (but for deadlines passing) so the screen can be compared with the API.
    await simulator.stop();
    me = await server.get<Me>('/api/v1/me', server.tokens.leader);
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('shows the leader’s district as REST has it, drills to a street and a case, goes back, looks at a past day and exports it', async () => {
    const tablet = await openTablet('', LANDSCAPE);
    const { page } = tablet;
    try {
      await waitLive(page);
      expect(params(page).has('token'), 'the token is kept for the tab, not in the address').toBe(false);
      expect(params(page).get('scope'), 'a one-district leader opens on that district').toBe(district);
      const summary = await matchesServer(page, district);
      expect(await page.textContent('[data-title]')).toContain(summary.name);
      await page.waitForSelector('[data-chart="trend"][data-chart-state="ready"]', { timeout: LOADED });
      await page.screenshot({ path: join(ARTIFACTS, 'tablet-1024x768.png'), timeout: LOADED });

      // Drill down: the busiest street of the ranking, by touch.
      const street = [...summary.children].sort((a, b) => b.reported - a.reported || b.open - a.open)[0];
      await page.locator('[data-tab="ranking"]').tap({ timeout: LOADED });
      await page.locator(`[data-child="${street.code}"]`).tap({ timeout: LOADED });
      await page.waitForFunction((code) => new URL(location.href).searchParams.get('scope') === code, street.code, { timeout: LOADED });
      await page.waitForSelector(`[data-crumb="${district}"]`, { timeout: LOADED });
      expect(await page.getAttribute(`[data-crumb="${district}"]`, 'href'), 'a link to share carries no token').toBe(`/tablet?scope=${district}`);
      await matchesServer(page, street.code);
      expect(await page.textContent('[data-title]')).toContain(street.name);

      // A case of that street: its detail, on its grid, with a shareable URL.
      await page.locator('[data-tab="cases"]').tap({ timeout: LOADED });
      const firstCase = page.locator('[data-cases] [data-case]').first();
      await firstCase.waitFor({ timeout: LOADED });
      const caseId = await firstCase.getAttribute('data-case');
      if (!caseId) throw new Error('the street lists no case');
      await firstCase.tap({ timeout: LOADED });
      await page.waitForSelector(`[data-case-detail="${caseId}"]`, { timeout: LOADED });
      const grid = params(page).get('scope') ?? '';
      expect(params(page).get('case')).toBe(caseId);
      expect(grid).toMatch(new RegExp(`^${street.code}\\d{6}$`));
      const listed = await server.get<CaseItem[]>(`/api/v1/cases?scope=${grid}&status=open&limit=500`, server.tokens.leader);
      const item = listed.find((c) => c.caseId === caseId);
      expect(item, `case ${caseId} is open in grid ${grid}`).toBeDefined();
      expect(await page.textContent('[data-case-field="category"]')).toContain(item?.categoryName ?? '?');
      expect(await page.textContent('[data-case-field="grid"]')).toContain(grid);
      expect(await page.locator(`[data-crumb="${street.code}"]`).count()).toBe(1);
      // The case on the map: framed on its grid's community, pinned where it was reported.
      await page.locator('[data-tab="map"]').tap({ timeout: LOADED });
      await page.waitForSelector(`[data-map][data-map-scope="${grid}"]`, { timeout: LOADED });
      await page.waitForSelector('[data-map][data-map-state="drawn"], [data-map][data-map-state="idle"]', { timeout: LOADED });
      expect(await page.locator(`[data-case-pin="${caseId}"]`).count()).toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, 'tablet-case-map-1024x768.png'), timeout: LOADED });

      // The browser's back button walks back up: the street, then the district.
      await page.goBack();
      await page.waitForFunction((code) => new URL(location.href).searchParams.get('scope') === code, street.code, { timeout: LOADED });
      await matchesServer(page, street.code);
      await page.goBack();
      await page.waitForFunction((code) => new URL(location.href).searchParams.get('scope') === code, district, { timeout: LOADED });
      await matchesServer(page, district);
      // And forward again, then back.
      await page.goForward();
      await page.waitForFunction((code) => new URL(location.href).searchParams.get('scope') === code, street.code, { timeout: LOADED });
      await matchesServer(page, street.code);
      await page.goBack();
      await page.waitForFunction((code) => new URL(location.href).searchParams.get('scope') === code, district, { timeout: LOADED });

      // A past day: history badge, that day's figures from REST, in the URL.
      const yesterday = shiftDate(me.today, -1);
      await page.fill('[data-day-picker]', yesterday);
      await page.waitForSelector('[data-mode="history"]', { timeout: LOADED });
      expect(params(page).get('date')).toBe(yesterday);
      let past = await matchesServer(page, district, yesterday);
      expect(past.reported, 'the simulator back-filled yesterday').toBeGreaterThan(0);
      // A reload of a past day's address opens it again, with the token kept for the tab.
      await page.reload();
      await page.waitForSelector('[data-mode="history"]', { timeout: LOADED });
      expect([...params(page).keys()].sort()).toEqual(['date', 'scope']);
      past = await matchesServer(page, district, yesterday);
      expect(await page.locator('[data-connection]').count(), 'a past day has no live connection').toBe(0);

      // CSV of what is shown: UTF-8 with BOM, the numbers of REST.
      const [csvDownload] = await Promise.all([page.waitForEvent('download', { timeout: LOADED }), page.locator('[data-export="csv"]').tap()]);
      expect(csvDownload.suggestedFilename()).toBe(`${past.name}-${yesterday}.csv`);
      const csvBytes = readFileSync(await csvDownload.path());
      expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(csvBytes.toString('utf8').slice(1), { relaxColumnCount: true }) as string[][];
      const value = (label: string): string | undefined => rows.find((r) => r[0] === label)?.[1];
      expect(rows[0]).toEqual(['范围', past.name, district]);
      expect(rows[1]).toEqual(['日期', yesterday, '历史']);
      expect({
        reported: value('上报'),
        registered: value('立案'),
        dispatched: value('派遣'),
        handled: value('处置'),
        closed: value('结案'),
        cancelled: value('作废'),
      }).toEqual({
        reported: String(past.reported),
        registered: String(past.registered),
        dispatched: String(past.dispatched),
        handled: String(past.handled),
        closed: String(past.closed),
        cancelled: String(past.cancelled),
      });
      const rateLabels = { handlingRate: '处置率', onTimeHandlingRate: '按期处置率', closureRate: '结案率', onTimeClosureRate: '按期结案率', reworkRate: '返工率' };
      for (const r of RATES) expect(value(rateLabels[r]) || '—', r).toBe(formatRate(past[r]));
      for (const child of past.children) {
        const row = rows.find((r) => r[0] === child.code);
        expect(row?.slice(1, 4), child.code).toEqual([child.name, String(child.reported), String(child.registered)]);
      }

      // The summary as an image to forward.
      const [pngDownload] = await Promise.all([page.waitForEvent('download', { timeout: LOADED }), page.locator('[data-export="png"]').tap()]);
      expect(pngDownload.suggestedFilename()).toBe(`${past.name}-${yesterday}.png`);
      const png = readFileSync(await pngDownload.path());
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const width = png.readUInt32BE(16);
      const height = png.readUInt32BE(20);
      expect(width).toBe(2160);
      expect(height).toBeGreaterThan(1500);
      await page.screenshot({ path: join(ARTIFACTS, 'tablet-history-1024x768.png'), timeout: LOADED });

      // Back to today, live.
      await page.locator('[data-day-today]').tap();
      await waitLive(page);
      expect(params(page).has('date')).toBe(false);
      await matchesServer(page, district);
      expect(tablet.errors).toEqual([]);
    } finally {
      await tablet.close();
    }
  });

  it('opens a shared link to a case that has closed since, and says so for a case that was never reported', async () => {
    const [[gridCode]] = await server.get<GridRow[]>(`/api/v1/grids?scope=${district}`, server.tokens.leader);
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const caseId = 'E2E-SHARED-1';
    await server.post('/api/v1/events', [
      { id: `${caseId}-r`, caseId, type: 'reported', at: at(50), category: 'E.05.02', source: 'hotline', gridCode },
      { id: `${caseId}-g`, caseId, type: 'registered', at: at(40) },
      { id: `${caseId}-c`, caseId, type: 'closed', at: at(10) },
    ]);
    const tablet = await openTablet(`&scope=${gridCode}&case=${caseId}`, LANDSCAPE);
    try {
      await tablet.page.waitForSelector(`[data-case-detail="${caseId}"]`, { timeout: LOADED });
      expect(await tablet.page.textContent('[data-case-field="status"]')).toContain('结案');
      expect(await tablet.page.textContent('[data-case-field="grid"]')).toContain(gridCode);

      await tablet.page.goto(`${server.url}/tablet?token=${server.tokens.leader}&scope=${gridCode}&case=NEVER-REPORTED`);
      const notice = await tablet.page.waitForSelector('[data-notice]', { timeout: LOADED });
      expect(await notice.textContent()).toContain('NEVER-REPORTED');
      expect(tablet.errors.filter((e) => !e.includes('404'))).toEqual([]);
    } finally {
      await tablet.close();
    }
  });

  it('does not open another district by URL: a clear message, no data, nothing asked for it', async () => {
    const refused = await fetch(`${server.url}/api/v1/summary?scope=${OTHER_DISTRICT}`, { headers: { authorization: `Bearer ${server.tokens.leader}` } });
    expect(refused.status).toBe(403);
    const tablet = await openTablet(`&scope=${OTHER_DISTRICT}`, LANDSCAPE);
    const asked: string[] = [];
    tablet.page.on('request', (request) => {
      if (request.url().includes('/api/') && request.url().includes(OTHER_DISTRICT)) asked.push(request.url());
    });
    try {
      const notice = await tablet.page.waitForSelector('[data-notice="denied"]', { timeout: LOADED });
      const text = (await notice.textContent()) ?? '';
      expect(text).toContain('江北区');
      expect(text).toContain(me.districts[0].name);
      expect(await tablet.page.locator('[data-metric]').count()).toBe(0);
      expect(await tablet.page.locator('[data-map]').count()).toBe(0);
      expect(await tablet.page.locator('[data-export]').count()).toBe(0);
      expect(asked).toEqual([]);
      await tablet.page.screenshot({ path: join(ARTIFACTS, 'tablet-denied-1024x768.png'), timeout: LOADED });

      // A street or grid of that district is refused the same way; the way out leads home.
      await tablet.page.goto(`${server.url}/tablet?token=${server.tokens.leader}&scope=${OTHER_DISTRICT}001`);
      await tablet.page.waitForSelector('[data-notice="denied"]', { timeout: LOADED });
      expect(await tablet.page.locator('[data-metric]').count()).toBe(0);
      await tablet.page.locator(`[data-way-out="${district}"]`).tap();
      await waitLive(tablet.page);
      await matchesServer(tablet.page, district);
      expect(asked).toEqual([]);
      expect(tablet.errors).toEqual([]);
    } finally {
      await tablet.close();
    }
  });

  it('fits a portrait iPad, speaks English with ?lang=en, and keeps the last figures with their age while reconnecting', async () => {
    const tablet = await openTablet(`&scope=${district}&lang=en`, PORTRAIT);
    const { page } = tablet;
    try {
      await waitLive(page);
      const summary = await matchesServer(page, district);
      expect(await page.textContent('[data-mode]')).toContain('Today');
      expect(await page.locator('[data-tab="overview"]').textContent()).toContain('Overview');
      await page.waitForSelector('[data-chart="trend"][data-chart-state="ready"]', { timeout: LOADED });
      // Nothing wider than the screen: the page itself never scrolls sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const small = await page.$$eval('[data-tablet] button, [data-tablet] a', (els) =>
        els
          .map((el) => el.getBoundingClientRect())
          .filter((r) => r.width > 0 && r.height > 0 && (r.height < 44 || r.width < 44)).length,
      );
      expect(small, 'every tap target is at least 44 px').toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'tablet-820x1180.png'), timeout: LOADED });

      // A swipe moves to the next section and the tabs follow.
      await swipeLeft(tablet, 400);
      await page.waitForSelector('[data-tab="ranking"][aria-selected="true"]', { timeout: 60_000 });

      const shown = await readMetrics(page);
      const quietErrors = [...tablet.errors];
      await server.stop();
      await page.waitForSelector('[data-connection][data-state="reconnecting"]', { timeout: 60_000 });
      await page.waitForSelector('[data-freshness][data-stale="true"]', { timeout: 60_000 });
      expect(await readMetrics(page), 'the last figures stay on screen').toEqual(shown);
      expect(await page.textContent('[data-freshness]')).toMatch(/\d+ s ago/);
      await page.screenshot({ path: join(ARTIFACTS, 'tablet-reconnecting-820x1180.png'), timeout: LOADED });
      await server.start();
      await page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
      await matchesServer(page, district);
      expect(summary.name.length).toBeGreaterThan(0);
      expect(quietErrors).toEqual([]);
      expect(tablet.errors.filter((e) => !OUTAGE.test(e))).toEqual([]);
    } finally {
      await tablet.close();
    }
  });
});
