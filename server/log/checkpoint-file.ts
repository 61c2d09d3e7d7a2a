import { open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { CheckpointData, CheckpointImage } from '../core/checkpoint-state';
import type { Fingerprint } from './checkpoint-fingerprint';

/** Layout of the file itself; the state's own layout is part of the fingerprint (the core's source). */
export const CHECKPOINT_FORMAT = 2;
const MAGIC = 'ONESCKPT';
const END = 'ONESCEND';
/** Written bytes synced to disk as they go, so that the final sync does not flush a whole checkpoint at once. */
const SYNC_EVERY_BYTES = 64 << 20;
/** Small reads come from a buffer read ahead. */
const READ_AHEAD_BYTES = 1 << 20;
/** CRC-32 of bytes following `crc`. zlib's restarts at 0 on an empty buffer (no data pointer): an empty one adds nothing. */
const crcOf = (bytes: Uint8Array, crc: number): number => (bytes.byteLength === 0 ? crc : crc32(bytes, crc));
/** The newest checkpoints kept (the one before stays as a fallback). */
const KEPT = 2;

/** What a checkpoint says about itself, before its state. */
export interface CheckpointHeader {
  format: number;
  fingerprint: Fingerprint;
  /** The log position it covers: every event of the log up to this seq, and none after it. */
  position: number;
  /** The id of the event at `position`, so that it is known to belong to this log. */
  positionId: string | null;
  /** The generation and size of the evicted cases' store it relies on (EvictedStore). */
  evicted: { generation: string; rows: number };
  cases: number;
  events: number;
  writtenAt: string;
}

const fileName = (position: number) => `checkpoint-${String(position).padStart(12, '0')}.bin`;
const POSITION_OF = /^checkpoint-(\d{12})\.bin$/;

/** The checkpoint files of a data directory, newest first. */
export async function checkpointFiles(dataDir: string): Promise<string[]> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  return names.filter((name) => POSITION_OF.test(name)).sort().reverse().map((name) => join(dataDir, name));
}

/** Files a write stopped short of (a crash, kill -9) leave behind: never read, removed at start. */
export async function removeUnfinished(dataDir: string): Promise<void> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => name.startsWith('checkpoint-') && name.endsWith('.tmp')).map((name) => unlink(join(dataDir, name)).catch(() => undefined)));
}

/**
 * Writes a checkpoint: its header, the image's bytes as the aggregator gives them out (the
 * event loop turns between chunks), the CRC-32 of those bytes, then sync and rename over nothing
 * older than it, so that a checkpoint file is whole or absent; the oldest beyond the newest two are
 * removed. Returns the file and its size. A CRC finds the damage a disk or a copy does, summed as
 * the bytes pass, so that neither writing nor loading reads a checkpoint twice (backups carry
 * SHA-256 sums of their own).
 */
export async function writeCheckpoint(dataDir: string, header: CheckpointHeader, image: CheckpointImage): Promise<{ file: string; bytes: number }> {
  const file = join(dataDir, fileName(header.position));
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w+');
  let at = 0;
  try {
    const head = Buffer.from(JSON.stringify(header));
    const prefix = Buffer.alloc(12);
    prefix.write(MAGIC, 0, 'latin1');
    prefix.writeUInt32LE(head.byteLength, 8);
    at += await writeAll(handle, prefix, at);
    at += await writeAll(handle, head, at);
    const bodyStart = at;
    let unsynced = 0;
    let crc = 0;
    try {
      for (const chunk of image.bytes()) {
        crc = crcOf(chunk, crc);
        at += await writeAll(handle, chunk, at);
        unsynced += chunk.byteLength;
        if (unsynced >= SYNC_EVERY_BYTES) {
          await handle.datasync();
          unsynced = 0;
        }
      }
    } finally {
      image.release();
    }
    const trailer = Buffer.from(JSON.stringify({ body: at - bodyStart, crc }));
    const suffix = Buffer.alloc(12);
    suffix.writeUInt32LE(trailer.byteLength, 0);
    suffix.write(END, 4, 'latin1');
    at += await writeAll(handle, trailer, at);
    at += await writeAll(handle, suffix, at);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temporary, file);
  await syncDirectory(dataDir);
  const older = (await checkpointFiles(dataDir)).slice(KEPT);
  await Promise.all(older.map((name) => unlink(name).catch(() => undefined)));
  return { file, bytes: at };
}

/** A checkpoint's header and where its state lies, once its framing is found whole. */
export interface OpenedCheckpoint {
  file: string;
  header: CheckpointHeader;
  handle: FileHandle;
  bodyStart: number;
  bodyLength: number;
  crc: number;
}

/** Why a checkpoint file cannot be used: the log line says it. */
export class UnusableCheckpoint extends Error {}

