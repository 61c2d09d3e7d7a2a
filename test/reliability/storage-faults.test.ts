import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../contract';
import { TOKENS, TOKEN_ENTRIES, removeTempDirs, tempDir } from '../server/lib/harness';
import { caseEvents } from './lib/case-events';
import { killAllServers, spawnServer, writeTokensFile, type ChildServer } from './lib/child-server';
import { allFigures, httpGetter } from './lib/figures';
import { batchesOf, postEvents } from './lib/ingest-client';
import { SCOPES, gridsOf, recomputed, storedIds } from './lib/recompute';

const mounts: string[] = [];
afterAll(async () => {
  await killAllServers();
  for (const dir of mounts.splice(0)) execFileSync('umount', [dir]);
  removeTempDirs();
});

/** A small tmpfs, so that "disk full" and "read-only" are real; undefined when this process may not mount. */
function smallVolume(sizeKiB: number): string | undefined {
  const dir = join(tempDir(), 'volume');
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  mounts.push(dir);
  return dir;
}
const canMount = (() => {
  const probe = smallVolume(64);
  if (probe === undefined) {
    console.log('storage-faults: skipping the disk-full and read-only cases: this process cannot mount a tmpfs (needs root)');
    return false;
  }
  return true;
})();

const grids = [...gridsOf('500103'), ...gridsOf('500105')];
const figuresOf = (server: ChildServer) => allFigures(httpGetter(server.url, TOKENS.wall), SCOPES);

async function readyz(server: ChildServer): Promise<number> {
  return (await fetch(`${server.url}/readyz`)).status;
}

/** Sends every batch; returns the ids the server acknowledged. */
async function sendAll(server: ChildServer, events: readonly CaseEvent[], size = 250): Promise<CaseEvent[]> {
  const acknowledged: CaseEvent[] = [];
  for (const batch of batchesOf(events, size)) {
    const reply = await postEvents(server.url, TOKENS.ingest, batch);
    expect(reply.status).toBe(200);
    expect(reply.body.rejected).toEqual([]);
    acknowledged.push(...batch);
  }
  return acknowledged;
}

describe('a full data directory', () => {
  it.skipIf(!canMount)('refuses new events with 507 and a message, keeps serving reads, and takes events again once space is freed', async () => {
    const volume = smallVolume(2048) as string;
    const dir = tempDir();
    const tokensFile = writeTokensFile(dir, TOKEN_ENTRIES);
    // Room the test frees later to clear the fault.
    writeFileSync(join(volume, 'ballast'), Buffer.alloc(700 * 1024));
    const server = await spawnServer({ dataDir: volume, tokensFile });
    const events = caseEvents({ cases: 5000, grids, seed: 21, now: Date.now() });
    const acknowledged = new Set<string>();
    let refusal: { status: number; message?: string; retryAfter: string | null } | undefined;
    const batches = batchesOf(events, 250);
    let next = 0;
    for (; next < batches.length && refusal === undefined; next++) {
      const reply = await postEvents(server.url, TOKENS.ingest, batches[next]);
      if (reply.status === 200) for (const event of batches[next]) acknowledged.add(event.id);
      else refusal = { status: reply.status, message: reply.body.message, retryAfter: reply.retryAfter };
    }
    expect(refusal?.status).toBe(507);
    expect(refusal?.message).toMatch(/data directory is full.*nothing of this batch was stored/);
    expect(refusal?.retryAfter).not.toBeNull();
    await expect.poll(() => server.output()).toMatch(/event log write failed/);

    // Reads go on, and show exactly what was acknowledged: the refused batch left no trace.
    const stored = storedIds(volume);
    expect(new Set(stored)).toEqual(acknowledged);
    const storedEvents = events.filter((event) => acknowledged.has(event.id));
    expect(await figuresOf(server)).toEqual(await recomputed(storedEvents));
    expect(await readyz(server)).toBe(200);

    rmSync(join(volume, 'ballast'));
    const rest = batches.slice(next - 1).flat();
    const more = await sendAll(server, rest.slice(0, 1500));
    expect(more.length).toBe(1500);
    const after = storedIds(volume);
    expect(after.length).toBe(acknowledged.size + 1500);
    expect(await figuresOf(server)).toEqual(await recomputed([...storedEvents, ...more]));
    await server.stop();
  }, 240_000);
});

