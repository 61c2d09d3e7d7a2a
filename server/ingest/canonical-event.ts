import { CaseEventSchema, type CaseEvent } from '../../contract';

const FIELDS = Object.keys(CaseEventSchema.properties) as Array<keyof CaseEvent>;

/**
 * The event's JSON with its fields in the schema's order, so that the same event re-sent
 * with its keys in another order is recognised as a duplicate, not a conflict.
 */
export function canonicalEvent(event: CaseEvent): string {
  const ordered: Partial<Record<keyof CaseEvent, unknown>> = {};
  for (const field of FIELDS) {
    const value = event[field];
    if (value !== undefined) ordered[field] = value;
  }
  return JSON.stringify(ordered);
}
