import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real server (`server/main.ts`) as a child process, for benchmarks that load it from outside. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 of /readyz. */
  readyMs: number;
  /** Peak resident set size so far (VmHWM), bytes. */
  peakRss(): number;
  /** Resident set size now (VmRSS), bytes. */
  rss(): number;
  /** User + system CPU time used so far, seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLOCK_TICKS = 100;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** Writes a tokens file with one token per role into the data dir's parent and returns the tokens. */
export function writeBenchTokens(dir: string): { file: string; ingest: string; wall: string } {
  const tokens = { ingest: 'bench-ingest-token-0000000001', wall: 'bench-wall-token-000000000001' };
  const file = join(dir, 'bench-tokens.json');
  writeFileSync(
    file,
    JSON.stringify([
      { token: tokens.ingest, role: 'ingest' },
      { token: tokens.wall, role: 'wall' },
    ]),
    { mode: 0o600 },
  );
  return { file, ...tokens };
}

/**
 * Waits until a ready server has done its start-up work (producing the city's tiles, which
 * takes a core for a few seconds): a steady-state figure must not include it.
 */
export async function untilWarm(url: string): Promise<void> {
  for (;;) {
    const readiness = (await fetch(`${url}/readyz`).then((r) => r.json())) as { warming?: boolean };
    if (readiness.warming !== true) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error('the server exited before it was ready');
    if ((await status(`${url}/readyz`)) === 200) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyMs = performance.now() - started;
  const procFile = (name: string) => readFileSync(`/proc/${child.pid}/${name}`, 'utf8');
  return {
    url,
    child,
    readyMs,
    peakRss: () => Number(/VmHWM:\s+(\d+) kB/.exec(procFile('status'))?.[1] ?? 0) * 1024,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(procFile('status'))?.[1] ?? 0) * 1024,
    cpuSeconds: () => {
      const fields = procFile('stat').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
