import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { io } from 'socket.io-client';
import { LIVE_NAMESPACE } from '../contract';
import { generateLog } from './lib/generate-log';
import { startServerProcess, untilWarm, writeBenchTokens, type ServerProcess } from './lib/server-process';

/**
 * The past before the retained window, read from the log (docs/replay.md#before-the-retained-window):
 * on a year of Chongqing's log with a retention of `--retention` days, the time and the server's
 * RSS to answer a month's evaluation three months back and `summary?at=` a year back, and
 * meanwhile the event-loop lag (the server's own metric, over the minute of the read) and the
 * longest wait of a live wall between two ticks; then the same evaluation again from the kept
 * build, which is the evaluation's own pass over its cases. Prints figures; never passes or fails on them.
 *   --events N      log size (default 12,500,000: a year over 365 days)
 *   --retention N   ONESCREEN_RETENTION_DAYS (default 30)
 *   --log-dir DIR   keep the generated log there; a log already there is reused as it is
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '12500000' },
    retention: { type: 'string', default: '30' },
    'log-dir': { type: 'string' },
  },
});
const ZONE = 'Asia/Shanghai';
const TICK_MS = 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${fmt(bytes / 2 ** 20)} MiB`;

async function metric(url: string, name: string, token: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return Number(line?.split(' ').at(-1));
}

/** A live wall of the city: the longest time between two of its messages (a tick each second) since the last call. */
function liveWall(url: string, token: string): { longestGap(): number; close(): void } {
  const socket = io(`${url}${LIVE_NAMESPACE}`, { auth: { token, scope: 'city' }, transports: ['websocket'], reconnection: false });
  let last = performance.now();
  let longest = 0;
  const seen = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  };
  for (const kind of ['snapshot', 'delta', 'heartbeat'] as const) socket.on(kind, seen);
  return {
    longestGap() {
      const gap = longest;
      longest = 0;
      return gap;
    },
    close: () => socket.close(),
  };
}

interface Measured {
  status: number;
  seconds: number;
  rssBefore: number;
  rssPeak: number;
  lagP99: number;
  lagMax: number;
  gap: number;
}

/** One read timed, with the server's RSS sampled every 20 ms while it runs and the lag of the minute around it. */
async function measure(server: ServerProcess, wall: ReturnType<typeof liveWall>, path: string, token: string): Promise<Measured> {
  // The lag metric covers the last minute: let the previous work leave it.
  await new Promise((r) => setTimeout(r, 61_000));
  wall.longestGap();
  const rssBefore = server.rss();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, server.rss())), 20);
  const started = performance.now();
  const reply = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await reply.text();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const lagP99 = await metric(server.url, 'onescreen_event_loop_lag_seconds{quantile="0.99"}', token);
  const lagMax = await metric(server.url, 'onescreen_event_loop_lag_seconds{quantile="1"}', token);
  return { status: reply.status, seconds, rssBefore, rssPeak, lagP99, lagMax, gap: wall.longestGap() };
}

const line = (what: string, m: Measured) =>
  `${what}: ${m.status} in ${m.seconds.toFixed(1)} s; RSS ${mib(m.rssBefore)} before, peak ${mib(m.rssPeak)} (+${mib(m.rssPeak - m.rssBefore)}); ` +
  `event-loop lag p99 ${(m.lagP99 * 1000).toFixed(1)} ms, max ${(m.lagMax * 1000).toFixed(1)} ms; a live wall's longest wait between ticks ${fmt(m.gap)} ms (tick ${TICK_MS} ms)`;

const logDir = values['log-dir'];
const base = logDir ?? mkdtempSync(join(tmpdir(), 'onescreen-bench-past-'));
let server: ServerProcess | undefined;
try {
  const dataDir = join(base, 'data');
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
  generateLog(dataDir, Number(values.events), 365);
  for (const name of readdirSync(dataDir)) if (/^checkpoint-\d+\.bin$/.test(name) || name.startsWith('evicted-cases')) rmSync(join(dataDir, name));
  const tokens = writeBenchTokens(base);
  server = await startServerProcess({
    ONESCREEN_DATA_DIR: dataDir,
    ONESCREEN_TOKENS_FILE: tokens.file,
    ONESCREEN_LOG_LEVEL: 'warn',
    ONESCREEN_RETENTION_DAYS: values.retention,
    ONESCREEN_TICK_MS: String(TICK_MS),
    // No checkpoint: the figures are the reads' alone.
    ONESCREEN_CHECKPOINT_MINUTES: '0',
    ONESCREEN_CHECKPOINT_EVENTS: '0',
  });
  await untilWarm(server.url);
  const wall = liveWall(server.url, tokens.wall);
  const today = DateTime.now().setZone(ZONE);
  const month = today.minus({ months: 3 }).toFormat('yyyy-MM');
  const yearBack = encodeURIComponent(today.minus({ days: 360 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toISO() ?? '');
  const evaluation = await measure(server, wall, `/api/v1/evaluation?scope=city&period=${month}`, tokens.wall);
  const timed = async (path: string) => {
    wall.longestGap();
    const started = performance.now();
    await fetch(`${server?.url}${path}`, { headers: { authorization: `Bearer ${tokens.wall}` } }).then((r) => r.text());
    const seconds = (performance.now() - started) / 1000;
    // The tick after the read closes the wait that spans it.
    await new Promise((r) => setTimeout(r, TICK_MS + 100));
    return { seconds, gap: wall.longestGap() };
  };
  const pass = await timed(`/api/v1/evaluation?scope=city&period=${month}`);
  const departments = await timed(`/api/v1/evaluation/departments?scope=city&period=${month}`);
  const summary = await measure(server, wall, `/api/v1/summary?scope=city&at=${yearBack}`, tokens.wall);
  wall.close();
  console.log(`past reads from a log of ${fmt(Number(values.events))} events, ONESCREEN_RETENTION_DAYS=${values.retention}, started in ${(server.readyMs / 1000).toFixed(1)} s:`);
  console.log(line(`  evaluation of ${month} (with 环比 and 同比)`, evaluation));
  console.log(`  the same evaluation again right after (the same build, kept: its own pass): ${pass.seconds.toFixed(2)} s; a live wall's longest wait between ticks ${fmt(pass.gap)} ms`);
  console.log(`  its departments right after (the same build, kept): ${departments.seconds.toFixed(2)} s; a live wall's longest wait between ticks ${fmt(departments.gap)} ms`);
  console.log(line(`  summary?at= ${decodeURIComponent(yearBack)}`, summary));
} finally {
  await server?.stop();
  if (logDir === undefined) rmSync(base, { recursive: true, force: true });
}
