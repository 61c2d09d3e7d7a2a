import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './fixtures';
import { plainCsv } from './plain-csv';

/** The rows of PROVENANCE.md's first table: file, rows, sha256. */
function recorded(): Array<{ file: string; rows: number; sha256: string }> {
  const text = readFileSync(resolve(FIXTURES, 'PROVENANCE.md'), 'utf8');
  return [...text.matchAll(/^\| (\S+) \| (\d+) \| ([0-9a-f]{64}) \|$/gm)].map((m) => ({ file: m[1], rows: Number(m[2]), sha256: m[3] }));
}

/** Records in a fixture: CSV rows past the header, or Open311 requests (one example is not valid JSON). */
function rowsOf(file: string, text: string): number {
  return file.endsWith('.csv') ? plainCsv(text).length : text.match(/"service_request_id"/g)?.length ?? 0;
}

describe('the real-data fixtures', () => {
  it('are the files their provenance lists, with its row counts and checksums', () => {
    const table = recorded();
    const present = readdirSync(FIXTURES).filter((f) => f !== 'PROVENANCE.md').sort();
    expect(table.map((r) => r.file).sort()).toEqual(present);
    for (const { file, rows, sha256 } of table) {
      const bytes = readFileSync(resolve(FIXTURES, file));
      expect(createHash('sha256').update(bytes).digest('hex'), file).toBe(sha256);
      expect(rowsOf(file, bytes.toString('utf8')), file).toBe(rows);
    }
  });
});
