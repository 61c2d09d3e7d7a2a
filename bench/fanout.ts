/**
 * Live fan-out benchmark (docs/budgets.md#the-budgets): 2,000 socket.io clients across city,
 * district and street rooms, from a separate load process on loopback, while an ingest process
 * posts 1,000 events/s. Prints event accepted → delta received latency, the server's event-loop
 * lag, CPU and RSS, bytes per client per second; then the same clients on two references: a raw
 * `ws` server broadcasting the same bytes, and a poll-and-query backend (SQLite aggregate queries
 * per request, each client polling every second). Figures, never pass/fail.
 *
 *   npx tsx bench/fanout.ts [--clients 2000] [--rate 1000] [--seconds 30] [--warmup 10] [--tick 1000] [--deflate 1] [--all 1] [--centres 1]
 *
 * `--centres 1` spreads the clients as every command centre its own wall would: 5 % on districts,
 * 50 % on streets, 45 % on communities, none on the city.
 * The clients connect as the wall and tablet do (deltas carry only the changed children, the
 * protocol's default). `--deflate 1` runs our server a second time with per-message deflate on
 * (threshold 64 KiB), to see what it costs; `--all 1` once more with clients that ask for every
 * child in every delta (`deltaChildren: 'all'`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents, type Snapshot } from '../contract';
import { loadCity } from '../server/geo';
import { measureDeflate, type DeflateFigures } from './lib/fanout-deflate';
import { bucketQuantile, histogram } from './lib/fanout-metrics';
import { deltaComposition, medianDeltas } from './lib/fanout-payload';
import type { LoadMode, LoadResults } from './lib/fanout-load';
import { Child, sleep } from './lib/fanout-processes';
import { quantile, type ServerFigures } from './lib/fanout-sampler';
import { CITY_CENTRED, EVERY_CENTRE, assignRooms, type RoomPlan } from './lib/fanout-rooms';

interface Args {
  clients: number;
  rate: number;
  seconds: number;
  warmup: number;
  tick: number;
  deflate: number;
  all: number;
  /** 1: every centre its own wall (100 district, 1,000 street, 900 community clients of 2,000) instead of city-centred walls. */
  centres: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { clients: 2000, rate: 1000, seconds: 30, warmup: 10, tick: 1000, deflate: 0, all: 0, centres: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof Args;
    const value = Number(argv[i + 1]);
    if (!(key in args) || !Number.isFinite(value) || value < 0) throw new Error(`bad argument ${argv[i]} ${argv[i + 1] ?? ''}`);
    args[key] = value;
  }
  return args;
}

const TOKENS = [
  { token: 'bench-ingest-token-0000000001', role: 'ingest' as const },
  { token: 'bench-wall-token-000000000001', role: 'wall' as const },
];

interface Run {
  name: string;
  /** Our server's tick duration (drain → last room sent) p50 and p99, ms, from its /metrics histogram. */
  tickMs?: [number, number];
  server: ServerFigures;
  load: LoadResults;
  /** Per room level, probe accepted (the ingest reply) → first seen in a delta, ms. */
  latencies: Map<string, number[]>;
  /** The same from the probe's send: adds the ingest request (queue, durable commit), an upper bound. */
  fromSend: Map<string, number[]>;
  /** The probes' ingest requests, send → reply, ms. */
  ingestMs: number[];
  seconds: number;
}

