import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { ErrorSchema } from '../../contract';

/** Prometheus scrape endpoint, for operators: admin or wall tokens. */
const metrics: FastifyPluginAsyncTypebox = async (app) => {
  const { registry } = app.metrics;
  app.get(
    '/metrics',
    {
      config: { auth: ['admin', 'wall'] },
      schema: {
        summary: 'Prometheus metrics (text format)',
        response: { 200: Type.String(), 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
};

export default metrics;
