import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TokenEntry } from '../../server/auth/token-entry';
import { freePort } from '../lib/free-port';
import { ROOT } from './lib/process';

/** The demo builds the client when it is stale, loads the city and replays: minutes on a busy machine. */
const STARTED = 600_000;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * `npm start` in a fresh data directory, in a process group of its own as in a terminal, until
 * it says how to stop it; then Ctrl-C (SIGINT to the group), and the demo and its server are
 * gone. Everything they printed.
 */
async function demoOutput(env: Record<string, string>): Promise<{ output: string; dataDir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'onescreen-demo-'));
  dirs.push(dir);
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), ONESCREEN_DATA_DIR: dataDir, ONESCREEN_DEMO_BACKFILL_DAYS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const exited = new Promise<number | null>((done) => demo.once('exit', (code) => done(code)));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm start did not start within ${STARTED} ms:\n${output}`)), STARTED);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!/Press Ctrl\+C to stop/.test(output)) return;
      clearTimeout(timer);
      done();
    };
    demo.stdout.on('data', onData);
    demo.stderr.on('data', onData);
    void exited.then((code) => fail(new Error(`npm start exited (${String(code)}):\n${output}`)));
  }).finally(() => process.kill(-(demo.pid ?? 0), 'SIGINT'));
  expect(await exited, output).toBe(0);
  await expect(fetch(`http://127.0.0.1:${port}/healthz`), 'the demo stopped its server').rejects.toThrow();
  return { output, dataDir };
}

const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe('npm start', () => {
  it('prints each page’s address once, with the least-privileged token that opens it, as demo credentials', { timeout: STARTED + 60_000 }, async () => {
    const { output, dataDir } = await demoOutput({});
    const tokens = JSON.parse(readFileSync(join(dataDir, 'tokens.json'), 'utf8')) as TokenEntry[];
    const of = (role: string): TokenEntry => tokens.find((entry) => entry.role === role) ?? { token: `no ${role} token`, role: 'admin' };
    // The city's wall and the walls of two of the demo's command centres (铜梁区, its 巴川街道): each address once.
    expect(occurrences(output, '/wall?token=')).toBe(3);
    for (const scope of ['500151', '500151001']) expect(occurrences(output, `/wall?token=${of('wall').token}&scope=${scope}\n`), scope).toBe(1);
    expect(occurrences(output, '/tablet?token=')).toBe(1);
    expect(output).toMatch(new RegExp(`Wall, with the wall token: +http://\\S+/wall\\?token=${of('wall').token}\\n`));
    expect(output).toMatch(new RegExp(`Tablet, as leader 渝中区: +http://\\S+/tablet\\?token=${of('leader').token}\\n`));
    expect(output).toContain('Demo credentials, generated for this demo in');
    expect(output.includes(of('admin').token), 'the admin token').toBe(false);
    expect(output.includes(of('ingest').token), 'the ingest token').toBe(false);
  });

  it('prints no token of a tokens file it was given, only how to form the addresses', { timeout: STARTED + 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onescreen-demo-tokens-'));
    dirs.push(dir);
    const given: TokenEntry[] = (['admin', 'wall', 'ingest'] as const).map((role) => ({ token: randomBytes(32).toString('base64url'), role }));
    given.push({ token: randomBytes(32).toString('base64url'), role: 'leader', districts: ['500103'] });
    const file = join(dir, 'tokens.json');
    writeFileSync(file, JSON.stringify(given), { mode: 0o600 });
    const { output } = await demoOutput({ ONESCREEN_TOKENS_FILE: file });
    expect(output).toContain(`Pages: add ?token= and a token of ${file} to`);
    expect(output).not.toContain('?token=<');
    for (const { token, role } of given) expect(output.includes(token.slice(0, 8)), `the ${role} token`).toBe(false);
  });
});
