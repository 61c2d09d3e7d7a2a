import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Ports handed out per vitest worker, and where the first block starts. */
const BLOCK = 200;
const FIRST = 20_000;

/** The lowest port the kernel picks by itself (for bind to 0 and outgoing connections), if known. */
function ephemeralLow(): number | undefined {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) ? low : undefined;
  } catch {
    return undefined;
  }
}

function listensOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(undefined));
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address !== null ? address.port : undefined;
      probe.close(() => resolve(bound));
    });
  });
}

const low = ephemeralLow();
const blocks = low === undefined ? 0 : Math.floor((low - FIRST) / BLOCK);
let next = Math.floor(Math.random() * BLOCK);

/**
 * A loopback port free right now, for a server or Redis started on it next (and again on the same
 * port after a restart). A port the kernel picks is one it may give to any other process, or to a
 * connection's own end, until the server binds it: a client retrying a port nobody listens on can
 * then connect to itself and take an echo of its own bytes for an answer. So the ports come from
 * below the kernel's range, each vitest worker its own block, each port once per block round.
 */
export async function freePort(): Promise<number> {
  if (blocks > 0) {
    // Vitest numbers its workers from 1; a process outside vitest takes block 0.
    const base = FIRST + (Number(process.env.VITEST_POOL_ID ?? 0) % blocks) * BLOCK;
    for (let tried = 0; tried < BLOCK; tried++) {
      const port = base + (next++ % BLOCK);
      if ((await listensOn(port)) !== undefined) return port;
    }
  }
  const port = await listensOn(0);
  if (port === undefined) throw new Error('no free loopback port');
  return port;
}
