import { describe, expect, it } from 'vitest';
import { startBanner } from '../../server/start-banner';
import { TOKEN_ENTRIES } from './lib/harness';

describe('what the server prints at start', () => {
  it('says where it listens, where the tokens file is and which roles it holds, and how to open a page, with no token', () => {
    const banner = startBanner('http://127.0.0.1:8080', '/srv/onescreen/tokens.json', TOKEN_ENTRIES);
    const held = (role: string) => TOKEN_ENTRIES.filter((entry) => entry.role === role).length;
    expect(banner).toMatch(/^OneScreen listening on http:\/\/127\.0\.0\.1:8080 /);
    expect(banner).toContain(
      `/srv/onescreen/tokens.json holds ${held('ingest')} ingest, ${held('wall')} wall, ${held('leader')} leader, ${held('admin')} admin`,
    );
    expect(banner).toContain('add ?token= and a token of that file to /wall (a wall token) or /tablet (a leader token)');
    for (const { token } of TOKEN_ENTRIES) expect(banner).not.toContain(token);
  });
});
