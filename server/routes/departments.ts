import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { DepartmentRowSchema } from '../../contract';
import { DateQuerySchema, READ_ERRORS } from '../schemas/read-queries';

/**
 * Open to every reader, leaders included: departments are municipal bodies serving every
 * district, and their ranking (综合评价) is how districts hold them to account.
 */
const departments: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/departments',
    {
      config: { auth: 'read' },
      preHandler: app.requireReplayed,
      schema: {
        summary: 'Per department, over cases dispatched on the day: figures and composite score, best first',
        querystring: DateQuerySchema,
        response: { 200: Type.Array(DepartmentRowSchema), ...READ_ERRORS },
      },
    },
    async (request) => app.aggregator.departments(request.query.date),
  );
};

export default departments;
