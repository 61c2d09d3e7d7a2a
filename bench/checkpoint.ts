import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCity } from '../server/geo';
import { checkpointHeader } from '../server/log/checkpoint-file';
import { caseStream } from './lib/case-stream';
import { generateLog } from './lib/generate-log';
import { startServerProcess, untilWarm, writeBenchTokens, type ServerProcess } from './lib/server-process';

/**
 * What a checkpoint costs the running server (docs/storage.md#checkpoints): on a data directory
 * with a log of Chongqing's scale (a year generated, or `--data DIR`, e.g. one kept by
 * `rebuild --years 1 --log-dir`),
 * the durable ingest rate and the event-loop lag p99 over a minute of ingest, once with no
 * checkpoint written and once with checkpoints written back to back the whole minute, with the
 * time to write one and its size. Prints figures; never passes or fails on them.
 *   --data DIR      a data directory holding a log (copied, left as it is)
 *   --events N      without --data, the log generated (default 12,500,000: a year)
 *   --seconds N     length of each minute of ingest (default 60: the lag's quantiles span a minute)
 */
const { values } = parseArgs({ options: { data: { type: 'string' }, events: { type: 'string', default: '12500000' }, seconds: { type: 'string', default: '60' } } });
const SECONDS = Number(values.seconds);
const CONNECTIONS = 4;
const BATCH = 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const city = loadCity();
const now = Date.now();
let serial = 0;

/** Fresh cases reported over the last hour, a batch at a time. */
function* batches(): Generator<Buffer> {
  const prefix = `ck${serial++}-`;
  const stream = caseStream({ city, cases: 50_000_000, start: now - 3_600_000, end: now - 60_000, seed: serial + 11 });
  for (;;) {
    const events = [];
    for (let i = 0; i < BATCH; i++) {
      const { event } = stream.next().value as { event: { id: string; caseId: string } };
      events.push({ ...event, id: prefix + event.id, caseId: prefix + event.caseId });
    }
    yield Buffer.from(JSON.stringify(events));
  }
}

async function metric(url: string, name: string, token: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return Number(line?.split(' ').at(-1));
}

async function phase(dataDir: string, tokens: ReturnType<typeof writeBenchTokens>, checkpoints: boolean): Promise<{ rate: number; lag: number; written: number; server: ServerProcess }> {
  const env = { ONESCREEN_DATA_DIR: dataDir, ONESCREEN_TOKENS_FILE: tokens.file, ONESCREEN_LOG_LEVEL: 'warn', ONESCREEN_CHECKPOINT_MINUTES: '0', ONESCREEN_CHECKPOINT_EVENTS: checkpoints ? '1' : '0' };
  const server = await startServerProcess(env);
  await untilWarm(server.url);
  // The lag's quantiles cover the last minute: let the start-up leave it first.
  await new Promise((r) => setTimeout(r, 60_000));
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const source = batches();
  let accepted = 0;
  let written = 0;
  const seen = new Set(readdirSync(dataDir));
  const watch = setInterval(() => {
    for (const name of readdirSync(dataDir)) if (name.endsWith('.bin') && !seen.has(name)) (seen.add(name), (written += 1));
  }, 100);
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const body = source.next().value as Buffer;
        const text = await new Promise<string>((resolve, reject) => {
          const req = request(`${server.url}/api/v1/events`, { method: 'POST', agent, headers: { authorization: `Bearer ${tokens.ingest}`, 'content-type': 'application/json' } }, (res) => {
            let t = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (t += c));
            res.on('end', () => (res.statusCode === 200 ? resolve(t) : reject(new Error(`ingest answered ${res.statusCode}: ${t.slice(0, 200)}`))));
          });
          req.on('error', reject);
          req.end(body);
        });
        accepted += (JSON.parse(text) as { accepted: number }).accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const lag = await metric(server.url, 'onescreen_event_loop_lag_seconds{quantile="0.99"}', tokens.wall);
  clearInterval(watch);
  agent.destroy();
  return { rate: accepted / seconds, lag, written, server };
}

const work = mkdtempSync(join(tmpdir(), 'onescreen-bench-checkpoint-'));
try {
  const dataDir = join(work, 'data');
  if (values.data !== undefined) cpSync(values.data, dataDir, { recursive: true });
  else generateLog(dataDir, Number(values.events), 365);
  const tokens = writeBenchTokens(work);
  const without = await phase(dataDir, tokens, false);
  await without.server.stop();
  const withWrites = await phase(dataDir, tokens, true);
  await withWrites.server.stop();
  const files = readdirSync(dataDir).filter((n) => /^checkpoint-\d+\.bin$/.test(n)).sort();
  const newest = join(dataDir, files.at(-1) ?? '');
  const size = files.length > 0 ? statSync(newest).size : 0;
  const held = files.length > 0 ? await checkpointHeader(newest) : undefined;
  // Nearly every event of this ingest is a new case's report: its two minutes add more cases than the year's log held.
  const holds = held ? `, holding ${fmt(held.cases)} cases and ${fmt(held.events)} events` : '';
  console.log(`checkpoint: ${fmt(size / 2 ** 20)} MiB${holds}; ${withWrites.written} written back to back in ${SECONDS} s of ingest (${(SECONDS / Math.max(1, withWrites.written)).toFixed(1)} s each)`);
  console.log(`  without:  ingest ${fmt(without.rate)} events/s, event-loop lag p99 ${(without.lag * 1000).toFixed(1)} ms`);
  console.log(`  writing:  ingest ${fmt(withWrites.rate)} events/s, event-loop lag p99 ${(withWrites.lag * 1000).toFixed(1)} ms`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
