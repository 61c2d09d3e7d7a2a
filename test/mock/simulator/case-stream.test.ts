import { beforeAll, describe, expect, it } from 'vitest';
import { MINOR_BY_CODE, SOURCES, type CaseEvent } from '../../../contract';
import { DEFAULT_OFFICE_HOURS, WorkCalendar, deadlineAfter } from '../../../contract/work-calendar';
import type { CityGrids } from '../../../mock/shared/city-grids';
import { addDays, CITY_DAYS, cityDay, cityDayStart, cityHour, DAY_MS, HOUR_MS } from '../../../mock/shared/city-time';
import { CaseEventStream, type StreamOptions } from '../../../mock/simulator/case-stream';
import { demoCityGrids } from '../mock-harness';
import { groupByCase, lifecycleProblems } from './lifecycle-check';

const RATE = 6849;
const FIRST_DAY = '2026-11-16'; // a Monday: the week below has five working days and a weekend
let city: CityGrids;

const stream = (options: Partial<StreamOptions> = {}): CaseEventStream =>
  new CaseEventStream(city, {
    rate: RATE,
    seed: 7,
    from: cityDayStart(FIRST_DAY),
    liveStart: cityDayStart(addDays(FIRST_DAY, 30)),
    speed: 1,
    ...options,
  });

const reportedOf = (events: readonly CaseEvent[]) => events.filter((e) => e.type === 'reported');

