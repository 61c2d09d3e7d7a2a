import { afterAll, describe, expect, it } from 'vitest';
import { caseStream } from '../../bench/lib/case-stream';
import { EventLog } from '../../server/log/event-log';
import { TOKENS, demoCity, removeTempDirs, startServer, tempDir } from './lib/harness';

afterAll(removeTempDirs);

/** A log long enough that its replay takes many pages (turns of the event loop). */
function writeLog(dataDir: string, events: number): void {
  const log = new EventLog(dataDir);
  const now = Date.now();
  const stream = caseStream({ city: demoCity(), cases: events, start: now - 7 * 86_400_000, end: now - 60_000 });
  log.transaction(() => {
    let written = 0;
    for (const { record } of stream) {
      log.insert(record, record.at);
      if (++written === events) break;
    }
  });
  log.close();
}

describe('start-up replay', () => {
  it('answers readiness and refuses reads and writes with 503 until the log is replayed, then serves them', { timeout: 180_000 }, async () => {
    const dataDir = tempDir();
    writeLog(dataDir, 60_000);
    const server = await startServer({ dataDir, waitForReplay: false });
    const first = await server.get('/readyz', '');
    expect(first.statusCode).toBe(503);
    expect(first.json()).toMatchObject({ status: 'replaying', message: 'replaying the event log' });
    expect((await server.get('/healthz', '')).statusCode).toBe(200);
    const read = await server.get('/api/v1/summary?scope=city');
    expect(read.statusCode).toBe(503);
    expect(read.headers['retry-after']).toBe('5');
    expect(read.json().message).toMatch(/^the server is replaying its event log \(\d+ events so far\); retry in a few seconds$/);
    expect((await server.post([], TOKENS.ingest)).statusCode).toBe(503);

    await server.app.replayed;
    expect((await server.get('/readyz', '')).json()).toMatchObject({ status: 'ready', events: 60_000 });
    expect((await server.get('/api/v1/summary?scope=city')).statusCode).toBe(200);
    await server.close();
  });
});
