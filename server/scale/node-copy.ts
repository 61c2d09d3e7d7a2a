import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseEventRecord } from '../core/case-event-record';
import type { EventLog } from '../log/event-log';
import type { StreamPage } from './redis-event-log';

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * A node's own durable copy of the shared stream: the embedded SQLite log of its data directory
 * plus the id of the last stream entry it holds (`stream-position`). A node restarts from its
 * copy and reads on in the stream from that position, so the stream only has to keep what some
 * node has not stored yet (see StreamTrimmer).
 */
export class NodeCopy {
  readonly nodeId: string;
  private readonly positionFile: string;

  constructor(
    readonly log: EventLog,
    dataDir: string,
  ) {
    const idFile = join(dataDir, 'node-id');
    this.nodeId = readText(idFile) ?? randomUUID();
    writeFileSync(idFile, `${this.nodeId}\n`);
    this.positionFile = join(dataDir, 'stream-position');
  }

  /** The last stream entry in this copy, `0` for none. */
  position(): string {
    return readText(this.positionFile) ?? '0';
  }

  /**
   * Stores a page of the stream in one durable transaction and records its position; returns the
   * records that were not in the copy yet (a page read again after a crash adds nothing twice).
   */
  store(page: StreamPage): CaseEventRecord[] {
    const fresh: CaseEventRecord[] = [];
    if (page.records.length === 0) return fresh;
    this.log.transaction(() => {
      page.records.forEach((record, i) => {
        if (this.log.insert(record, page.times[i])) fresh.push(record);
      });
    });
    // Written after the commit: the position never runs ahead of what the copy holds.
    const temporary = `${this.positionFile}.tmp`;
    writeFileSync(temporary, `${page.last}\n`);
    renameSync(temporary, this.positionFile);
    return fresh;
  }

  /** The content (recordContent) first accepted for an event id, when the copy holds it. */
  contentOf(id: string): string | undefined {
    return this.log.contentOf(id);
  }
}
