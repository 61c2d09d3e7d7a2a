import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parentOf, type CaseEvent, type CityAreas, type GridRow, type IngestResult, type Me, type Summary, type Topic } from '../../contract';
import { hourOf } from '../../client/composables/format';
import { shiftDate } from '../../client/tablet/comparison';
import { openPage, readMetrics, type WatchedPage } from './lib/browser';
import { feedHugeFigures } from './lib/huge-figures';
import { ROOT } from './lib/process';
import { startTestServer, type TestServer } from './lib/server';
import { startSimulator } from './lib/simulator';
import { eventually, expectedMetrics, metricsMatchServer } from './lib/wall-checks';
import { lateEveningZone } from './lib/zone';

const ARTIFACTS = join(ROOT, 'artifacts');
/** Software WebGL on a busy 2-core machine: the first frame can take minutes at 4K. */
const LOADED = 360_000;
const SHOT = { animations: 'disabled', timeout: 120_000 } as const;
const WALLS_FILE = join(ROOT, 'mock', 'city', 'chongqing', 'walls.json');

/** 铜梁区, whose centre has a wall of its own in the demo's walls file, and its 巴川街道. */
const TONGLIANG = '500151';
const BACHUAN = '500151001';
/** A district without a wall of its own: 渝中区. */
const YUZHONG = '500103';

const STREET_LEADER = `leader-bachuan-${randomBytes(12).toString('hex')}`;
const SEVERAL = `leader-several-${randomBytes(12).toString('hex')}`;

const ZONE = lateEveningZone();

/** The map and every chart of a wall drawn, its topic read and its socket live. */
async function waitForWall(wall: WatchedPage, charts: readonly string[], map: 'idle' | 'drawn' = 'idle'): Promise<void> {
  const selector = map === 'idle' ? '[data-map][data-map-state="idle"]' : '[data-map][data-map-state="idle"], [data-map][data-map-state="drawn"]';
  await wall.page.waitForSelector(selector, { timeout: LOADED });
  for (const kind of charts) await wall.page.waitForSelector(`[data-chart="${kind}"][data-chart-state="ready"]`, { timeout: LOADED });
  await wall.page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
}
const FINANCE_CHARTS = ['trend', 'categories', 'sources', 'children', 'departments'];

const childrenShown = async (page: Page): Promise<string[]> =>
  ((await page.getAttribute('[data-children-panel]', 'data-children')) ?? '').split(' ').filter((code) => code !== '');

