import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GridRow, Summary } from '../../contract';
import { DISTRICT_A, LiveClient, TOKENS, getJson, placesIn, postEvents, reported, startServer, type LiveServer } from './live-harness';

describe('live push across a server restart', () => {
  const servers: LiveServer[] = [];
  afterAll(async () => {
    for (const server of servers.reverse()) await server.close(false);
  });

  it('reconnects a client to the restarted server (same data) and its snapshot equals REST', async () => {
    const a = placesIn(DISTRICT_A);
    const first = await startServer();
    servers.push(first);
    await postEvents(first.url, [reported('RESTART-1', a.grids[0], Date.now() - 2000), reported('RESTART-2', a.grids[1], Date.now() - 1000)]);
    const client = new LiveClient(first.url, { token: TOKENS.leaderA, scope: DISTRICT_A }, { reconnection: true });
    await client.waitFor('snapshot');
    const closed = new Promise<void>((resolve) => client.socket.once('disconnect', () => resolve()));
    await first.close(false);
    await closed;

    const mark = client.mark();
    const second = await startServer({ dataDir: first.dataDir, port: Number(new URL(first.url).port) });
    servers.push(second);
    const snapshot = await client.waitFor('snapshot', () => true, mark, 60_000);
    const rest = await getJson<Summary>(second.url, `/api/v1/summary?scope=${DISTRICT_A}`, TOKENS.leaderA);
    const grids = await getJson<GridRow[]>(second.url, `/api/v1/grids?scope=${DISTRICT_A}`, TOKENS.leaderA);
    expect(snapshot.summary.reported).toBe(2);
    expect({ ...snapshot.summary, asOf: '' }).toEqual({ ...rest, asOf: '' });
    expect(snapshot.grids).toEqual(grids);
    expect(snapshot.recent.map((c) => c.caseId).sort()).toEqual(['RESTART-1', 'RESTART-2']);
    client.close();
  });

  it('names the client build it serves in every snapshot, and the new one after an upgrade', async () => {
    const clientDir = mkdtempSync(join(tmpdir(), 'onescreen-client-'));
    const page = (asset: string) => writeFileSync(join(clientDir, 'index.html'), `<!doctype html><script type="module" src="/assets/${asset}"></script>`);
    page('index-AAAA1111.js');
    const first = await startServer({ clientDir });
    servers.push(first);
    const client = new LiveClient(first.url, { token: TOKENS.wall, scope: 'city' }, { reconnection: true });
    const { build } = await client.waitFor('snapshot');
    expect(build).toMatch(/^[0-9a-f]{16}$/);
    const other = new LiveClient(first.url, { token: TOKENS.leaderA, scope: DISTRICT_A });
    expect((await other.waitFor('snapshot')).build, 'every room is told the same build').toBe(build);
    other.close();

    const closed = new Promise<void>((resolve) => client.socket.once('disconnect', () => resolve()));
    await first.close(false);
    await closed;
    const mark = client.mark();
    const restarted = await startServer({ dataDir: first.dataDir, port: Number(new URL(first.url).port), clientDir });
    servers.push(restarted);
    expect((await client.waitFor('snapshot', () => true, mark, 60_000)).build, 'a restart on the same client').toBe(build);

    await restarted.close(false);
    page('index-BBBB2222.js');
    const upgradedMark = client.mark();
    const upgraded = await startServer({ dataDir: first.dataDir, port: Number(new URL(first.url).port), clientDir });
    servers.push(upgraded);
    const after = await client.waitFor('snapshot', () => true, upgradedMark, 60_000);
    expect(after.build).toMatch(/^[0-9a-f]{16}$/);
    expect(after.build, 'an upgraded client').not.toBe(build);
    client.close();

    rmSync(clientDir, { recursive: true, force: true });
    const unbuilt = await startServer({ clientDir: join(tmpdir(), 'onescreen-no-client-here') });
    servers.push(unbuilt);
    const bare = new LiveClient(unbuilt.url, { token: TOKENS.wall, scope: 'city' });
    expect((await bare.waitFor('snapshot')).build, 'no client built, none named').toBeUndefined();
    bare.close();
  });
});
