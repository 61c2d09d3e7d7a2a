/**
 * `npm start`: build the client when its sources are newer than the build, start the server,
 * feed it the simulated city, and print the URLs to open. Only this demo prints tokens, and
 * only those generated for it in its own data directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSimulator } from '../mock/simulator/simulator';
import { ConfigError, readConfig, readDemoOptions, type Config } from '../server/config';

const root = resolve(import.meta.dirname, '..');
/** The demo city's own walls: 铜梁区's command centre has one, with its 非法金融活动 topic, and 巴川街道's follows it. */
const DEMO_WALLS = {
  file: join(root, 'mock/city/chongqing/walls.json'),
  centres: [
    ['铜梁区', '500151'],
    ['巴川街道', '500151001'],
  ],
} as const;

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

async function waitUntilReady(server: ChildProcess, base: string): Promise<void> {
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
  name?: string;
}

/**
 * Each page's address once, with the least-privileged token that opens it: the wall's with
 * the wall token, the tablet's with a leader's — never the admin token. An operator's own
 * tokens file (`ONESCREEN_TOKENS_FILE`) holds tokens that are not the demo's to print.
 */
function demoAddresses(config: Config, tokensFile: string, tokens: readonly TokenLine[], base: string): string[] {
  if (config.tokensFile !== undefined) {
    return [`  Pages: add ?token= and a token of ${config.tokensFile} to ${base}/wall (a wall token) or ${base}/tablet (a leader token).`];
  }
  const wall = tokens.find((t) => t.role === 'wall');
  const leader = tokens.find((t) => t.role === 'leader');
  return [
    `  Demo credentials, generated for this demo in ${tokensFile}: not for a deployment (see README, Security).`,
    wall ? `  Wall, with the wall token:  ${base}/wall?token=${wall.token}` : '  Wall: the tokens file holds no wall token',
    // Not for a city of one's own, which has other areas.
    ...(wall && config.cityGeojson === undefined
      ? DEMO_WALLS.centres.map(([name, code]) => `  Wall of ${name}:  ${base}/wall?token=${wall.token}&scope=${code}`)
      : []),
    leader ? `  Tablet, as ${leader.name ?? 'a leader'}:  ${base}/tablet?token=${leader.token}` : '  Tablet: the tokens file holds no leader token',
  ];
}

async function main(): Promise<void> {
  // The server reads the same variables again (server/main.ts); relative paths are the repository's, as for the server.
  const config = readConfig(process.env, root);
  const { speed, backfillDays: backfill } = readDemoOptions(process.env);
  const base = `http://${config.host}:${config.port}`;
  const tokensFile = config.tokensFile ?? join(config.dataDir, 'tokens.json');
  buildClientWhenStale();
  const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
    cwd: root,
    // The simulator posts several batches a second: a line per request would bury the URLs printed below.
    env: { ONESCREEN_LOG_REQUESTS: 'false', ...(config.cityGeojson === undefined ? { ONESCREEN_WALLS_FILE: DEMO_WALLS.file } : {}), ...process.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitUntilReady(server, base);

  const tokens = JSON.parse(readFileSync(tokensFile, 'utf8')) as TokenLine[];
  const ingest = tokens.find((t) => t.role === 'ingest');
  if (!ingest) throw new Error(`${tokensFile} holds no ingest token: the simulator cannot write`);

  const simulator = startSimulator({ target: base, token: ingest.token, speed, backfill, seed: 1 });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await simulator.stop();
    server.kill('SIGTERM');
  };
  // Before saying how to stop: a Ctrl+C that follows the words at once must find them.
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  server.once('exit', (code) => {
    if (!stopping) console.error(`onescreen: the server exited (code ${code})`);
    void simulator.stop().then(() => process.exit(code ?? 0));
  });
  console.log(
    [
      '',
      `OneScreen demo running at ${base} with the simulated city (${speed}× speed, ${backfill} days of history).`,
      ...demoAddresses(config, tokensFile, tokens, base),
      `  API: ${base}/docs`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`onescreen: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
