import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';

export const FORMAT_NAMES = ['la311', 'sf311', 'nyc311', 'open311'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** One record of a source file, before any judgement of its content. */
export interface SourceRow {
  /** 1-based line of the file where the record starts. */
  line: number;
  id: string;
  /** Keys tried against the category mapping, most specific first. */
  typeKeys: string[];
  status: string;
  /** Free text about the outcome (status notes, resolution), for duplicate/cancelled detection. */
  notes: string;
  /** How the request came in (phone, app…), as the source writes it. */
  channel: string;
  /** The source city's district of the record (council district, borough…), '' when unknown. */
  district: string;
  created: string;
  /** '' when the record has no closing time. */
  closed: string;
  /** Undefined when the record has no usable coordinates (missing, non-numeric, or 0,0). */
  lng?: number;
  lat?: number;
  description: string;
}

/** A readable file format: how records become rows and how its times are written. */
export interface SourceFormat {
  readonly name: FormatName;
  /** IANA zone of times written without an offset. */
  readonly zone: string;
  read(text: string): SourceRow[];
  /** Epoch ms of a time as this format writes it, or undefined when it is not one. */
  parseTime(text: string, zone: string): number | undefined;
}

/** CSV records as objects keyed by the header, each with the line it starts on; the header must name `required`. */
export function readCsv(text: string, required: readonly string[]): Array<{ line: number; record: Record<string, string> }> {
  const columns = (header: string[]): string[] => {
    const missing = required.filter((name) => !header.includes(name));
    if (missing.length > 0) throw new Error(`the header lacks the columns ${missing.join(', ')}: is this the right --format?`);
    return header;
  };
  const records = parse(text, { columns, info: true, bom: true, skip_empty_lines: true, relax_quotes: true }) as Array<{
    record: Record<string, string>;
    info: { lines: number };
  }>;
  let previousEnd = 1;
  return records.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    return { line, record };
  });
}

/** A coordinate pair, or nothing when either is missing, non-numeric, or the pair is the 0,0 placeholder. */
export function coordinates(lngText: string | undefined, latText: string | undefined): { lng?: number; lat?: number } {
  if (!lngText?.trim() || !latText?.trim()) return {};
  const lng = Number(lngText);
  const lat = Number(latText);
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || (lng === 0 && lat === 0)) return {};
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90) return {};
  return { lng, lat };
}

/**
 * Epoch ms of a local wall-clock time in a zone; undefined when a part is out of range.
 * (A time in the spring-forward gap moves forward an hour, as clocks did.)
 */
export function zonedTime(parts: readonly number[], zone: string): number | undefined {
  const [year, month, day, hour, minute, second = 0] = parts;
  const t = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone });
  return t.isValid ? t.toMillis() : undefined;
}

/** Two-digit years as luxon and most spreadsheets read them: 00–59 → 2000s, 60–99 → 1900s. */
export const fullYear = (yy: number): number => (yy < 60 ? 2000 + yy : 1900 + yy);

export const clean = (text: string | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();
