import { afterAll, describe, expect, it } from 'vitest';
import type { CaseEventRecord } from '../../../server/core/case-event-record';
import { EventLog } from '../../../server/log/event-log';
import { removeTempDirs, tempDir } from '../lib/harness';

afterAll(removeTempDirs);

const reported: CaseEventRecord = {
  id: 'e-1',
  caseId: 'C1',
  type: 'reported',
  at: Date.UTC(2026, 10, 28, 1),
  category: 'E.05.02',
  source: 'app',
  gridCode: '500103001001001',
  lng: 106.57,
  lat: 29.55,
  description: '占道经营',
};
const dispatched: CaseEventRecord = { id: 'e-2', caseId: 'C1', type: 'dispatched', at: Date.UTC(2026, 10, 28, 2), department: '环卫处' };

describe('EventLog', () => {
  it('stores records with their body, refuses a second copy of an id, and reads them back in order', () => {
    const dir = tempDir();
    const log = new EventLog(dir);
    expect(log.transaction(() => [log.insert(reported, '{"a":1}', 5), log.insert(dispatched, '{"b":2}', 6)])).toEqual([true, true]);
    expect(log.insert({ ...reported, caseId: 'other' }, '{"c":3}', 7)).toBe(false);
    expect(log.bodyOf('e-1')).toBe('{"a":1}');
    expect(log.bodyOf('e-9')).toBeUndefined();
    expect(log.count()).toBe(2);
    log.close();

    const reopened = new EventLog(dir);
    const first: CaseEventRecord[] = [];
    const second: CaseEventRecord[] = [];
    const afterFirst = reopened.readPage(0, 1, (r) => first.push(r));
    const afterSecond = reopened.readPage(afterFirst, 1, (r) => second.push(r));
    expect(reopened.readPage(afterSecond, 1, () => undefined)).toBe(afterSecond);
    expect(first).toEqual([reported]);
    expect(second).toEqual([expect.objectContaining(dispatched)]);
    expect(second[0].category).toBeUndefined();
    expect(reopened.sizeBytes()).toBeGreaterThan(0);
    reopened.close();
  });

  it('stores nothing of a transaction that fails', () => {
    const log = new EventLog(tempDir());
    expect(() =>
      log.transaction(() => {
        log.insert(reported, '{}', 1);
        throw new Error('disk on fire');
      }),
    ).toThrow('disk on fire');
    expect(log.count()).toBe(0);
    expect(log.bodyOf('e-1')).toBeUndefined();
    log.close();
  });
});
