import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseEvent, IngestResult } from '../../contract';
import { EventSender } from '../../mock/http/event-sender';
import { freePort } from '../lib/free-port';
import { TOKENS, TOKEN_ENTRIES, removeTempDirs, tempDir } from '../server/lib/harness';
import { caseEvents } from './lib/case-events';
import { killAllServers, spawnServer, writeTokensFile, type ChildServer } from './lib/child-server';
import { allFigures, httpGetter } from './lib/figures';
import { SCOPES, gridsOf, recomputed, storedIds } from './lib/recompute';

afterAll(async () => {
  await killAllServers();
  removeTempDirs();
});

async function post(server: ChildServer, batch: readonly CaseEvent[]): Promise<IngestResult> {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/json' },
    body: JSON.stringify(batch),
  });
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as IngestResult;
}

describe('kill -9 of the server in the middle of a stream of ingest batches', () => {
  it('keeps every acknowledged event exactly once, and resending the rest counts nothing twice', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const tokensFile = writeTokensFile(dir, TOKEN_ENTRIES);
    const port = await freePort();
    const grids = [...gridsOf('500103'), ...gridsOf('500105')];
    const events = caseEvents({ cases: 2500, grids, seed: 11, now: Date.now() });
    const byId = new Map(events.map((event) => [event.id, event]));
    const batches: CaseEvent[][] = [];
    for (let i = 0; i < events.length; i += 200) batches.push(events.slice(i, i + 200));

    // Three batches in flight at a time; the server dies as the eighth answer arrives. Each lane
    // goes on until a batch fails, so at least one batch is sent and never acknowledged even when
    // the ones in flight at the kill were answered first.
    let server = await spawnServer({ dataDir, tokensFile, port });
    const acknowledged = new Set<string>();
    const attempted = new Set<string>();
    let answers = 0;
    let next = 0;
    let killing: Promise<void> | undefined;
    const lane = async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        for (const event of batch) attempted.add(event.id);
        try {
          const result = await post(server, batch);
          expect(result.rejected).toEqual([]);
          for (const event of batch) acknowledged.add(event.id);
          answers += 1;
          if (answers === 8) killing = server.kill9();
        } catch (error) {
          if (killing === undefined) throw error;
          return;
        }
      }
    };
    await Promise.all([lane(), lane(), lane()]);
    await killing;
    expect(killing).toBeDefined();
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(attempted.size).toBeGreaterThan(acknowledged.size);

    server = await spawnServer({ dataDir, tokensFile, port });
    const stored = storedIds(dataDir);
    expect(new Set(stored).size).toBe(stored.length);
    for (const id of acknowledged) expect(stored).toContain(id);
    for (const id of stored) expect(attempted.has(id)).toBe(true);
    const storedEvents = stored.map((id) => byId.get(id) as CaseEvent);
    expect(await allFigures(httpGetter(server.url, TOKENS.wall), SCOPES)).toEqual(await recomputed(storedEvents));

    // The simulator's sender resends everything not acknowledged, and the server dies once more meanwhile.
    const rest = events.filter((event) => !acknowledged.has(event.id));
    let senderAnswers = 0;
    let restarted: Promise<ChildServer> | undefined;
    const senderWithKill = new EventSender({
      target: server.url,
      token: TOKENS.ingest,
      batchSize: 200,
      retryBaseMs: 50,
      retryMaxMs: 500,
      statusEveryMs: 0,
      log: () => undefined,
      onResult: () => {
        senderAnswers += 1;
        if (senderAnswers === 3) restarted = server.kill9().then(() => spawnServer({ dataDir, tokensFile, port }));
      },
    });
    senderWithKill.push(rest);
    await senderWithKill.flush();
    await senderWithKill.close();
    server = (await restarted) ?? server;
    const stats = senderWithKill.stats();
    expect(stats.rejected + stats.refused).toBe(0);
    expect(stats.sent).toBeGreaterThanOrEqual(rest.length);
    expect(stats.accepted).toBeLessThanOrEqual(rest.length);

    const final = storedIds(dataDir);
    expect(final.length).toBe(events.length);
    expect(new Set(final).size).toBe(events.length);
    expect(await allFigures(httpGetter(server.url, TOKENS.wall), SCOPES)).toEqual(await recomputed(events));
    await server.stop();
  }, 240_000);
});
