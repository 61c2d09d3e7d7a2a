import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCity } from '../server/geo';
import { EventLog } from '../server/log/event-log';
import { caseStream, type StreamedEvent } from './lib/case-stream';
import { startServerProcess, untilWarm, writeBenchTokens } from './lib/server-process';

/**
 * Durable ingest throughput (docs/budgets.md#the-budgets: ≥ 100,000 events/s in HTTP batches of
 * 1,000): the real server in a child process, loaded from this process over a few keep-alive
 * connections with batches of a generated case stream over the demo city's grids. Reference in the
 * same run: the same events inserted into SQLite by one prepared statement per batch transaction,
 * nothing else. Prints figures; never passes or fails on them.
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '300000' },
    batch: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '4' },
  },
});
const EVENTS = Number(values.events);
const BATCH = Number(values.batch);
const CONNECTIONS = Number(values.connections);

const city = loadCity();
const now = Date.now();
const streamed: StreamedEvent[] = [];
for (const item of caseStream({ city, cases: Math.ceil(EVENTS / 4.5), start: now - 30 * 86_400_000, end: now - 60_000 })) {
  streamed.push(item);
  if (streamed.length === EVENTS) break;
}
const batches: Buffer[] = [];
for (let i = 0; i < streamed.length; i += BATCH) batches.push(Buffer.from(JSON.stringify(streamed.slice(i, i + BATCH).map((s) => s.event))));
const bytes = batches.reduce((sum, body) => sum + body.byteLength, 0);

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function loadServer(): Promise<{ seconds: number; latencies: number[]; accepted: number; cpu: number; clientCpu: number; rss: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'onescreen-bench-ingest-'));
  const tokens = writeBenchTokens(dir);
  const server = await startServerProcess({ ONESCREEN_DATA_DIR: join(dir, 'data'), ONESCREEN_TOKENS_FILE: tokens.file });
  await untilWarm(server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const post = (body: Buffer) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${server.url}/api/v1/events`,
        { method: 'POST', agent, headers: { authorization: `Bearer ${tokens.ingest}`, 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  try {
    await post(Buffer.from(batches[0].toString().replace(/"id":"/g, '"id":"warm-').replace(/"caseId":"/g, '"caseId":"warm-')));
    const latencies: number[] = [];
    let accepted = 0;
    let next = 0;
    const cpuBefore = server.cpuSeconds();
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < batches.length) {
          const body = batches[next++];
          const sent = performance.now();
          const { status, text } = await post(body);
          latencies.push(performance.now() - sent);
          if (status !== 200) throw new Error(`ingest answered ${status}: ${text.slice(0, 300)}`);
          accepted += (JSON.parse(text) as { accepted: number }).accepted;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const client = process.cpuUsage(clientBefore);
    return {
      seconds,
      latencies: latencies.sort((a, b) => a - b),
      accepted,
      cpu: server.cpuSeconds() - cpuBefore,
      clientCpu: (client.user + client.system) / 1e6,
      rss: server.peakRss(),
    };
  } finally {
    agent.destroy();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function loadReference(): number {
  const dir = mkdtempSync(join(tmpdir(), 'onescreen-bench-sqlite-'));
  const log = new EventLog(dir);
  const started = performance.now();
  for (let i = 0; i < streamed.length; i += BATCH) {
    log.transaction(() => {
      for (let j = i; j < Math.min(i + BATCH, streamed.length); j++) log.insert(streamed[j].record, now);
    });
  }
  const seconds = (performance.now() - started) / 1000;
  log.close();
  rmSync(dir, { recursive: true, force: true });
  return streamed.length / seconds;
}

const ours = await loadServer();
const reference = loadReference();
const rate = streamed.length / ours.seconds;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`ingest: ${fmt(streamed.length)} events in ${batches.length} batches of ${BATCH} (${(bytes / batches.length / 1024).toFixed(0)} KiB each), ${CONNECTIONS} connections`);
console.log(`  server:    ${fmt(rate)} events/s durable (${fmt(ours.accepted)} accepted), batch latency p50 ${percentile(ours.latencies, 0.5).toFixed(1)} ms, p99 ${percentile(ours.latencies, 0.99).toFixed(1)} ms`);
console.log(`             server CPU ${ours.cpu.toFixed(1)} s (${((ours.cpu / streamed.length) * 1e6).toFixed(1)} µs/event), peak RSS ${(ours.rss / 2 ** 20).toFixed(0)} MiB; load generator CPU ${ours.clientCpu.toFixed(1)} s on the same 2 cores`);
console.log(`  reference: ${fmt(reference)} events/s (SQLite, one prepared statement per batch transaction, same file format)`);
console.log(`  ours/reference: ${(rate / reference).toFixed(2)}   budget: ≥ 100,000 events/s`);
