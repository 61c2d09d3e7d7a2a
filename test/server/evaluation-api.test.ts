import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  EvaluationFiguresSchema,
  type CaseEvent,
  type CaseItem,
  type DepartmentEvaluations,
  type DepartmentRow,
  type Evaluation,
  type EvaluationFigures,
  type IngestResult,
  type ReporterRows,
} from '../../contract';
import { LocalTime } from '../../server/core/local-time';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import { DEFAULT_OFFICE_HOURS, WorkCalendar } from '../../contract/work-calendar';
import { naiveDepartments, naiveFigures, naiveJudgements, naiveReporters } from '../core/naive-evaluation';
import { TOKEN_ENTRIES, TestClock, demoCity, gridsOf, removeTempDirs, startServer, tempDir, type TestServer } from './lib/harness';

const ZONE = 'Asia/Shanghai';
const calendar = new WorkCalendar(new LocalTime(ZONE), DEFAULT_OFFICE_HOURS);
const clock = new TestClock(Date.parse('2026-11-28T16:00:00+08:00'));
const TONGLIANG = '500151';
const [BACHUAN, DONGCHENG] = demoCity().childrenOf(TONGLIANG);
const COMMANDER = 'test-commander-bachuan-000001';
const ENTRIES = [...TOKEN_ENTRIES, { token: COMMANDER, role: 'commander' as const, scopes: [BACHUAN], name: '巴川街道指挥中心' }];
const FIGURES = Object.keys(EvaluationFiguresSchema.properties) as Array<keyof EvaluationFigures>;
const figures = (row: EvaluationFigures) => Object.fromEntries(FIGURES.map((key) => [key, row[key]]));

/** A month of cases over two streets of 铜梁区, using every event type the evaluation reads. */
function stream(): CaseEvent[] {
  const events: CaseEvent[] = [];
  const grids = [...gridsOf(BACHUAN).slice(0, 6), ...gridsOf(DONGCHENG).slice(0, 4)];
  for (let i = 0; i < 60; i += 1) {
    const caseId = `EV${String(i).padStart(3, '0')}`;
    const day = 1 + (i % 27);
    const base = DateTime.fromObject({ year: 2026, month: 11, day, hour: 9 }, { zone: ZONE }).toMillis();
    const add = (type: CaseEvent['type'], hours: number, extra: Partial<CaseEvent> = {}) =>
      events.push({ id: `${caseId}-${events.length}`, caseId, type, at: new Date(base + hours * 3_600_000).toISOString(), ...extra });
    add('reported', 0, { category: i % 5 === 0 ? 'C.01.03' : 'E.05.02', source: i % 3 === 0 ? 'hotline' : 'inspector', gridCode: grids[i % grids.length], ...(i % 3 === 0 ? {} : { reporter: `XC-${i % 4}` }) });
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
    if (i % 19 === 6 && i > 30) add('resumed', 48);
    if (i % 7 === 3) add('urged', 30, { note: '请加快', by: '指挥中心' });
    if (i % 4 !== 1) add('handled', i % 6 === 0 ? 200 : 10);
    if (i % 9 === 2) add('reworked', 12);
    if (i % 4 === 0 || i % 4 === 2) add('closed', i % 6 === 0 ? 210 : 24);
  }
  return events.filter((e) => Date.parse(e.at) <= clock.ms);
}

const records = (events: CaseEvent[]): CaseEventRecord[] =>
  events.map((e) => ({ ...e, at: Date.parse(e.at), deadline: e.deadline === undefined ? undefined : Date.parse(e.deadline) }));

let server: TestServer;
const sent = stream();

