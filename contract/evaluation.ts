import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from 'luxon';
import { SCOPE_LEVELS } from './vocabulary';

/**
 * The official evaluation (科学评估) of docs/evaluation.md: 应结案-based rates over a period's
 * cohort as of a cut-off, composite scores and grades, per scope, department and reporter.
 */

const Count = Type.Integer({ minimum: 0 });
const RateValue = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const Level = Type.Union(SCOPE_LEVELS.map((l) => Type.Literal(l)));

/** Rates a composite score may weigh: the higher the better, or (inverted) the lower the better. */
export const SCORED_RATES = ['closureRate', 'onTimeClosureRate', 'handlingRate', 'onTimeHandlingRate', 'reworkRate', 'extensionRate'] as const;
export type ScoredRate = (typeof SCORED_RATES)[number];
export const INVERTED_RATES: ReadonlySet<ScoredRate> = new Set(['reworkRate', 'extensionRate']);

export const REWORK_DENOMINATORS = ['due', 'handled', 'registered'] as const;
export type ReworkDenominator = (typeof REWORK_DENOMINATORS)[number];

export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type Grade = (typeof GRADES)[number];

const Weight = Type.Number({ minimum: 0, maximum: 100 });

/** `ONESCREEN_EVALUATION_FILE`: how a city scores (docs/evaluation.md#rules). */
export const EvaluationRulesSchema = Type.Object(
  {
    /** Weight of each rate in the 0–100 score; they add up to 100. */
    weights: Type.Partial(
      Type.Object(
        {
          closureRate: Weight,
          onTimeClosureRate: Weight,
          handlingRate: Weight,
          onTimeHandlingRate: Weight,
          reworkRate: Weight,
          extensionRate: Weight,
        },
        { additionalProperties: false },
      ),
    ),
    reworkDenominator: Type.Union(REWORK_DENOMINATORS.map((d) => Type.Literal(d))),
    /** 黄灯: an open case whose deadline falls within this much working time from now. */
    yellowWorkHours: Type.Number({ minimum: 0, maximum: 240 }),
  },
  { additionalProperties: false },
);
export type EvaluationRules = Static<typeof EvaluationRulesSchema>;

export const DEFAULT_EVALUATION_RULES: EvaluationRules = {
  weights: { onTimeClosureRate: 40, closureRate: 30, reworkRate: 20, extensionRate: 10 },
  reworkDenominator: 'due',
  yellowWorkHours: 4,
};

export const EvaluationFiguresSchema = Type.Object({
  /** 立案数: the cohort, registered in the period and not cancelled by the cut-off. */
  registered: Count,
  /** 作废: registered in the period and cancelled by the cut-off (not in the cohort). */
  cancelled: Count,
  /** Cohort cases suspended at the cut-off: left out of every figure below. */
  suspended: Count,
  /** 应结案数: handled or closed, or past their deadline. */
  due: Count,
  /** 结案数 and 按期结案数. */
  closed: Count,
  closedOnTime: Count,
  closureRate: RateValue,
  onTimeClosureRate: RateValue,
  /** 应处置数: dispatched, and handled or closed or past their deadline. */
  dueForHandling: Count,
  handled: Count,
  handledOnTime: Count,
  handlingRate: RateValue,
  onTimeHandlingRate: RateValue,
  /** 返工数 and 返工率 (over the configured denominator). */
  reworked: Count,
  reworkRate: RateValue,
  /** 延期数 and 延期率 = extended / dueForHandling. */
  extended: Count,
  extensionRate: RateValue,
  /** 回退数, 督办数. */
  returned: Count,
  urged: Count,
  /** 超期未处置: due, neither handled nor closed. */
  overdueOpen: Count,
  /** 综合指标值, 0–100, and its grade. */
  score: Type.Number({ minimum: 0, maximum: 100 }),
  grade: Type.Union(GRADES.map((g) => Type.Literal(g))),
});
export type EvaluationFigures = Static<typeof EvaluationFiguresSchema>;