describe('a wall for every centre, in Chromium against the real server', () => {
  let server: TestServer;
  let areas: CityAreas;
  let sequence = 0;

  /** Reported cases in a grid, now. */
  async function report(gridCode: string, count: number): Promise<void> {
    const at = new Date().toISOString();
    const events: CaseEvent[] = Array.from({ length: count }, () => {
      sequence += 1;
      return { id: `cw-${Date.now()}-${sequence}`, caseId: `CW${Date.now()}${sequence}`, type: 'reported', at, category: 'E.06.01', source: 'hotline', gridCode };
    });
    expect(await server.post<IngestResult>('/api/v1/events', events)).toMatchObject({ accepted: count, rejected: [] });
  }

  /** A grid of a scope with today's row, from REST. */
  const firstGrid = async (scope: string): Promise<string> => (await server.get<GridRow[]>(`/api/v1/grids?scope=${scope}`))[0][0];

  /** The wall's map holds for a grid what REST says of it now. */
  async function gridFollows(page: Page, grid: string): Promise<void> {
    await eventually(async () => {
      const [row] = await server.get<GridRow[]>(`/api/v1/grids?scope=${grid}`);
      const state = await page.evaluate((code) => window.onescreenMap?.gridState(code) ?? null, grid);
      return state?.reported === row[1] ? undefined : `map holds ${JSON.stringify(state)} for grid ${grid}, server ${JSON.stringify(row)}`;
    }, 30_000);
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({
      env: { ONESCREEN_WALLS_FILE: WALLS_FILE, ONESCREEN_TZ: ZONE },
      extraTokens: [
        { token: STREET_LEADER, role: 'leader', scopes: [BACHUAN], name: 'leader 巴川街道' },
        { token: SEVERAL, role: 'leader', scopes: [BACHUAN, YUZHONG], name: 'leader of two' },
      ],
    });
    // The demo city's rate, two days back: today holds about a day of its reports, and yesterday a whole one.
    const simulator = await startSimulator(server, { rate: 7000, speed: 10, backfill: 2 });
    // The whole history is in once the city's reports reach the present hour.
    await eventually(async () => {
      const { hourly, asOf } = await server.get<Summary>('/api/v1/summary?scope=city');
      const hour = hourOf(asOf) ?? 0;
      return hourly.slice(Math.max(0, hour - 1), hour + 1).some((n) => n > 0) ? undefined : `no reports yet in the hours up to ${asOf}`;
    }, 300_000);
    // The figures stop moving (but for deadlines passing) so the screen can be compared with the API.
    await simulator.stop();
    areas = await server.get<CityAreas>('/api/v1/geo/areas');
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('a district’s wall shows its own figures and topic, ranks its streets, frames its grids and follows its events only', { timeout: 600_000 }, async () => {
    const wall = await openPage(`${server.url}/wall?token=${server.tokens.wall}&scope=${TONGLIANG}`, { width: 1920, height: 1080, timezoneId: ZONE });
    const { page } = wall;
    try {
      await waitForWall(wall, FINANCE_CHARTS);
      expect(await page.textContent('[data-title]')).toBe('铜梁区 · 一屏通览');
      expect(await page.getAttribute('[data-wall]', 'data-layout'), 'the demo’s walls file gives 铜梁区 its own layout').toBe('finance');
      const before = await metricsMatchServer(page, server, 30_000, TONGLIANG);

      // The ranking lists the district's streets, and says so.
      expect(await page.textContent('[data-children-panel] h2')).toBe('街道排名');
      const listed = await childrenShown(page);
      expect(listed).toHaveLength(Math.min(10, before.children.length));
      expect(listed.every((code) => parentOf(code) === TONGLIANG)).toBe(true);

      // The topic: 非法金融活动 (E.06) of the district, as REST has it.
      expect(await page.textContent('[data-topic="E.06"] h2')).toBe('非法金融活动');
      const topicMatches = () =>
        eventually(async () => {
          const topic = await server.get<Topic>(`/api/v1/topic?scope=${TONGLIANG}&family=E.06`);
          const shown = await page.$$eval('[data-topic-metric]', (els) => Object.fromEntries(els.map((el) => [el.getAttribute('data-topic-metric'), el.getAttribute('data-value') ?? el.textContent])));
          const expected = { 'total:reported': String(topic.reported), 'total:dispatched': String(topic.dispatched), 'total:handled': String(topic.handled) };
          const wrong = Object.entries(expected).filter(([k, v]) => shown[k] !== v);
          return wrong.length === 0 ? undefined : `topic differs from REST: ${wrong.map(([k, v]) => `${k} shows ${shown[k]}, server ${v}`).join('; ')}`;
        }, 90_000);
      await topicMatches();

      // The map is framed on the district's streets with grids, and holds only the district's grids.
      const box = await page.locator('[data-map]').boundingBox();
      if (!box) throw new Error('the map has no box');
      const streets = areas.areas.filter((a) => a.parent === TONGLIANG && a.gridCount > 0);
      const corners = await page.evaluate(
        (points) => points.map(([lng, lat]) => window.onescreenMap?.pointOf(lng, lat)),
        streets.flatMap((s) => [[s.bbox[0], s.bbox[1]], [s.bbox[2], s.bbox[3]]] as const),
      );
      for (const corner of corners) {
        expect(corner && corner.x >= 0 && corner.x <= box.width && corner.y >= 0 && corner.y <= box.height, `${JSON.stringify(corner)} in the map`).toBe(true);
      }
      const spread = Math.max(...corners.map((c) => c?.x ?? 0)) - Math.min(...corners.map((c) => c?.x ?? 0));
      expect(spread, 'the streets fill the map, not a speck of it').toBeGreaterThan(box.width / 3);
      const outside = await firstGrid(YUZHONG);
      expect(await page.evaluate((code) => window.onescreenMap?.gridState(code)?.reported ?? null, outside), 'a grid of another district has no value here').toBeNull();
      await page.screenshot({ ...SHOT, path: join(ARTIFACTS, 'centre-wall-district-1920x1080.png') });

      // New events: the district's show, another district's do not.
      const inside = await firstGrid(TONGLIANG);
      await report(inside, 12);
      await report(outside, 7);
      const after = await metricsMatchServer(page, server, 30_000, TONGLIANG);
      expect(after.reported).toBe(before.reported + 12);
      await gridFollows(page, inside);
      expect(await page.evaluate((code) => window.onescreenMap?.gridState(code)?.reported ?? null, outside)).toBeNull();

      expect(wall.errors).toEqual([]);
      expect(wall.offsite).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('a street leader’s wall opens on its street, ranks its communities and follows new events', { timeout: 600_000 }, async () => {
    const wall = await openPage(`${server.url}/wall?token=${STREET_LEADER}`, { width: 1920, height: 1080, timezoneId: ZONE });
    const { page } = wall;
    try {
      await waitForWall(wall, FINANCE_CHARTS);
      expect(await page.getAttribute('[data-wall]', 'data-scope'), 'a one-area token opens its own area').toBe(BACHUAN);
      expect(await page.textContent('[data-title]')).toBe('巴川街道 · 一屏通览');
      expect(await page.getAttribute('[data-wall]', 'data-layout'), 'a street shows its district’s layout').toBe('finance');
      const before = await metricsMatchServer(page, server, 30_000, BACHUAN);
      expect(await page.textContent('[data-children-panel] h2')).toBe('社区排名');
      const listed = await childrenShown(page);
      expect(listed).toHaveLength(Math.min(10, before.children.length));
      expect(listed.every((code) => parentOf(code) === BACHUAN)).toBe(true);
      const sibling = await firstGrid('500151002');
      expect(await page.evaluate((code) => window.onescreenMap?.gridState(code)?.reported ?? null, sibling), 'a grid of another street has no value here').toBeNull();
      await page.screenshot({ ...SHOT, path: join(ARTIFACTS, 'centre-wall-street-1920x1080.png') });

      const inside = await firstGrid(BACHUAN);
      await report(inside, 5);
      await report(sibling, 3);
      const after = await metricsMatchServer(page, server, 30_000, BACHUAN);
      expect(after.reported).toBe(before.reported + 5);
      await gridFollows(page, inside);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('a token of several areas chooses one; an area it does not read is refused with the reason', { timeout: 300_000 }, async () => {
    const wall = await openPage(`${server.url}/wall?token=${SEVERAL}`, { width: 1920, height: 1080, timezoneId: ZONE });
    const { page } = wall;
    try {
      await page.waitForSelector('[data-chooser]', { timeout: LOADED });
      const choices = await page.$$eval('[data-choice]', (els) => els.map((el) => el.getAttribute('data-choice')));
      expect(choices).toEqual([BACHUAN, YUZHONG]);
      await page.click(`[data-choice="${YUZHONG}"]`);
      await page.waitForSelector(`[data-wall][data-scope="${YUZHONG}"]`, { timeout: LOADED });
      expect(new URL(page.url()).searchParams.get('scope')).toBe(YUZHONG);
      expect(await page.getAttribute('[data-wall]', 'data-layout'), 'a district without an entry has the default layout').toBe('default');
      await page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
      await metricsMatchServer(page, server, 30_000, YUZHONG);

      await page.goto(`${server.url}/wall?token=${SEVERAL}&scope=${TONGLIANG}`);
      const refused = await page.waitForSelector('[data-wall-state="failed"]', { timeout: LOADED });
      expect(await refused.textContent()).toContain('cannot read 铜梁区 (500151)');
      await page.goto(`${server.url}/wall?token=${SEVERAL}&scope=tongliang`);
      await page.waitForSelector('[data-wall-state="bad-scope"]', { timeout: LOADED });
    } finally {
      await wall.close();
    }
  });

  for (const size of [
    { width: 1920, height: 1080, map: 'idle' },
    { width: 3840, height: 2160, map: 'drawn' },
  ] as const) {
    it(`at ${size.width}×${size.height}, every number fits its box with counts of 999,999`, { timeout: 600_000 }, async () => {
      const wall = await openPage('about:blank', { width: size.width, height: size.height, timezoneId: ZONE });
      const { page } = wall;
      try {
        await feedHugeFigures(page, 999_999);
        await page.goto(`${server.url}/wall?token=${server.tokens.wall}&scope=${TONGLIANG}`);
        await waitForWall(wall, FINANCE_CHARTS, size.map);
        await page.waitForSelector('[data-topic-metric="total:reported"][data-value="999999"]', { timeout: LOADED });
        await eventually(async () => {
          const reported = await page.$eval('[data-metric="reported"]', (el) => [el.textContent, el.getAttribute('data-value')]);
          return reported[0] === '100万' && reported[1] === '999999' ? undefined : `reported shows ${JSON.stringify(reported)}`;
        }, 30_000);
        const overflowing = await page.$$eval('[data-stage] .num, [data-card], [data-panel]', (els) =>
          els
            .filter((el) => el.scrollWidth > el.clientWidth)
            .map((el) => `${el.tagName}.${el.className} ${el.getAttribute('data-metric') ?? el.getAttribute('data-panel') ?? ''} "${el.textContent?.slice(0, 24)}" ${el.scrollWidth} > ${el.clientWidth}`),
        );
        await page.screenshot({ ...SHOT, path: join(ARTIFACTS, `centre-wall-999999-${size.width}x${size.height}.png`) });
        expect(overflowing).toEqual([]);
        expect(wall.errors).toEqual([]);
      } finally {
        await wall.close();
      }
    });
  }

  it('a street leader’s tablet drills street → community → grid, with breadcrumbs from the street, past days and exports', { timeout: 600_000 }, async () => {
    const me = await server.get<Me>('/api/v1/me', STREET_LEADER);
    const tablet = await openPage(`${server.url}/tablet?token=${STREET_LEADER}`, { width: 1024, height: 768, hasTouch: true, isMobile: true, timezoneId: ZONE });
    const { page } = tablet;
    const scopeOf = () => new URL(page.url()).searchParams.get('scope');
    const matches = (scope: string, date?: string) =>
      eventually(async () => {
        const summary = await server.get<Summary>(`/api/v1/summary?scope=${scope}${date ? `&date=${date}` : ''}`, STREET_LEADER);
        const shown = await readMetrics(page);
        const wrong = Object.entries(expectedMetrics(summary)).filter(([k, v]) => shown[k] !== v);
        return wrong.length === 0 ? undefined : `tablet differs from ${scope}: ${wrong.map(([k, v]) => `${k} shows ${shown[k]}, server ${v}`).join('; ')}`;
      }, 60_000);
    try {
      await page.waitForSelector('[data-mode="live"]', { timeout: LOADED });
      expect(scopeOf(), 'a one-street leader opens on its street').toBe(BACHUAN);
      await matches(BACHUAN);

      await page.locator('[data-tab="ranking"]').tap({ timeout: LOADED });
      const summary = await server.get<Summary>(`/api/v1/summary?scope=${BACHUAN}`, STREET_LEADER);
      const community = [...summary.children].sort((a, b) => b.reported - a.reported || a.code.localeCompare(b.code))[0];
      await page.locator(`[data-child="${community.code}"]`).tap({ timeout: LOADED });
      await page.waitForFunction((code) => new URL(location.href).searchParams.get('scope') === code, community.code, { timeout: LOADED });
      await matches(community.code);
      expect(await page.$$eval('[data-crumb]', (els) => els.map((el) => el.getAttribute('data-crumb'))), 'the way up starts at the street the token reads').toEqual([BACHUAN, community.code]);

      await page.locator('[data-tab="ranking"]').tap({ timeout: LOADED });
      const grids = await server.get<Summary>(`/api/v1/summary?scope=${community.code}`, STREET_LEADER);
      const grid = grids.children[0].code;
      await page.locator(`[data-child="${grid}"]`).tap({ timeout: LOADED });
      await page.waitForFunction((code) => new URL(location.href).searchParams.get('scope') === code, grid, { timeout: LOADED });
      await matches(grid);
      expect(await page.$$eval('[data-crumb]', (els) => els.map((el) => el.getAttribute('data-crumb')))).toEqual([BACHUAN, community.code, grid]);

      // Up to the community by its breadcrumb, then a past day of it, exported.
      await page.locator(`[data-crumb="${community.code}"]`).tap();
      await page.waitForFunction((code) => new URL(location.href).searchParams.get('scope') === code, community.code, { timeout: LOADED });
      const yesterday = shiftDate(me.today, -1);
      await page.fill('[data-day-picker]', yesterday);
      await page.waitForSelector('[data-mode="history"]', { timeout: LOADED });
      await matches(community.code, yesterday);
      const [csv] = await Promise.all([page.waitForEvent('download', { timeout: LOADED }), page.locator('[data-export="csv"]').tap()]);
      expect(csv.suggestedFilename()).toBe(`${grids.name}-${yesterday}.csv`);
      await page.screenshot({ path: join(ARTIFACTS, 'tablet-community-1024x768.png'), timeout: LOADED });

      // A district above the street is not the leader's to read.
      await page.goto(`${server.url}/tablet?token=${STREET_LEADER}&scope=${TONGLIANG}`);
      await page.waitForSelector('[data-notice="denied"]', { timeout: LOADED });
      expect(await page.locator(`[data-way-out="${BACHUAN}"]`).count()).toBe(1);
      expect(tablet.errors).toEqual([]);
    } finally {
      await tablet.close();
    }
  });
});
