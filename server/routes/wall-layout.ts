import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { WallSetupSchema } from '../../contract';
import { READ_ERRORS, ScopeQuerySchema } from '../schemas/read-queries';

/**
 * `GET /api/v1/wall-layout`: what a scope's wall shows (docs/client.md#the-walls-file): its own
 * layout from the walls file, else the nearest enclosing scope's, else the default; and its name.
 * Scoped like every read. It needs no figures, so it answers while the log is still replayed.
 */
const wallLayout: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/wall-layout',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'The layout and title of a scope’s wall',
        querystring: ScopeQuerySchema,
        response: { 200: WallSetupSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const { scope } = request.query;
      request.assertScope(scope);
      const { city } = app;
      return {
        scope,
        level: city.levelOf(scope) ?? 'city',
        name: city.nameOf(scope) ?? scope,
        ...app.walls.wallOf(scope),
      };
    },
  );
};

export default wallLayout;