/** Opens a checkpoint and checks its framing (magic, header, trailer, length): a torn file fails here. */
export async function openCheckpoint(file: string): Promise<OpenedCheckpoint> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size < 24) throw new UnusableCheckpoint('it is torn (shorter than its framing)');
    const prefix = await readAt(handle, 0, 12);
    if (prefix.toString('latin1', 0, 8) !== MAGIC) throw new UnusableCheckpoint('it is not a checkpoint file');
    const headLength = prefix.readUInt32LE(8);
    if (12 + headLength > size) throw new UnusableCheckpoint('it is torn (its header runs past its end)');
    const header = JSON.parse((await readAt(handle, 12, headLength)).toString('utf8')) as CheckpointHeader;
    if (header.format !== CHECKPOINT_FORMAT) throw new UnusableCheckpoint(`it is of format ${String(header.format)}, this server reads format ${CHECKPOINT_FORMAT}`);
    const suffix = await readAt(handle, size - 12, 12);
    if (suffix.toString('latin1', 4, 12) !== END) throw new UnusableCheckpoint('it is torn (no end mark)');
    const trailerLength = suffix.readUInt32LE(0);
    const bodyStart = 12 + headLength;
    const trailer = JSON.parse((await readAt(handle, size - 12 - trailerLength, trailerLength)).toString('utf8')) as { body: number; crc: number };
    if (bodyStart + trailer.body + trailerLength + 12 !== size) throw new UnusableCheckpoint('it is torn (its length is not what it says)');
    return { file, header, handle, bodyStart, bodyLength: trailer.body, crc: trailer.crc };
  } catch (error) {
    await handle.close();
    if (error instanceof SyntaxError) throw new UnusableCheckpoint('it is torn (its header or trailer is not JSON)');
    throw error;
  }
}

/** A checkpoint's header alone (what it covers and holds), its framing checked. */
export async function checkpointHeader(file: string): Promise<CheckpointHeader> {
  const opened = await openCheckpoint(file);
  await opened.handle.close();
  return opened.header;
}

/**
 * Reads an opened checkpoint's state into what `reader` asks for (a generator yielding where the
 * next bytes go), summing its CRC as the bytes arrive; fails when the sum differs.
 */
export async function readState(opened: OpenedCheckpoint, reader: Generator<Uint8Array, CheckpointData, void>): Promise<CheckpointData> {
  const { handle, bodyStart, bodyLength } = opened;
  const buffered = new ReadAhead(handle, bodyStart, bodyStart + bodyLength);
  let step = reader.next();
  while (!step.done) {
    await buffered.fill(step.value);
    step = reader.next();
  }
  if (buffered.position !== bodyStart + bodyLength) throw new UnusableCheckpoint('its state ends before its body does');
  if (buffered.crc !== opened.crc) throw new UnusableCheckpoint('its content does not match its CRC (damaged)');
  return step.value;
}

/**
 * Sequential reads of a range of a file, each byte read once: small ones served from a buffer
 * read ahead, large ones straight into place; the CRC of what was read is kept.
 */
class ReadAhead {
  private buffer: Buffer<ArrayBuffer> = Buffer.alloc(0);
  private bufferAt = 0;
  position: number;
  crc = 0;

  constructor(
    private readonly handle: FileHandle,
    start: number,
    private readonly end: number,
  ) {
    this.position = start;
  }

  async fill(into: Uint8Array): Promise<void> {
    if (this.position + into.byteLength > this.end) throw new UnusableCheckpoint('its state runs past its body (damaged)');
    let done = 0;
    while (done < into.byteLength) {
      const offset = this.position - this.bufferAt;
      if (offset >= 0 && offset < this.buffer.byteLength) {
        const n = Math.min(into.byteLength - done, this.buffer.byteLength - offset);
        into.set(this.buffer.subarray(offset, offset + n), done);
        done += n;
        this.position += n;
      } else if (into.byteLength - done >= READ_AHEAD_BYTES) {
        const n = into.byteLength - done;
        await readInto(this.handle, into.subarray(done), this.position);
        this.crc = crcOf(into.subarray(done), this.crc);
        done += n;
        this.position += n;
      } else {
        this.bufferAt = this.position;
        this.buffer = await readAt(this.handle, this.position, Math.min(READ_AHEAD_BYTES, this.end - this.position));
        this.crc = crcOf(this.buffer, this.crc);
      }
    }
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<number> {
  for (let done = 0; done < bytes.byteLength; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done, position + done);
    done += bytesWritten;
  }
  return bytes.byteLength;
}

async function readInto(handle: FileHandle, into: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < into.byteLength; ) {
    const length = Math.min(into.byteLength - done, 1 << 30);
    const { bytesRead } = await handle.read(into, done, length, position + done);
    if (bytesRead === 0) throw new UnusableCheckpoint('it is torn (it ends early)');
    done += bytesRead;
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer<ArrayBuffer>> {
  const buffer = Buffer.allocUnsafe(length);
  await readInto(handle, buffer, position);
  return buffer;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
