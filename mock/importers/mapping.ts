import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { MINOR_BY_CODE, SOURCES, type Source } from '../../contract';
import type { FormatName } from './source-row';

export const OUTCOMES = ['open', 'closed', 'cancelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const SourceSchema = Type.Union(SOURCES.map((s) => Type.Literal(s)));
const OutcomeSchema = Type.Union(OUTCOMES.map((o) => Type.Literal(o)));

/**
 * How a source's vocabulary becomes ours (`mock/mappings/<format>.json`). Keys match whatever
 * the case and spacing; a key ending in `*` matches every value that starts with the rest.
 */
export const FormatMappingSchema = Type.Object({
  notes: Type.Optional(Type.String()),
  /** Service type → category code `K.MM.NN`. */
  categories: Type.Record(Type.String(), Type.String()),
  /** Category of a type no key matches; `null` rejects such rows instead. */
  defaultCategory: Type.Union([Type.String(), Type.Null()]),
  /** Intake channel → source. */
  sources: Type.Record(Type.String(), SourceSchema),
  defaultSource: SourceSchema,
  /** Source status → outcome. */
  statuses: Type.Record(Type.String(), OutcomeSchema),
  defaultStatus: OutcomeSchema,
  /** Words in the notes of a closed row that make it a cancellation (duplicate, invalid…). */
  cancelledNotes: Type.Array(Type.String()),
  /** Source district → demo-city district code (6 digits); unlisted ones are assigned in order. */
  districts: Type.Optional(Type.Record(Type.String(), Type.String({ pattern: '^\\d{6}$' }))),
});
export type FormatMappingFile = Static<typeof FormatMappingSchema>;

const norm = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** A mapping file made ready for lookups. */
export class FormatMapping {
  private readonly categories = new Map<string, string>();
  private readonly categoryPrefixes: Array<[string, string]> = [];
  private readonly sources: Map<string, Source>;
  private readonly statuses: Map<string, Outcome>;
  private readonly cancelledNotes: string[];

  constructor(readonly file: FormatMappingFile) {
    for (const [key, code] of Object.entries(file.categories)) {
      if (key.endsWith('*')) this.categoryPrefixes.push([norm(key.slice(0, -1)), code]);
      else this.categories.set(norm(key), code);
    }
    // Longest prefix first, so "Noise - Street*" wins over "Noise*".
    this.categoryPrefixes.sort((a, b) => b[0].length - a[0].length);
    this.sources = new Map(Object.entries(file.sources).map(([k, v]) => [norm(k), v]));
    this.statuses = new Map(Object.entries(file.statuses).map(([k, v]) => [norm(k), v]));
    this.cancelledNotes = file.cancelledNotes.map(norm);
  }

  /** The category of a row's type keys: exact keys first, then prefixes, then the default. */
  category(typeKeys: readonly string[]): string | undefined {
    const keys = typeKeys.map(norm);
    for (const key of keys) {
      const code = this.categories.get(key);
      if (code) return code;
    }
    for (const key of keys) {
      const hit = this.categoryPrefixes.find(([prefix]) => key.startsWith(prefix));
      if (hit) return hit[1];
    }
    return this.file.defaultCategory ?? undefined;
  }

  source(channel: string): Source {
    return this.sources.get(norm(channel)) ?? this.file.defaultSource;
  }

  outcome(status: string, notes: string): Outcome {
    const outcome = this.statuses.get(norm(status)) ?? this.file.defaultStatus;
    if (outcome !== 'closed') return outcome;
    const text = norm(notes);
    return this.cancelledNotes.some((word) => text.includes(word)) ? 'cancelled' : 'closed';
  }

  district(sourceDistrict: string): string | undefined {
    return this.file.districts?.[sourceDistrict];
  }
}

export const defaultMappingPath = (format: FormatName): string =>
  fileURLToPath(new URL(`../mappings/${format}.json`, import.meta.url));

/** Reads and checks a mapping file; every problem is named with its key. */
export function loadMapping(path: string): FormatMapping {
  let body: unknown;
  try {
    body = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the mapping ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Value.Check(FormatMappingSchema, body)) {
    const first = Value.Errors(FormatMappingSchema, body).First();
    throw new Error(`mapping ${path}: ${first ? `${first.path || '/'} ${first.message}` : 'invalid'}`);
  }
  const unknown = Object.entries(body.categories).filter(([, code]) => !MINOR_BY_CODE.has(code));
  if (body.defaultCategory !== null && !MINOR_BY_CODE.has(body.defaultCategory)) unknown.push(['defaultCategory', body.defaultCategory]);
  if (unknown.length > 0) {
    throw new Error(`mapping ${path}: unknown category codes: ${unknown.map(([k, c]) => `"${k}" → ${c}`).join(', ')}`);
  }
  return new FormatMapping(body);
}
