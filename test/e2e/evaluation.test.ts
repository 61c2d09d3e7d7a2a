import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATES, type CaseItem, type DepartmentEvaluations, type Evaluation, type Rate, type Summary } from '../../contract';
import { formatCount, hourOf } from '../../client/composables/format';
import { openPage, readMetrics, type PageOptions, type WatchedPage } from './lib/browser';
import { ROOT } from './lib/process';
import { startTestServer, type TestServer } from './lib/server';
import { startSimulator } from './lib/simulator';
import { eventually } from './lib/wall-checks';

const ARTIFACTS = join(ROOT, 'artifacts');
/** Software WebGL on a busy 2-core machine: the first frame can take minutes at 4K. */
const LOADED = 360_000;
const SHOT = { animations: 'disabled', timeout: 120_000 } as const;
const WALLS_FILE = join(ROOT, 'mock', 'city', 'chongqing', 'walls.json');
const TONGLIANG = '500151';
const SHOWN_CHILDREN = 8;

const COMMANDER = `commander-${randomBytes(12).toString('hex')}`;
const LEADER = `leader-tongliang-${randomBytes(12).toString('hex')}`;

/** A fixed-offset zone where it is now late in the evening: today holds nearly a whole day of the simulator's reports. */
function lateEveningZone(): string {
  const offset = ((21 - new Date().getUTCHours() + 36) % 24) - 12;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
const ZONE = lateEveningZone();
const FULL_HD: PageOptions = { width: 1920, height: 1080, timezoneId: ZONE };
/** The wall lays itself out for 3840×2160; a page of text is the 1920×1080 page on a screen of twice the density. */
const UHD: PageOptions = { width: 3840, height: 2160, timezoneId: ZONE };
const UHD_DENSE: PageOptions = { ...FULL_HD, deviceScaleFactor: 2 };
/** A4 at 96 dpi, where the print stylesheet lays the bulletin out. */
const A4: PageOptions = { width: 794, height: 1123, deviceScaleFactor: 2, timezoneId: ZONE };

/** The exact figure the API gives, as a `data-value` holds it. */
const exact = (value: number | null): string => (value === null ? '—' : String(value));

/** What the 考核 panel must show for the evaluation the API gives at its cut-off. */
function expectedPanel(e: Evaluation, red: number, yellow: number): Record<string, string> {
  const expected: Record<string, string> = {
    'evaluation.closureRate': exact(e.closureRate),
    'evaluation.onTimeClosureRate': exact(e.onTimeClosureRate),
    'evaluation.reworkRate': exact(e.reworkRate),
    'evaluation.extensionRate': exact(e.extensionRate),
    'evaluation.due': formatCount(e.due),
    'evaluation.overdueOpen': formatCount(e.overdueOpen),
    'evaluation.score': exact(e.score),
    'evaluation.grade': e.grade,
    'evaluation.red': formatCount(red),
    'evaluation.yellow': formatCount(yellow),
  };
  for (const child of e.children.slice(0, SHOWN_CHILDREN)) {
    expected[`evaluation.child.${child.code}.score`] = exact(child.score);
    expected[`evaluation.child.${child.code}.grade`] = child.grade;
  }
  return expected;
}

/** The lights now, counted from the case lists: the city's as the sum of its districts' (a list holds at most 500). */
async function lightsOf(server: TestServer, scope: string): Promise<{ red: number; yellow: number }> {
  if (scope === 'city') {
    const { children } = await server.get<Summary>('/api/v1/summary?scope=city');
    const each = await Promise.all(children.map((child) => lightsOf(server, child.code)));
    return each.reduce((sum, l) => ({ red: sum.red + l.red, yellow: sum.yellow + l.yellow }), { red: 0, yellow: 0 });
  }
  const [red, yellow] = await Promise.all(
    (['overdue', 'due-soon'] as const).map((status) => server.get<CaseItem[]>(`/api/v1/cases?scope=${scope}&status=${status}&limit=500`)),
  );
  if (red.length === 500 || yellow.length === 500) throw new Error(`${scope} has too many lit cases to count by list`);
  return { red: red.length, yellow: yellow.length };
}

/** Every figure of a wall's 考核 panel equals GET /api/v1/evaluation at the panel's cut-off, and its lights the case lists. */
async function panelMatchesServer(page: Page, server: TestServer, scope: string): Promise<Evaluation> {
  let last: Evaluation | undefined;
  await eventually(async () => {
    const asOf = await page.getAttribute('[data-evaluation-panel]', 'data-as-of');
    if (!asOf) return 'the panel has no evaluation yet';
    last = await server.get<Evaluation>(`/api/v1/evaluation?scope=${scope}&asOf=${encodeURIComponent(asOf)}`);
    const { red, yellow } = await lightsOf(server, scope);
    const expected = expectedPanel(last, red, yellow);
    const shown = await readMetrics(page);
    const wrong = Object.entries(expected).filter(([k, v]) => shown[k] !== v);
    const children = (await page.getAttribute('[data-evaluation-panel]', 'data-children')) ?? '';
    const ranked = last.children.slice(0, SHOWN_CHILDREN).map((c) => c.code).join(' ');
    if (children !== ranked) wrong.push(['children', `${ranked} (shown ${children})`]);
    return wrong.length === 0 ? undefined : `panel differs from /api/v1/evaluation?scope=${scope}&asOf=${asOf}: ${wrong.map(([k, v]) => `${k} shows ${shown[k]}, server ${v}`).join('; ')}`;
  }, 150_000);
  if (!last) throw new Error('no evaluation read');
  return last;
}

type Tone = 'good' | 'warn' | 'bad' | 'none';
/** A grade's tone: A and B good, C a warning, D and E bad. */
const gradeTone = (grade: string): Tone => (grade === 'A' || grade === 'B' ? 'good' : grade === 'C' ? 'warn' : 'bad');
/** A rate's tone: good from 90 %, a warning from 70 %, the other way round for rework; none without a rate. */
function rateTone(rate: Rate, value: number | null): Tone {
  if (value === null) return 'none';
  const score = rate === 'reworkRate' ? 1 - value : value;
  return score >= 0.9 ? 'good' : score >= 0.7 ? 'warn' : 'bad';
}

/** Elements not in their tone's colour (--good, --warn, --bad, --text-dim as the page's stylesheet has them), by selector. */
async function wrongTones(page: Page, tones: Record<string, Tone>): Promise<string[]> {
  return page.evaluate((tones) => {
    const colourOf = (value: string): string => {
      const probe = document.createElement('i');
      probe.style.color = value;
      document.body.append(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return colour;
    };
    const palette: Record<string, string> = { good: colourOf('var(--good)'), warn: colourOf('var(--warn)'), bad: colourOf('var(--bad)'), none: colourOf('var(--text-dim)') };
    return Object.entries(tones).flatMap(([selector, tone]) => {
      const el = document.querySelector(selector);
      const shown = el ? getComputedStyle(el).color : 'missing';
      return shown === palette[tone] ? [] : [`${selector} is ${shown}, not ${tone} (${palette[tone]})`];
    });
  }, tones);
}

async function waitForWall(wall: WatchedPage): Promise<void> {
  await wall.page.waitForSelector('[data-map][data-map-state="idle"], [data-map][data-map-state="drawn"]', { timeout: LOADED });
  await wall.page.waitForSelector('[data-connection][data-state="live"]', { timeout: LOADED });
  await wall.page.waitForSelector('[data-evaluation-panel][data-as-of]:not([data-as-of=""])', { timeout: LOADED });
}

/** No figure of the panel is wider than its box. */
async function figuresFit(page: Page): Promise<string[]> {
  return page.$$eval('[data-evaluation-panel] [data-metric]', (els) =>
    els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => `${el.getAttribute('data-metric')}: ${el.scrollWidth} > ${el.clientWidth}`),
  );
}

describe('the evaluation on the wall, the tablet and the bulletin, in Chromium against the real server', () => {
  let server: TestServer;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({
      env: { ONESCREEN_WALLS_FILE: WALLS_FILE, ONESCREEN_TZ: ZONE },
      extraTokens: [
        { token: COMMANDER, role: 'commander', scopes: [TONGLIANG], name: '铜梁区指挥长' },
        { token: LEADER, role: 'leader', scopes: [TONGLIANG], name: '铜梁区' },
      ],
    });
    // A day's volume: the simulator back-fills two days, then the figures stop moving but for deadlines passing.
    const simulator = await startSimulator(server, { rate: 7000, speed: 10, backfill: 2 });
    await eventually(async () => {
      const { hourly, asOf } = await server.get<Summary>('/api/v1/summary?scope=city');
      const hour = hourOf(asOf) ?? 0;
      return hourly.slice(Math.max(0, hour - 1), hour + 1).some((n) => n > 0) ? undefined : `no reports yet in the hours up to ${asOf}`;
    }, 300_000);
    await simulator.stop();
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('the city’s and 铜梁区’s 考核 panels show GET /api/v1/evaluation of the month at their cut-off, every figure within its box', { timeout: 900_000 }, async () => {
    for (const [scope, query] of [
      ['city', ''],
      [TONGLIANG, `&scope=${TONGLIANG}`],
    ] as const) {
      const wall = await openPage(`${server.url}/wall?token=${server.tokens.wall}${query}`, FULL_HD);
      try {
        await waitForWall(wall);
        const evaluation = await panelMatchesServer(wall.page, server, scope);
        expect(evaluation.period.kind).toBe('month');
        expect(await wall.page.getAttribute('[data-evaluation-panel]', 'data-period')).toBe(evaluation.period.label);
        expect(evaluation.due, `${scope} has cases due this month`).toBeGreaterThan(0);
        expect(await figuresFit(wall.page)).toEqual([]);
        // The score, the children's grades and the rate rings are in their tones' colours.
        const grades: Record<string, Tone> = { '[data-metric="evaluation.grade"]': gradeTone(evaluation.grade) };
        for (const child of evaluation.children.slice(0, SHOWN_CHILDREN)) grades[`[data-metric="evaluation.child.${child.code}.grade"]`] = gradeTone(child.grade);
        expect(await wrongTones(wall.page, grades)).toEqual([]);
        await eventually(async () => {
          const summary = await server.get<Summary>(`/api/v1/summary?scope=${scope}`);
          const rings = Object.fromEntries(RATES.map((rate) => [`.rate-ring:has([data-metric="${rate}"])`, rateTone(rate, summary[rate])]));
          const wrong = await wrongTones(wall.page, rings);
          return wrong.length === 0 ? undefined : wrong.join('; ');
        }, 60_000);
        await wall.page.screenshot({ path: join(ARTIFACTS, `evaluation-wall-${scope}-1920x1080.png`), ...SHOT });
        expect(wall.errors).toEqual([]);
      } finally {
        await wall.close();
      }
    }
  });

  it('a commander urges a red case from 铜梁区’s wall: the list shows it urged and the departments’ evaluation counts it; a wall token sees no button', { timeout: 600_000 }, async () => {
    const red = await server.get<CaseItem[]>(`/api/v1/cases?scope=${TONGLIANG}&status=overdue&limit=500`);
    const target = red.find((c) => c.urged === 0 && c.registeredAt !== null && c.department !== null);
    if (!target?.registeredAt || !target.department) throw new Error(`铜梁区 has no overdue case that was never urged (${red.length} overdue)`);
    const period = target.registeredAt.slice(0, 7);
    const urgedOf = async () =>
      (await server.get<DepartmentEvaluations>(`/api/v1/evaluation/departments?scope=${TONGLIANG}&period=${period}`)).rows.find((r) => r.department === target.department)?.urged ?? 0;
    const before = await urgedOf();

    const wall = await openPage(`${server.url}/wall?token=${COMMANDER}&scope=${TONGLIANG}`, FULL_HD);
    try {
      await waitForWall(wall);
      const { page } = wall;
      await page.click('[data-light="red"]');
      const row = page.locator(`[data-lights-drill][data-light="red"] [data-case="${target.caseId}"]`);
      await row.waitFor({ timeout: 60_000 });
      expect(await row.locator('[data-department]').textContent()).toBe(target.department);
      expect(await row.locator('[data-urge]').getAttribute('data-urged')).toBe('0');
      await row.locator('[data-urge-button]').click();
      await page.waitForSelector(`[data-lights-drill] [data-case="${target.caseId}"] [data-urge][data-urged="1"]`, { timeout: 30_000 });
      expect(await row.locator('[data-urge]').textContent()).toContain('已督办 1 次');
      await page.screenshot({ path: join(ARTIFACTS, 'evaluation-urged-500151-1920x1080.png'), ...SHOT });
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
    expect((await server.get<CaseItem>(`/api/v1/cases/${target.caseId}`)).urged).toBe(1);
    await eventually(async () => {
      const after = await urgedOf();
      return after === before + 1 ? undefined : `${target.department} counts ${after} urged cases, expected ${before + 1}`;
    }, 30_000);

    // The wall's own token reads the same list, and may not urge.
    const plain = await openPage(`${server.url}/wall?token=${server.tokens.wall}&scope=${TONGLIANG}`, FULL_HD);
    try {
      await waitForWall(plain);
      await plain.page.click('[data-light="red"]');
      await plain.page.locator(`[data-lights-drill] [data-case="${target.caseId}"] [data-urge][data-urged="1"]`).waitFor({ timeout: 60_000 });
      expect(await plain.page.locator('[data-lights-drill] [data-case]').count()).toBeGreaterThan(0);
      expect(await plain.page.locator('[data-urge-button]').count(), 'a wall token sees no 督办 button').toBe(0);
    } finally {
      await plain.close();
    }
  });

  it('the tablet’s 考核 section opens the quarter’s bulletin, whose figures are GET /api/v1/evaluation of that quarter', { timeout: 600_000 }, async () => {
    const tablet = await openPage(`${server.url}/tablet?token=${LEADER}&scope=${TONGLIANG}`, { width: 1024, height: 768, hasTouch: true, isMobile: true, timezoneId: ZONE });
    try {
      const { page } = tablet;
      await page.locator('[data-tab="evaluation"]').tap({ timeout: LOADED });
      await page.waitForSelector('[data-evaluation-section][data-state="ready"][data-period]', { timeout: LOADED });
      const entries = await page.evaluate(() => history.length);
      await page.locator('[data-switch="period-kind"] [data-value="quarter"]').tap();
      await page.waitForFunction(() => /^\d{4}-Q[1-4]$/.test(document.querySelector('[data-evaluation-section]')?.getAttribute('data-period') ?? ''), undefined, { timeout: 60_000 });
      await page.waitForSelector('[data-evaluation-section][data-state="ready"]', { timeout: 60_000 });
      const quarter = (await page.getAttribute('[data-evaluation-section]', 'data-period')) ?? '';
      const shownInSection = await readMetrics(page);
      // The children's and departments' grades are in their tones' colours.
      const ranked = await page.$$eval('[data-ranked]', (rows) => rows.map((row) => [row.getAttribute('data-ranked') ?? '', row.querySelector('.grade')?.textContent ?? '']));
      expect(ranked.length).toBeGreaterThan(0);
      expect(await wrongTones(page, Object.fromEntries(ranked.map(([id, grade]) => [`[data-ranked="${id}"] .grade`, gradeTone(grade)])))).toEqual([]);
      const section = await server.get<Evaluation>(`/api/v1/evaluation?scope=${TONGLIANG}&period=${quarter}`, LEADER);
      // The section was read a moment earlier: its counts are the quarter's of then, which only deadlines passing move.
      expect(shownInSection['eval.registered']).toBe(String(section.registered));
      // The period is kept in the address, in place: the back button does not walk through periods.
      expect(new URL(page.url()).searchParams.get('period')).toBe(quarter);
      expect(await page.evaluate(() => history.length)).toBe(entries);

      const [bulletin] = await Promise.all([tablet.context.waitForEvent('page'), page.locator('[data-bulletin-link]').tap()]);
      await bulletin.waitForSelector('[data-bulletin][data-state="ready"]', { timeout: LOADED });
      expect(new URL(bulletin.url()).searchParams.get('period')).toBe(quarter);
      const asOf = (await bulletin.getAttribute('[data-bulletin]', 'data-as-of')) ?? '';
      const q = `scope=${TONGLIANG}&period=${quarter}&asOf=${encodeURIComponent(asOf)}`;
      const evaluation = await server.get<Evaluation>(`/api/v1/evaluation?${q}`, LEADER);
      const departments = await server.get<DepartmentEvaluations>(`/api/v1/evaluation/departments?${q}`, LEADER);
      const expected: Record<string, string> = { score: exact(evaluation.score), grade: evaluation.grade };
      for (const key of ['registered', 'due', 'closed', 'closedOnTime', 'closureRate', 'onTimeClosureRate', 'reworkRate', 'extensionRate'] as const) {
        expected[key] = exact(evaluation[key]);
        expected[`previous.${key}`] = exact(evaluation.previous?.[key] ?? null);
        expected[`lastYear.${key}`] = exact(evaluation.lastYear?.[key] ?? null);
      }
      for (const c of evaluation.children) expected[`child.${c.code}.score`] = exact(c.score);
      for (const d of departments.rows) expected[`department.${d.department}.grade`] = d.grade;
      const shown = await readMetrics(bulletin);
      expect(Object.fromEntries(Object.keys(expected).map((k) => [k, shown[k]]))).toEqual(expected);
      expect(await bulletin.textContent('h1')).toBe('铜梁区数字化城市管理季报');

      // A reload (or the address shared) opens the section on the quarter again.
      await page.reload();
      await page.locator('[data-tab="evaluation"]').tap({ timeout: LOADED });
      await page.waitForSelector(`[data-evaluation-section][data-state="ready"][data-period="${quarter}"]`, { timeout: LOADED });
      expect(await page.inputValue('select[data-period="quarter"]')).toBe(quarter);

      // A period the picker cannot offer (no such month, days the wrong way round) shows this month and leaves the address.
      const month = (await server.get<Evaluation>(`/api/v1/evaluation?scope=${TONGLIANG}`, LEADER)).period.label;
      for (const unshowable of ['period=2026-13', `from=${month}-15&to=${month}-01`]) {
        await page.goto(`${server.url}/tablet?scope=${TONGLIANG}&${unshowable}`);
        await page.locator('[data-tab="evaluation"]').tap({ timeout: LOADED });
        await page.waitForSelector(`[data-evaluation-section][data-state="ready"][data-period="${month}"]`, { timeout: LOADED });
        const left = new URL(page.url()).searchParams;
        expect(['period', 'from', 'to'].filter((name) => left.has(name)), unshowable).toEqual([]);
        expect(await page.inputValue('input[data-period="month"]')).toBe(month);
      }
      expect(tablet.errors).toEqual([]);
    } finally {
      await tablet.close();
    }
  });

  it('screenshots: the walls with the panel, the tablet’s section and the bulletin, at 1920×1080 and 3840×2160', { timeout: 1_800_000 }, async () => {
    const month = (await server.get<Evaluation>(`/api/v1/evaluation?scope=${TONGLIANG}`)).period.label;
    for (const [size, options, dense] of [
      ['1920x1080', FULL_HD, FULL_HD],
      ['3840x2160', UHD, UHD_DENSE],
    ] as const) {
      for (const [name, query] of [
        ['city', ''],
        [TONGLIANG, `&scope=${TONGLIANG}`],
      ] as const) {
        const wall = await openPage(`${server.url}/wall?token=${server.tokens.wall}${query}`, options);
        try {
          await waitForWall(wall);
          expect(await figuresFit(wall.page)).toEqual([]);
          await wall.page.screenshot({ path: join(ARTIFACTS, `evaluation-wall-${name}-${size}.png`), ...SHOT });
        } finally {
          await wall.close();
        }
      }
      const tablet = await openPage(`${server.url}/tablet?token=${LEADER}&scope=${TONGLIANG}`, dense);
      try {
        await tablet.page.locator('[data-tab="evaluation"]').click({ timeout: LOADED });
        await tablet.page.waitForSelector('[data-evaluation-section][data-state="ready"][data-period]:not([data-period=""])', { timeout: LOADED });
        await tablet.page.screenshot({ path: join(ARTIFACTS, `evaluation-tablet-${size}.png`), ...SHOT });
      } finally {
        await tablet.close();
      }
      const bulletin = await openPage(`${server.url}/bulletin?token=${LEADER}&scope=${TONGLIANG}&period=${month}`, dense);
      try {
        await bulletin.page.waitForSelector('[data-bulletin][data-state="ready"]', { timeout: LOADED });
        await bulletin.page.screenshot({ path: join(ARTIFACTS, `evaluation-bulletin-${size}.png`), fullPage: true, ...SHOT });
      } finally {
        await bulletin.close();
      }
    }
    // As printed: the print stylesheet on a page of A4's width, and the PDF Chromium prints.
    const printed = await openPage(`${server.url}/bulletin?token=${LEADER}&scope=${TONGLIANG}&period=${month}`, A4);
    try {
      await printed.page.waitForSelector('[data-bulletin][data-state="ready"]', { timeout: LOADED });
      await printed.page.emulateMedia({ media: 'print' });
      expect(await printed.page.locator('[data-print]').isVisible(), 'the buttons are not printed').toBe(false);
      await printed.page.screenshot({ path: join(ARTIFACTS, 'evaluation-bulletin-print-a4.png'), fullPage: true, ...SHOT });
      await printed.page.pdf({ path: join(ARTIFACTS, 'evaluation-bulletin.pdf'), preferCSSPageSize: true });
    } finally {
      await printed.close();
    }
  });
});
