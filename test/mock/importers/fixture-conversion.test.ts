import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertRows, type Conversion } from '../../../mock/importers/convert';
import { FORMATS } from '../../../mock/importers/formats';
import { defaultMappingPath, loadMapping } from '../../../mock/importers/mapping';
import type { FormatName } from '../../../mock/importers/source-row';
import { FIXTURES } from './fixtures';
import { plainCsv } from './plain-csv';


function convert(format: FormatName, file: string): Conversion {
  const text = readFileSync(resolve(FIXTURES, file), 'utf8');
  return convertRows(FORMATS[format].read(text), FORMATS[format], loadMapping(defaultMappingPath(format)));
}

/** Wall-clock instants (as if UTC) of each format's time text; undefined when not a valid time. */
const wallClock = {
  la: (text: string) => stamp(/^(\d{1,2})\/(\d{1,2})\/(\d{2}) (\d{1,2}):(\d{2})$/.exec(text), (m) => [2000 + +m[3], +m[1], +m[2], +m[4], +m[5], 0]),
  sf: (text: string) => stamp(/^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\+00:00$/.exec(text), (m) => [+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]]),
  nyc: (text: string) =>
    stamp(/^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(text), (m) => [+m[3], +m[1], +m[2], (+m[4] % 12) + (m[7] === 'PM' ? 12 : 0), +m[5], +m[6]]),
};

function stamp(match: RegExpExecArray | null, parts: (m: RegExpExecArray) => number[]): number | undefined {
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = parts(match);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  const valid = back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  return valid ? ms : undefined;
}

const hasCoordinates = (lat: string, lng: string) =>
  lat.trim() !== '' && lng.trim() !== '' && Number.isFinite(+lat) && Number.isFinite(+lng) && !(+lat === 0 && +lng === 0);

/** Lines of the rows a careful reader would turn away: no coordinates, bad times, closed before created, repeated id. */
function expectedRejections(
  rows: Array<{ line: number; fields: Record<string, string> }>,
  pick: (f: Record<string, string>) => { id: string; lat: string; lng: string; created: string; closed: string },
  time: (text: string) => number | undefined,
): Set<number> {
  const seen = new Set<string>();
  const rejected = new Set<number>();
  for (const { line, fields } of rows) {
    const r = pick(fields);
    const created = time(r.created);
    const closed = r.closed === '' ? undefined : time(r.closed);
    const ok =
      !seen.has(r.id) &&
      hasCoordinates(r.lat, r.lng) &&
      created !== undefined &&
      (r.closed === '' || (closed !== undefined && closed >= created));
    seen.add(r.id);
    if (!ok) rejected.add(line);
  }
  return rejected;
}

function expectSameRejections(conversion: Conversion, rows: number, rejected: Set<number>): void {
  expect(conversion.cases.length + conversion.rejected.length).toBe(rows);
  expect(conversion.rejected.length).toBe(rejected.size);
  expect(conversion.cases.length).toBe(rows - rejected.size);
  expect(new Set(conversion.rejected.map((p) => p.line))).toEqual(rejected);
  expect(conversion.rejected.every((p) => p.reason.length > 0)).toBe(true);
}

