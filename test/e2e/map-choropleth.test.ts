import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parentOf, type GridValue, type Summary } from '../../contract';
import { CLASS_PALETTES } from '../../client/map/paint-presets';
import { openPage, type WatchedPage } from './lib/browser';
import { expectedColor, readLegend, rgba, type Legend } from './lib/map-legend';
import { ROOT } from './lib/process';
import { startTestServer, type TestServer } from './lib/server';
import { startSimulator } from './lib/simulator';
import { eventually } from './lib/wall-checks';
import { lateEveningZone } from './lib/zone';

const ARTIFACTS = join(ROOT, 'artifacts');
/** Software WebGL on a busy 2-core machine: the first frame can take minutes. */
const LOADED = 360_000;
const WALLS_FILE = join(ROOT, 'mock', 'city', 'chongqing', 'walls.json');
const ZONE = lateEveningZone();

/** The city's, 铜梁区's and its 巴川街道's walls: their children are districts, streets and communities. */
const WALLS = [
  { scope: 'city', children: '区县' },
  { scope: '500151', children: '街道' },
  { scope: '500151001', children: '社区' },
] as const;

/**
 * The wall's map colours each of its scope's children in view by its value in the summary REST
 * gives, in the legend's classes, and labels each with that value; returns what it compared.
 */
async function childrenColouredPerValues(page: Page, server: TestServer, scope: string, value: GridValue): Promise<{ summary: Summary; legend: Legend; colors: Record<string, string> }> {
  let seen: { summary: Summary; legend: Legend; colors: Record<string, string> } | undefined;
  await eventually(async () => {
    const summary = await server.get<Summary>(`/api/v1/summary?scope=${scope}`);
    const legend = await readLegend(page);
    if (legend.level !== 'areas' || legend.value !== value) return `legend shows ${legend.level} by ${legend.value}`;
    const colors = await page.evaluate(() => window.onescreenMap?.areaColors() ?? {});
    const byCode = new Map(summary.children.map((child) => [child.code, child[value]]));
    const wrong: string[] = [];
    if (Object.keys(colors).length < 3) wrong.push(`only ${Object.keys(colors).length} children drawn`);
    for (const [code, color] of Object.entries(colors)) {
      const count = byCode.get(code);
      if (count === undefined) wrong.push(`${code} is coloured but no child of ${scope}`);
      else if (rgba(color) !== expectedColor(count, legend)) wrong.push(`${code} (${value} ${count}) drawn ${color}, its class ${expectedColor(count, legend)}`);
    }
    const labels = await page.$$eval('[data-area-label]', (els) => els.map((el) => [el.getAttribute('data-area-label') ?? '', el.getAttribute('data-count'), el.lastElementChild?.textContent ?? ''] as const));
    if (labels.length === 0) wrong.push('no labels');
    for (const [code, count, text] of labels) {
      const expected = byCode.get(code);
      if (expected === undefined || count !== String(expected) || text !== String(expected)) wrong.push(`label ${code} says ${count} "${text}", summary ${expected}`);
    }
    seen = { summary, legend, colors };
    return wrong.length === 0 ? undefined : wrong.join('; ');
  }, 60_000);
  if (!seen) throw new Error('nothing compared');
  return seen;
}

describe('the wall’s map colours the areas one level down by the day’s values, in Chromium against the real server', () => {
  let server: TestServer;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({ env: { ONESCREEN_WALLS_FILE: WALLS_FILE, ONESCREEN_TZ: ZONE } });
    // The demo city's rate over the day so far; then the figures stop moving but for deadlines passing.
    const simulator = await startSimulator(server, { rate: 7000, speed: 10, backfill: 1 });
    await simulator.stop();
  });

  afterAll(async () => {
    await server?.dispose();
  });

  for (const { scope, children } of WALLS) {
    it(`${scope}'s wall: its ${children} coloured per their values in breaks that follow them, labelled with their counts; grids when zoomed in`, { timeout: 600_000 }, async () => {
      let wall: WatchedPage | undefined;
      try {
        wall = await openPage(`${server.url}/wall?token=${server.tokens.wall}&scope=${scope}`, { width: 1920, height: 1080, timezoneId: ZONE });
        const { page } = wall;
        await page.waitForSelector('[data-map][data-map-state="idle"]', { timeout: LOADED });
        await page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });

        const { summary, legend, colors } = await childrenColouredPerValues(page, server, scope, 'reported');
        expect(Object.keys(colors).every((code) => parentOf(code) === scope), 'only the scope’s children are coloured').toBe(true);
        // The breaks follow the day's values: as many classes as the values allow, each one an area's value.
        const values = new Set(summary.children.map((child) => child.reported).filter((n) => n > 0));
        expect(legend.breaks.length).toBe(Math.min(5, values.size));
        expect(legend.breaks.every((lower) => values.has(lower))).toBe(true);
        expect(legend.colors).toHaveLength(legend.breaks.length);
        expect(legend.colors.every((color) => CLASS_PALETTES.reported.includes(color))).toBe(true);
        if (values.size >= 2) expect(new Set(Object.values(colors)).size, 'the children are not all one colour').toBeGreaterThanOrEqual(2);
        await page.screenshot({ path: join(ARTIFACTS, `map-choropleth-${scope}-1920x1080.png`), animations: 'disabled', timeout: 120_000 });

        // Another value: colours, breaks and counts follow it.
        await page.click('[data-switch="map-color"] [data-value="open"]');
        await childrenColouredPerValues(page, server, scope, 'open');

        // Zoomed in, the grids take over, in classes of their own.
        const box = await page.locator('[data-map]').boundingBox();
        if (!box) throw new Error('the map has no box');
        // A step at a time, each let come to rest: the legend follows the zoom once it ends, and a
        // loaded machine animates a step for longer than a wheel a quarter of a second apart.
        const stopped = () => page.waitForFunction(() => window.onescreenMap?.moving() === false, undefined, { timeout: LOADED });
        for (let step = 0; step < 10 && (await readLegend(page)).level !== 'grids'; step += 1) {
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          await page.mouse.wheel(0, -400);
          await stopped();
        }
        await eventually(async () => ((await readLegend(page)).level === 'grids' ? undefined : `legend still shows ${(await readLegend(page)).level}`), 15_000);
        await page.waitForFunction(() => window.onescreenMap?.moving() === false, undefined, { timeout: LOADED });
        expect(await page.evaluate(() => window.onescreenMap?.areaColors() ?? {}), 'no area is drawn over the grids').toEqual({});
        expect(wall.errors).toEqual([]);
        expect(wall.offsite).toEqual([]);
      } finally {
        await wall?.close();
      }
    });
  }
});
