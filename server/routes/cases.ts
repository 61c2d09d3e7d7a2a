import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { CaseItemSchema, CasePointsSchema } from '../../contract';
import { httpError } from '../http-error';
import { CasePointsQuerySchema, CasesQuerySchema, READ_ERRORS } from '../schemas/read-queries';

const cases: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/cases',
    {
      config: { auth: 'read' },
      preHandler: app.requireReplayed,
      schema: {
        summary: 'Open or overdue cases of a scope (overdue: most overdue first; open: oldest first)',
        querystring: CasesQuerySchema,
        response: { 200: Type.Array(CaseItemSchema), ...READ_ERRORS },
      },
    },
    async (request) => {
      const { scope, status = 'open', limit, at } = request.query;
      request.assertScope(scope);
      return (await app.replicas.readAt(at)).cases(scope, status, limit);
    },
  );

  // Not under /cases/: a case may be called anything, "points" too.
  app.get(
    '/api/v1/case-points',
    {
      config: { auth: 'read' },
      preHandler: app.requireReplayed,
      schema: {
        summary: 'Where the cases reported in a scope on a day (default today) are, newest first: [caseId, lng, lat] for a heat map',
        querystring: CasePointsQuerySchema,
        response: { 200: CasePointsSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const { scope, date, limit, at } = request.query;
      request.assertScope(scope);
      return (await app.replicas.readAt(at, date)).casePoints(scope, date, limit);
    },
  );

  app.get(
    '/api/v1/cases/:caseId',
    {
      config: { auth: 'read' },
      preHandler: app.requireReplayed,
      schema: {
        summary: 'One case as it is now, whatever its status (a shared link to a case keeps working once it closes)',
        params: Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: CaseItemSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const { caseId } = request.params;
      const item = app.aggregator.caseItem(caseId);
      // Checked on the case's grid: a leader of another district learns only that it is not theirs.
      if (item === undefined) throw httpError(404, `no case ${caseId} has been reported`);
      request.assertScope(item.gridCode);
      return item;
    },
  );
};

export default cases;
