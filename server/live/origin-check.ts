import type { IncomingMessage } from 'node:http';

/**
 * Cross-site check for the Socket.IO endpoint, polling and WebSocket alike (browsers do not
 * apply CORS to WebSocket upgrades, so the Origin header must be checked here). Allowed: no
 * Origin (not a browser: simulators, tests, other services, which still need a token), the
 * page's own origin, and the configured origins.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  const host = req.headers.host;
  if (host === undefined) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
