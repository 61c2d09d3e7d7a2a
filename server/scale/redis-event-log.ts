import type { Redis } from 'ioredis';
import type { CaseEventRecord } from '../core/case-event-record';

/**
 * Per event, atomically: remember its content (the record's JSON) under its id unless the id is
 * known, and only then append the record to the stream. A re-sent id never reaches the stream
 * twice, whichever node it arrives at. Answers `+<stream id>` for an appended event, `=<stored
 * content>` otherwise.
 */
const APPEND_SCRIPT = `
local out = {}
for i = 1, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
    out[#out + 1] = '+' .. redis.call('XADD', KEYS[2], '*', 'r', ARGV[i + 1])
  else
    out[#out + 1] = '=' .. redis.call('HGET', KEYS[1], ARGV[i])
  end
end
return out
`;

/**
 * Trims the stream below the lowest position that every live node has stored in its own copy,
 * at most ARGV[3] entries a call, with their idempotency contents. Claims older than the expiry
 * are dropped first: such a node no longer holds the stream back (and cannot catch up from it).
 * KEYS: stream, contents, node claims, the id of the last entry trimmed. ARGV: now ms, expiry ms, count.
 * Answers {entries trimmed, lowest live position or ''}.
 */
const TRIM_SCRIPT = `
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  if ms == nil then return tonumber(id), 0 end
  return tonumber(ms), tonumber(seq)
end
local function less(a, b)
  local am, as = parse(a)
  local bm, bs = parse(b)
  return am < bm or (am == bm and as < bs)
end
local now, expiry, count = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local claims = redis.call('HGETALL', KEYS[3])
local lowest = nil
for i = 1, #claims, 2 do
  local position, seen = string.match(claims[i + 1], '^(%S+) (%d+)$')
  if position == nil or tonumber(seen) < now - expiry then
    redis.call('HDEL', KEYS[3], claims[i])
  elseif lowest == nil or less(position, lowest) then
    lowest = position
  end
end
if lowest == nil or lowest == '0' then return {0, lowest or ''} end
local entries = redis.call('XRANGE', KEYS[1], '-', lowest, 'COUNT', count)
if #entries == 0 then return {0, lowest} end
local ids = {}
for _, entry in ipairs(entries) do
  local fields = entry[2]
  for j = 1, #fields, 2 do
    if fields[j] == 'r' then ids[#ids + 1] = cjson.decode(fields[j + 1]).id end
  end
end
for j = 1, #ids, 500 do
  redis.call('HDEL', KEYS[2], unpack(ids, j, math.min(j + 499, #ids)))
end
local last = entries[#entries][1]
local ms, seq = parse(last)
redis.call('XTRIM', KEYS[1], 'MINID', string.format('%d-%d', ms, seq + 1))
local marked = redis.call('GET', KEYS[4])
if marked == false or less(marked, last) then redis.call('SET', KEYS[4], last) end
return {#entries, lowest}
`;

export interface AppendItem {
  record: CaseEventRecord;
  /** recordContent(record): stored in the stream and compared with a re-sent event of the same id. */
  content: string;
}

export type AppendResult = { appended: string } | { stored: string };

export interface StreamPage {
  /** Id of the last entry read; the position to read on from. */
  last: string;
  records: CaseEventRecord[];
  /** When each record was appended (its entry id's time), epoch ms. */
  times: number[];
}

export interface TrimResult {
  /** Entries removed by this call. */
  trimmed: number;
  /** The lowest position stored by every live node, `undefined` when no node has claimed one. */
  lowest: string | undefined;
}

/**
 * The shared event log of a scale-out deployment (docs/scale-out.md): a Redis Stream of normalized
 * records, a hash from event id to the content first accepted (which makes
 * appends idempotent), and each node's claim of the position its own copy holds.
 */
export class RedisEventLog {
  readonly stream: string;
  readonly contents: string;
  readonly claims: string;
  /** Key of the id of the newest entry trimmed away. */
  readonly trimmedThrough: string;

  constructor(
    private readonly redis: Redis,
    prefix = 'onescreen',
  ) {
    this.stream = `${prefix}:events`;
    // The key keeps its first name, so a deployment upgraded in place still finds the ids it holds.
    this.contents = `${prefix}:event-bodies`;
    this.claims = `${prefix}:node-positions`;
    this.trimmedThrough = `${prefix}:trimmed-through`;
  }

  /** Appends in one atomic script: every item is either in the stream once, or was there already. */
  async append(items: readonly AppendItem[]): Promise<AppendResult[]> {
    if (items.length === 0) return [];
    const args = items.flatMap(({ record, content }) => [record.id, content]);
    const replies = (await this.redis.eval(APPEND_SCRIPT, 2, this.contents, this.stream, ...args)) as string[];
    return replies.map((reply) => (reply.startsWith('+') ? { appended: reply.slice(1) } : { stored: reply.slice(1) }));
  }

  /** The content first accepted for each event id (null for an id the stream does not know). */
  async contentsOf(ids: readonly string[]): Promise<Array<string | null>> {
    return ids.length === 0 ? [] : this.redis.hmget(this.contents, ...ids);
  }

  /** Entries after `after` (`0` = the beginning), up to `count`; waits up to `blockMs` for new ones when given. */
  async read(after: string, count: number, blockMs?: number): Promise<StreamPage> {
    const reply =
      blockMs === undefined
        ? await this.redis.xread('COUNT', count, 'STREAMS', this.stream, after)
        : await this.redis.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.stream, after);
    const entries = reply?.[0]?.[1] ?? [];
    const page: StreamPage = { last: entries.length > 0 ? entries[entries.length - 1][0] : after, records: [], times: [] };
    for (const [id, fields] of entries) {
      const at = fields.indexOf('r');
      if (at === -1) continue;
      page.records.push(JSON.parse(fields[at + 1]) as CaseEventRecord);
      page.times.push(Number(id.slice(0, id.indexOf('-'))));
    }
    return page;
  }

  /** Id of the newest entry, `0` when the stream is empty. */
  async lastId(): Promise<string> {
    const newest = await this.redis.xrevrange(this.stream, '+', '-', 'COUNT', 1);
    return newest[0]?.[0] ?? '0';
  }

  /** Entries up to the returned id are gone (`0`: nothing was ever trimmed). */
  async trimmedUpTo(): Promise<string> {
    return (await this.redis.get(this.trimmedThrough)) ?? '0';
  }

  /** Records that node `nodeId` has stored every entry up to `position` in its own copy, as of `now`. */
  async claim(nodeId: string, position: string, now: number): Promise<void> {
    await this.redis.hset(this.claims, nodeId, `${position} ${now}`);
  }

  /** Withdraws a node's claim: it no longer holds the trimming back. */
  async unclaim(nodeId: string): Promise<void> {
    await this.redis.hdel(this.claims, nodeId);
  }

  /** One trimming step of at most `count` entries (see TRIM_SCRIPT). */
  async trim(now: number, expiryMs: number, count: number): Promise<TrimResult> {
    const [trimmed, lowest] = (await this.redis.eval(TRIM_SCRIPT, 4, this.stream, this.contents, this.claims, this.trimmedThrough, now, expiryMs, count)) as [number, string];
    return { trimmed, lowest: lowest === '' ? undefined : lowest };
  }
}
