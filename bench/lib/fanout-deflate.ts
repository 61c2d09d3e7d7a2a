import { deflateRawSync } from 'node:zlib';

export interface DeflateFigures {
  name: string;
  bytes: number;
  /** Our setting (level 3, memLevel 4, 1 KiB window): compressed size and CPU per message. */
  ours: { bytes: number; ms: number };
  /** ws's default (level 6, memLevel 8, 32 KiB window). */
  wsDefault: { bytes: number; ms: number };
}

function time(run: () => Buffer): { bytes: number; ms: number } {
  let out = run();
  const rounds = 5;
  const started = performance.now();
  for (let i = 0; i < rounds; i += 1) out = run();
  return { bytes: out.length, ms: (performance.now() - started) / rounds };
}

/** Per-message deflate of one payload, as the WebSocket layer would compress it for each socket. */
export function measureDeflate(name: string, payload: string): DeflateFigures {
  const input = Buffer.from(payload);
  return {
    name,
    bytes: input.length,
    ours: time(() => deflateRawSync(input, { level: 3, memLevel: 4, windowBits: 10 })),
    wsDefault: time(() => deflateRawSync(input, { level: 6, memLevel: 8, windowBits: 15 })),
  };
}
