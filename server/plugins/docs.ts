import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { routeSchemaIn2020 } from '../openapi-dialect';

export const OPENAPI_PATH = '/api/v1/openapi.json';

/**
 * The OpenAPI document, generated from the routes' schemas, and Swagger UI at /docs (its
 * assets ship with the package, so it works offline). Registered before the routes, whose
 * declarations it collects.
 */
export default fp(
  async (fastify) => {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'OneScreen API',
          description: '一屏通览: case events in, live metrics per grid, street, district and city out.',
          version: '1',
        },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'A token from the tokens file' },
            query: { type: 'apiKey', in: 'query', name: 'token', description: 'The same token as ?token= (pages, sockets)' },
          },
        },
        security: [{ bearer: [] }, { query: [] }],
      },
      // The routes' schemas are TypeBox's draft-07; OpenAPI 3.1 speaks JSON Schema 2020-12.
      transform: ({ schema, url }) => ({ schema: routeSchemaIn2020(schema), url }),
    });
    fastify.get(OPENAPI_PATH, { config: { auth: 'public' }, schema: { hide: true } }, async () => fastify.swagger());
    await fastify.register(async (ui) => {
      // Swagger UI's own routes (page, assets) are public by declaration, like the client's.
      ui.addHook('onRoute', (route) => {
        route.config = { ...route.config, auth: 'public' };
      });
      await ui.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
    });
  },
  { name: 'docs', dependencies: ['auth'] },
);