beforeAll(async () => {
  server = await startServer({ now: clock.now, tokens: ENTRIES });
  const result = await server.ingest(sent);
  expect(result).toEqual({ accepted: sent.length, duplicates: 0, rejected: [] });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

const monthStart = DateTime.fromISO('2026-11-01', { zone: ZONE }).toMillis();
const monthEnd = DateTime.fromISO('2026-12-01', { zone: ZONE }).toMillis();

describe('GET /api/v1/evaluation', () => {
  it('answers every figure of a scope and its children for a period and cut-off, as the definitions give them', async () => {
    for (const asOf of ['2026-11-20T12:00:00+08:00', '2026-11-28T15:00:00+08:00']) {
      const judged = naiveJudgements(records(sent), calendar, Date.parse(asOf));
      const of = (scope: string) => judged.filter((j) => j.grid.startsWith(scope));
      for (const scope of [TONGLIANG, BACHUAN, gridsOf(BACHUAN)[0].slice(0, 12)]) {
        const reply = await server.get(`/api/v1/evaluation?scope=${scope}&period=2026-11&asOf=${encodeURIComponent(asOf)}`);
        expect(reply.statusCode).toBe(200);
        const evaluation = reply.json<Evaluation>();
        expect(evaluation).toMatchObject({ scope, period: { kind: 'month', from: '2026-11-01', to: '2026-11-30' } });
        expect(Date.parse(evaluation.asOf)).toBe(Date.parse(asOf));
        expect(figures(evaluation)).toEqual(figures(naiveFigures(of(scope), monthStart, monthEnd)));
        for (const child of evaluation.children) expect(figures(child)).toEqual(figures(naiveFigures(of(child.code), monthStart, monthEnd)));
      }
      const departments = (await server.get(`/api/v1/evaluation/departments?scope=${TONGLIANG}&period=2026-11&asOf=${encodeURIComponent(asOf)}`)).json<DepartmentEvaluations>();
      const expected = naiveDepartments(of(TONGLIANG), monthStart, monthEnd);
      expect(departments.rows.map((r) => r.department).sort()).toEqual([...expected.keys()].sort());
      for (const row of departments.rows) expect(figures(row)).toEqual(figures(expected.get(row.department) as EvaluationFigures));
      const reporters = (await server.get(`/api/v1/evaluation/reporters?scope=${TONGLIANG}&period=2026-11&asOf=${encodeURIComponent(asOf)}`)).json<ReporterRows>();
      expect(reporters.rows).toEqual(naiveReporters(of(TONGLIANG), monthStart, monthEnd));
    }
  });

  it('takes the period as a month, quarter, year, week or two dates, and this month by default', async () => {
    const month = (await server.get(`/api/v1/evaluation?scope=${TONGLIANG}`)).json<Evaluation>();
    expect(month.period.label).toBe('2026-11');
    expect(month.previous?.period.label).toBe('2026-10');
    expect(month.lastYear?.period.label).toBe('2025-11');
    const custom = (await server.get(`/api/v1/evaluation?scope=${TONGLIANG}&from=2026-11-01&to=2026-11-30`)).json<Evaluation>();
    expect(figures(custom)).toEqual(figures(month));
    for (const period of ['2026-Q4', '2026', '2026-W47']) expect((await server.get(`/api/v1/evaluation?scope=${TONGLIANG}&period=${period}`)).statusCode).toBe(200);
  });

  it('refuses bad periods and cut-offs, and scopes the token may not read, saying why', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['period=last-month', 400, /is not a month \(2026-11\)/],
      ['from=2026-11-01', 400, /needs both from and to/],
      ['period=2026-11&from=2026-11-01&to=2026-11-02', 400, /either period or from and to/],
      ['from=2026-11-10&to=2026-11-01', 400, /ends \(2026-11-01\) before it starts/],
      ['asOf=2026-11-20T12:00', 400, /asOf "2026-11-20T12:00": .*offset/],
      ['asOf=2026-12-20T12:00:00%2B08:00', 400, /asOf must be an instant no later than now/],
    ];
    for (const [query, status, message] of cases) {
      const reply = await server.get(`/api/v1/evaluation?scope=${TONGLIANG}&${query}`);
      expect(reply.statusCode, query).toBe(status);
      expect(reply.json().message, query).toMatch(message);
    }
    // A `+` typed into a URL arrives as a space: the offset still counts.
    expect((await server.get(`/api/v1/evaluation?scope=${TONGLIANG}&asOf=2026-11-20T12:00:00+08:00`)).statusCode).toBe(200);
    expect((await server.get(`/api/v1/evaluation?scope=${DONGCHENG}`, COMMANDER)).statusCode).toBe(403);
    expect((await server.get(`/api/v1/evaluation/reporters?scope=${TONGLIANG}`, COMMANDER)).statusCode).toBe(403);
  });
});

