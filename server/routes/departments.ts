import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { DepartmentRowSchema } from '../../contract';
import { READ_ERRORS, SummaryQuerySchema } from '../schemas/read-queries';

/**
 * The departments' work on a scope's cases: a district or street centre ranks the departments
 * by what they did in its area. Scoped like every read (docs/auth.md#what-a-token-reads).
 */
const departments: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/departments',
    {
      config: { auth: 'read' },
      preHandler: app.requireReplayed,
      schema: {
        summary: 'Per department, over the scope’s cases dispatched on the day: figures and composite score, best first',
        querystring: SummaryQuerySchema,
        response: { 200: Type.Array(DepartmentRowSchema), ...READ_ERRORS },
      },
    },
    async (request) => {
      const { scope, date, at } = request.query;
      request.assertScope(scope);
      return (await app.replicas.readAt(at, date)).departments(date, scope);
    },
  );
};

export default departments;
