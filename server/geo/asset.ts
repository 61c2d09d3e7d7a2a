import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** A geo response ready to send: both encodings precomputed, a strong ETag from the content. */
export interface GeoAsset {
  readonly type: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  /** Strong ETag of `body`; the gzip encoding has its own (`etag` with `-gzip` inside the quotes). */
  readonly etag: string;
  readonly gzipEtag: string;
}

function binaryAsset(body: Buffer, type: string): GeoAsset {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 32);
  return { type, body, gzip: gzipSync(body, { level: 6 }), etag: `"${hash}"`, gzipEtag: `"${hash}-gzip"` };
}

export function jsonAsset(value: unknown): GeoAsset {
  return binaryAsset(Buffer.from(JSON.stringify(value)), 'application/json; charset=utf-8');
}

/** Builds a value once, on first use: geo payloads cost time and memory no test or page may need. */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
