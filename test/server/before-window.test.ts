import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { EvaluationFiguresSchema, type CaseEvent, type DepartmentEvaluations, type Evaluation, type EvaluationFigures, type ReporterRows } from '../../contract';
import { DEFAULT_OFFICE_HOURS, WorkCalendar } from '../../contract/work-calendar';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import { LocalTime } from '../../server/core/local-time';
import { naiveDepartments, naiveFigures, naiveJudgements, naiveReporters } from '../core/naive-evaluation';
import { TestClock, demoCity, gridsOf, removeTempDirs, startServer, tempDir, type TestServer } from './lib/harness';

const ZONE = 'Asia/Shanghai';
const calendar = new WorkCalendar(new LocalTime(ZONE), DEFAULT_OFFICE_HOURS);
const clock = new TestClock(Date.parse('2026-11-28T16:00:00+08:00'));
const TONGLIANG = '500151';
const [BACHUAN, DONGCHENG] = demoCity().childrenOf(TONGLIANG);
const HOUR = 3_600_000;
const FIGURES = Object.keys(EvaluationFiguresSchema.properties) as Array<keyof EvaluationFigures>;
const figures = (row: EvaluationFigures) => Object.fromEntries(FIGURES.map((key) => [key, row[key]]));
const local = (text: string) => DateTime.fromISO(text, { zone: ZONE }).toMillis();

/**
 * Eight weeks of cases over two streets of 铜梁区, from 2026-10-01: most closed within days (so
 * that a short retention forgets them), some open for weeks, and every event type the
 * evaluation reads.
 */
function stream(): CaseEvent[] {
  const events: CaseEvent[] = [];
  const grids = [...gridsOf(BACHUAN).slice(0, 6), ...gridsOf(DONGCHENG).slice(0, 4)];
  const start = local('2026-10-01T08:30:00');
  for (let i = 0; i < 140; i += 1) {
    const caseId = `BW${String(i).padStart(3, '0')}`;
    const base = start + i * 9.6 * HOUR;
    const add = (type: CaseEvent['type'], hours: number, extra: Partial<CaseEvent> = {}) => {
      const at = base + hours * HOUR;
      if (at <= clock.ms) events.push({ id: `${caseId}-${events.length}`, caseId, type, at: new Date(at).toISOString(), ...extra });
    };
    add('reported', 0, { category: i % 5 === 0 ? 'C.01.03' : i % 4 === 0 ? 'E.04.01' : 'E.05.02', source: i % 3 === 0 ? 'hotline' : 'inspector', gridCode: grids[i % grids.length], ...(i % 3 === 0 ? {} : { reporter: `XC-${i % 4}` }) });
    if (i % 11 === 10) {
      add('cancelled', 1);
      continue;
    }
    add('registered', 0.5);
    add('dispatched', 1, { department: i % 2 ? '城管执法支队' : '环卫处' });
    if (i % 13 === 4) add('returned', 2, { department: '环卫处' });
    if (i % 13 === 4) add('dispatched', 3, { department: '街道办事处' });
    if (i % 17 === 5) add('extended', 20, { deadline: new Date(base + 30 * 86_400_000).toISOString() });
    if (i % 19 === 6) add('suspended', 5);
    if (i % 19 === 6 && i > 40) add('resumed', 48);
    if (i % 7 === 3) add('urged', 30, { note: '请加快', by: '指挥中心' });
    if (i % 4 !== 1) add('handled', i % 6 === 0 ? 200 : 10);
    if (i % 9 === 2) add('reworked', 12);
    // Some stay open for weeks: a replica of any day holds cases reported long before it.
    if (i % 4 === 0 || i % 4 === 2) add('closed', i % 6 === 0 ? 500 : 24 + (i % 5) * 20);
  }
  return events;
}

const records = (events: CaseEvent[]): CaseEventRecord[] =>
  events.map((e) => ({ ...e, at: Date.parse(e.at), deadline: e.deadline === undefined ? undefined : Date.parse(e.deadline) }));

const sent = stream();
/** Three days retained: 2026-11-26 on. Restarted once, so that what it forgot is gone from memory too. */
let short: TestServer;
/** Every day of the log retained: the reference. */
let long: TestServer;

beforeAll(async () => {
  const dataDir = tempDir();
  const first = await startServer({ dataDir, now: clock.now, retentionDays: 3 });
  // Sent in another order than their times: arrival order must not matter.
  expect((await first.ingest([...sent].reverse())).accepted).toBe(sent.length);
  await first.close();
  short = await startServer({ dataDir, now: clock.now, retentionDays: 3 });
  const evicted = new Database(join(dataDir, 'evicted-cases.sqlite'), { readonly: true });
  expect(evicted.prepare('SELECT count(*) FROM evicted').pluck().get()).toBeGreaterThan(50);
  evicted.close();
  long = await startServer({ now: clock.now, retentionDays: 3660 });
  await long.ingest(sent);
});
afterAll(async () => {
  await short.close();
  await long.close();
  removeTempDirs();
});

async function both<T>(url: string): Promise<[T, T]> {
  const [a, b] = await Promise.all([short.get(url), long.get(url)]);
  expect(a.statusCode, `${url}: ${a.body}`).toBe(200);
  expect(b.statusCode, url).toBe(200);
  return [a.json<T>(), b.json<T>()];
}

