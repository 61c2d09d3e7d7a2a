import { ROLES } from '../contract';
import type { TokenEntry } from './auth/token-entry';

/**
 * What the server prints once it listens: where it is, where its tokens are and which roles
 * they hold, and how to open a page. Never a token: under systemd, Docker or Kubernetes this
 * output is a log that many people and systems read and keep.
 */
export function startBanner(base: string, tokensFile: string | undefined, entries: readonly TokenEntry[]): string {
  const held = ROLES.map((role) => ({ role, count: entries.filter((entry) => entry.role === role).length }))
    .filter(({ count }) => count > 0)
    .map(({ role, count }) => `${count} ${role}`);
  return [
    `OneScreen listening on ${base}   API: ${base}/docs`,
    `  tokens: ${tokensFile ?? '(given in code)'} holds ${held.length > 0 ? held.join(', ') : 'none'}; re-read when it changes`,
    '  to open a page, add ?token= and a token of that file to /wall (a wall token) or /tablet (a leader token)',
  ].join('\n');
}
