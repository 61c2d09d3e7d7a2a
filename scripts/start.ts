/**
 * `npm start`: build the client when its sources are newer than the build, start the server,
 * feed it the simulated city, and print the URLs to open.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSimulator } from '../mock/simulator/simulator';

const root = resolve(import.meta.dirname, '..');
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);
const dataDir = resolve(process.env.ONESCREEN_DATA_DIR ?? join(root, 'data'));
const base = `http://${host}:${port}`;
const speed = Number(process.env.ONESCREEN_DEMO_SPEED ?? 10);
const backfill = Number(process.env.ONESCREEN_DEMO_BACKFILL_DAYS ?? 8);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildClientWhenStale(): void {
  const built = join(root, 'dist/client/index.html');
  const sources = Math.max(newestMtime(join(root, 'client')), newestMtime(join(root, 'contract')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log('Building the client (vite build)…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('the client build failed (see above)');
}

async function waitUntilReady(server: ChildProcess): Promise<void> {
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    try {
      const reply = await fetch(`${base}/readyz`);
      if (reply.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
}

interface TokenLine {
  token: string;
  role: string;
}

function readTokens(): TokenLine[] {
  const file = process.env.ONESCREEN_TOKENS_FILE ?? join(dataDir, 'tokens.json');
  return JSON.parse(readFileSync(file, 'utf8')) as TokenLine[];
}

async function main(): Promise<void> {
  buildClientWhenStale();
  const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
    cwd: root,
    // The simulator posts several batches a second: a line per request would bury the URLs printed below.
    env: { ONESCREEN_LOG_REQUESTS: 'false', ...process.env, HOST: host, PORT: String(port), ONESCREEN_DATA_DIR: dataDir },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitUntilReady(server);

  const tokens = readTokens();
  const ingest = tokens.find((t) => t.role === 'ingest') ?? tokens.find((t) => t.role === 'admin');
  const wall = tokens.find((t) => t.role === 'wall') ?? tokens.find((t) => t.role === 'admin');
  const leader = tokens.find((t) => t.role === 'leader') ?? tokens.find((t) => t.role === 'admin');
  if (!ingest) throw new Error('no ingest or admin token is configured: the simulator cannot write');

  const simulator = startSimulator({ target: base, token: ingest.token, speed, backfill, seed: 1 });
  console.log(
    [
      '',
      `OneScreen is running at ${base} with the simulated city (${speed}× speed, ${backfill} days of history).`,
      wall ? `  Wall:   ${base}/wall?token=${wall.token}` : '',
      leader ? `  Tablet: ${base}/tablet?token=${leader.token}` : '',
      `  API:    ${base}/docs`,
      'Press Ctrl+C to stop.',
      '',
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await simulator.stop();
    server.kill('SIGTERM');
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  server.once('exit', (code) => {
    if (!stopping) console.error(`onescreen: the server exited (code ${code})`);
    void simulator.stop().then(() => process.exit(code ?? 0));
  });
}

main().catch((error: unknown) => {
  console.error(`onescreen: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
