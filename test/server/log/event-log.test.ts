import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { blankRecord, type CaseEventRecord } from '../../../server/core/case-event-record';
import { EventLog } from '../../../server/log/event-log';
import { readLog, readRecord } from '../../../server/log/log-reader';
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
  it('stores records, refuses a second copy of an id, and reads them back by id and in order, page by page', async () => {
    const dir = tempDir();
    const log = new EventLog(dir);
    expect(log.transaction(() => [log.insert(reported, 5), log.insert(dispatched, 6)])).toEqual([true, true]);
    expect(log.insert({ ...reported, caseId: 'other' }, 7)).toBe(false);
    expect(log.recordOf('e-1')).toEqual(reported);
    expect(log.recordOf('e-2')).toEqual(expect.objectContaining(dispatched));
    expect(log.recordOf('e-9')).toBeUndefined();
    expect(log.count()).toBe(2);
    log.close();

    const reopened = new EventLog(dir);
    const pages: CaseEventRecord[][] = [];
    for await (const page of readLog(reopened.file, reopened.count(), 1)) {
      pages.push(Array.from({ length: page.count }, (_, i) => ({ ...readRecord(page, i, { id: 'x', caseId: '', type: 'closed', at: 0 }) })));
    }
    // Read back without ids: the replay never needs them.
    expect(pages).toEqual([[{ ...reported, id: '' }], [expect.objectContaining({ ...dispatched, id: '' })]]);
    expect(pages[1][0].category).toBeUndefined();
    expect(pages[1][0].lng).toBeUndefined();
    expect(reopened.sizeBytes()).toBeGreaterThan(0);
    reopened.close();
  });

  it('reads the log in insertion order with several readers taking pages in turn', async () => {
    const log = new EventLog(tempDir());
    const caseIds = Array.from({ length: 23 }, (_, i) => `C${(i * 7) % 23}`);
    log.transaction(() => caseIds.forEach((caseId, i) => log.insert({ ...dispatched, id: `e${i}`, caseId }, i)));
    for (const readers of [1, 2, 3]) {
      const read: string[] = [];
      for await (const page of readLog(log.file, log.count(), 4, readers)) read.push(...page.caseId);
      expect(read, `${readers} readers`).toEqual(caseIds);
    }
    log.close();
  });

  it('stops the read at a row it cannot understand, naming it', async () => {
    const log = new EventLog(tempDir());
    log.insert(reported, 1);
    log.insert({ ...dispatched, type: 'escalated' as CaseEventRecord['type'] }, 2);
    const read = async () => {
      for await (const _page of readLog(log.file, log.count())) continue;
    };
    await expect(read()).rejects.toThrow('event log row 2 has an unknown type "escalated"');
    log.close();
  });

  it('keeps the log in WAL mode, where a staged commit is readable before it is synced', async () => {
    const log = new EventLog(tempDir());
    log.stage(() => log.insert(reported, 5));
    const reader = new Database(log.file, { readonly: true });
    expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reader.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
    await log.synced();
    await Promise.all([log.synced(), log.synced()]);
    reader.close();
    log.close();
  });

  it('stores nothing of a transaction that fails', () => {
    const log = new EventLog(tempDir());
    expect(() =>
      log.transaction(() => {
        log.insert(reported, 1);
        throw new Error('disk on fire');
      }),
    ).toThrow('disk on fire');
    expect(log.count()).toBe(0);
    expect(log.recordOf('e-1')).toBeUndefined();
    log.close();
  });
});

describe('EventLog format 1', () => {
  it('is upgraded in place: the events it holds stay, the copy of each event as sent is dropped', () => {
    const dir = tempDir();
    const old = new Database(join(dir, 'events.sqlite'));
    old.pragma('journal_mode = WAL');
    old.exec(`CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, case_id TEXT NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL,
      category TEXT, source TEXT, grid_code TEXT, lng REAL, lat REAL, description TEXT, deadline INTEGER, department TEXT,
      received_at INTEGER NOT NULL, body TEXT NOT NULL)`);
    old.prepare(`INSERT INTO events (id, case_id, type, at, category, source, grid_code, lng, lat, description, received_at, body)
      VALUES ('e-1', 'C1', 'reported', ?, 'E.05.02', 'app', '500103001001001', 106.57, 29.55, '占道经营', 5, '{"id":"e-1"}')`).run(reported.at);
    old.pragma('user_version = 1');
    old.close();

    const notices: string[] = [];
    const log = new EventLog(dir, (message) => notices.push(message));
    expect(notices).toEqual([expect.stringContaining('upgrading the event log')]);
    expect(log.recordOf('e-1')).toEqual(reported);
    expect(log.insert(dispatched, 6)).toBe(true);
    expect(log.recordsAfter(0).map((r) => r.id)).toEqual(['e-1', 'e-2']);
    log.close();
    const upgraded = new Database(join(dir, 'events.sqlite'), { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(3);
    expect(upgraded.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('events')).not.toContain('body');
    upgraded.close();
    const reopened: string[] = [];
    new EventLog(dir, (message) => reopened.push(message)).close();
    expect(reopened).toEqual([]);
  });

  it('refuses a log of a format it does not know, naming the versions it reads', () => {
    const dir = tempDir();
    const newer = new Database(join(dir, 'events.sqlite'));
    newer.pragma('user_version = 7');
    newer.close();
    expect(() => new EventLog(dir)).toThrow('format version 7 is not supported (this server reads versions 1 to 3)');
  });
});

describe('EventLog format 2', () => {
  it('gains the reporter, note and author columns in place, its events kept', () => {
    const dir = tempDir();
    const old = new Database(join(dir, 'events.sqlite'));
    old.pragma('journal_mode = WAL');
    old.exec(`CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, case_id TEXT NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL,
      category TEXT, source TEXT, grid_code TEXT, lng REAL, lat REAL, description TEXT, deadline INTEGER, department TEXT,
      received_at INTEGER NOT NULL)`);
    old.prepare(`INSERT INTO events (id, case_id, type, at, category, source, grid_code, lng, lat, description, received_at)
      VALUES ('e-1', 'C1', 'reported', ?, 'E.05.02', 'app', '500103001001001', 106.57, 29.55, '占道经营', 5)`).run(reported.at);
    old.pragma('user_version = 2');
    old.close();

    const log = new EventLog(dir);
    expect(log.recordOf('e-1')).toEqual(reported);
    const urged = { ...blankRecord(), id: 'e-3', caseId: 'C1', type: 'urged' as const, at: reported.at + 60_000, note: '请加快', by: '指挥中心' };
    expect(log.insert(urged, 7)).toBe(true);
    expect(log.recordOf('e-3')).toEqual(urged);
    log.close();
    const upgraded = new Database(join(dir, 'events.sqlite'), { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(3);
    expect(upgraded.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('events')).toEqual(expect.arrayContaining(['reporter', 'note', 'urged_by']));
    upgraded.close();
  });
});
