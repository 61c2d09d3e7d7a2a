import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, cityDay } from '../../mock/shared/city-time';
import { FIXTURES } from './importers/fixtures';
import { INGEST_TOKEN, removeDataDirs, startServer, WALL_TOKEN, type MockServer } from './mock-harness';

/**
 * Runs one of the mock CLIs as `npm run` would (tsx), and collects what it printed; with
 * `interruptOn`, sends it Ctrl-C (SIGINT) once its stderr matches.
 */
function run(script: string, args: string[], interruptOn?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ONESCREEN_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let interrupted = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (interrupted || !interruptOn?.test(stderr)) return;
      interrupted = true;
      child.kill('SIGINT');
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The events the server's log holds, as its /metrics says. */
async function loggedEvents(server: MockServer): Promise<number> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${WALL_TOKEN}` } });
  const line = (await response.text()).split('\n').find((l) => l.startsWith('onescreen_log_events '));
  return Number(line?.split(' ')[1]);
}

let server: MockServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
  removeDataDirs();
});

describe('the mock command lines', () => {
  it('explain a bad argument and exit with 2', async () => {
    const [sim, imp] = await Promise.all([
      run('mock/simulate.ts', ['--token', 'x', '--rate', 'lots']),
      run('mock/import.ts', ['--format', 'csv311', 'x.csv', '--token', 'x']),
    ]);
    expect(sim.code).toBe(2);
    expect(sim.stderr).toContain('--rate must be a valid number, got "lots"');
    expect(sim.stderr).toContain('Usage: npm run simulate');
    expect(imp.code).toBe(2);
    expect(imp.stderr).toContain('--format must be one of la311, sf311, nyc311, open311, got "csv311"');
  }, 180_000);

  it('import a file and print the summary', async () => {
    const file = resolve(FIXTURES, 'open311_example.json');
    const rebaseTo = addDays(cityDay(Date.now()), -10);
    const tokens = ['--token', INGEST_TOKEN];
    const result = await run('mock/import.ts', ['--format', 'open311', file, '--target', server.url, ...tokens, '--rebase-to', rebaseTo, '--status-every', '0']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 rows read → 2 cases, 0 rows rejected');
    expect(result.stdout).toContain('events: 5 produced, 5 sent: 5 accepted, 0 duplicates, 0 rejected');
    expect((await server.summary('city', rebaseTo)).reported).toBe(1);
  }, 180_000);

  it('simulate the city with an ingest token alone, as the README says', async () => {
    const before = await loggedEvents(server);
    const args = ['--target', server.url, '--token', INGEST_TOKEN, '--backfill', '1', '--rate', '500', '--status-every', '0'];
    const result = await run('mock/simulate.ts', args, /going live/);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/ERROR|403|401/);
    const accepted = /accepted ([\d,]+)/.exec(result.stderr.split('\n').filter(Boolean).at(-1) ?? '')?.[1];
    expect(accepted, result.stderr).toBeDefined();
    const sent = Number(accepted?.replaceAll(',', ''));
    expect(sent).toBeGreaterThan(500);
    expect(await loggedEvents(server)).toBe(before + sent);
  }, 180_000);
});
