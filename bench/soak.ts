import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startSimulator } from '../mock/simulator/simulator';
import { loadCity } from '../server/geo';
import { assignRooms } from './lib/fanout-rooms';
import { startServerProcess, writeBenchTokens } from './lib/server-process';
import { SoakCrowd } from './lib/soak-crowd';
import { measureFanout, type FanoutRow } from './lib/soak-fanout';
import { sampleServer, slope, type ServerSample } from './lib/soak-metrics';

/**
 * Soak: the simulated city at 10× speed into one server with 500 live clients for an hour
 * (by default), sampling the server's RSS, heap and event-loop lag; then checks that nothing
 * was lost (acknowledged = stored = replayed after a restart, same figures), and measures the
 * fan-out over one, two and three nodes sharing a Redis Stream.
 *   npx tsx bench/soak.ts --minutes 60 --clients 500 --speed 10 [--rate CASES_PER_DAY] [--fanout-nodes 1,2,3 (empty: none)]
 */
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    clients: { type: 'string', default: '500' },
    speed: { type: 'string', default: '10' },
    /** Cases a day before the speed-up (default: the simulator's, 2.5 M a year); the night hours are quiet. */
    rate: { type: 'string' },
    'sample-seconds': { type: 'string', default: '60' },
    'fanout-clients': { type: 'string', default: '600' },
    'fanout-probes': { type: 'string', default: '20' },
    'fanout-nodes': { type: 'string', default: '1,2,3' },
  },
});
const minutes = Number(values.minutes);
const clientCount = Number(values.clients);
const speed = Number(values.speed);
const sampleMs = Number(values['sample-seconds']) * 1000;
const rate = values.rate === undefined ? undefined : Number(values.rate);

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const pad = (cells: Array<string | number>) => cells.map((c, i) => String(c).padStart(i === 0 ? 6 : 11)).join(' ');

async function cityFigures(url: string, token: string): Promise<string> {
  const get = async (path: string) => (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).text();
  const summary = JSON.parse(await get('/api/v1/summary?scope=city')) as Record<string, unknown>;
  delete summary.asOf;
  return JSON.stringify([summary, await get('/api/v1/grids?scope=city'), await get('/api/v1/departments')]);
}