export const PERIOD_KINDS = ['month', 'quarter', 'year', 'week', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** City days, first to last, both included. */
export const PeriodSchema = Type.Object({
  kind: Type.Union(PERIOD_KINDS.map((k) => Type.Literal(k))),
  /** `2026-11`, `2026-Q4`, `2026`, `2026-W48`, or `2026-11-01..2026-11-15`. */
  label: Type.String(),
  from: Type.String(),
  to: Type.String(),
});
export type Period = Static<typeof PeriodSchema>;

const ComparedSchema = Type.Intersect([Type.Object({ period: PeriodSchema, asOf: Type.String() }), EvaluationFiguresSchema]);

export const EvaluationChildSchema = Type.Intersect([Type.Object({ code: Type.String(), name: Type.String(), level: Level }), EvaluationFiguresSchema]);
export type EvaluationChild = Static<typeof EvaluationChildSchema>;

/** `GET /api/v1/evaluation`. */
export const EvaluationSchema = Type.Intersect([
  Type.Object({
    scope: Type.String(),
    level: Level,
    name: Type.String(),
    period: PeriodSchema,
    /** The cut-off: figures count the events whose time is at or before it. */
    asOf: Type.String(),
    /** Children ranked by score, best first. */
    children: Type.Array(EvaluationChildSchema),
    /** 环比: the period before, as of the same cut-off relative to its start; null when it starts before the retained window. */
    previous: Type.Union([ComparedSchema, Type.Null()]),
    /** 同比: the same period a year before, as of the cut-off a year before; null when it starts before the retained window. */
    lastYear: Type.Union([ComparedSchema, Type.Null()]),
  }),
  EvaluationFiguresSchema,
]);
export type Evaluation = Static<typeof EvaluationSchema>;

/** `GET /api/v1/evaluation/departments`: per department, `returned` counted against the department that returned. */
export const DepartmentEvaluationSchema = Type.Intersect([Type.Object({ department: Type.String() }), EvaluationFiguresSchema]);
export type DepartmentEvaluation = Static<typeof DepartmentEvaluationSchema>;

/** `GET /api/v1/evaluation/reporters`: per reporter (定人) of the cases reported in the period. */
export const ReporterRowSchema = Type.Object({
  reporter: Type.String(),
  reported: Count,
  /** Reached registration by the cut-off (有效上报). */
  valid: Count,
  validRate: RateValue,
  cancelled: Count,
});
export type ReporterRow = Static<typeof ReporterRowSchema>;

const ListHead = { scope: Type.String(), period: PeriodSchema, asOf: Type.String() };
export const DepartmentEvaluationsSchema = Type.Object({ ...ListHead, rows: Type.Array(DepartmentEvaluationSchema) });
export type DepartmentEvaluations = Static<typeof DepartmentEvaluationsSchema>;
export const ReporterRowsSchema = Type.Object({ ...ListHead, rows: Type.Array(ReporterRowSchema) });
export type ReporterRows = Static<typeof ReporterRowsSchema>;

/** The grade of a score: A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, else E. */
export function gradeOf(score: number): Grade {
  return score >= 90 ? 'A' : score >= 75 ? 'B' : score >= 60 ? 'C' : score >= 40 ? 'D' : 'E';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const day = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const iso = (d: DateTime) => d.toISODate() ?? '';

/** A period of city days from its name, or a message saying what is wrong. */
export function parsePeriod(text: string): Period | string {
  let m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const start = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: 1 }, { zone: 'utc' });
    if (!start.isValid) return `period "${text}": no such month`;
    return { kind: 'month', label: text, from: iso(start), to: iso(start.endOf('month')) };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (m) {
    const start = DateTime.fromObject({ year: Number(m[1]), month: 3 * (Number(m[2]) - 1) + 1, day: 1 }, { zone: 'utc' });
    return { kind: 'quarter', label: text, from: iso(start), to: iso(start.endOf('quarter')) };
  }
  m = /^(\d{4})$/.exec(text);
  if (m) {
    const start = DateTime.fromObject({ year: Number(m[1]), month: 1, day: 1 }, { zone: 'utc' });
    return { kind: 'year', label: text, from: iso(start), to: iso(start.endOf('year')) };
  }
  m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (m) {
    const start = DateTime.fromObject({ weekYear: Number(m[1]), weekNumber: Number(m[2]), weekday: 1 }, { zone: 'utc' });
    if (!start.isValid || start.weekNumber !== Number(m[2])) return `period "${text}": no such ISO week`;
    return { kind: 'week', label: text, from: iso(start), to: iso(start.plus({ days: 6 })) };
  }
  return `period "${text}" is not a month (2026-11), quarter (2026-Q4), year (2026) or ISO week (2026-W48)`;
}

