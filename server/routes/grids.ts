import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { GridRowSchema } from '../../contract';
import { READ_ERRORS, ScopeQuerySchema } from '../schemas/read-queries';

const grids: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/grids',
    {
      config: { auth: 'read' },
      preHandler: app.requireReplayed,
      schema: {
        summary: "Today's [code, reported, open, overdue] of every grid in a scope",
        querystring: ScopeQuerySchema,
        response: { 200: Type.Array(GridRowSchema), ...READ_ERRORS },
      },
    },
    async (request) => {
      const { scope, at } = request.query;
      request.assertScope(scope);
      return (await app.replicas.readAt(at)).grids(scope);
    },
  );
};

export default grids;
