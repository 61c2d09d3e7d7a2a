import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Names the client build the server serves: a hash of its `index.html`, which names every
 * asset by its content hash, so any change to the client changes it. Undefined when no client
 * is built. A wall left open across an upgrade sees it change in its next snapshot and reloads.
 */
export function clientBuildOf(clientDir: string): string | undefined {
  let html: Buffer;
  try {
    html = readFileSync(join(clientDir, 'index.html'));
  } catch {
    return undefined;
  }
  return createHash('sha256').update(html).digest('hex').slice(0, 16);
}
