import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/** Map hosts the wall may reach, only when an online basemap is configured. */
const MAPBOX_HOSTS = ['https://api.mapbox.com', 'https://*.tiles.mapbox.com', 'https://events.mapbox.com'];

/**
 * Security headers for pages and API, and CORS for the origins the config lists (none by
 * default: same origin only). The page's policy allows what mapbox-gl needs (blob: workers,
 * data: images) and, with MAPBOX_TOKEN, Mapbox's hosts.
 */
export default fp(
  async (fastify) => {
    const { mapboxToken, corsOrigins } = fastify.config;
    const mapbox = mapboxToken ? MAPBOX_HOSTS : [];
    await fastify.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:', ...mapbox],
          fontSrc: ["'self'", 'data:'],
          workerSrc: ["'self'", 'blob:'],
          childSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'", 'ws:', 'wss:', ...mapbox],
          objectSrc: ["'none'"],
          frameAncestors: ["'self'"],
        },
      },
      // Command centres often serve plain HTTP on a private network: no forced upgrade to HTTPS.
      strictTransportSecurity: false,
      // Keeps a ?token= page URL out of the Referer of anything the page loads.
      referrerPolicy: { policy: 'no-referrer' },
    });
    if (corsOrigins.length > 0) {
      // A browser's preflight never carries credentials, so the OPTIONS route cannot ask for a token.
      fastify.addHook('onRoute', (route) => {
        if (route.method === 'OPTIONS') route.config = { ...route.config, auth: 'public' };
      });
      await fastify.register(cors, { origin: corsOrigins, allowedHeaders: ['authorization', 'content-type'] });
    }
  },
  { name: 'security', dependencies: ['config'] },
);
