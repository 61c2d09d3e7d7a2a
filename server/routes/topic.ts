import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { TopicSchema } from '../../contract';
import { READ_ERRORS, TopicQuerySchema } from '../schemas/read-queries';

/** `GET /api/v1/topic`: a special topic (专项) of a scope, as a centre's wall shows it beside the standard panels. */
const topic: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/topic',
    {
      config: { auth: 'read' },
      preHandler: app.requireReplayed,
      schema: {
        summary: 'A category family of a scope for a day: each sub-item with its reports and handling rate (处置率)',
        querystring: TopicQuerySchema,
        response: { 200: TopicSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const { scope, family, date, at } = request.query;
      request.assertScope(scope);
      return (await app.replicas.readAt(at, date)).topic(scope, family, date);
    },
  );
};

export default topic;
