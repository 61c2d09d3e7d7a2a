import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isReadOnlyDir } from '../../../server/log/read-only-dir';

const dirs: string[] = [];
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'onescreen-read-only-'));
  dirs.push(dir);
  return dir;
}

/** Runs a command that needs root; false when this process may not. */
function asRoot(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('isReadOnlyDir', () => {
  it('says an ordinary directory takes files, and leaves nothing behind', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'events.sqlite'), '');
    expect(isReadOnlyDir(dir)).toBe(false);
    expect(readdirSync(dir)).toEqual(['events.sqlite']);
  });

  it('does not call a missing directory read-only', () => {
    expect(isReadOnlyDir(join(tempDir(), 'not-made-yet'))).toBe(false);
  });

  it('finds a file system mounted read-only', (context) => {
    const dir = tempDir();
    if (!asRoot('mount', ['-t', 'tmpfs', '-o', 'size=64k,ro', 'tmpfs', dir])) return context.skip('this process cannot mount a tmpfs (needs root)');
    cleanups.push(() => execFileSync('umount', [dir]));
    expect(isReadOnlyDir(dir)).toBe(true);
  });

  it('finds a directory that refuses new files (EPERM: immutable)', (context) => {
    const dir = tempDir();
    if (!asRoot('chattr', ['+i', dir])) return context.skip('this process cannot make a directory immutable (needs root and a file system with attributes)');
    cleanups.push(() => execFileSync('chattr', ['-i', dir]));
    expect(isReadOnlyDir(dir)).toBe(true);
  });
});