async function measure(
  name: string,
  args: Args,
  plan: RoomPlan,
  server: Child,
  mode: LoadMode,
  url: string,
  ingestUrl: string | undefined,
  deltaChildren?: 'all' | 'changed',
): Promise<Run> {
  const load = new Child('./fanout-load.ts');
  await load.next('ready');
  load.send({ type: 'start', mode, url, token: TOKENS[1].token, rooms: plan.rooms, deltaChildren });
  const { ms } = await load.next<{ ms: number }>('connected');
  console.log(`  ${name}: ${plan.rooms.length} clients connected in ${(ms / 1000).toFixed(1)} s`);
  let ingest: Child | undefined;
  if (ingestUrl) {
    ingest = new Child('./fanout-ingest.ts');
    await ingest.next('ready');
    ingest.send({ type: 'start', url: ingestUrl, token: TOKENS[0].token, rate: args.rate, grids: plan.grids, probeGrids: plan.probeGrids, prefix: `${mode}-${Date.now()}` });
  }
  await sleep(args.warmup * 1000);
  const ticksBefore = mode === 'socketio' ? await histogram(url, TOKENS[1].token, 'onescreen_live_tick_seconds') : undefined;
  server.send('reset');
  load.send('measure');
  await sleep(args.seconds * 1000);
  const { figures } = await server.figures();
  let tickMs: [number, number] | undefined;
  if (ticksBefore) {
    const ticksAfter = await histogram(url, TOKENS[1].token, 'onescreen_live_tick_seconds');
    tickMs = [bucketQuantile(ticksBefore, ticksAfter, 0.5), bucketQuantile(ticksBefore, ticksAfter, 0.99)];
  }
  load.send('results');
  const results = await load.next<LoadResults>('results');
  const latencies = new Map<string, number[]>();
  const fromSend = new Map<string, number[]>();
  const ingestMs: number[] = [];
  const add = (into: Map<string, number[]>, level: string, ms: number): void => {
    const list = into.get(level) ?? [];
    list.push(ms);
    into.set(level, list);
  };
  if (ingest) {
    ingest.send('results');
    const { probes } = await ingest.next<{ probes: Array<[number, number, number]> }>('results');
    const times = new Map(probes.map(([probe, sentAt, repliedAt]) => [probe, { sentAt, repliedAt }]));
    for (const { sentAt, repliedAt } of times.values()) ingestMs.push(repliedAt - sentAt);
    for (const [client, probe, at] of results.receipts) {
      const time = times.get(probe);
      if (time === undefined) continue;
      add(latencies, plan.levels[client], at - time.repliedAt);
      add(fromSend, plan.levels[client], at - time.sentAt);
    }
    await ingest.stop();
  }
  await load.stop();
  return { name, tickMs, server: figures, load: results, latencies, fromSend, ingestMs: ingestMs.sort((a, b) => a - b), seconds: args.seconds };
}

async function citySnapshotPayload(url: string): Promise<string> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${url}${LIVE_NAMESPACE}`, {
    auth: { token: TOKENS[1].token, scope: 'city' },
    transports: ['websocket'],
    forceNew: true,
  });
  const snapshot = await new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
  socket.disconnect();
  return JSON.stringify(['snapshot', snapshot]);
}

const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function printRun(run: Run, clients: number): void {
  const s = run.server;
  const cpuPct = (100 * s.cpuMs) / s.wallMs;
  console.log(`\n${run.name}`);
  console.log(`  server CPU ${fmt(cpuPct)} % of a core (${fmt((1000 * s.cpuMs) / s.wallMs / clients, 3)} ms CPU per client per s), RSS peak ${fmt(s.rssMaxMb, 0)} MB`);
  console.log(`  event-loop lag p50 ${fmt(s.lagP50Ms)} ms, p99 ${fmt(s.lagP99Ms)} ms, max ${fmt(s.lagMaxMs)} ms`);
  if (run.tickMs) console.log(`  tick (drain → last room sent, in slices): p50 ≤ ${fmt(run.tickMs[0], 0)} ms, p99 ≤ ${fmt(run.tickMs[1], 0)} ms`);
  console.log(`  ${fmt(run.load.bytes / clients / run.seconds, 0)} bytes per client per s (${fmt(run.load.messages / clients / run.seconds, 2)} messages), snapshots ${run.load.snapshots}, resyncs ${run.load.resyncs}, disconnects ${run.load.disconnects}`);
  console.log(`  load process CPU ${fmt((100 * run.load.figures.cpuMs) / run.load.figures.wallMs)} % of a core, its lag p99 ${fmt(run.load.figures.lagP99Ms)} ms`);
  const all = [...run.latencies.values()].flat().sort((a, b) => a - b);
  if (all.length > 0) {
    console.log(`  probe accepted (ingest reply) → in a delta's case list: p50 ${fmt(quantile(all, 0.5), 0)} ms, p99 ${fmt(quantile(all, 0.99), 0)} ms (${all.length} receipts)`);
    console.log('    (city and district case lists keep the 50 newest of a tick: a probe pushed out shows with its next event; its figures and grid row come at once)');
    for (const [level, list] of run.latencies) {
      list.sort((a, b) => a - b);
      const sent = [...(run.fromSend.get(level) ?? [])].sort((a, b) => a - b);
      console.log(`    ${level.padEnd(8)} p50 ${fmt(quantile(list, 0.5), 0)} ms, p99 ${fmt(quantile(list, 0.99), 0)} ms (${list.length}); from the send p50 ${fmt(quantile(sent, 0.5), 0)} ms, p99 ${fmt(quantile(sent, 0.99), 0)} ms`);
    }
    console.log(`    the probes' ingest requests, send → reply: p50 ${fmt(quantile(run.ingestMs, 0.5), 0)} ms, p99 ${fmt(quantile(run.ingestMs, 0.99), 0)} ms`);
  }
}

