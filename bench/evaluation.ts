import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../contract';
import { loadCity } from '../server/geo';
import { caseStream } from './lib/case-stream';
import { bucketQuantile, histogram } from './lib/fanout-metrics';
import { startServerProcess, untilWarm, writeBenchTokens } from './lib/server-process';

/**
 * The cost of the live 考核 panel (docs/live.md#messages): the real server in a child process
 * with walls of several scopes connected (the city, districts, streets), a month of cases
 * behind it, then a timed ingest of today's events. Each variant differs only in
 * ONESCREEN_EVALUATION_REFRESH_SECONDS: a day (the panel is computed for the snapshots, never
 * refreshed during the run: the reference), the default minute, and every second (each tick
 * refreshes every room's panel: the worst case). Prints the ingest rate, the tick times and the
 * server's CPU of each, and their ratios to the reference in the same run. The variants run twice,
 * in turn and back (a host's speed drifts during a run), and the ratios are of their means.
 */
const { values } = parseArgs({
  options: {
    history: { type: 'string', default: '120000' },
    events: { type: 'string', default: '300000' },
    batch: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '4' },
    districts: { type: 'string', default: '8' },
    streets: { type: 'string', default: '16' },
  },
});
const HISTORY = Number(values.history);
const EVENTS = Number(values.events);
const BATCH = Number(values.batch);
const CONNECTIONS = Number(values.connections);
const DAY = 86_400_000;

const city = loadCity();
const now = Date.now();

/** Events of a case stream over [start, end), their ids prefixed so two streams never share a case. */
function batchesOf(prefix: string, events: number, start: number, end: number): Buffer[] {
  const out: object[] = [];
  for (const { event } of caseStream({ city, cases: Math.ceil(events / 4.5), start, end, seed: prefix.charCodeAt(0) })) {
    out.push({ ...event, id: `${prefix}${event.id}`, caseId: `${prefix}${event.caseId}` });
    if (out.length === events) break;
  }
  const batches: Buffer[] = [];
  for (let i = 0; i < out.length; i += BATCH) batches.push(Buffer.from(JSON.stringify(out.slice(i, i + BATCH))));
  return batches;
}

// The month's cases behind the panels (the last 28 days: a month's pass whatever today's date), then today's load.
const history = batchesOf('H', HISTORY, now - 28 * DAY, now - 8 * 3_600_000);
const load = batchesOf('L', EVENTS, now - 8 * 3_600_000, now - 60_000);

/** The walls connected: the city, the first districts, the first streets of each of them in turn. */
function wallScopes(): string[] {
  const districts = city.childrenOf('city').slice(0, Number(values.districts));
  const streets: string[] = [];
  for (let i = 0; streets.length < Number(values.streets) && i < 50; i++) {
    for (const d of districts) {
      const street = city.childrenOf(d)[i];
      if (street !== undefined && streets.length < Number(values.streets)) streets.push(street);
    }
  }
  return ['city', ...districts, ...streets];
}

interface Figures {
  refresh: number;
  eventsPerSecond: number;
  tickMeanMs: number;
  tickP50Ms: number;
  tickP99Ms: number;
  ticks: number;
  cpuUsPerEvent: number;
  panels: number;
}

