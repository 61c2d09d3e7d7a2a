import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertRows } from '../../../mock/importers/convert';
import { FORMATS } from '../../../mock/importers/formats';
import { defaultMappingPath, FormatMapping, loadMapping } from '../../../mock/importers/mapping';

const HEADER = 'srnumber,requesttype,status,createddate,updateddate,closeddate,requestsource,cd,latitude,longitude,address';
const CSV = [
  HEADER,
  '1-1,Graffiti Removal,Closed,1/2/20 9:00,1/3/20 10:00,1/3/20 10:00,Call,1,34.1,-118.3,"1 MAIN ST, 90001"',
  '1-2,Bulky Items,Open,1/2/20 9:05,,,Mobile App,2,34.2,-118.4,',
  '1-1,Graffiti Removal,Closed,1/2/20 9:00,1/3/20 10:00,1/3/20 10:00,Call,1,34.1,-118.3,',
  '1-3,Bulky Items,Closed,1/32/20 9:00,,,Call,3,34.1,-118.3,',
  '1-4,Bulky Items,Closed,1/5/20 9:00,1/4/20 9:00,1/4/20 9:00,Call,3,34.1,-118.3,',
  '1-5,Space Debris,Open,1/5/20 9:00,,,Call,3,34.1,-118.3,',
  '1-6,Bulky Items,Cancelled,1/5/20 9:00,1/6/20 9:00,1/6/20 9:00,Letter,3,,,',
  '1-7,Bulky Items,Closed,1/5/20 9:00,1/7/20 11:30,,Driver Self Report,3,34.1,-118.3,',
  '1-8,Illegal Dumping Pickup,Referred Out,1/5/20 9:00,1/5/20 9:30,1/5/20 9:30,Self Service,4,34.1,-118.3,',
].join('\r\n');

const strict = () => new FormatMapping({ ...loadMapping(defaultMappingPath('la311')).file, defaultCategory: null });

describe('judging source rows', () => {
  it('rejects each dirty row with its line and every reason, and keeps the rest', () => {
    const { cases, rejected, warnings } = convertRows(FORMATS.la311.read(CSV), FORMATS.la311, strict());
    expect(rejected).toEqual([
      { line: 4, id: '1-1', reason: 'duplicate id 1-1 (first on line 2)' },
      { line: 5, id: '1-3', reason: 'unparseable creation time "1/32/20 9:00"' },
      { line: 6, id: '1-4', reason: 'closed before created (1/4/20 9:00 < 1/5/20 9:00)' },
      { line: 7, id: '1-5', reason: 'unknown type "Space Debris" and the mapping has no defaultCategory' },
      { line: 8, id: '1-6', reason: 'no coordinates' },
    ]);
    expect(warnings).toEqual([]);
    expect(cases.map((c) => [c.line, c.outcome, c.category, c.source])).toEqual([
      [2, 'closed', 'E.02.02', 'hotline'],
      [3, 'open', 'E.01.02', 'app'],
      [9, 'closed', 'E.01.02', 'inspector'],
      [10, 'cancelled', 'E.01.01', 'app'],
    ]);
    // A closed row without closeddate was closed when it was last updated.
    expect(new Date(cases[2].endedAt as number).toISOString()).toBe('2020-01-07T19:30:00.000Z');
    expect(cases[0].description).toBe('Graffiti Removal — 1 MAIN ST, 90001');
  });

  it('gives unmapped types the default category of the shipped mapping', () => {
    const { cases } = convertRows(FORMATS.la311.read(CSV), FORMATS.la311, loadMapping(defaultMappingPath('la311')));
    expect(cases.find((c) => c.sourceId === '1-5')?.category).toBe('E.01.01');
  });

  it('imports a closed row without any closing time as open, with a warning', () => {
    const csv = `${HEADER}\n2-1,Bulky Items,Closed,1/5/20 9:00,,,Call,3,34.1,-118.3,`;
    const { cases, warnings } = convertRows(FORMATS.la311.read(csv), FORMATS.la311, strict());
    expect(cases.map((c) => c.outcome)).toEqual(['open']);
    expect(warnings).toEqual([{ line: 2, id: '2-1', reason: 'status "Closed" without a closing time: imported as open' }]);
  });

  it('refuses a mapping that names a category the catalogue does not have, or has the wrong shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onescreen-mapping-'));
    const file = join(dir, 'mapping.json');
    const shipped = loadMapping(defaultMappingPath('la311')).file;
    writeFileSync(file, JSON.stringify({ ...shipped, categories: { ...shipped.categories, 'Bulky Items': 'E.01.99' } }));
    expect(() => loadMapping(file)).toThrow(/unknown category codes: "Bulky Items" → E\.01\.99/);
    writeFileSync(file, JSON.stringify({ ...shipped, defaultSource: 'pigeon' }));
    expect(() => loadMapping(file)).toThrow(/mapping .*\/defaultSource/);
    expect(() => loadMapping(join(dir, 'missing.json'))).toThrow(/cannot read the mapping/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a file that is not in the format named', () => {
    expect(() => FORMATS.la311.read('Unique Key,Created Date\n1,06/26/2018 10:58:54 AM\n')).toThrow(/lacks the columns srnumber, .*right --format/);
    expect(() => FORMATS.open311.read('{"service_request_id": 1}')).toThrow(/expected a JSON array/);
    expect(() => FORMATS.open311.read('[{"service_request_id": 1,')).toThrow(/not a GeoReport v2 JSON document/);
  });
});
