import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './lib/browser';
import { ROOT } from './lib/process';
import { startTestServer, type TestServer } from './lib/server';

const ARTIFACTS = join(ROOT, 'artifacts');
const LOADED = 180_000;
/** The city's zone (the server's default ONESCREEN_TZ), and a browser far from it. */
const CITY_ZONE = 'Asia/Shanghai';
const BROWSER_ZONE = 'America/Los_Angeles';

/** HH:MM of an instant in the city, computed here, apart from the page's code. */
const cityMinute = (ms: number): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: CITY_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
/** The city's date of an instant, in the page's language. */
const cityDate = (ms: number, locale: string): string =>
  new Date(ms).toLocaleDateString(locale, { timeZone: CITY_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });

describe('a wall opened by its address with ?token=, in a browser set to another zone', () => {
  let server: TestServer;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('keeps the token for the tab, out of the address bar, across reloads, and shows the city’s time', { timeout: 600_000 }, async () => {
    const wall = await openPage(`${server.url}/wall?token=${server.tokens.wall}&lang=en`, { width: 1920, height: 1080, timezoneId: BROWSER_ZONE });
    try {
      const { page } = wall;
      await page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
      const address = new URL(page.url());
      expect(`${address.pathname}${address.search}`, 'the token is out of the address bar, the rest kept').toBe('/wall?lang=en');

      expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(BROWSER_ZONE);
      await page.waitForSelector(`[data-clock][data-zone="${CITY_ZONE}"]`, { timeout: LOADED });
      // The page's clock ticks on its own: it shows the minute of a moment between these two readings.
      const before = Date.now() - 1000;
      const clock = (await page.textContent('[data-clock]')) ?? '';
      const date = (await page.textContent('.wall-header .date')) ?? '';
      const after = Date.now();
      expect([cityMinute(before), cityMinute(after)], `the clock shows ${clock}`).toContain(clock.slice(0, 5));
      expect(clock).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      const locale = await page.evaluate(() => document.documentElement.lang);
      expect([cityDate(before, locale), cityDate(after, locale)]).toContain(date.trim());
      await page.screenshot({ path: join(ARTIFACTS, 'wall-header-other-zone.png'), clip: { x: 0, y: 0, width: 1920, height: 90 } });

      // A reload of the tab (an upgrade, an operator's F5) finds the token kept for the tab.
      await page.reload();
      await page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
      expect(new URL(page.url()).searchParams.has('token')).toBe(false);
      await page.waitForSelector(`[data-clock][data-zone="${CITY_ZONE}"]`, { timeout: LOADED });

      // Another tab of the same browser is not given it: the address alone opens nothing.
      const other = await wall.context.newPage();
      await other.goto(`${server.url}/wall?lang=en`);
      const refused = await other.waitForSelector('[data-page-error="no-token"]', { timeout: LOADED });
      expect(await refused.textContent()).toContain('?token=');
      await other.close();
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });
});