async function tickSums(url: string, token: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const of = (name: string) => Number(new RegExp(`^onescreen_live_tick_seconds_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { sum: of('sum'), count: of('count') };
}

async function run(refreshSeconds: number, scopes: readonly string[]): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'onescreen-bench-evaluation-'));
  const tokens = writeBenchTokens(dir);
  const server = await startServerProcess({
    ONESCREEN_DATA_DIR: join(dir, 'data'),
    ONESCREEN_TOKENS_FILE: tokens.file,
    ONESCREEN_EVALUATION_REFRESH_SECONDS: String(refreshSeconds),
    ONESCREEN_LOG_LEVEL: 'warn',
  });
  await untilWarm(server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const post = (body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        `${server.url}/api/v1/events`,
        { method: 'POST', agent, headers: { authorization: `Bearer ${tokens.ingest}`, 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`ingest answered ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const postAll = async (batches: readonly Buffer[]): Promise<void> => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < batches.length) await post(batches[next++]);
      }),
    );
  };
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
  let panels = 0;
  try {
    await postAll(history);
    await Promise.all(
      scopes.map(
        (scope) =>
          new Promise<void>((resolve, reject) => {
            const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${server.url}${LIVE_NAMESPACE}`, { auth: { token: tokens.wall, scope }, transports: ['websocket'], forceNew: true });
            sockets.push(socket);
            socket.once('snapshot', () => resolve());
            socket.once('connect_error', reject);
            socket.on('delta', (delta) => {
              if (delta.evaluation) panels += 1;
            });
          }),
      ),
    );
    // Two ticks for the rooms to settle before the measurement.
    await new Promise((r) => setTimeout(r, 2000));
    const bucketsBefore = await histogram(server.url, tokens.wall, 'onescreen_live_tick_seconds');
    const sumsBefore = await tickSums(server.url, tokens.wall);
    const cpuBefore = server.cpuSeconds();
    panels = 0;
    const started = performance.now();
    await postAll(load);
    const seconds = (performance.now() - started) / 1000;
    const cpu = server.cpuSeconds() - cpuBefore;
    // The ticks that carry the last events out.
    await new Promise((r) => setTimeout(r, 2000));
    const bucketsAfter = await histogram(server.url, tokens.wall, 'onescreen_live_tick_seconds');
    const sumsAfter = await tickSums(server.url, tokens.wall);
    const ticks = sumsAfter.count - sumsBefore.count;
    return {
      refresh: refreshSeconds,
      eventsPerSecond: (load.length * BATCH) / seconds,
      tickMeanMs: ((sumsAfter.sum - sumsBefore.sum) / ticks) * 1000,
      tickP50Ms: bucketQuantile(bucketsBefore, bucketsAfter, 0.5),
      tickP99Ms: bucketQuantile(bucketsBefore, bucketsAfter, 0.99),
      ticks,
      cpuUsPerEvent: (cpu / (load.length * BATCH)) * 1e6,
      panels,
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    agent.destroy();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const scopes = wallScopes();
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(`evaluation: ${fmt(HISTORY)} events of the last 28 days behind the panels, then ${fmt(load.length * BATCH)} of today's in batches of ${BATCH} over ${CONNECTIONS} connections`);
console.log(`  walls connected: ${scopes.length} (the city, ${values.districts} districts, ${values.streets} streets)`);
const VARIANTS = [86_400, 60, 1] as const;
const LABELS: Record<(typeof VARIANTS)[number], string> = { 86_400: 'never refreshed (reference)', 60: 'refreshed each minute (default)', 1: 'refreshed every tick' };
const results: Figures[] = [];
for (const refresh of [...VARIANTS, ...[...VARIANTS].reverse()]) {
  const r = await run(refresh, scopes);
  results.push(r);
  console.log(
    `  ${LABELS[refresh]}: ${fmt(r.eventsPerSecond)} events/s, ${fmt(r.cpuUsPerEvent, 1)} µs CPU/event; tick mean ${fmt(r.tickMeanMs, 1)} ms, p50 ≤ ${fmt(r.tickP50Ms)} ms, p99 ≤ ${fmt(r.tickP99Ms)} ms over ${r.ticks} ticks; ${r.panels} panels pushed`,
  );
}
const mean = (refresh: number, figure: (r: Figures) => number): number => {
  const runs = results.filter((r) => r.refresh === refresh);
  return runs.reduce((sum, r) => sum + figure(r), 0) / runs.length;
};
const ratio = (refresh: number, figure: (r: Figures) => number): string => (mean(refresh, figure) / mean(VARIANTS[0], figure)).toFixed(2);
for (const refresh of VARIANTS.slice(1)) {
  console.log(
    `  ${LABELS[refresh]} / reference, means of two runs: ingest ${ratio(refresh, (r) => r.eventsPerSecond)}×, tick mean ${ratio(refresh, (r) => r.tickMeanMs)}×, CPU/event ${ratio(refresh, (r) => r.cpuUsPerEvent)}×`,
  );
}
