import { Type, type Static } from '@sinclair/typebox';
import { CaseListStatusSchema, ErrorSchema } from '../../contract';

const Scope = Type.String({
  default: 'city',
  maxLength: 32,
  description: '`city`, or a district (6), street (9), community (12) or grid (15 digits) code',
});
const DateParam = Type.String({ maxLength: 10, description: 'Local day YYYY-MM-DD (default: today)' });
const AtParam = Type.String({
  maxLength: 40,
  description: 'An instant, ISO 8601 with offset: the answer as it stood then, for the day that holds it (docs/replay.md)',
});

export const MAX_CASES = 500;

export const SummaryQuerySchema = Type.Object({ scope: Scope, date: Type.Optional(DateParam), at: Type.Optional(AtParam) });
export const TopicQuerySchema = Type.Object({
  scope: Scope,
  family: Type.String({ maxLength: 8, description: 'A major category of the catalogue, e.g. `E.06` (非法金融活动)' }),
  date: Type.Optional(DateParam),
  at: Type.Optional(AtParam),
});
export type SummaryQuery = Static<typeof SummaryQuerySchema>;

export const ScopeQuerySchema = Type.Object({ scope: Scope, at: Type.Optional(AtParam) });
export type ScopeQuery = Static<typeof ScopeQuerySchema>;

export const CasesQuerySchema = Type.Object({
  scope: Scope,
  status: Type.Optional(CaseListStatusSchema),
  limit: Type.Integer({ minimum: 1, maximum: MAX_CASES, default: 100 }),
  at: Type.Optional(AtParam),
});
export type CasesQuery = Static<typeof CasesQuerySchema>;

/** The heat map's bound on the wall (client/stores/cases.ts). */
export const DEFAULT_CASE_POINTS = 3000;
export const MAX_CASE_POINTS = 10_000;

export const CasePointsQuerySchema = Type.Object({
  scope: Scope,
  date: Type.Optional(DateParam),
  limit: Type.Integer({ minimum: 1, maximum: MAX_CASE_POINTS, default: DEFAULT_CASE_POINTS }),
  at: Type.Optional(AtParam),
});
export type CasePointsQuery = Static<typeof CasePointsQuerySchema>;


/** The error replies a read route can give, for the OpenAPI document. */
export const READ_ERRORS = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  503: ErrorSchema,
} as const;