describe('the evaluation of a period before the retained window', () => {
  it('is answered from the log, as the definitions give it and as a server retaining every day answers', async () => {
    expect((await short.get('/api/v1/me')).json().retained.first).toBe('2026-11-26');
    const from = local('2026-10-01T00:00:00');
    const to = local('2026-11-01T00:00:00');
    for (const asOf of ['2026-10-20T12:00:00+08:00', '2026-11-28T15:00:00+08:00']) {
      const judged = naiveJudgements(records(sent), calendar, Date.parse(asOf));
      const of = (scope: string) => judged.filter((j) => j.grid.startsWith(scope));
      const query = `period=2026-10&asOf=${encodeURIComponent(asOf)}`;
      for (const scope of [TONGLIANG, BACHUAN]) {
        const [evaluation, reference] = await both<Evaluation>(`/api/v1/evaluation?scope=${scope}&${query}`);
        expect(evaluation).toEqual(reference);
        expect(evaluation.registered).toBeGreaterThan(0);
        expect(figures(evaluation)).toEqual(figures(naiveFigures(of(scope), from, to)));
        for (const child of evaluation.children) expect(figures(child)).toEqual(figures(naiveFigures(of(child.code), from, to)));
        expect(evaluation.previous?.period.label).toBe('2026-09');
        expect(evaluation.lastYear?.period.label).toBe('2025-10');
      }
      const [departments, departmentsReference] = await both<DepartmentEvaluations>(`/api/v1/evaluation/departments?scope=${TONGLIANG}&${query}`);
      expect(departments).toEqual(departmentsReference);
      const expected = naiveDepartments(of(TONGLIANG), from, to);
      expect(departments.rows.map((r) => r.department).sort()).toEqual([...expected.keys()].sort());
      for (const row of departments.rows) expect(figures(row)).toEqual(figures(expected.get(row.department) as EvaluationFigures));
      const [reporters, reportersReference] = await both<ReporterRows>(`/api/v1/evaluation/reporters?scope=${TONGLIANG}&${query}`);
      expect(reporters).toEqual(reportersReference);
      expect(reporters.rows).toEqual(naiveReporters(of(TONGLIANG), from, to));
    }
  });

  it('covers periods across the window’s start, and the 环比 and 同比 of a period within it', async () => {
    for (const query of ['from=2026-10-25&to=2026-11-27', 'period=2026-11', 'period=2026-Q4', 'from=2026-11-26&to=2026-11-28']) {
      const [evaluation, reference] = await both<Evaluation>(`/api/v1/evaluation?scope=${TONGLIANG}&${query}`);
      expect(evaluation, query).toEqual(reference);
      expect(evaluation.previous, query).not.toBeNull();
      const [departments, departmentsReference] = await both<DepartmentEvaluations>(`/api/v1/evaluation/departments?scope=${TONGLIANG}&${query}`);
      expect(departments, query).toEqual(departmentsReference);
    }
  });

  it('refuses a period that ends before the log starts, and a second rebuild while one runs, saying why', async () => {
    const early = await short.get(`/api/v1/evaluation?scope=${TONGLIANG}&period=2026-08`);
    expect(early.statusCode).toBe(404);
    expect(early.json().message).toMatch(/^period 2026-08 ends before the log starts \(its first event is at 2026-10-01T00:30:00.000Z\)/);
    const replies = await Promise.all([short.get(`/api/v1/evaluation?scope=${TONGLIANG}&period=2026-W42`), short.get(`/api/v1/evaluation?scope=${TONGLIANG}&period=2026-W43`)]);
    expect(replies.map((r) => r.statusCode).sort()).toEqual([200, 503]);
    const refused = replies.find((r) => r.statusCode === 503);
    expect(refused?.headers['retry-after']).toBe('10');
    expect(refused?.json().message).toMatch(/^the server is rebuilding the evaluation of 2026-W4[23] with its 环比 and 同比 from its event log, one such rebuild at a time; retry in 10 seconds/);
  });
});

describe('reads at an instant before the retained window', () => {
  it('answer from the log what a server retaining every day answers', async () => {
    for (const at of ['2026-10-03T10:00:00+08:00', '2026-10-31T23:30:00+08:00', '2026-11-20T12:00:00+08:00']) {
      const query = `at=${encodeURIComponent(at)}`;
      for (const scope of ['city', TONGLIANG, BACHUAN, gridsOf(BACHUAN)[0]]) {
        for (const path of ['summary', 'grids', 'cases', 'cases?status=overdue&', 'case-points', 'departments']) {
          const url = path.endsWith('&') ? `/api/v1/${path}scope=${scope}&${query}` : `/api/v1/${path}?scope=${scope}&${query}`;
          const [replayed, reference] = await both<unknown>(url);
          expect(replayed, url).toEqual(reference);
        }
      }
      const [summary] = await both<{ reported: number }>(`/api/v1/summary?scope=${TONGLIANG}&${query}`);
      expect(summary.reported, at).toBeGreaterThan(0);
    }
  });

  it('answer what a server fed only the events at or before the instant answered then', async () => {
    const at = '2026-10-31T23:30:00+08:00';
    const then = new TestClock(Date.parse(at));
    const past = await startServer({ now: then.now });
    await past.ingest(sent.filter((e) => Date.parse(e.at) <= then.ms));
    for (const path of ['summary', 'grids', 'cases', 'case-points', 'departments']) {
      const url = `/api/v1/${path}?scope=${TONGLIANG}`;
      expect((await short.get(`${url}&at=${encodeURIComponent(at)}`)).json(), url).toEqual((await past.get(url)).json());
    }
    await past.close();
  });

  it('answer 404 before the log’s first event', async () => {
    const reply = await short.get('/api/v1/summary?scope=city&at=2026-09-20T09:00:00%2B08:00');
    expect(reply.statusCode).toBe(404);
    expect(reply.json().message).toMatch(/the log starts later \(its first event is at 2026-10-01T00:30:00.000Z\)/);
  });
});
