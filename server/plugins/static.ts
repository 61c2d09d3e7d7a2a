import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The pages a browser opens (the bulletin is the tablet's printable 月报); each is the client's single page, routed by path. */
export const PAGES = ['/wall', '/tablet', '/bulletin'] as const;

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OneScreen: client not built</title></head>
<body style="font-family:sans-serif;background:#0b1726;color:#e6eef8;padding:3em">
<h1>OneScreen's client is not built</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds it when needed), then reload this page.</p>
<p>客户端尚未构建：请先运行 <code>npm run build</code>，然后刷新本页。</p>
</body></html>
`;

/** Query string of a URL, kept across the redirect from `/` so a `?token=` survives it. */
const queryOf = (url: string) => (url.includes('?') ? url.slice(url.indexOf('?')) : '');

async function servePages(app: FastifyInstance, root: string): Promise<void> {
  // Public by declaration (the page shell holds no data; its API calls carry the token).
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, auth: 'public' };
  });
  const assets = `${sep}assets${sep}`;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    wildcard: true,
    setHeaders: (reply, path) => {
      // Vite names assets by content hash, so they never change under the same name.
      reply.header('cache-control', path.includes(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  for (const page of PAGES) {
    app.get(page, { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
  app.get('/', { schema: { hide: true } }, async (request, reply) => reply.redirect(`/wall${queryOf(request.url)}`));
}

async function explainNotBuilt(app: FastifyInstance): Promise<void> {
  for (const page of [...PAGES, '/']) {
    app.get(page, { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).header('retry-after', '30').type('text/html; charset=utf-8').send(NOT_BUILT),
    );
  }
}

/** The built client (`dist/client`): the wall and tablet pages and their assets. */
export default fp(
  async (fastify) => {
    const root = fastify.config.clientDir;
    const built = existsSync(join(root, 'index.html'));
    if (!built) fastify.log.warn({ root }, 'client not built: /wall and /tablet answer 503 until `npm run build`');
    await fastify.register(async (app) => (built ? servePages(app, root) : explainNotBuilt(app)));
  },
  { name: 'static', dependencies: ['config', 'auth'] },
);
