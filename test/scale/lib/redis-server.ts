import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../../lib/free-port';

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** SIGKILL: what survives is what the append-only file had synced. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
  /** Starts again on the same port and directory. */
  restart(): Promise<void>;
  client(): Redis;
}

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

/** The pid of the Redis answering on `port`, once one does; fails when `child` exits first. */
async function answeringPid(port: number, child: ChildProcess, output: () => string, password: string | undefined): Promise<number> {
  const probe = new Redis(port, '127.0.0.1', { password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server exited on port ${port}:\n${output()}`);
      try {
        if (probe.status !== 'ready') await probe.connect();
        const pid = /process_id:(\d+)/.exec(await probe.info('server'))?.[1];
        if (pid !== undefined) return Number(pid);
      } catch {
        // Not listening yet.
      }
      if (i > 100) throw new Error(`redis-server did not start on port ${port}:\n${output()}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  } finally {
    probe.disconnect();
  }
}

/** A real redis-server on a free loopback port (or `port`), persisting to `dir` with appendfsync always; with `password`, it asks for it. */
export async function startRedis(dir: string, port?: number, options: { password?: string } = {}): Promise<RedisServer> {
  const { password } = options;
  port ??= await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    let output = '';
    const started = spawn(
      BINARY,
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'no'],
        ...(password === undefined ? [] : ['--requirepass', password]),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    for (const stream of [started.stdout, started.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child = started;
    // Whatever else answers on the port (another test's Redis, say) would make every figure wrong.
    const pid = await answeringPid(port, started, () => output, password);
    if (pid !== started.pid) throw new Error(`port ${port} is answered by another Redis (pid ${pid}), not the one started (pid ${String(started.pid)})`);
  };
  const end = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((done) => running.once('exit', done));
    running.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `redis://${password === undefined ? '' : `:${encodeURIComponent(password)}@`}127.0.0.1:${port}`,
    port,
    dir,
    kill9: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    restart: launch,
    client: () => new Redis(port, '127.0.0.1', { password }),
  };
}
