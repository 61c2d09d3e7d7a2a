import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { SummarySchema } from '../../contract';
import { READ_ERRORS, SummaryQuerySchema } from '../schemas/read-queries';

const summary: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/summary',
    {
      config: { auth: 'read' },
      preHandler: app.requireReplayed,
      schema: {
        summary: 'Counts and rates of a scope for a day, with its children',
        querystring: SummaryQuerySchema,
        response: { 200: SummarySchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const { scope, date, at } = request.query;
      request.assertScope(scope);
      return (await app.replicas.readAt(at, date)).summary(scope, date);
    },
  );
};

export default summary;
