import { closeSync, openSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** What the kernel answers when a directory takes no new file whatever is in it. */
const REFUSALS = new Set(['EROFS', 'EACCES', 'EPERM']);

/**
 * Whether `dir` refuses new files: a read-only file system or its permissions. It tries to make
 * one, because access(2) misses a file system the kernel turned read-only after an error. Any
 * other failure (a full disk, a missing directory) says nothing about that: false.
 */
export function isReadOnlyDir(dir: string): boolean {
  const probe = join(dir, '.write-probe');
  try {
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
    return false;
  } catch (error) {
    return REFUSALS.has((error as NodeJS.ErrnoException).code ?? '');
  }
}
