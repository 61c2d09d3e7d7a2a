import { blankRecord, type CaseEventRecord } from '../core/case-event-record';

/** Every field of a record that the event says, in the order of the shared blank record (the resolved grid index is the server's). */
const FIELDS = (Object.keys(blankRecord()) as Array<keyof CaseEventRecord>).filter((field) => field !== 'grid');

/**
 * What an event says once normalized, as JSON with the fields in one fixed order: two events
 * with the same id are duplicates when their contents are equal, whatever their key order,
 * time offsets or fields the contract ignores on their type. Computed from the record, so the
 * log does not have to keep the event as sent (docs/events.md#duplicates-and-conflicts).
 */
export function recordContent(record: CaseEventRecord): string {
  const ordered: Partial<Record<keyof CaseEventRecord, unknown>> = {};
  for (const field of FIELDS) {
    const value = record[field];
    if (value !== undefined) ordered[field] = value;
  }
  return JSON.stringify(ordered);
}

/** Names the fields in which two contents of the same event id differ. */
export function contentDifferences(stored: string, sent: string): string {
  const a = JSON.parse(stored) as Record<string, unknown>;
  const b = JSON.parse(sent) as Record<string, unknown>;
  return FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]))
    .map((f) => `\`${f}\``)
    .join(', ');
}
