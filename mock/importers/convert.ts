import type { Source } from '../../contract';
import type { FormatMapping, Outcome } from './mapping';
import type { SourceFormat, SourceRow } from './source-row';

/** A row that became a case, in source terms (times as instants, place as given). */
export interface ImportedCase {
  line: number;
  sourceId: string;
  createdAt: number;
  /** When it was closed or cancelled; undefined while open. */
  endedAt?: number;
  outcome: Outcome;
  category: string;
  source: Source;
  district: string;
  lng: number;
  lat: number;
  description: string;
}

/** A row that could not become a case, or a case imported with a caveat. */
export interface RowProblem {
  line: number;
  id: string;
  reason: string;
}

export interface Conversion {
  cases: ImportedCase[];
  /** Rows not imported, with every reason found. */
  rejected: RowProblem[];
  /** Rows imported with a caveat (e.g. closed without a closing time: imported as open). */
  warnings: RowProblem[];
}

/**
 * Judges each row: a unique id, a readable creation time, a closing time (when present)
 * that is readable and not before creation, coordinates and a category. Nothing is
 * dropped silently: each row ends up a case or a rejection with its reasons.
 */
export function convertRows(rows: readonly SourceRow[], format: SourceFormat, mapping: FormatMapping, zone = format.zone): Conversion {
  const out: Conversion = { cases: [], rejected: [], warnings: [] };
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const reasons: string[] = [];
    const seen = firstLine.get(row.id);
    if (!row.id) reasons.push('no id');
    else if (seen !== undefined) reasons.push(`duplicate id ${row.id} (first on line ${seen})`);
    else firstLine.set(row.id, row.line);

    const createdAt = row.created ? format.parseTime(row.created, zone) : undefined;
    if (!row.created) reasons.push('no creation time');
    else if (createdAt === undefined) reasons.push(`unparseable creation time "${row.created}"`);
    const closedAt = row.closed ? format.parseTime(row.closed, zone) : undefined;
    if (row.closed && closedAt === undefined) reasons.push(`unparseable closing time "${row.closed}"`);
    if (createdAt !== undefined && closedAt !== undefined && closedAt < createdAt) {
      reasons.push(`closed before created (${row.closed} < ${row.created})`);
    }
    if (row.lng === undefined || row.lat === undefined) reasons.push('no coordinates');
    const category = mapping.category(row.typeKeys);
    if (!category) reasons.push(`unknown type "${row.typeKeys.at(-1) ?? ''}" and the mapping has no defaultCategory`);

    if (reasons.length > 0 || createdAt === undefined || category === undefined || row.lng === undefined || row.lat === undefined) {
      out.rejected.push({ line: row.line, id: row.id, reason: reasons.join('; ') });
      continue;
    }
    let outcome = mapping.outcome(row.status, row.notes);
    if (outcome !== 'open' && closedAt === undefined) {
      out.warnings.push({ line: row.line, id: row.id, reason: `status "${row.status}" without a closing time: imported as open` });
      outcome = 'open';
    }
    out.cases.push({
      line: row.line,
      sourceId: row.id,
      createdAt,
      endedAt: outcome === 'open' ? undefined : closedAt,
      outcome,
      category,
      source: mapping.source(row.channel),
      district: row.district,
      lng: row.lng,
      lat: row.lat,
      description: row.description.slice(0, 2000),
    });
  }
  return out;
}
