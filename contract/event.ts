import { Type, type Static } from '@sinclair/typebox';
import { EVENT_TYPES, SOURCES } from './vocabulary';

export const CATEGORY_PATTERN = '^[CE]\\.\\d{2}\\.\\d{2}$';
export const GRID_CODE_PATTERN = '^\\d{15}$';
export const MAX_DESCRIPTION = 2000;
export const MAX_NOTE = 500;

/** One case event as posted to `POST /api/v1/events` (docs/events.md#the-event). */
export const CaseEventSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 128 }),
    caseId: Type.String({ minLength: 1, maxLength: 64 }),
    type: Type.Union(EVENT_TYPES.map((t) => Type.Literal(t))),
    /** ISO 8601 with an offset (Z or ±hh:mm); checked beyond the schema by the ingest. */
    at: Type.String({ minLength: 1, maxLength: 40 }),
    category: Type.Optional(Type.String({ pattern: CATEGORY_PATTERN })),
    source: Type.Optional(Type.Union(SOURCES.map((s) => Type.Literal(s)))),
    gridCode: Type.Optional(Type.String({ pattern: GRID_CODE_PATTERN })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION })),
    /** On reported or registered: an explicit deadline; on extended (required): the new, later deadline. */
    deadline: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    /** On dispatched: the department sent to; on returned: the department that returns it. */
    department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** On reported: who reported it, an inspector's or safety officer's id (定人). */
    reporter: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** On urged: what the command centre asks for, and who urges. */
    note: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NOTE })),
    by: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type CaseEvent = Static<typeof CaseEventSchema>;

export const RejectedEventSchema = Type.Object({
  index: Type.Integer(),
  id: Type.Optional(Type.String()),
  error: Type.String(),
});
export type RejectedEvent = Static<typeof RejectedEventSchema>;

export const IngestResultSchema = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Array(RejectedEventSchema),
});
export type IngestResult = Static<typeof IngestResultSchema>;

export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
});
export type ErrorReply = Static<typeof ErrorSchema>;
