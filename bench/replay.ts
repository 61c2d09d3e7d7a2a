import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type CaseEvent, type ClientToServerEvents, type LiveHandshakeAuth, type ServerToClientEvents } from '../contract';
import { loadCity } from '../server/geo';
import { openPage } from '../test/e2e/lib/browser';
import { caseStream } from './lib/case-stream';
import { generateLog } from './lib/generate-log';
import { startServerProcess, untilWarm, writeBenchTokens, type ServerProcess } from './lib/server-process';
import { frameTimes, quantile, recordFrames } from './wall-probe';

/**
 * Replaying walls (复盘, docs/replay.md#replaying-walls) on one Chongqing day of the log (about
 * 35,000 events a day, two days generated) replayed at 3,600×: time to the first frame (the
 * replay's snapshot) against a live wall's; the server's CPU per replaying wall; the event-loop
 * lag p99 while live clients are connected and ten walls replay, against none replaying; and the
 * frame p95 of a replaying wall in Chromium against the live wall under 1 Hz deltas. Prints
 * figures, never passes or fails on them.
 *   --events N     events in the two days' log (default 70,000)
 *   --walls N      replaying walls at once (default 10)
 *   --seconds N    length of the lag and CPU phases (default 60: the lag's quantiles span a minute)
 *   --speed N      the replays' speed (default 3,600)
 *   --settle N     seconds the walls replay before the phase is measured (default 0: their start is in it)
 *   --seek 0|1     whether each wall seeks back to the day's start halfway through the phase (default 1)
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '70000' },
    walls: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '60' },
    speed: { type: 'string', default: '3600' },
    settle: { type: 'string', default: '0' },
    seek: { type: 'string', default: '1' },
  },
});
const WALLS = Number(values.walls);
const SECONDS = Number(values.seconds);
const SPEED = Number(values.speed);
const SETTLE = Number(values.settle);
const SEEK = values.seek !== '0';
const LIVE_CLIENTS = 50;
const FRAME_SECONDS = 20;

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

async function metric(url: string, token: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  return Number(text.split('\n').find((l) => l.startsWith(name))?.split(' ').at(-1));
}

/** A socket on /live; resolves with it and the milliseconds to its first snapshot. */
function connect(url: string, auth: LiveHandshakeAuth): Promise<{ socket: LiveSocket; firstFrameMs: number }> {
  const started = performance.now();
  const socket: LiveSocket = io(`${url}${LIVE_NAMESPACE}`, { auth: { ...auth }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('snapshot', () => resolve({ socket, firstFrameMs: performance.now() - started }));
    socket.once('connect_error', (error) => reject(error));
  });
}

/** The server's CPU seconds over a stretch, per second of it. */
async function cpuPerSecond(server: ServerProcess, seconds: number): Promise<number> {
  const before = server.cpuSeconds();
  const started = performance.now();
  await sleep(seconds * 1000);
  return (server.cpuSeconds() - before) / ((performance.now() - started) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'onescreen-bench-replay-'));
