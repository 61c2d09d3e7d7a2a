import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridRow, Summary } from '../../contract';
import { needSystemTool } from '../lib/system-tool';
import { DISTRICT_A, TOKENS, getJson, placesIn, postEvents, reported, startServer, type LiveServer } from './live-harness';

/** Debian's interpreter, whose packages hold python-socketio (another python3 on PATH may not). */
const PYTHON = '/usr/bin/python3';
const CLIENT = fileURLToPath(new URL('./live_client.py', import.meta.url));

type Line = Record<string, string | number>;

/** live_client.py against the server: its JSON lines as they come, and how it ended. */
function runClient(url: string, token: string, scope: string) {
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [CLIENT, url, token, scope]);
  const lines: Line[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const waiting: Array<() => void> = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    lines.push(JSON.parse(text) as Line);
    for (const wake of waiting.splice(0)) wake();
  });
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return {
    exited,
    /** The n-th line (0-based), once printed. */
    async line(n: number): Promise<Line> {
      while (lines.length <= n) {
        const more = new Promise<void>((wake) => waiting.push(wake));
        const ended = exited.then(() => {
          throw new Error(`live_client.py ended before line ${n + 1}: ${stderr}`);
        });
        await Promise.race([more, ended]);
      }
      return lines[n];
    },
    stop: () => child.kill(),
  };
}

describe('a Python client (Debian python3-socketio) on /live', () => {
  let server: LiveServer;
  const { grids } = placesIn(DISTRICT_A);

  beforeAll(async () => {
    server = await startServer();
    await postEvents(server.url, [reported('PY1', grids[0], Date.now()), reported('PY2', grids[1], Date.now())]);
  });
  afterAll(async () => {
    await server.close();
  });

  it('receives the snapshot, equal to the REST summary, then a delta of a new report', async (context) => {
    needSystemTool(context, PYTHON, ['-c', 'import socketio, requests, websocket'], "install Debian's python3-socketio, python3-requests and python3-websocket");
    const client = runClient(server.url, TOKENS.wall, 'city');
    try {
      const snapshot = await client.line(0);
      const summary = await getJson<Summary>(server.url, '/api/v1/summary?scope=city');
      const rows = await getJson<GridRow[]>(server.url, '/api/v1/grids?scope=city');
      expect(snapshot).toEqual({ event: 'snapshot', scope: 'city', date: summary.date, seq: 0, reported: summary.reported, open: summary.open, grids: rows.length });
      expect(summary.reported).toBe(2);

      await postEvents(server.url, [reported('PY3', grids[0], Date.now())]);
      const delta = await client.line(1);
      expect(delta).toMatchObject({ event: 'delta', reported: 3 });
      expect(await client.exited).toBe(0);
    } finally {
      client.stop();
    }
  }, 60_000);

  it('is told why a handshake is refused', async (context) => {
    needSystemTool(context, PYTHON, ['-c', 'import socketio, requests, websocket'], "install Debian's python3-socketio, python3-requests and python3-websocket");
    const client = runClient(server.url, TOKENS.leaderA, '500105');
    try {
      expect(await client.line(0)).toEqual({ event: 'refused', message: 'token for 渝中区 cannot read 江北区 (500105)', status: 403 });
      expect(await client.exited).toBe(1);
    } finally {
      client.stop();
    }
  }, 60_000);
});
