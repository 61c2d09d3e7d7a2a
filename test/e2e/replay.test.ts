import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me, Summary } from '../../contract';
import { shiftDate } from '../../client/tablet/comparison';
import { openPage, readMetrics } from './lib/browser';
import { ROOT } from './lib/process';
import { startTestServer, type TestServer } from './lib/server';
import { startSimulator } from './lib/simulator';
import { eventually, expectedMetrics, metricsMatchServer } from './lib/wall-checks';

const ARTIFACTS = join(ROOT, 'artifacts');
const LOADED = 360_000;
const SHOT = { animations: 'disabled', timeout: 120_000 } as const;
const MINUTE = 60_000;

/** The instant the wall says it shows, and every figure it shows, read together. */
async function shownAt(page: Page): Promise<{ at: string; metrics: Record<string, string> }> {
  const at = (await page.getAttribute('[data-replay-at]', 'data-replay-at')) ?? '';
  return { at, metrics: await readMetrics(page) };
}

describe('a replaying wall (复盘) in Chromium against the real server', () => {
  let server: TestServer;

  const summaryAt = (ms: number): Promise<Summary> => server.get<Summary>(`/api/v1/summary?scope=city&at=${encodeURIComponent(new Date(ms).toISOString())}`);

  /** The wall shows a paused instant, and exactly `/api/v1/summary?at=` of it. */
  async function showsInstant(page: Page, expected?: number | ((instant: number) => boolean)): Promise<number> {
    let instant = Number.NaN;
    await eventually(async () => {
      const shown = await shownAt(page);
      instant = Date.parse(shown.at);
      if (!Number.isFinite(instant)) return 'no replayed instant shown yet';
      if (typeof expected === 'number' && instant !== expected) return `the wall shows ${shown.at}, not ${new Date(expected).toISOString()}`;
      if (typeof expected === 'function' && !expected(instant)) return `the wall still shows ${shown.at}`;
      const wanted = expectedMetrics(await summaryAt(instant));
      const wrong = Object.entries(wanted).filter(([k, v]) => shown.metrics[k] !== v);
      return wrong.length === 0 ? undefined : `at ${shown.at} the wall differs from /api/v1/summary?at=: ${wrong.map(([k, v]) => `${k} shows ${shown.metrics[k]}, server ${v}`).join('; ')}`;
    }, 60_000);
    return instant;
  }

  const state = (page: Page) => page.getAttribute('[data-replay-timeline]', 'data-replay-state');

  /** The replay the page's address names now: where a reload would resume. */
  async function addressed(page: Page): Promise<{ at: number; speed: string | null }> {
    const params = new URL(await page.evaluate(() => location.href)).searchParams;
    return { at: Date.parse(params.get('replay') ?? ''), speed: params.get('speed') };
  }

  /** The address comes to name the replay the wall shows. */
  async function addressFollows(page: Page, test: (address: { at: number; speed: string | null }) => boolean, what: string): Promise<void> {
    await eventually(async () => {
      const address = await addressed(page);
      return test(address) ? undefined : `the address says ${new Date(address.at).toISOString()} at ${address.speed}×, not ${what}`;
    }, 60_000);
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({ env: { ONESCREEN_REPLAY_MAX: '1' } });
    const simulator = await startSimulator(server, { rate: 20_000, speed: 30, backfill: 1 });
    await eventually(async () => {
      const summary = await server.get<Summary>('/api/v1/summary?scope=city');
      return summary.reported > 50 ? undefined : `only ${summary.reported} reported so far`;
    }, 120_000);
    // The present stops moving so that back to live can be compared with the API.
    await simulator.stop();
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('opens paused at a past instant, plays, seeks back, refuses a replay over the limit, and goes back to live', { timeout: 900_000 }, async () => {
    // Yesterday's afternoon or later: inside the log, and far enough back to play for a while.
    const from = Math.floor((Date.now() - 20 * 3_600_000) / MINUTE) * MINUTE;
    const url = `${server.url}/wall?token=${server.tokens.wall}&replay=${encodeURIComponent(new Date(from).toISOString())}&speed=0`;
    const wall = await openPage(url, { width: 1920, height: 1080 });
    try {
      await wall.page.waitForSelector('[data-replay-badge]', { timeout: LOADED });
      await wall.page.waitForSelector('[data-replay-timeline][data-replay-state="paused"]', { timeout: LOADED });
      await showsInstant(wall.page, from);
      await wall.page.waitForSelector('[data-map][data-map-state="idle"]', { timeout: LOADED });
      await wall.page.screenshot({ ...SHOT, path: join(ARTIFACTS, 'replay-wall-1920x1080.png') });
      const entries = await wall.page.evaluate(() => history.length);

      // A second replay is over this server's limit of one: the wall says why.
      const refused = await openPage(url, { width: 1920, height: 1080 });
      try {
        const reason = await refused.page.waitForSelector('[data-replay-refused]', { timeout: LOADED });
        expect(await reason.textContent()).toMatch(/ONESCREEN_REPLAY_MAX/);
      } finally {
        await refused.close();
      }

      // Played at ten minutes a second, the instant moves on and the numbers follow it.
      await wall.page.click('[data-replay-speed="600"]');
      await eventually(async () => {
        const at = Date.parse((await shownAt(wall.page)).at);
        return at >= from + 30 * MINUTE ? undefined : `the replay is at ${new Date(at).toISOString()}, not yet half an hour on`;
      }, 60_000);
      // While it plays, the address follows: the speed at once, the instant every few seconds.
      await addressFollows(wall.page, (a) => a.speed === '600' && a.at >= from + 30 * MINUTE, 'half an hour on at 600×');
      await wall.page.click('[data-replay-play]');
      await wall.page.waitForSelector('[data-replay-timeline][data-replay-state="paused"]', { timeout: 60_000 });
      const played = await showsInstant(wall.page);
      expect(played).toBeGreaterThan(from + 30 * MINUTE);
      await addressFollows(wall.page, (a) => a.speed === '0' && a.at === played, `${new Date(played).toISOString()} paused`);

      // Three minutes back, by steps of a minute.
      for (let i = 0; i < 3; i += 1) await wall.page.click('[data-replay-step="-1"]');
      await showsInstant(wall.page, played - 3 * MINUTE);
      await addressFollows(wall.page, (a) => a.speed === '0' && a.at === played - 3 * MINUTE, 'three minutes back');

      // Dragged back along the track to a quarter of the day.
      const track = await wall.page.locator('[data-replay-track]').boundingBox();
      if (!track) throw new Error('no timeline track');
      await wall.page.mouse.move(track.x + track.width * 0.6, track.y + track.height / 2);
      await wall.page.mouse.down();
      await wall.page.mouse.move(track.x + track.width * 0.25, track.y + track.height / 2, { steps: 5 });
      await wall.page.mouse.up();
      const dragged = await showsInstant(wall.page, (instant) => instant < played - 3 * MINUTE);
      expect(dragged).toBeLessThan(played - 3 * MINUTE);
      expect(await state(wall.page)).toBe('paused');
      await addressFollows(wall.page, (a) => a.speed === '0' && a.at === dragged, 'where it was dragged');
      // All in place: no history entry for the back button to walk through.
      expect(await wall.page.evaluate(() => history.length)).toBe(entries);

      // A reload resumes where the wall was, paused.
      await wall.page.reload();
      await wall.page.waitForSelector('[data-replay-timeline][data-replay-state="paused"]', { timeout: LOADED });
      await showsInstant(wall.page, dragged);

      // Back to live: the present's numbers, and no replay left on the screen.
      await wall.page.click('[data-replay-live]');
      await wall.page.waitForSelector('[data-clock]', { timeout: LOADED });
      await wall.page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
      expect(['replay', 'speed'].filter((name) => new URL(wall.page.url()).searchParams.has(name))).toEqual([]);
      expect(await wall.page.$('[data-replay-badge]')).toBeNull();
      await metricsMatchServer(wall.page, server);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('looks like a replay at 4K too', { timeout: 600_000 }, async () => {
    const from = Math.floor((Date.now() - 5 * 3_600_000) / MINUTE) * MINUTE;
    const wall = await openPage(`${server.url}/wall?token=${server.tokens.wall}&replay=${encodeURIComponent(new Date(from).toISOString())}&speed=0`, { width: 3840, height: 2160 });
    try {
      await wall.page.waitForSelector('[data-replay-timeline][data-replay-state="paused"]', { timeout: LOADED });
      await showsInstant(wall.page, from);
      await wall.page.waitForSelector('[data-map][data-map-state="idle"], [data-map][data-map-state="drawn"]', { timeout: LOADED });
      await wall.page.screenshot({ ...SHOT, path: join(ARTIFACTS, 'replay-wall-3840x2160.png') });
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('shows the tablet’s same-time comparisons and a past day’s scrubber with a day’s volume', { timeout: 600_000 }, async () => {
    const me = await server.get<Me>('/api/v1/me', server.tokens.leader);
    const yesterday = shiftDate(me.today, -1);
    for (const [width, height, deviceScaleFactor] of [
      [1920, 1080, 1],
      [1920, 1080, 2],
    ] as const) {
      const size = `${width * deviceScaleFactor}x${height * deviceScaleFactor}`;
      const tablet = await openPage(`${server.url}/tablet?token=${server.tokens.leader}`, { width, height, deviceScaleFactor });
      try {
        await tablet.page.waitForSelector('[data-compare-span][data-span="sameTime"]', { timeout: LOADED });
        await tablet.page.waitForSelector('[data-chart="trend"][data-chart-state="ready"]', { timeout: LOADED });
        await tablet.page.screenshot({ ...SHOT, path: join(ARTIFACTS, `replay-tablet-today-${size}.png`) });
        await tablet.page.goto(`${server.url}/tablet?scope=${server.leaderDistrict}&date=${yesterday}&time=10:30`);
        await tablet.page.waitForSelector('[data-day-scrubber][data-time="10:30"]', { timeout: LOADED });
        await tablet.page.waitForSelector('[data-compare-span][data-span="sameTime"]', { timeout: LOADED });
        await tablet.page.waitForSelector('[data-chart="trend"][data-chart-state="ready"]', { timeout: LOADED });
        await tablet.page.screenshot({ ...SHOT, path: join(ARTIFACTS, `replay-tablet-scrubbed-${size}.png`) });
        // Reference days before the log (it starts yesterday) are not asked for: no 404 in the console.
        expect(tablet.errors).toEqual([]);
      } finally {
        await tablet.close();
      }
    }
  });
});
