import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CaseEvent } from '../contract';
import { EventSender } from '../mock/http/event-sender';
import { OneScreenClient } from '../mock/http/onescreen-client';
import { decodeCityGrids } from '../mock/shared/city-grids';
import { addDays, cityDay, cityDayStart } from '../mock/shared/city-time';
import { CaseEventStream } from '../mock/simulator/case-stream';
import { startServerProcess, writeBenchTokens } from './lib/server-process';

/**
 * The simulator's own cost and its delivery rate: (1) generating N days of the demo city at the
 * reference rate, in-process; (2) sending B days of history to a real server process through
 * the event sender (batches of 1,000, two in flight), against the reference of the same events
 * posted by a bare loop of sequential fetches. Prints figures; never fails on them.
 */
const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '7' },
    'send-days': { type: 'string', default: '3' },
    rate: { type: 'string', default: String(Math.round(2_500_000 / 365)) },
  },
});
const DAYS = Number(values.days);
const SEND_DAYS = Number(values['send-days']);
const RATE = Number(values.rate);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

const dir = mkdtempSync(join(tmpdir(), 'onescreen-bench-sim-'));
const tokens = writeBenchTokens(dir);
const server = await startServerProcess({
  ONESCREEN_DATA_DIR: join(dir, 'data'),
  ONESCREEN_TOKENS_FILE: tokens.file,
  ONESCREEN_LOG_LEVEL: 'warn',
});
try {
  const client = new OneScreenClient({ target: server.url, token: tokens.ingest });
  const city = decodeCityGrids(await client.grids(), await client.areas());
  const today = cityDay(Date.now());

  const from = cityDayStart(addDays(today, -DAYS));
  let started = performance.now();
  const cpu = process.cpuUsage();
  const generated = new CaseEventStream(city, { rate: RATE, seed: 1, from, liveStart: Date.now(), speed: 1 });
  let events = 0;
  for (let t = from; t < from + DAYS * 86_400_000; ) {
    t += 3_600_000;
    events += generated.take(t).length;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6;
  console.log(`generation: ${fmt(DAYS)} days at ${fmt(RATE)} cases/day over ${fmt(city.codes.length)} grids`);
  console.log(
    `  ${fmt(generated.stats().cases)} cases, ${fmt(events)} events in ${fmt(seconds, 2)} s: ` +
      `${fmt(events / seconds)} events/s, ${fmt(cpuSeconds / DAYS, 3)} CPU s per simulated day`,
  );

  // Separate stretches of days: event ids follow the day, so each run stores new events.
  const history = (endDaysAgo: number) => {
    const end = cityDayStart(addDays(today, -endDaysAgo));
    const from = cityDayStart(addDays(today, -endDaysAgo - SEND_DAYS));
    return new CaseEventStream(city, { rate: RATE, seed: 2, from, liveStart: end, speed: 1 }).take(end);
  };
  const [ours, reference, warmUp] = [history(0), history(SEND_DAYS), history(2 * SEND_DAYS).slice(0, 10_000)];
  for (let i = 0; i < warmUp.length; i += 1000) await post(server.url, tokens.ingest, warmUp.slice(i, i + 1000));
  console.log(`sending: ${fmt(SEND_DAYS)} days of history, ${fmt(ours.length)} events (after a warm-up of ${fmt(warmUp.length)})`);

  started = performance.now();
  for (let i = 0; i < reference.length; i += 1000) await post(server.url, tokens.ingest, reference.slice(i, i + 1000));
  const theirs = reference.length / ((performance.now() - started) / 1000);
  console.log(`  reference (bare sequential fetch loop): ${fmt(theirs)} events/s`);

  started = performance.now();
  const sender = new EventSender({ target: server.url, token: tokens.ingest, statusEveryMs: 0, maxBuffered: ours.length + 1 });
  sender.push(ours);
  await sender.close(600_000);
  const rate = ours.length / ((performance.now() - started) / 1000);
  const stats = sender.stats();
  console.log(`  event sender:         ${fmt(rate)} events/s (accepted ${fmt(stats.accepted)}, rejected ${fmt(stats.rejected)})`);
  console.log(`  ours/theirs: ${fmt(rate / theirs, 2)}`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function post(url: string, token: string, events: CaseEvent[]): Promise<void> {
  const reply = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  if (!reply.ok) throw new Error(`reference POST: ${reply.status} ${await reply.text()}`);
  const result = (await reply.json()) as { accepted: number };
  if (result.accepted !== events.length) throw new Error(`reference POST: ${events.length - result.accepted} events not accepted`);
}
