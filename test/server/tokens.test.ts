import { once } from 'node:events';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenStore } from '../../server/auth/token-store';
import { TokenConfigError, type TokenEntry } from '../../server/auth/token-entry';
import { demoCity, removeTempDirs, startServer, tempDir } from './lib/harness';

afterAll(removeTempDirs);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('tokens created on a first start', () => {
  it('writes one token per role to <dataDir>/tokens.json with mode 0600 and reuses them on the next start', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir, tokens: undefined });
    const file = join(dataDir, 'tokens.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const entries = JSON.parse(readFileSync(file, 'utf8')) as TokenEntry[];
    expect(entries.map((e) => e.role).sort()).toEqual(['admin', 'ingest', 'leader', 'wall']);
    expect(entries.find((e) => e.role === 'leader')?.scopes).toEqual(['500103']);
    for (const entry of entries) expect(Buffer.from(entry.token, 'base64url')).toHaveLength(32);
    const wall = entries.find((e) => e.role === 'wall')?.token ?? '';
    expect((await first.request({ url: '/api/v1/summary', headers: bearer(wall) })).statusCode).toBe(200);
    await first.close();

    const second = await startServer({ dataDir, tokens: undefined });
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(entries, null, 2)}\n`);
    expect((await second.request({ url: '/api/v1/summary', headers: bearer(wall) })).statusCode).toBe(200);
    await second.close();
  });
});

describe('a tokens file', () => {
  const city = demoCity();
  const write = (entries: unknown) => {
    const file = join(tempDir(), 'tokens.json');
    writeFileSync(file, typeof entries === 'string' ? entries : JSON.stringify(entries));
    return file;
  };

  it('is validated at load with every problem named', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['{not json', /is not valid JSON/],
      [{ token: 'x' }, /expected a JSON array/],
      [[{ token: 'short', role: 'wall' }], /entry 0: `token`.*at least 16 characters/],
      [[{ token: 'a-long-enough-token-1', role: 'mayor' }], /entry 0: `role`.*roles: ingest, wall, leader, commander, admin/],
      [[{ token: 'a-long-enough-token-1', role: 'leader', name: 'boss' }], /entry 0 \(boss\): a leader token needs "scopes"/],
      [[{ token: 'a-long-enough-token-1', role: 'leader', districts: ['500199'] }], /entry 0: unknown area 500199/],
      [
        [
          { token: 'a-long-enough-token-1', role: 'wall' },
          { token: 'a-long-enough-token-1', role: 'admin' },
        ],
        /entry 1: the same token appears twice/,
      ],
    ];
    for (const [content, message] of cases) {
      expect(() => TokenStore.fromFile(write(content), city)).toThrow(TokenConfigError);
      expect(() => TokenStore.fromFile(write(content), city)).toThrow(message);
    }
  });

  it('says where it is not JSON without quoting it: what surrounds the fault is a token', () => {
    const token = 'unquoted-secret-token-0123456789';
    const file = write(`[\n  {"token": "a-long-enough-token-1", "role": "wall"},\n  {"token": ${token}, "role": "admin"}\n]`);
    expect(() => TokenStore.fromFile(file, city)).toThrow(/is not valid JSON: it breaks at line 3, column 13$/);
    try {
      TokenStore.fromFile(file, city);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(token.slice(0, 8));
      expect(String((error as Error).message)).not.toContain('a-long-enough');
    }
  });

  it('refuses to start the server when invalid, saying why', async () => {
    const file = write([{ token: 'short', role: 'wall' }]);
    await expect(startServer({ tokensFile: file, tokens: undefined })).rejects.toThrow(/tokens file .*entry 0: `token`/);
  });

  it('is reloaded when it changes: new tokens work, removed ones stop, listeners hear of it', async () => {
    const file = write([
      { token: 'old-wall-token-0000001', role: 'wall' },
      { token: 'kept-admin-token-00001', role: 'admin' },
    ]);
    const server = await startServer({ tokensFile: file, tokens: undefined });
    const summary = (token: string) => server.request({ url: '/api/v1/summary', headers: bearer(token) });
    expect((await summary('old-wall-token-0000001')).statusCode).toBe(200);

    const changed = once(server.app.tokens, 'change');
    writeFileSync(
      file,
      JSON.stringify([
        { token: 'new-wall-token-0000001', role: 'wall' },
        { token: 'kept-admin-token-00001', role: 'admin' },
        { token: 'more-bytes-so-size-changes', role: 'leader', districts: ['500105'] },
      ]),
    );
    await changed;
    expect((await summary('old-wall-token-0000001')).statusCode).toBe(401);
    expect((await summary('new-wall-token-0000001')).statusCode).toBe(200);
    expect((await summary('kept-admin-token-00001')).statusCode).toBe(200);

    // A broken edit keeps the tokens in force.
    const failed = once(server.app.tokens, 'error');
    writeFileSync(file, '[{"token": "oops"');
    await failed;
    expect((await summary('new-wall-token-0000001')).statusCode).toBe(200);
    await server.close();
  });
});

describe('the token store', () => {
  const city = demoCity();
  const store = TokenStore.fromEntries(
    [
      { token: 'wall-token-000000000001', role: 'wall' },
      { token: 'leader-token-0000000001', role: 'leader', districts: ['500103', '500105'] },
      { token: 'ingest-token-0000000001', role: 'ingest' },
    ],
    city,
  );

  it('authenticates exactly the tokens it holds', () => {
    expect(store.authenticate('wall-token-000000000001')?.role).toBe('wall');
    expect(store.authenticate('leader-token-0000000001')?.scopes).toEqual(['500103', '500105']);
    expect(store.authenticate('wall-token-000000000002')).toBeUndefined();
    expect(store.authenticate('wall-token-00000000000')).toBeUndefined();
    expect(store.authenticate('')).toBeUndefined();
    expect(store.authenticate(undefined)).toBeUndefined();
  });

  it('decides scopes as REST and the live handshake need', () => {
    const leader = store.authenticate('leader-token-0000000001');
    const ingest = store.authenticate('ingest-token-0000000001');
    if (!leader || !ingest) throw new Error('tokens missing');
    expect(store.canRead(leader, '500105')).toEqual({ allowed: true });
    expect(store.canRead(leader, '500106')).toEqual({
      allowed: false,
      status: 403,
      message: 'token for 渝中区、江北区 cannot read 沙坪坝区 (500106)',
    });
    expect(store.canRead(leader, 'nowhere')).toEqual({ allowed: false, status: 404, message: 'unknown scope "nowhere"' });
    expect(store.canRead(ingest, 'city')).toMatchObject({ allowed: false, status: 403 });
  });
});

/** A log stream whose lines the test reads. */
function capturedLog(): { lines: string[]; logStream: Writable } {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logStream };
}

describe('logs', () => {
  it('never hold a token, from the header or the query', async () => {
    const { lines, logStream } = capturedLog();
    const server = await startServer({ logLevel: 'info', logStream });
    const secret = 'test-wall-token-00000000000001';
    await server.request({ url: `/api/v1/summary?scope=city&token=${secret}` });
    await server.request({ url: '/api/v1/summary', headers: bearer(secret) });
    await server.request({ url: `/api/v1/summary?token=${secret}x` });
    await server.close();
    const log = lines.join('');
    expect(log).toContain('/api/v1/summary?scope=city&token=[redacted]');
    expect(log).not.toContain(secret);
  });

  it('leave requests out when request logging is off', async () => {
    const { lines, logStream } = capturedLog();
    const server = await startServer({ logLevel: 'info', logStream, logRequests: false });
    await server.request({ url: '/api/v1/summary?scope=city', headers: bearer('test-wall-token-00000000000001') });
    const log = lines.join('');
    await server.close();
    expect(log).not.toContain('/api/v1/summary');
    expect(log).not.toContain('request completed');
  });
});
