import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, ImportRefused, type ImportOptions } from '../../../mock/importers/import-file';
import { addDays, cityDay } from '../../../mock/shared/city-time';
import { freePort } from '../../lib/free-port';
import { INGEST_TOKEN, removeDataDirs, startServer, type MockServer } from '../mock-harness';
import { FIXTURES } from './fixtures';
import { plainCsv } from './plain-csv';

const FILE = resolve(FIXTURES, 'la311_2020-01-01_03.csv');
const DAY_MS = 86_400_000;

let server: MockServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
  removeDataDirs();
});

const options = (rebaseTo?: string): ImportOptions => ({
  format: 'la311',
  file: FILE,
  target: server.url,
  token: INGEST_TOKEN,
  rebaseTo,
  statusEverySeconds: 0,
  log: () => undefined,
});

/**
 * Cases per city day straight from the CSV: rows with coordinates and a valid creation time,
 * LA local time (all of it January, so PST, UTC−8) moved to +08:00 and shifted by whole days.
 */
function reportedPerDayFromCsv(rebaseTo: string): Map<string, number> {
  const rows = plainCsv(readFileSync(FILE, 'utf8')).map((r) => r.fields);
  const valid = rows.filter((f) => f.latitude !== '' && f.longitude !== '' && /^1\/[1-3]\/20 \d{1,2}:\d{2}$/.test(f.createddate));
  const cityMs = valid.map((f) => {
    const [, day, clock] = /^1\/(\d)\/20 (.*)$/.exec(f.createddate) as RegExpExecArray;
    const [h, m] = clock.split(':').map(Number);
    return Date.UTC(2020, 0, Number(day), h + 8 + 8, m);
  });
  const firstDay = new Date(Math.min(...cityMs)).toISOString().slice(0, 10);
  const shift = Math.round((Date.parse(rebaseTo) - Date.parse(firstDay)) / DAY_MS) * DAY_MS;
  const perDay = new Map<string, number>();
  for (const ms of cityMs) {
    const day = new Date(ms + shift).toISOString().slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return perDay;
}

describe('importing the LA fixture into the real server', () => {
  it('refuses up front, and says why, data older than the retention window', async () => {
    const offline = { ...options(), target: `http://127.0.0.1:${await freePort()}` };
    const attempt = importFile(offline);
    await expect(attempt).rejects.toThrow(ImportRefused);
    await expect(attempt).rejects.toThrow(/rows from 2020-01-01 on are older than the retention window .*use --rebase-to/i);
  });

  it('rebased, the per-day reported totals are exactly the CSV counts; closings not yet due are held', async () => {
    const rebaseTo = addDays(cityDay(Date.now()), -10);
    const report = await importFile(options(rebaseTo));
    const expected = reportedPerDayFromCsv(rebaseTo);
    expect([...expected.values()].reduce((a, b) => a + b, 0)).toBe(report.cases);
    expect(report.rejectedRows).toHaveLength(10_000 - report.cases);
    for (const [day, reported] of expected) {
      expect({ day, reported: (await server.summary('city', day)).reported }).toEqual({ day, reported });
    }
    expect(expected.has(rebaseTo)).toBe(true);
    expect((await server.summary('city', addDays(rebaseTo, -1))).reported).toBe(0);

    expect(report.sender).toMatchObject({ accepted: report.eventsProduced - report.held, rejected: 0, refused: 0, buffered: 0 });
    expect(report.held).toBeGreaterThan(0);
    expect(report.serverRejected).toEqual([]);

    // Importing the same file again sends only duplicates.
    const again = await importFile(options(rebaseTo));
    expect(again.sender).toMatchObject({ accepted: 0, duplicates: report.eventsProduced - report.held });
  }, 180_000);
});
