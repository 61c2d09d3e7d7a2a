import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../contract';
import { TOKENS, TOKEN_ENTRIES, removeTempDirs, tempDir } from '../server/lib/harness';
import { caseEvents } from './lib/case-events';
import { killAllServers, spawnServer, writeTokensFile } from './lib/child-server';
import { allFigures, httpGetter } from './lib/figures';
import { SCOPES, gridsOf, recomputed, storedIds } from './lib/recompute';

afterAll(async () => {
  await killAllServers();
  removeTempDirs();
});

const unfinished = (dataDir: string) => readdirSync(dataDir).filter((name) => name.startsWith('checkpoint-') && name.endsWith('.tmp'));
const writing = (dataDir: string) => unfinished(dataDir).length > 0;

describe('kill -9 of the server while it writes a checkpoint', () => {
  it('starts again from what is whole (an older checkpoint or the log) with the figures of the events it stored', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const tokensFile = writeTokensFile(dir, TOKEN_ENTRIES);
    const events = caseEvents({ cases: 12_000, grids: [...gridsOf('500103'), ...gridsOf('500105')], seed: 31, now: Date.now() });
    const byId = new Map(events.map((event) => [event.id, event]));
    // A checkpoint after every batch or two: one is being written most of the time.
    const env = { ONESCREEN_CHECKPOINT_EVENTS: '1500', ONESCREEN_CHECKPOINT_MINUTES: '0' };
    let server = await spawnServer({ dataDir, tokensFile, env });
    let sent = 0;
    let killedWriting = 0;
    // Three rounds at least, and more until a kill has landed while a checkpoint was being written:
    // a write lasts milliseconds, and the kill can come just after the rename.
    for (let round = 0; (round < 3 || killedWriting === 0) && round < 12 && sent < events.length; round += 1) {
      let stop = false;
      const sender = (async () => {
        while (!stop && sent < events.length) {
          const batch: CaseEvent[] = events.slice(sent, sent + 1000);
          const response = await fetch(`${server.url}/api/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/json' },
            body: JSON.stringify(batch),
          }).catch(() => undefined);
          if (response === undefined) return;
          expect(response.status).toBe(200);
          sent += batch.length;
        }
      })();
      // Watch the data directory: kill the moment a checkpoint file is being written.
      for (let i = 0; i < 20_000 && !writing(dataDir) && sent < events.length; i += 1) await new Promise((r) => setTimeout(r, 1));
      const caught = writing(dataDir);
      await server.kill9();
      stop = true;
      await sender;
      const left = unfinished(dataDir);
      if (caught && left.length > 0) killedWriting += 1;
      server = await spawnServer({ dataDir, tokensFile, env });
      // What the killed server left half-written is gone (the new one may be writing its own).
      for (const name of left) expect(unfinished(dataDir)).not.toContain(name);
      const stored = storedIds(dataDir);
      expect(await allFigures(httpGetter(server.url, TOKENS.wall), SCOPES)).toEqual(await recomputed(stored.map((id) => byId.get(id) as CaseEvent)));
    }
    await server.stop();
    expect(killedWriting).toBeGreaterThan(0);
  }, 600_000);
});
