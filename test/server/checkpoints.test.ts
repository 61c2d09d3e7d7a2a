import { cpSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { caseEvents } from '../reliability/lib/case-events';
import { allFigures } from '../reliability/lib/figures';
import { TOKENS, gridsOf, removeTempDirs, startServer, tempDir, type TestServer } from './lib/harness';

afterAll(removeTempDirs);

const SCOPES = ['city', '500103', '500105', gridsOf('500103')[0].slice(0, 9)];
const NOW = Date.now();

function logLines(): { lines: string[]; logStream: Writable } {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logStream };
}

async function figuresOf(server: TestServer): Promise<unknown> {
  return allFigures(async (url) => {
    const response = await server.get(url, TOKENS.admin);
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  }, SCOPES);
}

const checkpoints = (dataDir: string) => readdirSync(dataDir).filter((name) => /^checkpoint-\d+\.bin$/.test(name)).sort();

/** A data directory with a log of three batches, a checkpoint after the second (and the one a clean shutdown writes). */
async function dataWithCheckpoint(): Promise<{ dataDir: string; expected: unknown }> {
  const dataDir = join(tempDir(), 'data');
  const events = caseEvents({ cases: 600, grids: [...gridsOf('500103'), ...gridsOf('500105')], seed: 5, now: NOW });
  const server = await startServer({ dataDir, logLevel: 'silent' });
  const third = Math.floor(events.length / 3);
  await server.ingest(events.slice(0, third));
  await server.ingest(events.slice(third, 2 * third));
  await server.app.checkpoints.write();
  await server.ingest(events.slice(2 * third));
  const expected = await figuresOf(server);
  await server.close();
  return { dataDir, expected };
}

describe('checkpoints', () => {
  it('starts from the newest checkpoint and replays only the log after it, with the figures of a full replay', async () => {
    const { dataDir, expected } = await dataWithCheckpoint();
    expect(checkpoints(dataDir)).toHaveLength(2);
    const { lines, logStream } = logLines();
    const fromCheckpoint = await startServer({ dataDir, logLevel: 'info', logStream });
    expect(fromCheckpoint.app.replay.checkpoint).toBeGreaterThan(0);
    expect(fromCheckpoint.app.replay.events).toBe(0);
    expect(lines.some((line) => line.includes('loaded checkpoint'))).toBe(true);
    expect(await figuresOf(fromCheckpoint)).toEqual(expected);
    await fromCheckpoint.close();

    // The older checkpoint and the log after it: the same figures.
    const older = join(tempDir(), 'data');
    cpSync(dataDir, older, { recursive: true });
    rmSync(join(older, checkpoints(older).at(-1) ?? ''));
    const fromOlder = await startServer({ dataDir: older, logLevel: 'silent' });
    expect(fromOlder.app.replay.events).toBeGreaterThan(0);
    expect(await figuresOf(fromOlder)).toEqual(expected);
    await fromOlder.close();

    const full = join(tempDir(), 'data');
    cpSync(dataDir, full, { recursive: true });
    for (const name of checkpoints(full)) rmSync(join(full, name));
    const replayed = await startServer({ dataDir: full, logLevel: 'silent' });
    expect(replayed.app.replay.checkpoint).toBeUndefined();
    expect(await figuresOf(replayed)).toEqual(expected);
    await replayed.close();
  });

  it('ignores, saying why, a checkpoint that is torn, damaged, of another configuration, or ahead of its log, and replays the log instead', async () => {
    const { dataDir, expected } = await dataWithCheckpoint();
    const spoil: Array<[string, (file: string) => void, Record<string, unknown>, RegExp]> = [
      ['torn', (file) => truncateSync(file, Math.floor(readFileSync(file).byteLength / 2)), {}, /torn/],
      [
        'damaged',
        (file) => {
          const bytes = readFileSync(file);
          bytes[Math.floor(bytes.byteLength / 2)] ^= 0xff;
          writeFileSync(file, bytes);
        },
        {},
        /damaged|section|strings|past its body/,
      ],
      ['another retention', () => undefined, { retentionDays: 30 }, /retentionDays 400 ≠ 30/],
      ['another zone', () => undefined, { zone: 'Asia/Urumqi' }, /zone Asia\/Shanghai ≠ Asia\/Urumqi/],
      ['another office hours', () => undefined, { officeHours: { periods: [['08:30', '17:30']] } }, /officeHours/],
    ];
    for (const [what, change, options, reason] of spoil) {
      const copy = join(tempDir(), 'data');
      cpSync(dataDir, copy, { recursive: true });
      for (const name of checkpoints(copy)) change(join(copy, name));
      const { lines, logStream } = logLines();
      const server = await startServer({ dataDir: copy, logLevel: 'info', logStream, ...options });
      expect({ what, loaded: server.app.replay.checkpoint }).toEqual({ what, loaded: undefined });
      expect({ what, said: lines.some((line) => line.includes('not used') && reason.test(line)) }).toEqual({ what, said: true });
      if (Object.keys(options).length === 0) expect(await figuresOf(server)).toEqual(expected);
      await server.close();
    }

    // A log older than the checkpoint (a log restored from an earlier copy): the checkpoint is ahead of it.
    const behind = join(tempDir(), 'data');
    const short = await startServer({ dataDir: behind, logLevel: 'silent', checkpoint: { minutes: 0, events: 0 } });
    await short.ingest(caseEvents({ cases: 5, grids: gridsOf('500103'), seed: 5, now: NOW }));
    await short.close();
    for (const name of checkpoints(dataDir)) cpSync(join(dataDir, name), join(behind, name));
    const { lines, logStream } = logLines();
    const server = await startServer({ dataDir: behind, logLevel: 'info', logStream });
    expect(server.app.replay.checkpoint).toBeUndefined();
    expect(lines.some((line) => /not used: (it covers \d+ events, but the log holds \d+|it was written from another log)/.test(line))).toBe(true);
    await server.close();
  });
});