describe('a read-only data directory', () => {
  it.skipIf(!canMount)('makes the server say so at start, and it starts with its log intact once the directory is writable again', async () => {
    const volume = smallVolume(4096) as string;
    const dir = tempDir();
    const tokensFile = writeTokensFile(dir, TOKEN_ENTRIES);
    let server = await spawnServer({ dataDir: volume, tokensFile });
    const events = caseEvents({ cases: 300, grids, seed: 22, now: Date.now() });
    await sendAll(server, events);
    const before = await figuresOf(server);
    await server.stop();

    execFileSync('mount', ['-o', 'remount,ro', volume]);
    await expect(spawnServer({ dataDir: volume, tokensFile })).rejects.toThrow(/cannot open the event log .*events\.sqlite.*is not writable: a read-only file system/);

    execFileSync('mount', ['-o', 'remount,rw', volume]);
    server = await spawnServer({ dataDir: volume, tokensFile });
    expect(await figuresOf(server)).toEqual(before);
    await server.stop();
  }, 240_000);
});

describe('a damaged tail of the log', () => {
  async function loggedThenKilled(seed: number): Promise<{ dataDir: string; tokensFile: string; events: CaseEvent[] }> {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const tokensFile = writeTokensFile(dir, TOKEN_ENTRIES);
    const server = await spawnServer({ dataDir, tokensFile });
    const events = caseEvents({ cases: 600, grids, seed, now: Date.now() });
    await sendAll(server, events, 100);
    await server.kill9();
    return { dataDir, tokensFile, events };
  }

  it('ignores garbage after the last write of the write-ahead log and keeps every acknowledged event', async () => {
    const { dataDir, tokensFile, events } = await loggedThenKilled(31);
    const wal = join(dataDir, 'events.sqlite-wal');
    expect(statSync(wal).size).toBeGreaterThan(0);
    appendFileSync(wal, Buffer.from('\u0000garbage after a torn write'.repeat(300)));
    const server = await spawnServer({ dataDir, tokensFile });
    expect(storedIds(dataDir)).toEqual(events.map((event) => event.id));
    expect(await figuresOf(server)).toEqual(await recomputed(events));
    await server.stop();
  }, 240_000);

  it('starts from the intact part of a truncated write-ahead log, consistent, and a resend completes it exactly', async () => {
    const { dataDir, tokensFile, events } = await loggedThenKilled(32);
    const wal = join(dataDir, 'events.sqlite-wal');
    truncateSync(wal, Math.max(0, statSync(wal).size - 10_000));
    const server = await spawnServer({ dataDir, tokensFile });
    const stored = storedIds(dataDir);
    const ids = events.map((event) => event.id);
    expect(stored).toEqual(ids.slice(0, stored.length));
    expect(await figuresOf(server)).toEqual(await recomputed(events.slice(0, stored.length)));
    for (const batch of batchesOf(events, 100)) {
      const reply = await postEvents(server.url, TOKENS.ingest, batch);
      expect(reply.status).toBe(200);
      expect(reply.body.rejected).toEqual([]);
    }
    expect(storedIds(dataDir)).toEqual(ids);
    expect(await figuresOf(server)).toEqual(await recomputed(events));
    await server.stop();
  }, 240_000);

  it('refuses to start on a damaged database file, saying so, and starts with everything once the file is restored', async () => {
    const { dataDir, tokensFile, events } = await loggedThenKilled(33);
    // A clean start and stop folds the write-ahead log into the database file.
    const clean = await spawnServer({ dataDir, tokensFile });
    await clean.stop();
    const file = join(dataDir, 'events.sqlite');
    const backup = join(dataDir, 'backup.sqlite');
    copyFileSync(file, backup);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    await expect(spawnServer({ dataDir, tokensFile })).rejects.toThrow(/cannot open the event log .*events\.sqlite: database disk image is malformed/);

    copyFileSync(backup, file);
    const restored = await spawnServer({ dataDir, tokensFile });
    expect(storedIds(dataDir)).toEqual(events.map((event) => event.id));
    expect(await figuresOf(restored)).toEqual(await recomputed(events));
    await restored.stop();
  }, 240_000);
});
