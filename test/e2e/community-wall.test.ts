import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridCodesOf, type CaseEvent, type GridIndex, type GridValue, type IngestResult } from '../../contract';
import { CLASS_PALETTES } from '../../client/map/paint-presets';
import { openPage, type WatchedPage } from './lib/browser';
import { platformFonts, type PlatformFont } from './lib/fonts';
import { expectedColor, readLegend, rgba, type Legend } from './lib/map-legend';
import { ROOT } from './lib/process';
import { startTestServer, type TestServer } from './lib/server';
import { eventually } from './lib/wall-checks';
import { lateEveningZone } from './lib/zone';

const ARTIFACTS = join(ROOT, 'artifacts');
/** Software WebGL on a busy 2-core machine: the first frame can take minutes at 4K. */
const LOADED = 360_000;
const SHOT = { animations: 'disabled', timeout: 120_000 } as const;
const ZONE = lateEveningZone();

/** 淮远社区 of 巴川街道 (铜梁区): 15 grids, one of them in the map's bottom left corner, where its legend is. */
const COMMUNITY = '500151001010';
/** Reports per grid, in code order: some grids have none, and the values spread over several classes. */
const REPORTS = [3, 0, 12, 7, 1, 25, 4, 9, 0, 16, 2, 5, 38, 6, 11];
/** Of a grid's reports, every third is cancelled: what is open differs from what was reported. */
const CANCEL_EVERY = 3;

/** The reference: today's cases of each grid as this test sent them, counted apart from the server. */
class Ledger {
  private readonly cases = new Map<string, { grid: string; open: boolean }>();

  report(caseId: string, grid: string): void {
    this.cases.set(caseId, { grid, open: true });
  }

  cancel(caseId: string): void {
    const known = this.cases.get(caseId);
    if (known) known.open = false;
  }

  count(grid: string, value: Extract<GridValue, 'reported' | 'open'>): number {
    let n = 0;
    for (const c of this.cases.values()) if (c.grid === grid && (value === 'reported' || c.open)) n += 1;
    return n;
  }
}

interface ShownLabel {
  code: string;
  name: string;
  count: string | null;
  text: string;
  shown: boolean;
  box: { x: number; y: number; width: number; height: number };
  nameSize: number;
  countSize: number;
}

const readLabels = (page: Page): Promise<ShownLabel[]> =>
  page.$$eval('[data-area-label]', (els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const [name, count] = [el.children[0], el.children[1]];
      return {
        code: el.getAttribute('data-area-label') ?? '',
        name: name?.textContent ?? '',
        count: el.getAttribute('data-count'),
        text: count?.textContent ?? '',
        shown: getComputedStyle(el).visibility !== 'hidden',
        box: { x: r.x, y: r.y, width: r.width, height: r.height },
        nameSize: name ? parseFloat(getComputedStyle(name).fontSize) : 0,
        countSize: count ? parseFloat(getComputedStyle(count).fontSize) : 0,
      };
    }),
  );

const overlaps = (a: ShownLabel['box'], b: ShownLabel['box']): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Pairs of shown labels that overlap, named. */
function overlapping(labels: readonly ShownLabel[]): string[] {
  const shown = labels.filter((label) => label.shown);
  const pairs: string[] = [];
  shown.forEach((a, i) => {
    for (const b of shown.slice(i + 1)) if (overlaps(a.box, b.box)) pairs.push(`${a.code}/${b.code}`);
  });
  return pairs;
}

/** Every glyph of the element's text was drawn with the face the page brings, none with a font of the machine. */
function expectOwnFace(fonts: PlatformFont[], face: string, what: string): void {
  expect(fonts.length, `${what}: no text drawn`).toBeGreaterThan(0);
  for (const font of fonts) expect({ what, family: font.familyName, custom: font.isCustomFont }).toEqual({ what, family: expect.stringContaining(face), custom: true });
}

