import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent, GridRow, Me } from '../../contract';
import { TEXT_FONT } from '../../client/fonts';
import { openPage, type PageOptions } from './lib/browser';
import { ROOT } from './lib/process';
import { startTestServer, type TestServer } from './lib/server';
import { eventually } from './lib/wall-checks';

const ARTIFACTS = join(ROOT, 'artifacts');
const LOADED = 180_000;
const LANDSCAPE: PageOptions = { width: 1024, height: 768, hasTouch: true, isMobile: true };
const MINUTE = 60_000;
/** Events this close to the time of day compared up to are left out, so the minute the tablet reads in cannot matter. */
const MARGIN = 4 * MINUTE;
const COUNTS = ['reported', 'registered', 'dispatched', 'handled', 'closed'] as const;
type Count = (typeof COUNTS)[number];
/** A case's steps after its report, in minutes; handled and closed only for some. */
const STEPS: Record<Count, (i: number) => number | null> = {
  reported: () => 0,
  registered: () => 2,
  dispatched: () => 6,
  handled: (i) => (i % 2 === 0 ? 45 + (i % 5) * 10 : null),
  closed: (i) => (i % 3 === 0 ? 100 + (i % 4) * 15 : null),
};

interface TestCase {
  caseId: string;
  times: Partial<Record<Count, number>>;
}

/** What a day shows up to an instant, computed from the cases the test sent: the reference. */
function reference(cases: readonly TestCase[], dayStart: number, upTo: number) {
  const inDay = (t: number | undefined): t is number => t !== undefined && t >= dayStart && t <= upTo;
  const counts = Object.fromEntries(COUNTS.map((k) => [k, cases.filter((c) => inDay(c.times[k])).length])) as Record<Count, number>;
  const cohort = cases.filter((c) => inDay(c.times.registered));
  const dispatched = cohort.filter((c) => (c.times.dispatched ?? Infinity) <= upTo);
  const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
  return {
    counts,
    closureRate: rate(cohort.filter((c) => (c.times.closed ?? Infinity) <= upTo).length, cohort.length),
    handlingRate: rate(dispatched.filter((c) => (c.times.handled ?? Infinity) <= upTo).length, dispatched.length),
  };
}

/** A rate difference as the screen rounds rates (tenths of a percent), as a fraction. */
const tenths = (rate: number): number => Math.round(Number((rate * 100).toFixed(1)) * 10);
const rateDelta = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : (tenths(a) - tenths(b)) / 1000);

/** A file the tablet exports of what it shows. */
async function exported(page: Page, format: 'csv' | 'png'): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: LOADED }), page.locator(`[data-export="${format}"]`).tap()]);
  return readFileSync(await download.path());
}

/** The CSV's row saying what the changes compare. */
async function csvComparison(page: Page): Promise<string[] | undefined> {
  const rows = parse((await exported(page, 'csv')).toString('utf8').slice(1), { relaxColumnCount: true }) as string[][];
  return rows.find((row) => row[0] === '对比');
}

/**
 * Where the exported image's caption line (between the subtitle and the tiles: 138–160 of its
 * CSS pixels, from its left margin of 40) has ink, and where the caption on screen would have it,
 * drawn in the same face and size: equal when the image carries the screen's caption.
 */
async function pngCaption(page: Page, png: Buffer): Promise<{ drawn: [number, number] | null; expected: [number, number] }> {
  const caption = (await page.textContent('[data-compare-span]')) ?? '';
  return page.evaluate(
    async ({ url, caption, font }) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no canvas');
      ctx.drawImage(image, 0, 0);
      const ratio = image.naturalWidth / 1080;
      const [top, bottom] = [132 * ratio, 168 * ratio];
      const { data, width } = ctx.getImageData(0, top, image.naturalWidth, bottom - top);
      // The image's background is #071226; ink is what differs from it.
      let first = Number.POSITIVE_INFINITY;
      let last = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - 7) + Math.abs(data[i + 1] - 18) + Math.abs(data[i + 2] - 38) < 60) continue;
        const x = (i / 4) % width;
        first = Math.min(first, x);
        last = Math.max(last, x);
      }
      await document.fonts.load(font, caption);
      const measure = document.createElement('canvas').getContext('2d');
      if (!measure) throw new Error('no canvas');
      measure.font = font;
      const m = measure.measureText(caption);
      return {
        drawn: Number.isFinite(first) ? ([first / ratio, (last + 1) / ratio] as [number, number]) : null,
        expected: [40 - m.actualBoundingBoxLeft, 40 + m.actualBoundingBoxRight] as [number, number],
      };
    },
    { url: `data:image/png;base64,${png.toString('base64')}`, caption, font: `400 20px ${TEXT_FONT}` },
  );
}

