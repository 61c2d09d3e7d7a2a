import { Type, type Static } from '@sinclair/typebox';
import {
  DepartmentEvaluationsSchema,
  EvaluationSchema,
  ReporterRowsSchema,
  customPeriod,
  parsePeriod,
  type Period,
} from '../../contract';
import { httpError } from '../http-error';
import { sliced } from '../live/time-slices';
import { instantParam } from '../schemas/instant-param';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { READ_ERRORS } from '../schemas/read-queries';

const EvaluationQuerySchema = Type.Object({
  scope: Type.String({ default: 'city', maxLength: 32, description: '`city`, or an area code of any level' }),
  period: Type.Optional(Type.String({ maxLength: 16, description: '`2026-11`, `2026-Q4`, `2026` or `2026-W48` (default: this month)' })),
  from: Type.Optional(Type.String({ maxLength: 10, description: 'First day YYYY-MM-DD of a custom period (with `to`)' })),
  to: Type.Optional(Type.String({ maxLength: 10, description: 'Last day YYYY-MM-DD of a custom period (with `from`)' })),
  asOf: Type.Optional(Type.String({ maxLength: 40, description: 'The cut-off, an ISO instant with offset (default: now)' })),
});
type EvaluationQuery = Static<typeof EvaluationQuerySchema>;

/** The period and cut-off a query names, or a 400 saying what is wrong. */
function periodOf(query: EvaluationQuery, today: string): { period: Period; asOf: number | undefined } {
  const { period, from, to, asOf } = query;
  if (period !== undefined && (from !== undefined || to !== undefined)) throw httpError(400, 'give either period or from and to, not both');
  if ((from === undefined) !== (to === undefined)) throw httpError(400, 'a custom period needs both from and to');
  const parsed = period !== undefined ? parsePeriod(period) : from !== undefined && to !== undefined ? customPeriod(from, to) : parsePeriod(today.slice(0, 7));
  if (typeof parsed === 'string') throw httpError(400, parsed);
  return { period: parsed, asOf: asOf === undefined ? undefined : instantParam('asOf', asOf) };
}

/**
 * `GET /api/v1/evaluation…`: the official evaluation (科学评估) of a scope (docs/evaluation.md). A
 * pass over a city's cases for a month and its comparisons is long: it runs in slices of the event
 * loop, so ingest, the live tick and other reads go on meanwhile.
 */
const evaluation: FastifyPluginAsyncTypebox = async (app) => {
  const read = (request: { query: EvaluationQuery; assertScope(scope: string): void }) => {
    request.assertScope(request.query.scope);
    return periodOf(request.query, app.aggregator.today());
  };
  const route = { config: { auth: 'read' as const }, preHandler: app.requireReplayed };

  app.get(
    '/api/v1/evaluation',
    {
      ...route,
      schema: {
        summary: 'A scope’s evaluation for a period as of a cut-off: 应结案-based rates, score and grade, children ranked, 环比 and 同比',
        querystring: EvaluationQuerySchema,
        response: { 200: EvaluationSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const { period, asOf } = read(request);
      return sliced((await app.replicas.evaluator(period, true)).evaluationSteps(request.query.scope, period, asOf));
    },
  );

  app.get(
    '/api/v1/evaluation/departments',
    {
      ...route,
      schema: {
        summary: 'The evaluation per department of a scope’s cases, best score first; returns counted against the department that returned',
        querystring: EvaluationQuerySchema,
        response: { 200: DepartmentEvaluationsSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const { period, asOf } = read(request);
      return sliced((await app.replicas.evaluator(period, false)).departmentEvaluationSteps(request.query.scope, period, asOf));
    },
  );

  app.get(
    '/api/v1/evaluation/reporters',
    {
      ...route,
      schema: {
        summary: 'Per reporter (定人) of a scope’s cases reported in the period: reported, valid, valid rate, cancelled',
        querystring: EvaluationQuerySchema,
        response: { 200: ReporterRowsSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const { period, asOf } = read(request);
      return sliced((await app.replicas.evaluator(period, false)).reporterEvaluationSteps(request.query.scope, period, asOf));
    },
  );
};

export default evaluation;