describe('a community’s wall labels its grids with their counts, in Chromium against the real server', () => {
  let server: TestServer;
  let grids: string[];
  const ledger = new Ledger();
  let sequence = 0;

  /** Sends `reports` new cases of a grid, cancelling every `cancelEvery`-th of them, and notes them in the ledger. */
  async function send(grid: string, reports: number, cancelEvery = 0): Promise<void> {
    const reportedAt = new Date(Date.now() - 60_000).toISOString();
    const cancelledAt = new Date().toISOString();
    const events: CaseEvent[] = [];
    for (let n = 1; n <= reports; n += 1) {
      sequence += 1;
      const caseId = `CL${sequence}`;
      events.push({ id: `cl-${sequence}-r`, caseId, type: 'reported', at: reportedAt, category: 'E.06.01', source: 'inspector', gridCode: grid });
      ledger.report(caseId, grid);
      if (cancelEvery > 0 && n % cancelEvery === 0) {
        events.push({ id: `cl-${sequence}-c`, caseId, type: 'cancelled', at: cancelledAt });
        ledger.cancel(caseId);
      }
    }
    if (events.length === 0) return;
    expect(await server.post<IngestResult>('/api/v1/events', events)).toMatchObject({ accepted: events.length, rejected: [] });
  }

  /**
   * The wall's labels: one per grid of the community, named by its number as the ranking names
   * it (第3网格), with the ledger's count of the value the map colours by, the shown ones
   * overlapping none; and each grid coloured in the legend's class of that count.
   */
  async function gridsLabelled(page: Page, value: 'reported' | 'open'): Promise<ShownLabel[]> {
    let seen: ShownLabel[] = [];
    await eventually(async () => {
      const labels = await readLabels(page);
      seen = labels;
      const wrong: string[] = [];
      const codes = labels.map((label) => label.code).sort();
      if (codes.join() !== grids.join()) wrong.push(`labels for ${codes.join(' ') || 'nothing'}, the community's grids are ${grids.join(' ')}`);
      for (const label of labels) {
        const expected = ledger.count(label.code, value);
        const name = `第${Number(label.code.slice(12))}网格`;
        if (label.name !== name || label.count !== String(expected) || label.text !== String(expected)) {
          wrong.push(`${label.code} says "${label.name}" ${label.count} "${label.text}", expected "${name}" ${expected}`);
        }
      }
      const legend: Legend = await readLegend(page);
      if (legend.level !== 'grids' || legend.value !== value) wrong.push(`legend shows ${legend.level} by ${legend.value}`);
      const colors = await page.evaluate(() => window.onescreenMap?.areaColors() ?? {});
      if (Object.keys(colors).sort().join() !== grids.join()) wrong.push(`coloured children ${Object.keys(colors).sort().join(' ')}`);
      for (const [code, color] of Object.entries(colors)) {
        const expected = expectedColor(ledger.count(code, value), legend);
        if (rgba(color) !== expected) wrong.push(`${code} (${value} ${ledger.count(code, value)}) drawn ${color}, its class ${expected}`);
      }
      const values = new Set(grids.map((grid) => ledger.count(grid, value)).filter((n) => n > 0));
      if (legend.breaks.length !== Math.min(5, values.size) || !legend.breaks.every((lower) => values.has(lower))) {
        wrong.push(`breaks ${legend.breaks.join(' ')} for values ${[...values].join(' ')}`);
      }
      if (!legend.colors.every((color) => CLASS_PALETTES[value].includes(color))) wrong.push(`legend colours ${legend.colors.join(' ')}`);
      const crossed = overlapping(labels);
      if (crossed.length > 0) wrong.push(`shown labels overlap: ${crossed.join(', ')}`);
      return wrong.length === 0 ? undefined : wrong.join('; ');
    }, 60_000);
    return seen;
  }

  /**
   * The map panel: its labels all shown at the frame, inside the map and clear of what lies over
   * it (the value's switch, the legend), and large enough to read from across the room.
   */
  async function labelsFitTheFrame(page: Page, labels: readonly ShownLabel[], scale: number): Promise<void> {
    const map = await page.locator('[data-map]').boundingBox();
    if (!map) throw new Error('the map has no box');
    const overlays = await page.$$eval('.map-panel .overlay', (els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
    expect(overlays).toHaveLength(2);
    expect(labels.filter((label) => !label.shown).map((label) => label.code), 'every grid’s label shows at the frame').toEqual([]);
    for (const { code, box } of labels) {
      expect(box.x >= map.x && box.y >= map.y && box.x + box.width <= map.x + map.width && box.y + box.height <= map.y + map.height, `${code} inside the map`).toBe(true);
      expect(overlays.some((overlay) => overlaps(box, overlay)), `${code} clear of the switch and the legend`).toBe(false);
    }
    // The area labels' sizes (1.5 and 2 rem of the 1920×1080 design), scaled with the screen.
    expect(Math.min(...labels.map((label) => label.nameSize))).toBeGreaterThanOrEqual(15 * scale);
    expect(Math.min(...labels.map((label) => label.countSize))).toBeGreaterThanOrEqual(20 * scale);
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({ env: { ONESCREEN_TZ: ZONE } });
    grids = gridCodesOf(await server.get<GridIndex>('/api/v1/geo/grid-index')).filter((code) => code.startsWith(COMMUNITY));
    expect(grids).toHaveLength(REPORTS.length);
    for (const [i, grid] of grids.entries()) await send(grid, REPORTS[i], CANCEL_EVERY);
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('at 1920×1080: every grid named and counted in the pages’ faces, coloured in its class, its alerts under its label; the counts follow the switch and new cases; zoomed out, crowded labels hide', { timeout: 600_000 }, async () => {
    let wall: WatchedPage | undefined;
    try {
      wall = await openPage(`${server.url}/wall?token=${server.tokens.wall}&scope=${COMMUNITY}`, { width: 1920, height: 1080, timezoneId: ZONE });
      const { page } = wall;
      await page.waitForSelector('[data-map][data-map-state="idle"]', { timeout: LOADED });
      await page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });

      const labels = await gridsLabelled(page, 'reported');
      await labelsFitTheFrame(page, labels, 1);
      // The 考核 panel names its grids as the ranking does (第3网格, not 淮远社…), the full name in its title.
      await page.waitForSelector('[data-evaluation-panel] [data-child]', { timeout: LOADED });
      const ranked = await page.$$eval('[data-evaluation-panel] [data-child]', (rows) =>
        rows.map((row) => ({ code: row.getAttribute('data-child') ?? '', name: row.querySelector('.name')?.textContent ?? '', title: row.querySelector('.name')?.getAttribute('title') ?? '' })),
      );
      for (const { code, name, title } of ranked) {
        const short = `第${Number(code.slice(COMMUNITY.length))}网格`;
        expect({ code, name, titled: title.startsWith('淮远社区') && title.endsWith(short) }).toEqual({ code, name: short, titled: true });
      }
      const busiest = grids[REPORTS.indexOf(Math.max(...REPORTS))];
      expectOwnFace(await platformFonts(page, `[data-area-label="${busiest}"] .area-label__name`), 'Noto Sans SC', 'a grid’s name');
      expectOwnFace(await platformFonts(page, `[data-area-label="${busiest}"] .area-label__count`), 'Barlow Condensed', 'a grid’s count');
      await page.screenshot({ path: join(ARTIFACTS, `community-wall-${COMMUNITY}-1920x1080.png`), ...SHOT });

      // A surge in a grid is an alert on the grid's centre, where its label is centred: each dot sits under its grid's label.
      await eventually(async () => {
        const dots = await page.$$eval('[data-alert]', (els) =>
          els.map((el) => {
            const r = el.getBoundingClientRect();
            return { grid: /第(\d+)网格/.exec(el.getAttribute('title') ?? '')?.[1], x: r.x + r.width / 2, y: r.y + r.height / 2 };
          }),
        );
        const labelled = new Map((await readLabels(page)).map((label) => [label.code, label.box]));
        const onGrids = dots.filter((dot) => dot.grid !== undefined);
        if (onGrids.length < 2) return `${onGrids.length} alerts on grids yet`;
        const astray = onGrids.filter((dot) => {
          const box = labelled.get(`${COMMUNITY}${dot.grid?.padStart(3, '0')}`);
          return !box || Math.abs(box.x + box.width / 2 - dot.x) > 1.5 || Math.abs(box.y + box.height / 2 - dot.y) > 1.5;
        });
        return astray.length === 0 ? undefined : `alert dots off their grids: ${astray.map((dot) => `第${dot.grid}网格 at ${dot.x.toFixed(0)},${dot.y.toFixed(0)}`).join('; ')}`;
      }, 60_000);

      // Another value: the labels count what is open, and the colours follow.
      await page.click('[data-switch="map-color"] [data-value="open"]');
      await gridsLabelled(page, 'open');

      // New cases in a grid that had none: its label counts them.
      const quiet = grids[REPORTS.indexOf(0)];
      await send(quiet, 30);
      await gridsLabelled(page, 'open');

      // Zoomed out, the grids shrink under their labels: those that would collide hide, the rest overlap none.
      const box = await page.locator('[data-map]').boundingBox();
      if (!box) throw new Error('the map has no box');
      for (let step = 0; step < 2; step += 1) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, 400);
        await page.waitForFunction(() => window.onescreenMap?.moving() === false, undefined, { timeout: LOADED });
      }
      await eventually(async () => {
        const now = await readLabels(page);
        const shown = now.filter((label) => label.shown).length;
        const crossed = overlapping(now);
        return shown > 0 && shown < now.length && crossed.length === 0 ? undefined : `${shown} of ${now.length} labels shown, overlapping: ${crossed.join(', ') || 'none'}`;
      }, 30_000);
      expect(wall.errors).toEqual([]);
      expect(wall.offsite).toEqual([]);
    } finally {
      await wall?.close();
    }
  });

  it('at 3840×2160: the same labels, twice the size, all shown', { timeout: 600_000 }, async () => {
    let wall: WatchedPage | undefined;
    try {
      wall = await openPage(`${server.url}/wall?token=${server.tokens.wall}&scope=${COMMUNITY}`, { width: 3840, height: 2160, timezoneId: ZONE });
      const { page } = wall;
      await page.waitForSelector('[data-map][data-map-state="idle"]', { timeout: LOADED });
      await page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
      await labelsFitTheFrame(page, await gridsLabelled(page, 'reported'), 2);
      await page.screenshot({ path: join(ARTIFACTS, `community-wall-${COMMUNITY}-3840x2160.png`), ...SHOT });
      expect(wall.errors).toEqual([]);
    } finally {
      await wall?.close();
    }
  });
});
