import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { readConfig } from '../server/config';
import { BACKUP_FORMAT, MANIFEST, type BackupManifest } from './lib/backup-manifest';
import { copyMember, tarMembers } from './lib/tar-archive';

/**
 * `npm run restore -- --from FILE [--data-dir DIR]`: a backup (scripts/backup.ts) into an empty
 * data directory (README, "Operations"). Every member is checked against the manifest's SHA-256
 * before anything is written, and the files land in a directory beside the target that is renamed
 * into place at the end: a damaged backup is refused with a message and changes nothing.
 */
const { values } = parseArgs({ options: { from: { type: 'string' }, 'data-dir': { type: 'string' } } });

/** Why nothing was restored. */
class Refused extends Error {}

function fail(message: string): never {
  throw new Refused(message);
}

async function main(): Promise<void> {
  if (values.from === undefined) fail('give the backup file: npm run restore -- --from FILE');
  const source = resolve(values.from);
  const dataDir = resolve(values['data-dir'] ?? readConfig().dataDir);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) fail(`${dataDir} is not empty: a backup is restored into an empty data directory; nothing was changed`);
  const archive = await open(source, 'r').catch(() => fail(`cannot open ${source}`));
  const staging = join(dirname(dataDir), `.${basename(dataDir)}.restoring-${process.pid}`);
  function damaged(why: string): never {
    return fail(`${source} is damaged or not a OneScreen backup: ${why}; nothing was restored`);
  }
  try {
    const members = await tarMembers(archive).catch((error: Error) => damaged(error.message));
    const listed = members.find((m) => m.name === MANIFEST);
    if (listed === undefined) damaged(`it has no ${MANIFEST}`);
    const bytes = Buffer.alloc(listed.size);
    await archive.read(bytes, 0, listed.size, listed.offset);
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(bytes.toString('utf8')) as BackupManifest;
    } catch {
      damaged(`its ${MANIFEST} is not JSON`);
    }
    if (manifest.format !== BACKUP_FORMAT) fail(`${source} is a backup of format ${String(manifest.format)}; this version restores format ${BACKUP_FORMAT}; nothing was restored`);
    if (!manifest.members.some((m) => m.name === 'events.sqlite')) damaged('it holds no event log');
    for (const expected of manifest.members) {
      const member = members.find((m) => m.name === expected.name);
      if (member === undefined || member.size !== expected.bytes) damaged(`${expected.name} is missing or of the wrong size`);
      if ((await copyMember(archive, member)) !== expected.sha256) damaged(`${expected.name} does not match its SHA-256`);
    }

    mkdirSync(staging);
    for (const expected of manifest.members) {
      const member = members.find((m) => m.name === expected.name);
      if (member === undefined || basename(member.name) !== member.name) damaged(`${expected.name} is not a plain file name`);
      const out = await open(join(staging, member.name), 'wx');
      try {
        if ((await copyMember(archive, member, out)) !== expected.sha256) damaged(`${expected.name} changed while it was read`);
        await out.sync();
      } finally {
        await out.close();
      }
    }
    const log = new Database(join(staging, 'events.sqlite'), { readonly: true, fileMustExist: true });
    const check = log.pragma('quick_check', { simple: true });
    log.close();
    if (check !== 'ok') damaged(`its event log fails SQLite's check (${String(check)})`);
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true });
    renameSync(staging, dataDir);
    const held = manifest.checkpoint ? ` and the checkpoint at log position ${manifest.checkpoint.position}` : '';
    console.log(`restored ${manifest.events.toLocaleString('en-US')} events (backed up ${manifest.createdAt})${held} into ${dataDir}; start the server with ONESCREEN_DATA_DIR=${dataDir}`);
  } finally {
    await archive.close();
    rmSync(staging, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`restore: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