function printDeflate(rows: DeflateFigures[], clients: number): void {
  console.log('\nper-message deflate (what one socket costs; a broadcast delta is compressed once per socket):');
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(22)} ${fmt(r.bytes / 1024)} KiB → ours ${fmt(r.ours.bytes / 1024)} KiB (${fmt(r.bytes / r.ours.bytes)}×, ${fmt(r.ours.ms, 2)} ms), ws default ${fmt(r.wsDefault.bytes / 1024)} KiB (${fmt(r.bytes / r.wsDefault.bytes)}×, ${fmt(r.wsDefault.ms, 2)} ms); for ${clients} sockets/s: ${fmt((r.ours.ms * clients) / 1000, 2)} s CPU`,
    );
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const city = loadCity();
  const plan = assignRooms(city, args.clients, args.centres ? EVERY_CENTRE : CITY_CENTRED);
  console.log(`fan-out: ${args.clients} clients (${plan.summary}), ingest ${args.rate} events/s, tick ${args.tick} ms, warm-up ${args.warmup} s, measured ${args.seconds} s`);
  console.log(`load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')} on this machine (other work running makes every figure worse)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'onescreen-fanout-'));
  try {
    const ours = new Child('./fanout-server.ts', [join(dataDir, 'ours'), JSON.stringify(TOKENS), String(args.tick)], { ONESCREEN_LIVE_DEFLATE: '0' });
    const { port } = await ours.next<{ port: number }>('ready');
    const url = `http://127.0.0.1:${port}`;
    const oursRun = await measure('OneScreen live push (socket.io, rooms, deltas; deflate off, the default)', args, plan, ours, 'socketio', url, `${url}/api/v1/events`);
    const snapshot = await citySnapshotPayload(url);
    await ours.stop();

    let deflateRun: Run | undefined;
    if (args.deflate) {
      const deflated = new Child('./fanout-server.ts', [join(dataDir, 'deflate'), JSON.stringify(TOKENS), String(args.tick)], { ONESCREEN_LIVE_DEFLATE: '1' });
      const d = await deflated.next<{ port: number }>('ready');
      const dUrl = `http://127.0.0.1:${d.port}`;
      deflateRun = await measure('OneScreen live push with per-message deflate (threshold 64 KiB)', args, plan, deflated, 'socketio', dUrl, `${dUrl}/api/v1/events`);
      await deflated.stop();
    }

    const medians = medianDeltas(oursRun.load.recordings);
    const deflate = [measureDeflate('city snapshot', snapshot)];
    for (const [level, packet] of medians) deflate.push(measureDeflate(`${level} delta (median)`, packet));

    let allRun: Run | undefined;
    if (args.all) {
      const everyChild = new Child('./fanout-server.ts', [join(dataDir, 'all'), JSON.stringify(TOKENS), String(args.tick)], { ONESCREEN_LIVE_DEFLATE: '0' });
      const c = await everyChild.next<{ port: number }>('ready');
      const cUrl = `http://127.0.0.1:${c.port}`;
      allRun = await measure("OneScreen live push, clients asking deltaChildren: 'all'", args, plan, everyChild, 'socketio', cUrl, `${cUrl}/api/v1/events`, 'all');
      await everyChild.stop();
    }

    const reference = new Child('./fanout-ws-server.ts', [String(args.tick)]);
    const ws = await reference.next<{ port: number }>('ready');
    reference.send({ type: 'recording', rooms: oursRun.load.recordings });
    const wsRun = await measure('reference: raw ws broadcasting the same bytes', args, plan, reference, 'ws', `ws://127.0.0.1:${ws.port}/`, undefined);
    await reference.stop();

    const poller = new Child('./fanout-poll-server.ts', [join(dataDir, 'poll.db')]);
    const poll = await poller.next<{ port: number }>('ready');
    const pollUrl = `http://127.0.0.1:${poll.port}`;
    const pollRun = await measure('reference: poll-and-query (SQLite aggregates per request, 1 poll/s)', args, plan, poller, 'poll', pollUrl, `${pollUrl}/events`);
    await poller.stop();

    for (const run of [oursRun, ...(deflateRun ? [deflateRun] : []), ...(allRun ? [allRun] : []), wsRun, pollRun]) printRun(run, args.clients);
    console.log('\nmedian delta per room level, bytes by part:');
    for (const [level, packet] of medians) {
      const parts = Object.entries(deltaComposition(packet)).map(([part, n]) => `${part} ${fmt(n / 1024)} KiB`);
      console.log(`  ${level.padEnd(9)} ${parts.join(', ')}`);
    }
    printDeflate(deflate, args.clients);
    const cpu = (run: Run): number => run.server.cpuMs / run.server.wallMs;
    console.log('\nratios (ours / reference):');
    console.log(`  vs raw ws:        CPU ${fmt(cpu(oursRun) / cpu(wsRun), 2)}×, RSS ${fmt(oursRun.server.rssMaxMb / wsRun.server.rssMaxMb, 2)}×, lag p99 ${fmt(oursRun.server.lagP99Ms)} vs ${fmt(wsRun.server.lagP99Ms)} ms, bytes ${fmt(oursRun.load.bytes / Math.max(1, wsRun.load.bytes), 2)}×`);
    if (allRun) console.log(`  every child / changed children: CPU ${fmt(cpu(allRun) / cpu(oursRun), 2)}×, bytes ${fmt(allRun.load.bytes / oursRun.load.bytes, 2)}×`);
    if (deflateRun) console.log(`  deflate on / off: CPU ${fmt(cpu(deflateRun) / cpu(oursRun), 2)}×, lag p99 ${fmt(deflateRun.server.lagP99Ms)} vs ${fmt(oursRun.server.lagP99Ms)} ms`);
    console.log(`  vs poll-and-query: CPU ${fmt(cpu(oursRun) / cpu(pollRun), 2)}×, bytes per client ${fmt(oursRun.load.bytes / Math.max(1, pollRun.load.bytes), 2)}×`);
    console.log('\nbudgets (latency over street rooms, whose case lists are never cut):');
    for (const run of [oursRun, ...(allRun ? [allRun] : [])]) {
      const street = [...(run.latencies.get('street') ?? [])].sort((a, b) => a - b);
      const sent = [...(run.fromSend.get('street') ?? [])].sort((a, b) => a - b);
      console.log(
        `  ${run.name}: accepted → delta p99 ${fmt(quantile(street, 0.99), 0)} ms (budget ${args.tick + 100} ms; from the send ${fmt(quantile(sent, 0.99), 0)} ms), lag p99 ${fmt(run.server.lagP99Ms)} ms (budget 50 ms)`,
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
