import { afterAll, describe, expect, it } from 'vitest';
import { addDays, cityDay, cityDayStart, cityWeekday, HOUR_MS } from '../../../mock/shared/city-time';
import { CaseEventStream } from '../../../mock/simulator/case-stream';
import { startSimulator } from '../../../mock/simulator/simulator';
import { demoCityGrids, eventually, INGEST_TOKEN, removeDataDirs, startServer } from '../mock-harness';

afterAll(removeDataDirs);

describe('simulator feeding the real server', () => {
  it('backfills yesterday and today so far, and the server counts exactly what was generated', async () => {
    const server = await startServer();
    // A fixed clock on a recent Wednesday evening, so "yesterday" is a working day whatever day
    // the test runs; the live phase then adds nothing and the run is reproducible.
    let day = addDays(cityDay(Date.now()), -3);
    while (cityWeekday(day) !== 3) day = addDays(day, -1);
    const now = cityDayStart(day) + 23 * HOUR_MS;
    const rate = 4000;
    const simulator = startSimulator({
      target: server.url,
      token: INGEST_TOKEN,
      rate,
      seed: 5,
      backfill: 1,
      statusEverySeconds: 0,
      log: () => undefined,
      now: () => now,
    });
    await eventually(() => simulator.stats().phase === 'live' && simulator.stats().sender.buffered === 0, 'backfill sent', 170_000);
    await simulator.stop();
    const stats = simulator.stats();
    expect(stats.phase).toBe('stopped');

    const today = cityDay(now);
    const yesterday = addDays(today, -1);
    const expected = new CaseEventStream(demoCityGrids(), { rate, seed: 5, from: cityDayStart(yesterday), liveStart: now, speed: 1 }).take(now);
    expect(stats.sender).toMatchObject({ sent: expected.length, accepted: expected.length, rejected: 0, refused: 0, duplicates: 0 });
    for (const day of [yesterday, today]) {
      const reported = expected.filter((e) => e.type === 'reported' && cityDay(Date.parse(e.at)) === day).length;
      expect((await server.summary('city', day)).reported).toBe(reported);
    }

    // Judged by the server's own deadlines: mostly handled in time, some late, a little rework.
    const past = await server.summary('city', yesterday);
    expect(past.reported).toBeGreaterThan(rate * 0.6);
    expect(past.onTimeHandlingRate).toBeGreaterThan(0.6);
    expect(past.handlingRate).toBeGreaterThan(past.onTimeHandlingRate as number);
    expect(past.reworkRate).toBeGreaterThan(0.005);
    expect(past.reworkRate).toBeLessThan(0.1);
    await server.close();
  }, 180_000);
});
