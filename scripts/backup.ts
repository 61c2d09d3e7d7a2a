import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { readConfig } from '../server/config';
import { checkpointFiles, openCheckpoint, type OpenedCheckpoint } from '../server/log/checkpoint-file';
import { EVICTED_FILE } from '../server/log/evicted-store';
import { BACKUP_FORMAT, MANIFEST, type BackupManifest } from './lib/backup-manifest';
import { TarWriter } from './lib/tar-archive';

/**
 * `npm run backup -- --to FILE [--data-dir DIR]`: a copy of a server's data directory while it
 * runs (README, "Operations"). The log is copied by SQLite's VACUUM INTO, in one read transaction
 * beside the server's writes, so ingest goes on; with it the newest checkpoint (taken first, so the
 * log copied holds everything it covers), the forgotten cases it relies on and, on a scale-out
 * node, its stream position (read before the log, so it never runs ahead of it). FILE is a tar
 * whose last member lists every other with its SHA-256.
 */
const { values } = parseArgs({ options: { to: { type: 'string' }, 'data-dir': { type: 'string' } } });

function fail(message: string): never {
  console.error(`backup: ${message}`);
  process.exit(1);
}

async function copyInto(tar: TarWriter, name: string, file: string, members: BackupManifest['members']): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const { size, mtimeMs } = await handle.stat();
    members.push({ name, bytes: size, sha256: await tar.addFile(name, handle, size, mtimeMs) });
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  if (values.to === undefined) fail('give the backup file: npm run backup -- --to FILE');
  const target = resolve(values.to);
  const dataDir = resolve(values['data-dir'] ?? readConfig().dataDir);
  const log = join(dataDir, 'events.sqlite');
  if (!existsSync(log)) fail(`no event log in ${dataDir} (give --data-dir, or ONESCREEN_DATA_DIR)`);
  if (existsSync(target)) fail(`${target} exists; nothing was overwritten`);

  const work = mkdtempSync(join(dirname(target), '.onescreen-backup-'));
  let checkpoint: OpenedCheckpoint | undefined;
  try {
    const streamPosition = existsSync(join(dataDir, 'stream-position')) ? readFileSync(join(dataDir, 'stream-position')) : undefined;
    for (const file of await checkpointFiles(dataDir)) {
      checkpoint = await openCheckpoint(file).catch(() => undefined);
      if (checkpoint) break;
    }
    const source = new Database(log, { fileMustExist: true });
    source.pragma('busy_timeout = 10000');
    const logCopy = join(work, 'events.sqlite');
    source.prepare('VACUUM INTO ?').run(logCopy);
    source.close();
    const copied = new Database(logCopy, { readonly: true });
    const { events, lastSeq } = copied.prepare('SELECT count(*) AS events, coalesce(max(seq), 0) AS lastSeq FROM events').get() as { events: number; lastSeq: number };
    copied.close();
    let evictedCopy: string | undefined;
    if (existsSync(join(dataDir, EVICTED_FILE))) {
      evictedCopy = join(work, EVICTED_FILE);
      const evicted = new Database(join(dataDir, EVICTED_FILE), { fileMustExist: true });
      evicted.prepare('VACUUM INTO ?').run(evictedCopy);
      evicted.close();
    }

    const partial = `${target}.partial`;
    const out = await open(partial, 'wx');
    const members: BackupManifest['members'] = [];
    const now = Date.now();
    try {
      const tar = new TarWriter(out);
      if (streamPosition !== undefined) {
        await tar.addBytes('stream-position', streamPosition, now);
        members.push({ name: 'stream-position', bytes: streamPosition.byteLength, sha256: sha256(streamPosition) });
      }
      await copyInto(tar, 'events.sqlite', logCopy, members);
      if (evictedCopy !== undefined) await copyInto(tar, EVICTED_FILE, evictedCopy, members);
      if (checkpoint) {
        const name = basename(checkpoint.file);
        const { size, mtimeMs } = await checkpoint.handle.stat();
        members.push({ name, bytes: size, sha256: await tar.addFile(name, checkpoint.handle, size, mtimeMs) });
      }
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT,
        createdAt: new Date(now).toISOString(),
        events,
        lastSeq,
        checkpoint: checkpoint ? { name: basename(checkpoint.file), position: checkpoint.header.position } : null,
        members,
      };
      await tar.addBytes(MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2)), now);
      await tar.finish();
      await out.sync();
    } catch (error) {
      await out.close();
      rmSync(partial, { force: true });
      throw error;
    }
    await out.close();
    await rename(partial, target);
    const size = members.reduce((sum, m) => sum + m.bytes, 0);
    const held = checkpoint ? `, the checkpoint at log position ${checkpoint.header.position}` : ', no checkpoint';
    console.log(`backup ${target}: ${events.toLocaleString('en-US')} events (the log up to seq ${lastSeq})${held}; ${(size / 2 ** 20).toFixed(1)} MiB`);
  } finally {
    await checkpoint?.handle.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
