import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../../contract';
import { freePort } from '../../lib/free-port';
import { runTs, type Child } from './process';

export interface TestTokens {
  wall: string;
  ingest: string;
  leader: string;
  admin: string;
}

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly tokens: TestTokens;
  /** The leader token reads only this district. */
  readonly leaderDistrict: string;
  /** Starts it again on the same port with the same data (after `stop`). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its temp directory. */
  dispose(): Promise<void>;
  output(): string;
  /** GET with a token; throws with the server's message on a non-2xx answer. */
  get<T>(path: string, token?: string): Promise<T>;
  post<T>(path: string, body: unknown, token?: string): Promise<T>;
}

export interface TestServerOptions {
  tickMs?: number;
  leaderDistrict?: string;
  /** More tokens for the tokens file, e.g. leaders of a street or of several areas. */
  extraTokens?: readonly { token: string; role: Role; scopes?: string[]; name?: string }[];
  env?: NodeJS.ProcessEnv;
}

const token = (role: Role): string => `${role}-${randomBytes(12).toString('hex')}`;

/** The real server (`server/main.ts`) in a child process, on a free port, with a temp data dir and tokens file. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'onescreen-e2e-'));
  const dataDir = join(dir, 'data');
  const leaderDistrict = options.leaderDistrict ?? '500103';
  const tokens: TestTokens = { wall: token('wall'), ingest: token('ingest'), leader: token('leader'), admin: token('admin') };
  const tokensFile = join(dir, 'tokens.json');
  writeFileSync(
    tokensFile,
    JSON.stringify([
      { token: tokens.wall, role: 'wall' },
      { token: tokens.ingest, role: 'ingest' },
      { token: tokens.leader, role: 'leader', districts: [leaderDistrict] },
      { token: tokens.admin, role: 'admin' },
      ...(options.extraTokens ?? []),
    ]),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PORT: String(port),
    HOST: '127.0.0.1',
    ONESCREEN_DATA_DIR: dataDir,
    ONESCREEN_TOKENS_FILE: tokensFile,
    ONESCREEN_TICK_MS: String(options.tickMs ?? 1000),
    ONESCREEN_LOG_LEVEL: 'warn',
    ...options.env,
  };
  let child: Child | undefined;

  async function request<T>(method: string, path: string, body: unknown, auth: string): Promise<T> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  const server: TestServer = {
    url,
    port,
    dataDir,
    tokens,
    leaderDistrict,
    async start() {
      child = runTs('server/main.ts', [], env);
      await child.waitFor(/OneScreen listening on/, 120_000);
      // Listening comes before the log replay ends; ready means the figures are whole.
      for (;;) {
        const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
        if (ready) return;
        if (child.process.exitCode !== null) throw new Error(`server exited:\n${child.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async stop() {
      await child?.stop();
    },
    async dispose() {
      await child?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    output: () => child?.output() ?? '',
    get: (path, auth = tokens.wall) => request('GET', path, undefined, auth),
    post: (path, body, auth = tokens.ingest) => request('POST', path, body, auth),
  };
  await server.start();
  return server;
}
