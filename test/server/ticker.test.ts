import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs, startServer, type TestServer } from './lib/harness';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

describe('the ticker', () => {
  it('runs its tasks in turn on every tick, and a failing task is logged without stopping the others', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    server = await startServer({ tickMs: 50, logLevel: 'error', logStream });
    const calls: string[] = [];
    server.app.ticker.onTick('broken', async () => {
      calls.push('broken');
      throw new Error('out of order');
    });
    server.app.ticker.onTick('after', async () => {
      calls.push('after');
    });
    await expect.poll(() => calls.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    expect(calls.slice(0, 4)).toEqual(['broken', 'after', 'broken', 'after']);
    const failures = lines.map((line) => JSON.parse(line) as { msg: string; err?: { message: string } }).filter((line) => line.msg === 'broken tick failed');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures[0].err?.message).toBe('out of order');
  });
});
