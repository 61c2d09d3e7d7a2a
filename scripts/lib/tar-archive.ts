import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/**
 * The little of the tar format (POSIX ustar, GNU base-256 sizes past 8 GiB) that a backup needs:
 * regular files written one after another, read back by name. A backup is a plain tar, so an
 * operator can list or extract it with `tar` itself.
 */
const BLOCK = 512;
const COPY_BYTES = 8 << 20;

export interface TarMember {
  name: string;
  size: number;
  /** Where its bytes start in the archive. */
  offset: number;
}

function field(header: Buffer, at: number, length: number, text: string): void {
  header.write(text, at, length, 'latin1');
}

function headerOf(name: string, size: number, mtime: number): Buffer {
  const header = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: name too long: ${name}`);
  field(header, 0, 100, name);
  field(header, 100, 8, '0000644\0');
  field(header, 108, 8, '0000000\0');
  field(header, 116, 8, '0000000\0');
  if (size < 8 ** 11) field(header, 124, 12, `${size.toString(8).padStart(11, '0')}\0`);
  else {
    // GNU base-256: the first byte's top bit set, the size big-endian in the rest.
    header[124] = 0x80;
    let rest = size;
    for (let i = 135; i > 124; i -= 1) {
      header[i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
  }
  field(header, 136, 12, `${Math.floor(mtime / 1000).toString(8).padStart(11, '0')}\0`);
  field(header, 148, 8, '        ');
  header[156] = 0x30;
  field(header, 257, 6, 'ustar\0');
  field(header, 263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

/** Appends members to an archive being written; each member's SHA-256 is taken as it is copied. */
export class TarWriter {
  private position = 0;

  constructor(private readonly out: FileHandle) {}

  /** Copies `size` bytes of `from` (from its start) as member `name`; returns its SHA-256. */
  async addFile(name: string, from: FileHandle, size: number, mtime: number): Promise<string> {
    await this.write(headerOf(name, size, mtime));
    const hash = createHash('sha256');
    const buffer = Buffer.alloc(Math.min(COPY_BYTES, Math.max(size, 1)));
    for (let done = 0; done < size; ) {
      const { bytesRead } = await from.read(buffer, 0, Math.min(buffer.byteLength, size - done), done);
      if (bytesRead === 0) throw new Error(`tar: ${name} ended after ${done} of ${size} bytes`);
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      await this.write(chunk);
      done += bytesRead;
    }
    await this.pad();
    return hash.digest('hex');
  }

  async addBytes(name: string, bytes: Buffer, mtime: number): Promise<void> {
    await this.write(headerOf(name, bytes.byteLength, mtime));
    await this.write(bytes);
    await this.pad();
  }

  /** The two empty blocks that end an archive. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(2 * BLOCK));
  }

  private async pad(): Promise<void> {
    const rest = this.position % BLOCK;
    if (rest !== 0) await this.write(Buffer.alloc(BLOCK - rest));
  }

  private async write(bytes: Uint8Array): Promise<void> {
    for (let done = 0; done < bytes.byteLength; ) {
      const { bytesWritten } = await this.out.write(bytes, done, bytes.byteLength - done, this.position);
      done += bytesWritten;
      this.position += bytesWritten;
    }
  }
}

/** The members of an archive, read from their headers; throws on a header that is not one. */
export async function tarMembers(archive: FileHandle): Promise<TarMember[]> {
  const size = (await archive.stat()).size;
  const members: TarMember[] = [];
  const header = Buffer.alloc(BLOCK);
  for (let at = 0; ; ) {
    if (at + BLOCK > size) throw new Error('it ends in the middle of a member (truncated)');
    await archive.read(header, 0, BLOCK, at);
    if (header.every((byte) => byte === 0)) return members;
    let sum = 0;
    header.forEach((byte, i) => (sum += i >= 148 && i < 156 ? 0x20 : byte));
    if (sum !== parseInt(header.toString('latin1', 148, 154), 8)) throw new Error(`a member's header at byte ${at} is damaged`);
    const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    let memberSize = 0;
    if (header[124] & 0x80) for (let i = 125; i < 136; i += 1) memberSize = memberSize * 256 + header[i];
    else memberSize = parseInt(header.toString('latin1', 124, 135), 8);
    members.push({ name, size: memberSize, offset: at + BLOCK });
    at += BLOCK + Math.ceil(memberSize / BLOCK) * BLOCK;
    if (at > size) throw new Error(`member ${name} runs past the end (truncated)`);
  }
}

/** The SHA-256 of a member's bytes, and (given `to`) a copy of them. */
export async function copyMember(archive: FileHandle, member: TarMember, to?: FileHandle): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(Math.min(COPY_BYTES, Math.max(member.size, 1)));
  for (let done = 0; done < member.size; ) {
    const { bytesRead } = await archive.read(buffer, 0, Math.min(buffer.byteLength, member.size - done), member.offset + done);
    if (bytesRead === 0) throw new Error(`member ${member.name} ends early`);
    const chunk = buffer.subarray(0, bytesRead);
    hash.update(chunk);
    if (to) await to.write(chunk, 0, chunk.byteLength, done);
    done += bytesRead;
  }
  return hash.digest('hex');
}
