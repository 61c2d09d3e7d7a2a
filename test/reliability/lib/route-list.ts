import type { App } from '../../../server/app';

export interface RouteEntry {
  method: string;
  url: string;
}

const LINE = /^([│ ]*)(?:├── |└── )(.*) \(([A-Z, ]+)\)$/;

/** Every route the app serves, read from Fastify's own route tree, so a new route is never missed. */
export function routesOf(app: App): RouteEntry[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const prefixes: string[] = [];
  const routes: RouteEntry[] = [];
  for (const line of tree.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    const path = (depth === 0 ? '' : prefixes[depth - 1]) + match[2];
    prefixes[depth] = path;
    for (const method of match[3].split(',').map((m) => m.trim())) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      routes.push({ method, url: path.replace(/:[^/]+/g, '1').replace(/\*$/, 'anything') });
    }
  }
  return routes;
}
