import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../contract';
import { openPage, type PageOptions, type WatchedPage } from './lib/browser';
import { captureNow, clipOf, differingShare, holdFonts, platformFonts, type Clip, type PlatformFont } from './lib/fonts';
import { ROOT } from './lib/process';
import { startTestServer, type TestServer } from './lib/server';
import { startSimulator } from './lib/simulator';
import { eventually } from './lib/wall-checks';

/**
 * Chromium here sees no CJK font of the machine (lib/fontconfig.ts), as on a wall PC or kiosk
 * that has none: whatever Chinese the pages show, they draw in the faces they bring.
 */
const ARTIFACTS = join(ROOT, 'artifacts');
const LOADED = 300_000;
const SHOT = { animations: 'disabled', timeout: 120_000 } as const;
const TEXT_FACE = 'Noto Sans SC';
const NUMBER_FACE = 'Barlow Condensed';
/** What moves when the faces arrive must not include these: the panels, cards, charts and the map. */
const PANELS = '.wall-header, .panel, .kpi-card, [data-chart], [data-map], .tablet-header, [data-section]';
const CHARTS_OF_WALL = ['trend', 'categories', 'sources', 'children', 'departments', 'closeTime'];

type Rects = Record<string, string>;

/** Where every panel is, keyed by its place in the document. */
function panelRects(page: Page): Promise<Rects> {
  return page.$$eval(PANELS, (els) =>
    Object.fromEntries(
      els.map((el, i) => {
        const r = el.getBoundingClientRect();
        return [`${i} ${el.className || el.tagName}`, [r.x, r.y, r.width, r.height].map((n) => n.toFixed(1)).join(' ')];
      }),
    ),
  );
}

/** Every glyph of the element's text was drawn with the face the page brings, none with a font of the machine. */
function expectOwnFace(fonts: PlatformFont[], face: string, what: string): void {
  expect(fonts.length, `${what}: no text drawn`).toBeGreaterThan(0);
  for (const font of fonts) {
    expect({ what, family: font.familyName, custom: font.isCustomFont }).toEqual({ what, family: expect.stringContaining(face), custom: true });
  }
}

/** Whether the slices for the element's text are loaded, by the face its computed style names. */
function faceLoadedFor(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (el) => {
    const style = getComputedStyle(el);
    return document.fonts.check(`${style.fontWeight} ${style.fontSize} ${style.fontFamily}`, el.textContent ?? '');
  });
}

const computedFamily = (page: Page, selector: string): Promise<string> => page.$eval(selector, (el) => getComputedStyle(el).fontFamily);

const clipsOf = async (page: Page, selectors: readonly string[]): Promise<Clip[]> => Promise.all(selectors.map((selector) => clipOf(page, selector)));

/** Each region was drawn differently once the faces arrived than in the boxes (.notdef) of the fallback. */
async function expectRedrawn(page: WatchedPage, held: Buffer, loaded: Buffer, regions: Record<string, Clip>): Promise<void> {
  for (const [what, region] of Object.entries(regions)) {
    expect(await differingShare(page.context, held, loaded, region), `${what}: drawn differently from its boxes`).toBeGreaterThan(0.005);
  }
}

