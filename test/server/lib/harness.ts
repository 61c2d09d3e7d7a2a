import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { IngestResult, Summary } from '../../../contract';
import { buildApp, type App, type AppOptions } from '../../../server/app';
import type { TokenEntry } from '../../../server/auth/token-entry';
import { loadCity, type City } from '../../../server/geo';

export const TOKENS = {
  ingest: 'test-ingest-token-0000000001',
  wall: 'test-wall-token-00000000000001',
  admin: 'test-admin-token-0000000000001',
  /** Leader of 渝中区 (500103). */
  leader: 'test-leader-yuzhong-000000001',
  /** Leader of 江北区 (500105). */
  leaderB: 'test-leader-jiangbei-00000001',
} as const;

export const TOKEN_ENTRIES: TokenEntry[] = [
  { token: TOKENS.ingest, role: 'ingest', name: 'ingest' },
  { token: TOKENS.wall, role: 'wall', name: 'wall' },
  { token: TOKENS.admin, role: 'admin', name: 'admin' },
  { token: TOKENS.leader, role: 'leader', districts: ['500103'], name: 'leader 渝中区' },
  { token: TOKENS.leaderB, role: 'leader', districts: ['500105'], name: 'leader 江北区' },
];

let city: City | undefined;
/** The demo city, loaded once per test file. */
export function demoCity(): City {
  city ??= loadCity();
  return city;
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public ms: number) {}
  readonly now = (): number => this.ms;
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
}

const tempDirs: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'onescreen-test-'));
  tempDirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface TestServer {
  app: App;
  dataDir: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string, token?: string): Promise<LightMyRequestResponse>;
  post(events: unknown, token?: string): Promise<LightMyRequestResponse>;
  ingest(events: unknown[]): Promise<IngestResult>;
  summary(scope: string, date?: string): Promise<Summary>;
  close(): Promise<void>;
}

/** The real app on a real SQLite file in a temp dir, ready and (unless told not to wait) replayed. */
export async function startServer(options: Partial<AppOptions> & { waitForReplay?: boolean } = {}): Promise<TestServer> {
  const { waitForReplay = true, ...appOptions } = options;
  const dataDir = appOptions.dataDir ?? tempDir();
  const app = await buildApp({ logLevel: 'silent', tokens: TOKEN_ENTRIES, city: demoCity(), ...appOptions, dataDir });
  await app.ready();
  if (waitForReplay) await app.replayed;
  const request = (o: InjectOptions) => app.inject(o);
  const get = (url: string, token: string = TOKENS.wall) =>
    app.inject({ method: 'GET', url, headers: token === '' ? {} : { authorization: `Bearer ${token}` } });
  const post = (events: unknown, token: string = TOKENS.ingest) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(events),
    });
  return {
    app,
    dataDir,
    request,
    get,
    post,
    async ingest(events) {
      const response = await post(events);
      if (response.statusCode !== 200) throw new Error(`ingest failed: ${response.statusCode} ${response.body}`);
      return response.json<IngestResult>();
    },
    async summary(scope, date) {
      const query = new URLSearchParams({ scope, ...(date ? { date } : {}) });
      const response = await get(`/api/v1/summary?${query.toString()}`);
      if (response.statusCode !== 200) throw new Error(`summary failed: ${response.statusCode} ${response.body}`);
      return response.json<Summary>();
    },
    close: () => app.close(),
  };
}

/** The grids of a scope of the demo city, in code order. */
export function gridsOf(scope: string): string[] {
  const c = demoCity();
  const children = c.childrenOf(scope);
  return c.levelOf(scope) === 'community' ? [...children] : children.flatMap(gridsOf);
}

/**
 * Grids of the demo city for tests: two in one community of a street of 渝中区, one in another
 * street, one in 江北区.
 */
export function sampleGrids(): { a1: string; a2: string; b1: string; other: string; communityA: string; streetA: string; streetB: string } {
  const c = demoCity();
  const streets = c.childrenOf('500103').filter((street) => c.childrenOf(street).some((community) => c.childrenOf(community).length >= 2));
  const [streetA, streetB] = streets;
  const communityA = c.childrenOf(streetA).find((community) => c.childrenOf(community).length >= 2) ?? '';
  const [a1, a2] = c.childrenOf(communityA);
  const [b1] = gridsOf(streetB);
  const jiangbei = c.childrenOf('500105').find((street) => gridsOf(street).length > 0);
  if (!streetA || !streetB || !jiangbei) throw new Error('the demo city lacks the streets these tests need');
  return { a1, a2, b1, other: gridsOf(jiangbei)[0], communityA, streetA, streetB };
}