const dataDir = join(dir, 'data');
generateLog(dataDir, Number(values.events), 2);
const tokens = writeBenchTokens(dir);
const server = await startServerProcess({
  ONESCREEN_DATA_DIR: dataDir,
  ONESCREEN_TOKENS_FILE: tokens.file,
  ONESCREEN_LOG_LEVEL: 'warn',
  ONESCREEN_REPLAY_MAX: String(WALLS + 2),
});
const sockets: LiveSocket[] = [];
try {
  await untilWarm(server.url);
  // Yesterday's local midnight in the city: a whole day of the log behind and ahead of it.
  const me = (await (await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${tokens.wall}` } })).json()) as { today: string; timeZone: string };
  const from = DateTime.fromISO(me.today, { zone: me.timeZone }).minus({ days: 1 }).toMillis();
  const fromIso = new Date(from).toISOString();
  const day = await (await fetch(`${server.url}/api/v1/summary?scope=city&date=${DateTime.fromMillis(from, { zone: me.timeZone }).toFormat('yyyy-MM-dd')}`, { headers: { authorization: `Bearer ${tokens.wall}` } })).json();
  console.log(`the replayed day: ${(day as { reported: number }).reported.toLocaleString('en-US')} cases reported; load ${load()}`);
  const replayAuth = (): LiveHandshakeAuth => ({ token: tokens.wall, scope: 'city', replay: { from: fromIso, speed: SPEED } });

  // Time to the first frame: a replay's snapshot (a rebuild of the past) against a live wall's.
  const firstFrames = { replay: [] as number[], live: [] as number[] };
  for (let i = 0; i < 3; i++) {
    const live = await connect(server.url, { token: tokens.wall, scope: 'city' });
    firstFrames.live.push(live.firstFrameMs);
    live.socket.disconnect();
    const replay = await connect(server.url, replayAuth());
    firstFrames.replay.push(replay.firstFrameMs);
    replay.socket.disconnect();
  }
  const median = (list: number[]) => quantile([...list].sort((a, b) => a - b), 0.5);
  console.log(`first frame, city: replay ${firstFrames.replay.map((n) => n.toFixed(0)).join(', ')} ms; live ${firstFrames.live.map((n) => n.toFixed(0)).join(', ')} ms; median replay/live ${ratio(median(firstFrames.replay), median(firstFrames.live))}`);

  // Live clients stay connected through both phases: the city's wall and each district's.
  const city = loadCity();
  const districts = city.childrenOf('city');
  for (let i = 0; i < LIVE_CLIENTS; i++) sockets.push((await connect(server.url, { token: tokens.wall, scope: i % 2 ? 'city' : districts[i % districts.length] })).socket);

  // No replay: the lag's minute and the CPU of the live clients alone.
  const idleCpu = await cpuPerSecond(server, SECONDS);
  const idleLag = await metric(server.url, tokens.wall, 'onescreen_event_loop_lag_seconds{quantile="0.99"}');

  // Ten walls replay the day at 3,600× (a day in 24 s): each seeks back to the day's start halfway, as someone scrubbing would.
  const replays = await Promise.all(Array.from({ length: WALLS }, () => connect(server.url, replayAuth())));
  for (const replay of replays) sockets.push(replay.socket);
  await sleep(SETTLE * 1000);
  const halfway = SEEK ? setTimeout(() => replays.forEach((replay) => replay.socket.emit('seek', fromIso)), (SECONDS * 1000) / 2) : undefined;
  const replayCpu = await cpuPerSecond(server, SECONDS);
  clearTimeout(halfway);
  const replayLag = await metric(server.url, tokens.wall, 'onescreen_event_loop_lag_seconds{quantile="0.99"}');
  console.log(`${WALLS} walls at ${SPEED}×, measured from ${SETTLE} s after their start, ${SEEK ? 'each seeking back halfway' : 'no seek'}`);
  console.log(`live clients ${LIVE_CLIENTS}; server CPU: ${idleCpu.toFixed(3)} cores with none replaying, ${replayCpu.toFixed(3)} with ${WALLS} replaying: ${((replayCpu - idleCpu) / WALLS).toFixed(3)} cores per replaying wall`);
  console.log(`event-loop lag p99 over the minute: ${(idleLag * 1000).toFixed(1)} ms with none replaying, ${(replayLag * 1000).toFixed(1)} ms with ${WALLS} replaying (${ratio(replayLag, idleLag)}); load ${load()}`);
  for (const replay of replays) replay.socket.disconnect();

  // Frames in Chromium: the wall replaying at 3,600× against the live wall with a delta each second.
  const frames = async (query: string, feed: boolean) => {
    const page = await openPage(`${server.url}/wall?token=${tokens.wall}${query}`, { width: 1920, height: 1080 });
    try {
      await page.page.waitForSelector('[data-map][data-map-state="idle"], [data-map][data-map-state="drawn"]', { timeout: 300_000 });
      let sequence = 0;
      const stream = caseStream({ city, cases: 10_000_000, start: Date.now() - 60_000, end: Date.now(), seed: 3 });
      const feeder = feed
        ? setInterval(() => {
            const events: CaseEvent[] = [];
            for (let i = 0; i < 50; i++) {
              const { event } = stream.next().value as { event: CaseEvent };
              sequence += 1;
              events.push({ ...event, id: `bench-live-${sequence}`, caseId: `BL${sequence}`, type: 'reported', at: new Date().toISOString() });
            }
            void fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
          }, 1000)
        : undefined;
      await recordFrames(page.page);
      await sleep(FRAME_SECONDS * 1000);
      clearInterval(feeder);
      return await frameTimes(page.page);
    } finally {
      await page.close();
    }
  };
  const replaying = await frames(`&replay=${encodeURIComponent(fromIso)}&speed=${SPEED}`, false);
  const live = await frames('', true);
  console.log(`frames over ${FRAME_SECONDS} s, 1920×1080: replaying at ${SPEED}× p50 ${replaying.p50.toFixed(1)} / p95 ${replaying.p95.toFixed(1)} ms; live wall, 50 reports a second: p50 ${live.p50.toFixed(1)} / p95 ${live.p95.toFixed(1)} ms; p95 replay/live ${ratio(replaying.p95, live.p95)}; load ${load()}`);
} finally {
  for (const socket of sockets) socket.disconnect();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
