import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TokenEntry } from '../../../server/auth/token-entry';
import { freePort } from '../../lib/free-port';

const ROOT = resolve(import.meta.dirname, '../../..');

export function writeTokensFile(dir: string, entries: readonly TokenEntry[]): string {
  const file = join(dir, 'tokens.json');
  writeFileSync(file, JSON.stringify(entries), { mode: 0o600 });
  return file;
}

export interface ChildServerOptions {
  dataDir: string;
  tokensFile: string;
  port?: number;
  env?: Record<string, string>;
  /** Wait until /readyz says ready (default true). */
  waitReady?: boolean;
}

export interface ChildServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL, and wait until the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful), and wait until the process is gone. */
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

const LISTENING = /OneScreen listening on (http:\/\/[^\s]+)/;

const running = new Set<ChildProcess>();

/** Kills whatever server a failed test left running (call in afterAll). */
export async function killAllServers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** `node --import tsx server/main.ts` as a real child process, the way it runs in production. */
export async function spawnServer(options: ChildServerOptions): Promise<ChildServer> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ONESCREEN_DATA_DIR: options.dataDir,
      ONESCREEN_TOKENS_FILE: options.tokensFile,
      ONESCREEN_LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  running.add(child);
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      running.delete(child);
      done(code);
    }),
  );
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${String(code)}) before listening:\n${output}`));
    });
  });
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const server: ChildServer = {
    url,
    port,
    process: child,
    output: () => output,
    kill9: () => stopWith('SIGKILL'),
    stop: () => stopWith('SIGTERM'),
    exited,
  };
  if (options.waitReady !== false) {
    try {
      await waitReady(url, 60_000, () => child.exitCode === null && child.signalCode === null);
    } catch (error) {
      throw new Error(`${(error as Error).message}; the server wrote:\n${output}`);
    }
  }
  return server;
}

/** Waits until `url` answers /readyz with 200; fails after `timeoutMs`, or once `running()` says its process is gone. */
export async function waitReady(url: string, timeoutMs = 60_000, running: () => boolean = () => true): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    if (!running()) throw new Error(`${url} exited before it was ready`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      // Not listening yet.
      last = (error as Error).message;
    }
    if (Date.now() > until) throw new Error(`${url} not ready within ${timeoutMs} ms; /readyz last answered: ${last}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
