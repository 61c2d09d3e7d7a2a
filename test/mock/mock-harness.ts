import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Summary } from '../../contract';
import { decodeCityGrids, type CityGrids } from '../../mock/shared/city-grids';
import { buildApp, type App } from '../../server/app';
import { loadCity, type City } from '../../server/geo';

export const INGEST_TOKEN = 'mock-test-ingest-token-000001';
export const WALL_TOKEN = 'mock-test-wall-token-00000001';

let city: City | undefined;
/** The committed demo city, loaded once per test file. */
export function demoCity(): City {
  city ??= loadCity();
  return city;
}

/** The demo city as the mock clients see it through the geo API. */
export function demoCityGrids(): CityGrids {
  const grids = demoCity().grids();
  if (grids.kind !== 'lattice') throw new Error('the demo city is a lattice');
  return decodeCityGrids(grids, demoCity().areas());
}

export interface MockServer {
  app: App;
  url: string;
  port: number;
  summary(scope: string, date?: string): Promise<Summary>;
  close(): Promise<void>;
}

const dirs: string[] = [];

/** The real server, on a real SQLite file in a temp dir, listening on `port` (0 = any free one). */
export async function startServer(options: { port?: number; dataDir?: string; maxBatch?: number } = {}): Promise<MockServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'onescreen-mock-'));
  if (!options.dataDir) dirs.push(dataDir);
  const app = await buildApp({
    dataDir,
    logLevel: 'silent',
    city: demoCity(),
    ...(options.maxBatch ? { maxBatch: options.maxBatch } : {}),
    tokens: [
      { token: INGEST_TOKEN, role: 'ingest', name: 'mock ingest' },
      { token: WALL_TOKEN, role: 'wall', name: 'mock wall' },
    ],
  });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  await app.replayed;
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    port: address.port,
    async summary(scope, date) {
      const query = new URLSearchParams({ scope, ...(date ? { date } : {}) });
      const response = await fetch(`${url}/api/v1/summary?${query}`, { headers: { authorization: `Bearer ${WALL_TOKEN}` } });
      if (!response.ok) throw new Error(`summary ${scope} ${date}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Summary;
    },
    close: () => app.close(),
  };
}

export function removeDataDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Waits for a condition that the test's own actions will make true (never a timing assertion). */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, limitMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > limitMs) throw new Error(`still waiting after ${limitMs} ms for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