describe('converting the real fixtures', () => {
  it('LA 311: every row with coordinates and valid times becomes a case, the rest are listed by line', () => {
    const rows = plainCsv(readFileSync(resolve(FIXTURES, 'la311_2020-01-01_03.csv'), 'utf8'));
    expect(rows).toHaveLength(10_000);
    const pick = (f: Record<string, string>) => ({
      id: f.srnumber,
      lat: f.latitude,
      lng: f.longitude,
      created: f.createddate,
      // A closed row without closeddate was closed when last updated.
      closed: f.closeddate || (f.status === 'Closed' ? f.updateddate : ''),
    });
    const rejected = expectedRejections(rows, pick, wallClock.la);
    const conversion = convert('la311', 'la311_2020-01-01_03.csv');
    expectSameRejections(conversion, rows.length, rejected);
    expect(conversion.rejected.map((p) => p.reason)).toContain('no coordinates');

    const kept = rows.filter((r) => !rejected.has(r.line)).map((r) => r.fields.status);
    const outcome = (o: string) => conversion.cases.filter((c) => c.outcome === o).length;
    expect(outcome('cancelled')).toBe(kept.filter((s) => s === 'Cancelled' || s === 'Referred Out').length);
    expect(outcome('closed')).toBe(kept.filter((s) => s === 'Closed').length);
    expect(outcome('open')).toBe(kept.filter((s) => s === 'Open' || s === 'Pending').length);
    expect(conversion.cases.filter((c) => c.source === 'hotline').length).toBeGreaterThan(4000);
  });

  it('SF 311: 0,0 placeholders count as no coordinates, and "+00:00" times are Pacific local', () => {
    const rows = plainCsv(readFileSync(resolve(FIXTURES, 'sf311_10000.csv'), 'utf8'));
    expect(rows).toHaveLength(10_000);
    const pick = (f: Record<string, string>) => ({ id: f.unique_key, lat: f.latitude, lng: f.longitude, created: f.created_date, closed: f.closed_date });
    const rejected = expectedRejections(rows, pick, wallClock.sf);
    const conversion = convert('sf311', 'sf311_10000.csv');
    expectSameRejections(conversion, rows.length, rejected);
    expect(conversion.rejected.some((p) => p.reason.startsWith('closed before created'))).toBe(true);

    const cancelled = rows.filter((r) => !rejected.has(r.line) && r.fields.status === 'Closed' && /duplicate|dupe|cancel|invalid/i.test(r.fields.status_notes));
    expect(conversion.cases.filter((c) => c.outcome === 'cancelled').length).toBe(cancelled.length);
  });

  it('NYC 311: 12-hour New York times, rows without coordinates listed', () => {
    const rows = plainCsv(readFileSync(resolve(FIXTURES, 'nyc311_1000.csv'), 'utf8'));
    expect(rows).toHaveLength(1000);
    const pick = (f: Record<string, string>) => ({ id: f['Unique Key'], lat: f.Latitude, lng: f.Longitude, created: f['Created Date'], closed: f['Closed Date'] });
    const rejected = expectedRejections(rows, pick, wallClock.nyc);
    expectSameRejections(convert('nyc311', 'nyc311_1000.csv'), rows.length, rejected);
  });

  it('Open311: reads the spec example despite its invalid JSON, duplicates become cancellations', () => {
    const conversion = convert('open311', 'open311_example.json');
    expect(conversion.rejected).toEqual([]);
    expect(conversion.cases.map((c) => [c.line, c.sourceId, c.outcome, c.category])).toEqual([
      [2, '638344', 'cancelled', 'C.02.05'],
      [21, '638349', 'open', 'C.02.05'],
    ]);
    expect(new Date(conversion.cases[0].createdAt).toISOString()).toBe('2010-04-14T14:37:38.000Z');
    expect(convert('open311', 'open311_example.strict.json').cases.map((c) => c.sourceId)).toEqual(['638344', '638349']);
  });
});

describe('source times', () => {
  it('attach the source city zone, daylight saving included', () => {
    const utc = (format: FormatName, text: string) => new Date(FORMATS[format].parseTime(text, FORMATS[format].zone) as number).toISOString();
    expect(utc('la311', '1/1/20 0:05')).toBe('2020-01-01T08:05:00.000Z');
    expect(utc('la311', '7/4/20 12:30')).toBe('2020-07-04T19:30:00.000Z');
    expect(utc('sf311', '2016-07-13 15:11:07+00:00')).toBe('2016-07-13T22:11:07.000Z');
    expect(utc('nyc311', '06/26/2018 10:58:54 AM')).toBe('2018-06-26T14:58:54.000Z');
    expect(utc('nyc311', '12/01/2018 12:05:00 AM')).toBe('2018-12-01T05:05:00.000Z');
    expect(FORMATS.la311.parseTime('13/45/20 9:00', 'America/Los_Angeles')).toBeUndefined();
    expect(FORMATS.la311.parseTime('2/30/20 9:00', 'America/Los_Angeles')).toBeUndefined();
    expect(FORMATS.nyc311.parseTime('06/26/2018 13:58:54 PM', 'America/New_York')).toBeUndefined();
    expect(FORMATS.nyc311.parseTime('2018-06-26', 'America/New_York')).toBeUndefined();
  });
});
