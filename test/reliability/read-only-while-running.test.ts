import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKENS, TOKEN_ENTRIES, removeTempDirs, tempDir } from '../server/lib/harness';
import { caseEvents } from './lib/case-events';
import { killAllServers, spawnServer, writeTokensFile, type ChildServer } from './lib/child-server';
import { allFigures, httpGetter } from './lib/figures';
import { batchesOf, postEvents } from './lib/ingest-client';
import { SCOPES, gridsOf, recomputed } from './lib/recompute';

interface Volume {
  dir: string;
  image: string;
  /** Makes the kernel find an error in the file system: ext4 turns it read-only at once (errors=remount-ro). */
  fail(): void;
  mount(): void;
  unmount(): void;
}

const mounted = new Set<string>();
afterAll(async () => {
  await killAllServers();
  for (const dir of mounted) execFileSync('umount', ['-l', dir]);
  removeTempDirs();
});

/**
 * A loop-mounted ext4 image: unlike a tmpfs, it can turn read-only under open files, the way a
 * disk does when the kernel finds an error. Undefined when this process may not make one.
 */
function ext4Volume(): Volume | undefined {
  const base = tempDir();
  const image = join(base, 'volume.img');
  const dir = join(base, 'volume');
  mkdirSync(dir);
  const mount = () => {
    execFileSync('mount', ['-o', 'loop,errors=remount-ro', image, dir], { stdio: 'ignore' });
    mounted.add(dir);
  };
  try {
    execFileSync('truncate', ['-s', '64M', image]);
    execFileSync('mkfs.ext4', ['-q', '-F', image], { stdio: 'ignore' });
    mount();
  } catch {
    return undefined;
  }
  const trigger = () => `/sys/fs/ext4/${basename(execFileSync('findmnt', ['-n', '-o', 'SOURCE', dir], { encoding: 'utf8' }).trim())}/trigger_fs_error`;
  if (!existsSync(trigger())) return undefined;
  return {
    dir,
    image,
    fail: () => execFileSync('sh', ['-c', `echo onescreen-test > ${trigger()}`]),
    mount,
    unmount: () => {
      execFileSync('umount', [dir]);
      mounted.delete(dir);
    },
  };
}

const probe = ext4Volume();
if (probe === undefined) console.log('read-only-while-running: skipped: this process cannot loop-mount an ext4 image (needs root and ext4 sysfs)');
else probe.unmount();

const grids = [...gridsOf('500103'), ...gridsOf('500105')];
const figuresOf = (server: ChildServer) => allFigures(httpGetter(server.url, TOKENS.wall), SCOPES);

describe('a data directory that turns read-only while the server runs', () => {
  it.skipIf(probe === undefined)('refuses new events saying why, keeps serving what was acknowledged, and has all of it after the disk is repaired', async () => {
    const volume = ext4Volume() as Volume;
    const tokensFile = writeTokensFile(tempDir(), TOKEN_ENTRIES);
    const dataDir = join(volume.dir, 'data');
    let server = await spawnServer({ dataDir, tokensFile });
    const events = caseEvents({ cases: 600, grids, seed: 81, now: Date.now() });
    const half = events.findIndex((e, i) => i >= events.length / 2 && e.type === 'reported');
    const [first, second] = [events.slice(0, half), events.slice(half)];
    for (const batch of batchesOf(first, 200)) expect((await postEvents(server.url, TOKENS.ingest, batch)).body.rejected).toEqual([]);

    volume.fail();
    const refused = await postEvents(server.url, TOKENS.ingest, second.slice(0, 200));
    expect(refused.status).toBe(503);
    expect(refused.body.message).toMatch(/read-only.*nothing of this batch was stored/);
    await expect.poll(() => server.output()).toMatch(/event log write failed/);
    // Reads go on, with exactly what was acknowledged.
    expect(await figuresOf(server)).toEqual(await recomputed(first));
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    // The repair a kernel-detected error calls for: stop, check the file system, mount it again.
    await server.stop();
    volume.unmount();
    try {
      execFileSync('e2fsck', ['-f', '-y', volume.image], { stdio: 'ignore' });
    } catch (error) {
      // Exit status 1: errors were corrected.
      if ((error as { status?: number }).status !== 1) throw error;
    }
    volume.mount();
    server = await spawnServer({ dataDir, tokensFile });
    expect(await figuresOf(server)).toEqual(await recomputed(first));
    for (const batch of batchesOf(second, 200)) expect((await postEvents(server.url, TOKENS.ingest, batch)).body.rejected).toEqual([]);
    expect(await figuresOf(server)).toEqual(await recomputed(events));
    await server.stop();
  }, 240_000);
});
