import type { Redis } from 'ioredis';
import type { CaseEventRecord } from '../core/case-event-record';

/**
 * Per event, atomically: remember its canonical body under its id unless the id is known, and
 * only then append it to the stream. A re-sent id never reaches the stream twice, whichever
 * node it arrives at. Answers `+<stream id>` for an appended event, `=<stored body>` otherwise.
 */
const APPEND_SCRIPT = `
local out = {}
for i = 1, #ARGV, 3 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
    out[#out + 1] = '+' .. redis.call('XADD', KEYS[2], '*', 'r', ARGV[i + 2])
  else
    out[#out + 1] = '=' .. redis.call('HGET', KEYS[1], ARGV[i])
  end
end
return out
`;

export interface AppendItem {
  record: CaseEventRecord;
  /** The event as sent, compared with a stored one of the same id. */
  body: string;
}

export type AppendResult = { appended: string } | { stored: string };

export interface StreamPage {
  /** Id of the last entry read; the position to read on from. */
  last: string;
  records: CaseEventRecord[];
}

/**
 * The shared event log of a scale-out deployment (DESIGN §8): a Redis Stream of normalized
 * records, plus a hash from event id to the body first accepted, which makes appends idempotent.
 */
export class RedisEventLog {
  readonly stream: string;
  readonly bodies: string;

  constructor(
    private readonly redis: Redis,
    prefix = 'onescreen',
  ) {
    this.stream = `${prefix}:events`;
    this.bodies = `${prefix}:event-bodies`;
  }

  /** Appends in one atomic script: every item is either in the stream once, or was there already. */
  async append(items: readonly AppendItem[]): Promise<AppendResult[]> {
    if (items.length === 0) return [];
    const args = items.flatMap(({ record, body }) => [record.id, body, JSON.stringify(record)]);
    const replies = (await this.redis.eval(APPEND_SCRIPT, 2, this.bodies, this.stream, ...args)) as string[];
    return replies.map((reply) => (reply.startsWith('+') ? { appended: reply.slice(1) } : { stored: reply.slice(1) }));
  }

  /** Entries after `after` (`0` = the beginning), up to `count`; waits up to `blockMs` for new ones when given. */
  async read(after: string, count: number, blockMs?: number): Promise<StreamPage> {
    const reply =
      blockMs === undefined
        ? await this.redis.xread('COUNT', count, 'STREAMS', this.stream, after)
        : await this.redis.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.stream, after);
    const entries = reply?.[0]?.[1] ?? [];
    const records: CaseEventRecord[] = [];
    for (const [, fields] of entries) {
      const at = fields.indexOf('r');
      if (at !== -1) records.push(JSON.parse(fields[at + 1]) as CaseEventRecord);
    }
    return { last: entries.length > 0 ? entries[entries.length - 1][0] : after, records };
  }

  /** Id of the newest entry, `0` when the stream is empty. */
  async lastId(): Promise<string> {
    const newest = await this.redis.xrevrange(this.stream, '+', '-', 'COUNT', 1);
    return newest[0]?.[0] ?? '0';
  }
}
