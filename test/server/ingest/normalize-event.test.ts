import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../contract';
import { blankRecord, type CaseEventRecord } from '../../../server/core/case-event-record';
import { gridOfEvent } from '../../../server/core/event-check';
import { normalizeEvent } from '../../../server/ingest/normalize-event';
import { EventRejection } from '../../../server/ingest/reject-reason';
import { recordContent } from '../../../server/log/record-content';
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

  it('places a report where the core places it, and refuses what the core could not place', () => {
    const { a1, b1 } = sampleGrids();
    const [lngA, latA] = city.centerOf(a1) ?? [0, 0];
    const [lngB, latB] = city.centerOf(b1) ?? [0, 0];
    const places: Array<[Partial<CaseEvent>, string | undefined]> = [
      [{ gridCode: a1 }, a1],
      [{ lng: lngB, lat: latB }, b1],
      // The code decides; the point says where in it, and is kept as sent.
      [{ gridCode: a1, lng: lngB, lat: latB }, a1],
      [{ gridCode: '999999999999999' }, undefined],
      [{ gridCode: '999999999999999', lng: lngA, lat: latA }, undefined],
      [{ lng: 0, lat: 0 }, undefined],
      [{}, undefined],
    ];
    for (const [where, grid] of places) {
      const record = normalizeEvent(reported(where), city, now);
      // As the core meets a report from the log or the shared stream: no resolved index.
      const core = gridOfEvent(city, { ...blankRecord(), gridCode: where.gridCode, lng: where.lng, lat: where.lat });
      if (grid === undefined) {
        expect(record, JSON.stringify(where)).toBeInstanceOf(EventRejection);
        expect(core, JSON.stringify(where)).toBeUndefined();
        continue;
      }
      expect((record as CaseEventRecord).gridCode, JSON.stringify(where)).toBe(grid);
      expect(core, JSON.stringify(where)).toBe(city.gridIndex(grid));
      if (where.lng !== undefined) expect([(record as CaseEventRecord).lng, (record as CaseEventRecord).lat]).toEqual([where.lng, where.lat]);
    }
  });
});
