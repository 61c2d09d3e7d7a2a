import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../contract';
import { Aggregator } from '../../../server/core/aggregator';
import type { CaseEventRecord } from '../../../server/core/case-event-record';
import { EventBody } from '../../../server/ingest/event-body';
import { IngestPipeline } from '../../../server/ingest/ingest-pipeline';
import { normalizeEvent } from '../../../server/ingest/normalize-event';
import { EventLog } from '../../../server/log/event-log';
import { demoCity, removeTempDirs, sampleGrids, tempDir } from '../lib/harness';

afterAll(removeTempDirs);

const body = (events: object[]) => new EventBody(Buffer.from(JSON.stringify(events)), 'json');

describe('IngestPipeline', () => {
  it('when its thread dies, folds in what that thread had stored but not reported, and starts a new thread for the next batch', async () => {
    const city = demoCity();
    const dir = tempDir();
    // A fixed noon: with the real clock, a run in the minute after local midnight put the event in yesterday.
    const now = Date.parse('2026-11-28T12:00:00+08:00');
    const log = new EventLog(dir);
    const aggregator = new Aggregator({ city, zone: 'Asia/Shanghai', now: () => now });
    const pipeline = new IngestPipeline({
      worker: { dataDir: dir, city: { code: city.code, gridCount: city.gridCount } },
      log,
      aggregator,
      now: () => now,
      maxBatch: 1000,
    });
    const { a1: grid } = sampleGrids();
    const at = new Date(now - 60_000).toISOString();
    const reported = (caseId: string) => ({ id: `${caseId}-r`, caseId, type: 'reported', at, category: 'E.05.02', source: 'app', gridCode: grid });

    expect((await pipeline.submit(body([reported('A')]))).result).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(aggregator.summary('city').reported).toBe(1);

    // What the thread would have committed just before dying, its answer never sent.
    const other = new EventLog(dir);
    const record = normalizeEvent(reported('B') as CaseEvent, city, now) as CaseEventRecord;
    other.transaction(() => other.insert(record, now));
    other.close();
    // The thread is private by design; a test has no other way to make it fail.
    const thread = (pipeline as unknown as { worker: Worker }).worker;
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    await thread.terminate();
    await exited;
    expect(aggregator.summary('city').reported).toBe(2);

    expect((await pipeline.submit(body([reported('B'), reported('C')]))).result).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect(aggregator.summary('city').reported).toBe(3);
    await pipeline.close();
    log.close();
  });
});
