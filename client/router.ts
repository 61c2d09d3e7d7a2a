import { defineAsyncComponent, type Component } from 'vue';

/**
 * Pages by path: the wall, the tablet, and the tablet's printable bulletin; each page is its own chunk.
 * The server serves index.html for every listed path.
 */
export const ROUTES: Readonly<Record<string, Component>> = {
  '/wall': defineAsyncComponent(() => import('./views/WallView.vue')),
  '/tablet': defineAsyncComponent(() => import('./views/TabletView.vue')),
  '/bulletin': defineAsyncComponent(() => import('./views/BulletinView.vue')),
};

export const DEFAULT_PATH = '/wall';

/** The pages that open on a map: the data every map needs is asked for before their code has loaded. */
const MAP_PAGES: ReadonlySet<string> = new Set(['/wall', '/tablet']);

const pathOf = (pathname: string): string => {
  const path = pathname.replace(/\/+$/, '') || '/';
  return path === '/' ? DEFAULT_PATH : path;
};

export function resolveRoute(pathname: string): Component | undefined {
  return ROUTES[pathOf(pathname)];
}

export const opensOnMap = (pathname: string): boolean => MAP_PAGES.has(pathOf(pathname));
