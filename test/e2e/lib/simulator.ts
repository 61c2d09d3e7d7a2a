import type { TestServer } from './server';
import { runTs, type Child } from './process';

export interface SimulatorOptions {
  rate?: number;
  speed?: number;
  seed?: number;
  backfill?: number;
}

/** The case simulator (`mock/simulate.ts`) feeding a test server; resolves once it has gone live. */
export async function startSimulator(server: TestServer, options: SimulatorOptions = {}): Promise<Child> {
  const args = [
    '--target', server.url,
    // The simulator also reads the city's grids, which an ingest token may not.
    '--token', server.tokens.admin,
    '--rate', String(options.rate ?? 20_000),
    '--speed', String(options.speed ?? 30),
    '--seed', String(options.seed ?? 7),
    '--backfill', String(options.backfill ?? 1),
    '--status-every', '5',
  ];
  const child = runTs('mock/simulate.ts', args, {});
  await child.waitFor(/going live|\blive\b/, 240_000);
  return child;
}
