import type { ExtendedError } from 'socket.io';
import { MAX_REPLAY_SPEED } from '../../contract';
import { parseIsoTime } from '../ingest/iso-time';
import type { Principal, ScopeDecision } from '../auth/token-store';

/** The part of the TokenStore the handshake needs: the same checks as the REST routes. */
export interface TokenCheck {
  authenticate(token: string | undefined): Principal | undefined;
  canRead(principal: Principal, scope: string): ScopeDecision;
}

/** A replay asked for at the handshake: its start, epoch ms, and speed. */
export interface ReplayRequest {
  from: number;
  speed: number;
}

export type HandshakeResult =
  | { ok: true; token: string; scope: string; principal: Principal; deltaChildren: 'all' | 'changed'; replay?: ReplayRequest }
  | { ok: false; status: 401 | 400 | 403 | 404 | 503; message: string };

/** Default speed of a replay asked for without one: an hour in a minute. */
export const DEFAULT_REPLAY_SPEED = 60;

function replayOf(value: unknown): ReplayRequest | string {
  const { from, speed = DEFAULT_REPLAY_SPEED } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof from !== 'string') return 'replay needs {from: an ISO instant with offset, speed?}';
  const time = parseIsoTime(from);
  if (!time.ok) return `replay.from "${from}": ${time.problem}`;
  if (typeof speed !== 'number' || !(speed >= 0 && speed <= MAX_REPLAY_SPEED)) return `replay.speed must be a number from 0 (paused) to ${MAX_REPLAY_SPEED}`;
  return { from: time.ms, speed };
}

/**
 * Checks a `/live` handshake's `auth: {token, scope}` exactly as REST checks a read: the
 * refusal's message is what the client's `connect_error` shows, so it says why
 * (docs/live.md#connecting).
 */
export function checkHandshake(auth: Record<string, unknown>, tokens: TokenCheck): HandshakeResult {
  const { token, scope, deltaChildren } = auth;
  if (typeof token !== 'string' || token === '') {
    return { ok: false, status: 401, message: 'no token: connect with auth {token, scope}' };
  }
  const principal = tokens.authenticate(token);
  if (!principal) return { ok: false, status: 401, message: 'unknown token' };
  if (typeof scope !== 'string' || scope === '') {
    return { ok: false, status: 400, message: 'no scope: connect with auth {token, scope}, scope = city or a district, street, community or grid code' };
  }
  const decision = tokens.canRead(principal, scope);
  if (!decision.allowed) return { ok: false, status: decision.status, message: decision.message };
  if (deltaChildren !== undefined && deltaChildren !== 'all' && deltaChildren !== 'changed') {
    return { ok: false, status: 400, message: `deltaChildren must be "all" or "changed", not ${JSON.stringify(deltaChildren)}` };
  }
  if (auth.replay === undefined) return { ok: true, token, scope, principal, deltaChildren: deltaChildren ?? 'changed' };
  const replay = replayOf(auth.replay);
  if (typeof replay === 'string') return { ok: false, status: 400, message: replay };
  return { ok: true, token, scope, principal, deltaChildren: deltaChildren ?? 'changed', replay };
}

/** The error a refused handshake hands to `next()`: the client gets its message and `data.status`. */
export function refusal(result: { status: number; message: string }): ExtendedError {
  const error: ExtendedError = new Error(result.message);
  error.data = { status: result.status };
  return error;
}

/**
 * Whether a socket's token still reads its scope after the tokens changed; the reason when not.
 */
export function stillAllowed(token: string, scope: string, tokens: TokenCheck): string | undefined {
  const principal = tokens.authenticate(token);
  if (!principal) return 'token revoked';
  const decision = tokens.canRead(principal, scope);
  return decision.allowed ? undefined : `token no longer allowed: ${decision.message}`;
}
