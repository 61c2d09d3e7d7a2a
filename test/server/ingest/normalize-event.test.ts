import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../contract';
import type { CaseEventRecord } from '../../../server/core/case-event-record';
import { gridOfEvent } from '../../../server/core/event-check';
import { normalizeEvent } from '../../../server/ingest/normalize-event';
import { recordContent } from '../../../server/ingest/record-content';
import { demoCity, sampleGrids } from '../lib/harness';

const city = demoCity();
const now = Date.parse('2026-11-28T10:00:00+08:00');
const reported = (place: Partial<CaseEvent>): CaseEvent =>
  ({ id: 'e1', caseId: 'C1', type: 'reported', at: '2026-11-28T09:00:00+08:00', category: 'E.05.02', source: 'app', ...place }) as CaseEvent;

describe('normalizeEvent', () => {
  it('resolves a report’s grid to its index, from a grid code or from a point, without it becoming part of what the event says', () => {
    const { a1: grid } = sampleGrids();
    const index = city.gridIndex(grid);
    const byCode = normalizeEvent(reported({ gridCode: grid }), city, now) as CaseEventRecord;
    expect(byCode.grid).toBe(index);
    expect(byCode.gridCode).toBe(grid);
    expect([byCode.lng, byCode.lat]).toEqual(city.centerOf(grid));

    const [lng, lat] = city.centerOf(grid) ?? [0, 0];
    const byPoint = normalizeEvent(reported({ lng, lat }), city, now) as CaseEventRecord;
    expect(byPoint.grid).toBe(index);
    expect(byPoint.gridCode).toBe(grid);
    // The same event as the log gives it back (no index) is a duplicate, not a conflict.
    expect(recordContent({ ...byCode, grid: undefined })).toBe(recordContent(byCode));
  });

  it('lets the core take the resolved index instead of looking the code up', () => {
    const { a1, b1 } = sampleGrids();
    const record = normalizeEvent(reported({ gridCode: a1 }), city, now) as CaseEventRecord;
    expect(gridOfEvent(city, record)).toBe(city.gridIndex(a1));
    expect(gridOfEvent(city, { ...record, grid: undefined })).toBe(city.gridIndex(a1));
    // The index wins: it is what the ingest resolved, the code is only carried for the log.
    expect(gridOfEvent(city, { ...record, grid: city.gridIndex(b1) })).toBe(city.gridIndex(b1));
  });
});