describe('the pages bring their own fonts: real glyphs on a machine without CJK fonts, offline', () => {
  let server: TestServer;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    const simulator = await startSimulator(server, { rate: 20_000, speed: 30, backfill: 1 });
    await eventually(async () => {
      const summary = await server.get<Summary>('/api/v1/summary?scope=city');
      return summary.reported > 50 ? undefined : `only ${summary.reported} reported so far`;
    }, 120_000);
    await simulator.stop();
  });

  afterAll(async () => {
    await server?.dispose();
  });

  async function open(url: string, options: PageOptions): Promise<{ page: WatchedPage; fonts: Awaited<ReturnType<typeof holdFonts>> }> {
    const page = await openPage('about:blank', options);
    const fonts = await holdFonts(page.page);
    await page.page.goto(url);
    return { page, fonts };
  }

  it('the wall: drawn in the fallback while its faces load, then the title, KPI labels, district names and charts in its own faces, with nothing moving', { timeout: 600_000 }, async () => {
    const { page: wall, fonts } = await open(`${server.url}/wall?token=${server.tokens.wall}`, { width: 1920, height: 1080 });
    const { page } = wall;
    try {
      // The faces are held back: the page still renders, and each chart draws once its wait is over.
      await page.waitForSelector('[data-map][data-map-state="idle"], [data-map][data-map-state="drawn"]', { timeout: LOADED });
      for (const kind of CHARTS_OF_WALL) await page.waitForSelector(`[data-chart="${kind}"][data-chart-state="ready"]`, { timeout: LOADED });
      await page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
      expect(fonts.asked(), 'the page asks the server for its faces').toBeGreaterThan(0);
      expect(await faceLoadedFor(page, 'h1')).toBe(false);
      for (const kind of CHARTS_OF_WALL) expect(await page.getAttribute(`[data-chart="${kind}"]`, 'data-chart-fonts'), kind).toBe('fallback');
      const labelled = await page.$$eval('[data-area-label]:not(.area-label--hidden)', (els) => els.map((el) => el.getAttribute('data-area-label') ?? ''));
      const textSelectors = ['h1', '.kpi-card .label', '[data-chart="children"]', '[data-chart="categories"]'];
      // The same regions before and after: text is as wide as its glyphs, and boxes are not.
      const clips = await clipsOf(page, [...textSelectors, ...labelled.map((code) => `[data-area-label="${code}"]`)]);
      const heldRects = await panelRects(page);
      const held = await captureNow(page);
      writeFileSync(join(ARTIFACTS, 'fonts-wall-held.png'), held);

      fonts.release();
      await eventually(async () => ((await faceLoadedFor(page, 'h1')) ? undefined : 'the title’s face has not loaded'), 60_000);
      for (const kind of CHARTS_OF_WALL) await page.waitForSelector(`[data-chart="${kind}"][data-chart-fonts="loaded"][data-chart-state="ready"]`, { timeout: LOADED });
      // A district named both in the fallback and in the face: the labels are placed again when the face arrives.
      const named = await page.$$eval('[data-area-label]:not(.area-label--hidden)', (els) => els.map((el) => el.getAttribute('data-area-label') ?? ''));
      const district = named.find((code) => labelled.includes(code));
      expect(district, `a district labelled both before (${labelled.join(', ')}) and after (${named.join(', ')})`).toBeDefined();

      expect(await panelRects(page), 'no panel moves when the faces arrive').toEqual(heldRects);
      const loaded = await captureNow(page);
      const districtClip = clips[textSelectors.length + labelled.indexOf(district ?? '')];
      await expectRedrawn(wall, held, loaded, { ...Object.fromEntries(textSelectors.map((selector, i) => [selector, clips[i]])), [`district ${district}`]: districtClip });

      expectOwnFace(await platformFonts(page, 'h1'), TEXT_FACE, 'the title');
      expectOwnFace(await platformFonts(page, '.kpi-card .label'), TEXT_FACE, 'a KPI label');
      expectOwnFace(await platformFonts(page, `[data-area-label="${district}"] .area-label__name`), TEXT_FACE, `district ${district} on the map`);
      expectOwnFace(await platformFonts(page, `[data-area-label="${district}"] .area-label__count`), NUMBER_FACE, `district ${district}'s count on the map`);
      expectOwnFace(await platformFonts(page, '.kpi-card .value'), NUMBER_FACE, 'a KPI figure');
      expect(await computedFamily(page, '.kpi-card .label')).toMatch(/^"?Noto Sans SC Variable/);
      expect(await computedFamily(page, '.kpi-card .value')).toMatch(/^"?Barlow Condensed/);

      // Tabular figures: every digit as wide as any other, so that a count does not shift as it changes.
      const widths = await page.$eval('.kpi-card .value', (el) =>
        '0123456789'.split('').map((digit) => {
          const probe = el.cloneNode() as HTMLElement;
          probe.textContent = digit.repeat(8);
          probe.style.position = 'absolute';
          probe.style.width = 'auto';
          el.after(probe);
          const width = probe.getBoundingClientRect().width;
          probe.remove();
          return width;
        }),
      );
      expect(new Set(widths.map((w) => w.toFixed(2))).size, `digit widths ${widths.join(', ')}`).toBe(1);

      await page.screenshot({ ...SHOT, path: join(ARTIFACTS, 'fonts-wall.png') });
      expect(wall.errors).toEqual([]);
      expect(wall.offsite, 'no request leaves this machine, for a font or anything else').toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('the district tablet: its title, tabs and tiles in its own faces once they arrive, with nothing moving', { timeout: 600_000 }, async () => {
    const { page: tablet, fonts } = await open(`${server.url}/tablet?token=${server.tokens.leader}`, { width: 1024, height: 768, hasTouch: true, isMobile: true });
    const { page } = tablet;
    try {
      await page.waitForSelector('[data-mode="live"]', { timeout: LOADED });
      await page.waitForSelector('[data-metric="reported"]', { timeout: LOADED });
      for (const kind of ['trend', 'categories']) await page.waitForSelector(`[data-section="overview"] [data-chart="${kind}"][data-chart-state="ready"]`, { timeout: LOADED });
      expect(await faceLoadedFor(page, '[data-title] .name')).toBe(false);
      const textSelectors = ['[data-title] .name', '[data-tab]', '.tile .label', '[data-section="overview"] [data-chart="categories"]'];
      const clips = await clipsOf(page, textSelectors);
      const heldRects = await panelRects(page);
      const held = await captureNow(page);
      writeFileSync(join(ARTIFACTS, 'fonts-tablet-held.png'), held);

      fonts.release();
      await eventually(async () => ((await faceLoadedFor(page, '[data-title] .name')) ? undefined : 'the title’s face has not loaded'), 60_000);
      for (const kind of ['trend', 'categories']) await page.waitForSelector(`[data-section="overview"] [data-chart="${kind}"][data-chart-fonts="loaded"]`, { timeout: LOADED });

      expect(await panelRects(page), 'no panel moves when the faces arrive').toEqual(heldRects);
      await expectRedrawn(tablet, held, await captureNow(page), Object.fromEntries(textSelectors.map((selector, i) => [selector, clips[i]])));
      expectOwnFace(await platformFonts(page, '[data-title] .name'), TEXT_FACE, 'the district’s name');
      expectOwnFace(await platformFonts(page, '[data-tab]'), TEXT_FACE, 'a tab');
      expectOwnFace(await platformFonts(page, '.tile .label'), TEXT_FACE, 'a tile’s label');

      await page.screenshot({ ...SHOT, path: join(ARTIFACTS, 'fonts-tablet.png') });
      expect(tablet.errors).toEqual([]);
      expect(tablet.offsite).toEqual([]);
    } finally {
      await tablet.close();
    }
  });
});
