import { Type, type Static } from '@sinclair/typebox';
import { CASE_LIST_STATUSES, EVENT_TYPES, SCOPE_LEVELS, SOURCES } from './vocabulary';

const Count = Type.Integer({ minimum: 0 });
const RateValue = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const Level = Type.Union(SCOPE_LEVELS.map((l) => Type.Literal(l)));

/** Counts and rates of one scope for one day (docs/metrics.md); also the shape of each child. */
export const ScopeFiguresSchema = Type.Object({
  reported: Count,
  registered: Count,
  dispatched: Count,
  handled: Count,
  closed: Count,
  cancelled: Count,
  open: Count,
  overdue: Count,
  closureRate: RateValue,
  onTimeClosureRate: RateValue,
  handlingRate: RateValue,
  onTimeHandlingRate: RateValue,
  reworkRate: RateValue,
});
export type ScopeFigures = Static<typeof ScopeFiguresSchema>;

export const ChildSummarySchema = Type.Intersect([
  Type.Object({ code: Type.String(), name: Type.String(), level: Level }),
  ScopeFiguresSchema,
]);
export type ChildSummary = Static<typeof ChildSummarySchema>;

export const SummarySchema = Type.Intersect([
  Type.Object({
    /** `city` or a district (6), street (9) or grid (15 digits) code. */
    scope: Type.String(),
    level: Level,
    name: Type.String(),
    /** Local day, YYYY-MM-DD, in the configured zone. */
    date: Type.String(),
    /** ISO time the figures were computed at. */
    asOf: Type.String(),
    closeMinutes: Type.Object({ p50: Type.Union([Type.Number(), Type.Null()]), p90: Type.Union([Type.Number(), Type.Null()]) }),
    hourly: Type.Array(Count, { minItems: 24, maxItems: 24 }),
    /** Reported in the day, by major category `K.MM`. */
    byCategory: Type.Record(Type.String(), Count),
    /** Reported in the day, by source. */
    bySource: Type.Record(Type.String(), Count),
    children: Type.Array(ChildSummarySchema),
  }),
  ScopeFiguresSchema,
]);
export type Summary = Static<typeof SummarySchema>;

/** One grid of the heat map: `[code, reported today, open, overdue]`. */
export const GridRowSchema = Type.Tuple([Type.String(), Count, Count, Count]);
export type GridRow = Static<typeof GridRowSchema>;

/** A case as listed on the wall, the ticker and the drill-down. */
export const CaseItemSchema = Type.Object({
  caseId: Type.String(),
  status: Type.Union(EVENT_TYPES.map((t) => Type.Literal(t))),
  overdue: Type.Boolean(),
  category: Type.String(),
  categoryName: Type.String(),
  source: Type.Union(SOURCES.map((s) => Type.Literal(s))),
  gridCode: Type.String(),
  streetCode: Type.String(),
  streetName: Type.String(),
  districtCode: Type.String(),
  districtName: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  reportedAt: Type.String(),
  registeredAt: Type.Union([Type.String(), Type.Null()]),
  deadline: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  department: Type.Union([Type.String(), Type.Null()]),
  description: Type.Optional(Type.String()),
  /** ISO time of the case's last event (what the ticker shows). */
  updatedAt: Type.String(),
  /** Times a command centre urged it (督办). */
  urged: Count,
});
export type CaseItem = Static<typeof CaseItemSchema>;

/** Where a case was reported, for the heat map: `[caseId, lng, lat]`. */
export const CasePointSchema = Type.Tuple([Type.String(), Type.Number(), Type.Number()]);
export type CasePoint = Static<typeof CasePointSchema>;

/** The cases reported in a scope on a day, newest report first. */
export const CasePointsSchema = Type.Object({
  scope: Type.String(),
  date: Type.String(),
  points: Type.Array(CasePointSchema),
});
export type CasePoints = Static<typeof CasePointsSchema>;

export const CaseListStatusSchema = Type.Union(CASE_LIST_STATUSES.map((s) => Type.Literal(s)));

export const DepartmentRowSchema = Type.Object({
  department: Type.String(),
  dispatched: Count,
  handled: Count,
  onTime: Count,
  reworked: Count,
  overdue: Count,
  /** Of them, urged (督办) at least once. */
  urged: Count,
  /** 综合评价, 0–100: see server/core for the weighting. */
  score: Type.Number(),
});
export type DepartmentRow = Static<typeof DepartmentRowSchema>;

/** One sub-item of a special topic: a minor category's reports and handling on the day. */
export const TopicItemSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  /** Cases of the category reported in the scope on the day. */
  reported: Count,
  /** Of the cases registered on the day, those dispatched, and those of them handled. */
  dispatched: Count,
  handled: Count,
  /** 处置率: handled / dispatched, null when none was dispatched. */
  handlingRate: RateValue,
});
export type TopicItem = Static<typeof TopicItemSchema>;

/**
 * A special topic (专项) of a scope on a day: a category family (a major category, e.g. E.06
 * 非法金融活动) with every sub-item, `GET /api/v1/topic`.
 */
export const TopicSchema = Type.Object({
  scope: Type.String(),
  date: Type.String(),
  family: Type.String(),
  reported: Count,
  dispatched: Count,
  handled: Count,
  handlingRate: RateValue,
  items: Type.Array(TopicItemSchema),
});
export type Topic = Static<typeof TopicSchema>;