describe('the evaluation events at the ingest', () => {
  it('refuses an extension without a deadline or not later than the deadline, and keeps notes, authors and reporters', async () => {
    const result = await server.post([
      { id: 'bad-1', caseId: 'EV001', type: 'extended', at: '2026-11-02T10:00:00+08:00' },
      { id: 'bad-2', caseId: 'EV001', type: 'extended', at: '2026-11-02T10:00:00+08:00', deadline: '2026-11-02T11:00:00+08:00' },
      { id: 'bad-3', caseId: 'EV001', type: 'urged', at: '2026-11-02T10:00:00+08:00', note: 'x'.repeat(501) },
      { id: 'bad-4', caseId: 'EV001', type: 'reported', at: '2026-11-02T10:00:00+08:00', category: 'E.05.02', source: 'inspector', gridCode: gridsOf(BACHUAN)[0], reporter: '' },
    ]);
    const rejected = result.json<IngestResult>().rejected;
    expect(rejected.map((r) => r.id)).toEqual(['bad-1', 'bad-2', 'bad-3', 'bad-4']);
    expect(rejected[0].error).toMatch(/an `extended` event needs the new `deadline`/);
    expect(rejected[1].error).toMatch(/an extension must move its deadline later than .*, not to 2026-11-02T11:00:00/);
    expect(rejected[2].error).toMatch(/note/);
    expect(rejected[3].error).toMatch(/reporter/);
    const urge = sent.find((e) => e.type === 'urged') as CaseEvent;
    expect((await server.ingest([urge])).duplicates).toBe(1);
    const conflict = await server.ingest([{ ...urge, note: '另一句话' }]);
    expect(conflict.rejected[0].error).toMatch(/`note`/);
  });
});

describe('一键督办', () => {
  const caseIn = (street: string) => sent.find((e) => e.type === 'reported' && e.gridCode?.startsWith(street) && !sent.some((x) => x.caseId === e.caseId && (x.type === 'closed' || x.type === 'cancelled')))?.caseId ?? '';
  const urge = (caseId: string, token: string, key?: string, note = '请今日内处置') =>
    server.request({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/urge`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      payload: JSON.stringify({ note }),
    });

  it('lets a commander urge a case of its scope once per key; the case, the departments and the evaluation count it', async () => {
    const caseId = caseIn(BACHUAN);
    const before = (await server.get(`/api/v1/cases/${caseId}`)).json<CaseItem>().urged;
    const first = await urge(caseId, COMMANDER, 'click-1');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ caseId, repeated: false });
    const again = await urge(caseId, COMMANDER, 'click-1');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first.json(), repeated: true });
    const item = (await server.get(`/api/v1/cases/${caseId}`)).json<CaseItem>();
    expect(item).toMatchObject({ status: 'urged', urged: before + 1 });
    const date = item.reportedAt.slice(0, 10);
    const departments = (await server.get(`/api/v1/departments?scope=${BACHUAN}&date=${date}`)).json<DepartmentRow[]>();
    expect(departments.find((d) => d.department === item.department)?.urged).toBeGreaterThan(0);
  });

  it('refuses other roles, other scopes, unknown and closed cases', async () => {
    expect((await urge(caseIn(BACHUAN), TOKEN_ENTRIES[3].token)).statusCode).toBe(403);
    const other = await urge(caseIn(DONGCHENG), COMMANDER);
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toMatch(/^token for 巴川街道 cannot read/);
    expect((await urge('NO-SUCH-CASE', COMMANDER)).statusCode).toBe(404);
    const closed = sent.find((e) => e.type === 'closed' && sent.some((r) => r.caseId === e.caseId && r.type === 'reported' && r.gridCode?.startsWith(BACHUAN)))?.caseId ?? '';
    const refused = await urge(closed, COMMANDER);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/was closed at .*; no events after closure/);
  });
});

describe('after a restart', () => {
  it('gives the same evaluation, reporters and urges from the log', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir, now: clock.now, tokens: ENTRIES });
    await first.ingest(sent);
    const read = (s: TestServer) =>
      Promise.all(
        [`/api/v1/evaluation?scope=${TONGLIANG}`, `/api/v1/evaluation/departments?scope=${TONGLIANG}`, `/api/v1/evaluation/reporters?scope=${TONGLIANG}`].map((url) => s.get(url).then((r) => r.json())),
      );
    const before = await read(first);
    await first.close();
    const second = await startServer({ dataDir, now: clock.now, tokens: ENTRIES });
    expect(await read(second)).toEqual(before);
    await second.close();
  });
});