/** A custom period from two dates, or a message saying what is wrong. */
export function customPeriod(from: string, to: string): Period | string {
  if (!DATE.test(from) || !day(from).isValid) return `from "${from}" is not a calendar date YYYY-MM-DD`;
  if (!DATE.test(to) || !day(to).isValid) return `to "${to}" is not a calendar date YYYY-MM-DD`;
  if (to < from) return `the period ends (${to}) before it starts (${from})`;
  return { kind: 'custom', label: `${from}..${to}`, from, to };
}

/** 环比: the period just before, of the same kind (the same number of days for a custom one). */
export function previousPeriod(period: Period): Period {
  const start = day(period.from);
  switch (period.kind) {
    case 'month':
      return parsePeriod(start.minus({ months: 1 }).toFormat('yyyy-MM')) as Period;
    case 'quarter': {
      const prev = start.minus({ months: 3 });
      return parsePeriod(`${prev.year}-Q${prev.quarter}`) as Period;
    }
    case 'year':
      return parsePeriod(String(start.year - 1)) as Period;
    case 'week': {
      const prev = start.minus({ weeks: 1 });
      return parsePeriod(`${prev.weekYear}-W${String(prev.weekNumber).padStart(2, '0')}`) as Period;
    }
    case 'custom': {
      const days = day(period.to).diff(start, 'days').days + 1;
      return customPeriod(iso(start.minus({ days })), iso(start.minus({ days: 1 }))) as Period;
    }
  }
}

/** 同比: the same period a year before (the same ISO week number for a week). */
export function lastYearPeriod(period: Period): Period {
  const start = day(period.from);
  switch (period.kind) {
    case 'month':
      return parsePeriod(start.minus({ years: 1 }).toFormat('yyyy-MM')) as Period;
    case 'quarter':
      return parsePeriod(`${start.year - 1}-Q${start.quarter}`) as Period;
    case 'year':
      return parsePeriod(String(start.year - 1)) as Period;
    case 'week': {
      const week = Math.min(start.weekNumber, DateTime.fromObject({ year: start.weekYear - 1, month: 12, day: 28 }, { zone: 'utc' }).weekNumber);
      return parsePeriod(`${start.weekYear - 1}-W${String(week).padStart(2, '0')}`) as Period;
    }
    case 'custom':
      return customPeriod(iso(start.minus({ years: 1 })), iso(day(period.to).minus({ years: 1 }))) as Period;
  }
}

/**
 * What a wall's 考核 panel shows, pushed live (docs/live.md#messages): this month so far, the
 * children ranked by score, and the red and yellow lights of now.
 */
export const WallEvaluationSchema = Type.Object({
  period: PeriodSchema,
  asOf: Type.String(),
  figures: EvaluationFiguresSchema,
  children: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      score: Type.Number(),
      grade: Type.Union(GRADES.map((g) => Type.Literal(g))),
      due: Count,
      closureRate: RateValue,
      onTimeClosureRate: RateValue,
    }),
  ),
  /** 红灯: open cases past their deadline; 黄灯: open ones due within the yellow window. */
  lights: Type.Object({ red: Count, yellow: Count }),
});
export type WallEvaluation = Static<typeof WallEvaluationSchema>;