async function soak(dir: string): Promise<void> {
  const tokens = writeBenchTokens(dir);
  const dataDir = join(dir, 'soak-data');
  const env = { ONESCREEN_DATA_DIR: dataDir, ONESCREEN_TOKENS_FILE: tokens.file, ONESCREEN_LOG_LEVEL: 'warn' };
  const server = await startServerProcess(env);
  const city = loadCity();
  const crowd = new SoakCrowd(server.url, tokens.wall, assignRooms(city, clientCount).rooms);
  await crowd.connect();
  console.log(`soak: ${minutes} min, ${clientCount} socket.io clients (${crowd.cityClients} on the city), simulator at ${speed}× speed${rate === undefined ? '' : ` of ${rate} cases a day`}, sample every ${sampleMs / 1000} s`);
  const simulator = startSimulator({ target: server.url, token: tokens.ingest, speed, rate, statusEverySeconds: 0, log: () => undefined });

  const started = performance.now();
  const samples: Array<{ minute: number } & ServerSample> = [];
  console.log(pad(['min', 'RSS MB', 'heap MB', 'lag p99 ms', 'lag max ms', 'stored', 'acked', 'deltas', 'reconnects', 'client lag', 'bench lag']));
  await sampleServer(server.url, tokens.wall);
  // Longest stalls of the clients' thread and of this one (simulator, sampling): a stall of the
  // clients' beyond 45 s (ping interval + timeout) would drop them all.
  const benchLag = monitorEventLoopDelay({ resolution: 20 });
  benchLag.enable();
  let last = await crowd.stats();
  while (performance.now() - started < minutes * 60_000) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(sampleMs, minutes * 60_000 - (performance.now() - started))));
    const sample = { minute: (performance.now() - started) / 60_000, ...(await sampleServer(server.url, tokens.wall)) };
    samples.push(sample);
    const acked = simulator.stats().sender.accepted;
    const now = await crowd.stats();
    console.log(
      pad([fixed(sample.minute), fixed(sample.rssMb), fixed(sample.heapMb), fixed(sample.lagP99Ms), fixed(sample.lagMaxMs), sample.logEvents, acked, now.deltas - last.deltas, now.reconnects - last.reconnects, fixed(now.lagMaxMs, 0), fixed(benchLag.max / 1e6, 0)]),
    );
    benchLag.reset();
    last = now;
  }
  benchLag.disable();
  await simulator.stop();
  const sender = simulator.stats().sender;
  const stored = (await sampleServer(server.url, tokens.wall)).logEvents;
  const before = await cityFigures(server.url, tokens.wall);
  // The first sample holds the start (city loading, first snapshots): the trend is taken after it.
  const steady = samples.length > 2 ? samples.slice(1) : samples;
  const hours = steady.map((s) => s.minute / 60);
  const trend = (pick: (s: ServerSample) => number) => fixed(slope(hours, steady.map(pick)));
  console.log(`slope per hour after the first sample: RSS ${trend((s) => s.rssMb)} MB/h, heap ${trend((s) => s.heapMb)} MB/h, lag p99 ${trend((s) => s.lagP99Ms)} ms/h`);
  const totals = await crowd.stats();
  const reasons = Object.entries(totals.reasons).map(([reason, n]) => `${n} ${reason}`).join(', ');
  console.log(
    `clients: ${totals.snapshots} snapshots, ${totals.deltas} deltas, ${totals.heartbeats} heartbeats, ${totals.reconnects} reconnects of ${clientCount} clients, ${totals.disconnects} disconnects${reasons === '' ? '' : ` (${reasons})`}, ${totals.connectErrors} failed connection attempts (retried)`,
  );
  await crowd.close();
  await server.stop();

  const again = await startServerProcess(env);
  const ready = (await (await fetch(`${again.url}/readyz`)).json()) as { events: number };
  const after = await cityFigures(again.url, tokens.wall);
  await again.stop();
  const lost = sender.accepted !== stored || stored !== ready.events || before !== after;
  console.log(
    `nothing lost: acknowledged ${sender.accepted} (+${sender.duplicates} duplicates, ${sender.rejected} rejected) = stored ${stored} = replayed after restart ${ready.events}; figures after the rebuild ${before === after ? 'identical' : 'DIFFERENT'} → ${lost ? 'FAIL' : 'ok'}`,
  );
  if (lost) process.exitCode = 1;
}

async function fanout(dir: string): Promise<void> {
  const tokens = writeBenchTokens(dir);
  const city = loadCity();
  const street = city.childrenOf('500103').find((s) => city.childrenOf(s).length > 0) ?? '';
  const grid = city.childrenOf(street)[0];
  const rows: FanoutRow[] = [];
  for (const nodes of values['fanout-nodes'].split(',').filter((n) => n !== '').map(Number)) {
    rows.push(
      await measureFanout({
        dir: join(dir, `fanout-${nodes}`),
        nodes,
        clients: Number(values['fanout-clients']),
        probes: Number(values['fanout-probes']),
        tokens,
        grid,
      }),
    );
  }
  console.log('\nfan-out over a shared Redis Stream (every client on the city; probe = one case posted to the next node in turn, acknowledged → shown)');
  console.log(pad(['nodes', 'clients', 'served', 'probes', 'p50 ms', 'p99 ms', 'max ms', 'peak RSS MB']));
  for (const r of rows) console.log(pad([r.nodes, r.clients, r.served, r.probes, fixed(r.p50Ms, 0), fixed(r.p99Ms, 0), fixed(r.maxMs, 0), fixed(r.peakRssMb)]));
}

const dir = mkdtempSync(join(tmpdir(), 'onescreen-soak-'));
try {
  await soak(dir);
  if (values['fanout-nodes'] !== '') await fanout(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
