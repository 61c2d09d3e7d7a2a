import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerFigures } from './fanout-sampler';

/** A bench child process (a TypeScript file under bench/lib run through tsx) and its IPC messages. */
export class Child {
  readonly process: ChildProcess;
  private readonly inbox: Array<{ type: string }> = [];
  private readonly waiters: Array<() => void> = [];

  /** BENCH_PROFILE=dir writes a CPU profile of each server child there. */
  constructor(file: string, args: string[] = [], env: Record<string, string> = {}) {
    const path = fileURLToPath(new URL(file, import.meta.url));
    const profile = process.env.BENCH_PROFILE && file.includes('server') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    this.process = fork(path, args, {
      execArgv: ['--import', 'tsx', ...profile],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.process.on('message', (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'type' in message && typeof message.type === 'string') {
        this.inbox.push(message as { type: string });
        for (const wake of this.waiters.splice(0)) wake();
      }
    });
  }

  send(message: unknown): void {
    this.process.send(message as object);
  }

  /** The next message of a type (taken from the inbox). */
  async next<T>(type: string, timeoutMs = 600_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type);
      if (i >= 0) return this.inbox.splice(i, 1)[0] as T;
      if (this.process.exitCode !== null) throw new Error(`child exited (${this.process.exitCode}) before sending ${type}`);
      if (Date.now() > deadline) throw new Error(`no ${type} from the child within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 1000);
      });
    }
  }

  async figures(): Promise<{ figures: ServerFigures; extra: Record<string, unknown> }> {
    this.send('figures');
    return this.next('figures');
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.send('stop');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
