import { defineAsyncComponent, type Component } from 'vue';

/**
 * Pages by path. The tablet view registers here as `/tablet`; each page is its own chunk.
 * The server serves index.html for every listed path.
 */
export const ROUTES: Readonly<Record<string, Component>> = {
  '/wall': defineAsyncComponent(() => import('./views/WallView.vue')),
  '/tablet': defineAsyncComponent(() => import('./views/TabletView.vue')),
};

export const DEFAULT_PATH = '/wall';

export function resolveRoute(pathname: string): Component | undefined {
  const path = pathname.replace(/\/+$/, '') || '/';
  return ROUTES[path === '/' ? DEFAULT_PATH : path];
}
