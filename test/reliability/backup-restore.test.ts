import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

const ROOT = resolve(import.meta.dirname, '../..');

/** `npm run backup` / `npm run restore` as an operator runs them: their exit code and what they print. */
function script(name: 'backup' | 'restore', args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => done({ code, output }));
  });
}

describe('backup and restore', () => {
  it('backs up a running server under ingest, restores into an empty directory with the same figures, and refuses a damaged backup', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const tokensFile = writeTokensFile(dir, TOKEN_ENTRIES);
    const events = caseEvents({ cases: 3000, grids: [...gridsOf('500103'), ...gridsOf('500105')], seed: 23, now: Date.now() });
    const byId = new Map(events.map((event) => [event.id, event]));
    const server = await spawnServer({ dataDir, tokensFile, env: { ONESCREEN_CHECKPOINT_EVENTS: '2000', ONESCREEN_CHECKPOINT_MINUTES: '0' } });
    const post = async (batch: readonly CaseEvent[]) => {
      const response = await fetch(`${server.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      expect(response.status).toBe(200);
    };
    await post(events.slice(0, 3000));
    // A checkpoint is due after 2,000 events: the schedule looks every few seconds.
    for (let i = 0; i < 100 && !readdirSync(dataDir).some((name) => name.endsWith('.bin')); i += 1) await new Promise((r) => setTimeout(r, 200));
    expect(readdirSync(dataDir).some((name) => name.endsWith('.bin'))).toBe(true);

    // Ingest goes on while the backup runs.
    const file = join(dir, 'backup.tar');
    let sent = 3000;
    let backingUp = true;
    const ingest = (async () => {
      while (backingUp && sent < events.length) {
        await post(events.slice(sent, sent + 100));
        sent += 100;
      }
    })();
    const backup = await script('backup', ['--to', file, '--data-dir', dataDir]);
    backingUp = false;
    await ingest;
    expect(backup.code, backup.output).toBe(0);
    const held = Number(/: ([\d,]+) events/.exec(backup.output)?.[1].replaceAll(',', ''));
    expect(held).toBeGreaterThanOrEqual(3000);
    expect(backup.output).toMatch(/the checkpoint at log position \d+/);
    await server.stop();

    const restoredDir = join(dir, 'restored');
    const restore = await script('restore', ['--from', file, '--data-dir', restoredDir]);
    expect(restore.code, restore.output).toBe(0);
    const stored = storedIds(restoredDir);
    expect(stored).toHaveLength(held);
    expect(stored).toEqual(storedIds(dataDir).slice(0, held));
    const restored = await spawnServer({ dataDir: restoredDir, tokensFile });
    expect(restored.output()).toMatch(/loaded checkpoint/);
    expect(await allFigures(httpGetter(restored.url, TOKENS.wall), SCOPES)).toEqual(await recomputed(stored.map((id) => byId.get(id) as CaseEvent)));
    await restored.stop();

    // Into a directory that is not empty: refused, nothing changed.
    const again = await script('restore', ['--from', file, '--data-dir', restoredDir]);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/is not empty.*nothing was changed/);

    // A damaged backup: refused with a message, nothing written.
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.byteLength / 3)] ^= 0xff;
    const damaged = join(dir, 'damaged.tar');
    writeFileSync(damaged, bytes);
    const target = join(dir, 'from-damaged');
    mkdirSync(target);
    const refused = await script('restore', ['--from', damaged, '--data-dir', target]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/is damaged or not a OneScreen backup: .*nothing was restored/);
    expect(readdirSync(target)).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.includes('restoring'))).toEqual([]);

    const truncated = join(dir, 'truncated.tar');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.byteLength / 2)));
    const cut = await script('restore', ['--from', truncated, '--data-dir', join(dir, 'from-truncated')]);
    expect(cut.code).toBe(1);
    expect(cut.output).toMatch(/nothing was restored/);
    expect(existsSync(join(dir, 'from-truncated'))).toBe(false);
  }, 300_000);
});