describe('simulated case stream over the demo city', () => {
  let week: CaseEvent[];
  const weekEnd = cityDayStart(addDays(FIRST_DAY, 7));

  beforeAll(() => {
    city = demoCityGrids();
    week = stream().take(weekEnd);
  });

  it('is deterministic for a seed, however the reads are split', () => {
    const until = cityDayStart(FIRST_DAY) + DAY_MS / 2;
    const whole = stream().take(until);
    const pieces = stream();
    const split: CaseEvent[] = [];
    for (let t = cityDayStart(FIRST_DAY); t < until; ) {
      t = Math.min(until, t + 17 * 60_000);
      for (let chunk = pieces.take(t, 333); chunk.length > 0; chunk = pieces.take(t, 333)) split.push(...chunk);
    }
    // Compared as JSON: deep equality of tens of thousands of objects is slow to check.
    expect(whole.length).toBeGreaterThan(1000);
    expect(JSON.stringify(split)).toBe(JSON.stringify(whole));
    expect(JSON.stringify(whole)).toBe(JSON.stringify(week.filter((e) => Date.parse(e.at) <= until)));
    const other = stream({ seed: 8 }).take(until);
    expect(JSON.stringify(other.slice(0, 50))).not.toBe(JSON.stringify(whole.slice(0, 50)));
  });

  it('gives every case a valid lifecycle with unique, deterministic ids', () => {
    const cases = groupByCase(week);
    const invalid = [...cases].map(([id, events]) => [id, lifecycleProblems(events)] as const).filter(([, p]) => p.length > 0);
    expect(invalid.slice(0, 5)).toEqual([]);
    expect(new Set(week.map((e) => e.id)).size).toBe(week.length);
    const badIds: string[] = [];
    for (const [caseId, events] of cases) {
      const day = cityDay(Date.parse(events[0].at)).replaceAll('-', '');
      if (!/^C\d{14}$/.test(caseId) || caseId.slice(1, 9) !== day) badIds.push(caseId);
      events.forEach((e, i) => {
        if (e.id !== `e-${day}-${caseId.slice(9)}-${i + 1}`) badIds.push(e.id);
      });
    }
    expect(badIds.slice(0, 5)).toEqual([]);
  });

  it('places each report inside its grid', () => {
    const misplaced = reportedOf(week).filter((e) => city.codes[city.locate(e.lng as number, e.lat as number)] !== e.gridCode);
    expect(misplaced.slice(0, 3)).toEqual([]);
  });

  it('never emits an event after the instant asked for', () => {
    const live = stream({ from: weekEnd - 2 * HOUR_MS, liveStart: weekEnd - HOUR_MS, speed: 3 });
    const early: string[] = [];
    let taken = 0;
    for (let t = weekEnd - 2 * HOUR_MS; t <= weekEnd; t += 7 * 60_000) {
      const events = live.take(t);
      taken += events.length;
      early.push(...events.filter((e) => Date.parse(e.at) > t).map((e) => `${e.id} at ${e.at} asked ${t}`));
    }
    expect(taken).toBeGreaterThan(100);
    expect(early).toEqual([]);
  });

  it('has the sources, categories and daily rhythm of a city platform', () => {
    const reported = reportedOf(week);
    expect(reported.length).toBeGreaterThan(RATE * 7 * 0.9);
    expect(reported.length).toBeLessThan(RATE * 7 * 1.1);
    const share = (pick: (e: CaseEvent) => boolean) => reported.filter(pick).length / reported.length;
    expect(share((e) => e.source === 'inspector')).toBeCloseTo(0.45, 1);
    expect(share((e) => e.source === 'hotline')).toBeCloseTo(0.2, 1);
    expect(share((e) => e.source === 'video')).toBeCloseTo(0.15, 1);
    for (const source of SOURCES) expect(share((e) => e.source === source)).toBeGreaterThan(0.03);

    const majors = new Map<string, number>();
    for (const e of reported) {
      const major = MINOR_BY_CODE.get(e.category as string)?.major ?? '?';
      majors.set(major, (majors.get(major) ?? 0) + 1);
    }
    const ranked = [...majors].sort((a, b) => b[1] - a[1]).map(([m]) => m);
    expect(ranked.slice(0, 2).sort()).toEqual(['E.01', 'E.05']);
    const illegalFinance = share((e) => e.category?.startsWith('E.06.') === true);
    expect(illegalFinance).toBeGreaterThan(0);
    expect(illegalFinance).toBeLessThan(0.02);

    const hours = new Array<number>(24).fill(0);
    for (const e of reported) hours[cityHour(Date.parse(e.at))] += 1;
    expect(hours[3] * 8).toBeLessThan(hours[10]);
    expect(hours[3] * 8).toBeLessThan(hours[15]);
    expect(hours[12]).toBeLessThan(hours[10]);

    const perDay = new Map<string, number>();
    for (const e of reported) perDay.set(cityDay(Date.parse(e.at)), (perDay.get(cityDay(Date.parse(e.at))) ?? 0) + 1);
    // Saturday and Sunday are quieter: fewer inspectors and safety officers on patrol.
    expect(perDay.get(addDays(FIRST_DAY, 5)) as number).toBeLessThan((perDay.get(addDays(FIRST_DAY, 2)) as number) * 0.95);
  });

  it('is denser downtown than in the outer districts', () => {
    const [cx, cy] = city.center;
    const gridsOf = new Map<string, number>();
    const centreOf = new Map<string, [number, number, number]>();
    city.codes.forEach((code, i) => {
      const d = code.slice(0, 6);
      gridsOf.set(d, (gridsOf.get(d) ?? 0) + 1);
      const [x, y, n] = centreOf.get(d) ?? [0, 0, 0];
      centreOf.set(d, [x + city.lng[i], y + city.lat[i], n + 1]);
    });
    const byDistance = [...centreOf]
      .map(([d, [x, y, n]]) => ({ d, distance: Math.hypot(x / n - cx, y / n - cy) }))
      .sort((a, b) => a.distance - b.distance);
    const reportsOf = new Map<string, number>();
    for (const e of reportedOf(week)) reportsOf.set(e.gridCode!.slice(0, 6), (reportsOf.get(e.gridCode!.slice(0, 6)) ?? 0) + 1);
    const density = (districts: Array<{ d: string }>) =>
      districts.reduce((sum, { d }) => sum + (reportsOf.get(d) ?? 0), 0) / districts.reduce((sum, { d }) => sum + (gridsOf.get(d) ?? 0), 0);
    expect(density(byDistance.slice(0, 6))).toBeGreaterThan(5 * density(byDistance.slice(-12)));
  });

  it('registers most cases within minutes, finishes most before the deadline, some late, some reworked', () => {
    const calendar = new WorkCalendar(CITY_DAYS, DEFAULT_OFFICE_HOURS);
    const firstDays = [...groupByCase(week).values()].filter((events) => Date.parse(events[0].at) < cityDayStart(addDays(FIRST_DAY, 3)));
    const count = (pick: (events: CaseEvent[]) => boolean) => firstDays.filter(pick).length;
    const has = (events: CaseEvent[], type: string) => events.some((e) => e.type === type);
    expect(count((ev) => has(ev, 'cancelled')) / firstDays.length).toBeGreaterThan(0.02);
    expect(count((ev) => has(ev, 'cancelled')) / firstDays.length).toBeLessThan(0.08);
    const registered = firstDays.filter((ev) => has(ev, 'registered'));
    const minutesToRegister = registered.map((ev) => (Date.parse(ev[1].at) - Date.parse(ev[0].at)) / 60_000).sort((a, b) => a - b);
    expect(minutesToRegister[Math.floor(minutesToRegister.length / 2)]).toBeLessThan(10);
    expect(count((ev) => has(ev, 'closed')) / registered.length).toBeGreaterThan(0.9);
    const handled = registered.filter((ev) => has(ev, 'handled'));
    const late = handled.filter((ev) => {
      const deadline = deadlineAfter(MINOR_BY_CODE.get(ev[0].category as string)!.limit, Date.parse(ev[1].at), calendar);
      return Date.parse(ev.find((e) => e.type === 'handled')!.at) > deadline;
    });
    expect(late.length / handled.length).toBeGreaterThan(0.05);
    expect(late.length / handled.length).toBeLessThan(0.25);
    const reworked = handled.filter((ev) => has(ev, 'reworked')).length / handled.length;
    expect(reworked).toBeGreaterThan(0.02);
    expect(reworked).toBeLessThan(0.1);
  });

  it('returns, extends, suspends and urges some cases, and names the inspectors and safety officers who report', () => {
    const cases = [...groupByCase(week).values()];
    const registered = cases.filter((ev) => ev.some((e) => e.type === 'registered'));
    const share = (type: string) => registered.filter((ev) => ev.some((e) => e.type === type)).length / registered.length;
    expect(share('returned')).toBeGreaterThan(0.01);
    expect(share('returned')).toBeLessThan(0.04);
    for (const type of ['extended', 'suspended']) {
      expect(share(type), type).toBeGreaterThan(0);
      expect(share(type), type).toBeLessThan(0.01);
    }
    expect(share('urged')).toBeGreaterThan(0.03);
    expect(share('urged')).toBeLessThan(0.1);
    const reports = cases.map((ev) => ev[0]);
    const named = (source: string) => reports.filter((r) => r.source === source).every((r) => r.reporter !== undefined);
    expect(named('inspector') && named('safety-officer')).toBe(true);
    expect(reports.filter((r) => r.source === 'hotline').some((r) => r.reporter !== undefined)).toBe(false);
    const inspectors = new Set(reports.filter((r) => r.source === 'inspector').map((r) => r.reporter));
    expect(inspectors.size).toBeGreaterThan(100);
  });

  it('adds independent layers of cases when the live feed runs faster, leaving the city itself unchanged', () => {
    const liveStart = cityDayStart(FIRST_DAY) + 9 * HOUR_MS;
    const until = liveStart + 3 * HOUR_MS;
    const real = reportedOf(stream({ liveStart }).take(until));
    const fast = reportedOf(stream({ liveStart, speed: 3 }).take(until));
    const fastBase = fast.filter((e) => e.caseId.length === 15);
    expect(fastBase).toEqual(real);
    const extra = fast.filter((e) => e.caseId.length === 16);
    expect(extra.every((e) => Date.parse(e.at) >= liveStart)).toBe(true);
    expect(new Set(extra.map((e) => e.caseId[9]))).toEqual(new Set(['1', '2']));
    const liveReal = real.filter((e) => Date.parse(e.at) >= liveStart).length;
    expect(extra.length).toBeGreaterThan(liveReal * 1.6);
    expect(extra.length).toBeLessThan(liveReal * 2.4);
  });
});
