import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { CaseItemSchema } from '../../contract';
import { CasesQuerySchema, READ_ERRORS } from '../schemas/read-queries';

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
      const { scope, status = 'open', limit } = request.query;
      request.assertScope(scope);
      return app.aggregator.cases(scope, status, limit);
    },
  );
};

export default cases;
