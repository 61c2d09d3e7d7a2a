import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../../reliability/lib/child-server';

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

/** A real redis-server on a free loopback port, persisting to `dir` with appendfsync always. */
export async function startRedis(dir: string): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(
      BINARY,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'no'],
      { stdio: 'ignore' },
    );
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    for (let i = 0; ; i++) {
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch {
        if (i > 100) throw new Error(`redis-server did not start on port ${port}`);
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    probe.disconnect();
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
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    kill9: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    restart: launch,
    client: () => new Redis(port, '127.0.0.1'),
  };
}