/** The exported image's caption is the one on screen (to a pixel or two of anti-aliasing); the image is kept to look at. */
async function expectPngCaption(page: Page, name: string): Promise<void> {
  const png = await exported(page, 'png');
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), png);
  const { drawn, expected } = await pngCaption(page, png);
  expect(drawn, 'the image has a caption line').not.toBeNull();
  expect(Math.abs((drawn?.[0] ?? 0) - expected[0]), `ink from ${drawn?.[0]}, the caption from ${expected[0]}`).toBeLessThan(3);
  expect(Math.abs((drawn?.[1] ?? 0) - expected[1]), `ink to ${drawn?.[1]}, the caption to ${expected[1]}`).toBeLessThan(3);
}

async function deltas(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-compare]', (els) => Object.fromEntries(els.map((el) => [el.getAttribute('data-compare') ?? '', el.getAttribute('data-delta') ?? ''])));
}

describe('the tablet compares a day with its reference days, same time of day or whole days', () => {
  let server: TestServer;
  let me: Me;
  const cases: TestCase[] = [];
  let zone = 'Asia/Shanghai';
  const startOf = (date: string): number => DateTime.fromISO(date, { zone }).startOf('day').toMillis();
  const dateOf = (ms: number): string => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd');
  const shift = (date: string, days: number): string => DateTime.fromISO(date, { zone }).plus({ days }).toFormat('yyyy-MM-dd');
  const sameTime = (date: string, ms: number): number => {
    const t = DateTime.fromMillis(ms, { zone });
    return DateTime.fromISO(date, { zone }).set({ hour: t.hour, minute: t.minute, second: t.second, millisecond: t.millisecond }).toMillis();
  };

  /** Every comparison on the page equals the reference computation for the shown day up to `upTo` against its reference days up to the same time (or whole days). */
  async function expectDeltas(page: Page, day: string, upTo: (date: string) => number): Promise<void> {
    const shown = reference(cases, startOf(day), upTo(day));
    const expected: Record<string, string> = {};
    for (const [name, date] of [['previous', shift(day, -1)], ['lastWeek', shift(day, -7)]] as const) {
      const then = reference(cases, startOf(date), upTo(date));
      for (const k of COUNTS) expected[`${k}:${name}`] = String(shown.counts[k] - then.counts[k]);
      for (const r of ['closureRate', 'handlingRate'] as const) expected[`${r}:${name}`] = String(rateDelta(shown[r], then[r]) ?? '');
    }
    await eventually(async () => {
      const onScreen = await deltas(page);
      const wrong = Object.entries(expected).filter(([k, v]) => onScreen[k] === undefined || (v === '' ? onScreen[k] !== '' : Math.abs(Number(onScreen[k]) - Number(v)) > 1e-9));
      return wrong.length === 0 ? undefined : `data-delta differs from the reference: ${wrong.map(([k, v]) => `${k} shows ${onScreen[k]}, expected ${v}`).join('; ')}`;
    }, 60_000);
  }

  beforeAll(async () => {
    server = await startTestServer();
    me = await server.get<Me>('/api/v1/me', server.tokens.leader);
    zone = me.timeZone;
    const grids = (await server.get<GridRow[]>(`/api/v1/grids?scope=${server.leaderDistrict}`, server.tokens.leader)).map((row) => row[0]).slice(0, 20);
    const now = Date.now();
    const events: CaseEvent[] = [];
    // Today so far, yesterday and the day before, last week's same weekday and the day before it.
    for (const back of [0, 1, 2, 7, 8]) {
      const date = shift(me.today, -back);
      const dayStart = startOf(date);
      const cutoff = sameTime(date, now);
      for (let i = 0; i < 120; i += 1) {
        const reportedAt = dayStart + 7 * MINUTE + i * 11 * MINUTE + (back * 3 + i) % 5 * MINUTE;
        const times: Partial<Record<Count, number>> = {};
        for (const k of COUNTS) {
          const after = STEPS[k](i + back);
          if (after !== null) times[k] = reportedAt + after * MINUTE;
        }
        const all = Object.values(times);
        // A case stays within its day, away from the compared time of day, and not in the future.
        if (all.some((t) => dateOf(t) !== date || Math.abs(t - cutoff) < MARGIN || t > now - MARGIN)) continue;
        const caseId = `CMP-${back}-${i}`;
        cases.push({ caseId, times });
        for (const k of COUNTS) {
          const t = times[k];
          if (t === undefined) continue;
          const at = DateTime.fromMillis(t, { zone }).toISO() ?? '';
          events.push(
            k === 'reported'
              ? { id: `${caseId}-r`, caseId, type: 'reported', at, category: 'E.05.02', source: 'inspector', gridCode: grids[i % grids.length] }
              : { id: `${caseId}-${k}`, caseId, type: k, at, ...(k === 'dispatched' ? { department: '环卫处' } : {}) },
          );
        }
      }
    }
    await server.post('/api/v1/events', events);
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('compares today with yesterday and last week up to the same time of day, and a past day with whole days or up to a scrubbed time', { timeout: 600_000 }, async () => {
    const tablet = await openPage(`${server.url}/tablet?token=${server.tokens.leader}`, LANDSCAPE);
    const { page } = tablet;
    try {
      await page.waitForSelector('[data-mode="live"]', { timeout: LOADED });
      await page.waitForSelector('[data-compare-span][data-span="sameTime"]', { timeout: LOADED });
      const comparedAt = Date.parse((await page.getAttribute('[data-compare-span]', 'data-compared-at')) ?? '');
      expect(Date.now() - comparedAt).toBeLessThan(2 * MINUTE);
      // Today up to now against the reference days up to the same time of day: nothing was sent near it, so its minute cannot matter.
      await expectDeltas(page, me.today, (date) => (date === me.today ? Date.now() : sameTime(date, comparedAt)));
      expect(await page.textContent('[data-compare-span]')).toContain('同时段');
      // The exports say so too: the CSV with the instant compared up to, the image with the caption as on screen.
      const liveRow = await csvComparison(page);
      expect(liveRow?.[2]).toBe(await page.getAttribute('[data-compare-span]', 'data-compared-at'));
      expect(`对比：${liveRow?.[1]}`).toBe(await page.textContent('[data-compare-span]'));
      await expectPngCaption(page, 'tablet-export-same-time.png');

      // Yesterday, a past day: whole days.
      const yesterday = shift(me.today, -1);
      await page.fill('[data-day-picker]', yesterday);
      await page.waitForSelector('[data-mode="history"]', { timeout: LOADED });
      await page.waitForSelector('[data-compare-span][data-span="wholeDay"]', { timeout: LOADED });
      expect(await page.textContent('[data-compare-span]')).toContain('全天');
      await expectDeltas(page, yesterday, (date) => startOf(shift(date, 1)) - 1);
      expect(await csvComparison(page)).toEqual(['对比', '全天', '']);
      await expectPngCaption(page, 'tablet-export-whole-day.png');

      // Yesterday scrubbed to 14:00: as it stood then, against the reference days up to 14:00.
      const scrubbed = `${server.url}/tablet?scope=${server.leaderDistrict}&date=${yesterday}&time=14:00`;
      await page.goto(scrubbed);
      await page.waitForSelector('[data-compare-span][data-span="sameTime"]', { timeout: LOADED });
      const at = DateTime.fromISO(`${yesterday}T14:00`, { zone }).toMillis();
      await expectDeltas(page, yesterday, (date) => sameTime(date, at));
      const scrubbedRow = await csvComparison(page);
      expect(scrubbedRow?.slice(0, 2)).toEqual(['对比', '同时段（截至 14:00）']);
      expect(Date.parse(scrubbedRow?.[2] ?? '')).toBe(at);
      expect(tablet.errors).toEqual([]);
    } finally {
      await tablet.close();
    }
  });
});
