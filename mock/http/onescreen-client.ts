import { Value } from '@sinclair/typebox/value';
import {
  CityAreasSchema,
  IngestResultSchema,
  LatticeGridsSchema,
  type CaseEvent,
  type CityAreas,
  type IngestResult,
  type LatticeGrids,
} from '../../contract';

/** What one POST of a batch came to, from the sender's point of view. */
export type PostOutcome =
  | { kind: 'ok'; result: IngestResult }
  /** Server down, overloaded (5xx) or rate-limited (429): try the same batch again later. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** 413: the batch is over the server's body limit; smaller batches will do. */
  | { kind: 'too-large'; message: string }
  /** 401/403: nothing will get through with this token. */
  | { kind: 'fatal'; status: number; message: string }
  /** Any other 4xx: the server refuses this batch as it is. */
  | { kind: 'refused'; status: number; message: string };

export interface ClientOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8080`. */
  target: string;
  /** A token with the ingest role; any token reads the geography (the server's `reference` rule). */
  token: string;
  requestTimeoutMs?: number;
}

/** Why a fetch failed, as a person would say it (`ECONNREFUSED`, `timeout`…). */
export function networkReason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'no answer (timeout)';
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause && typeof cause === 'object' && 'code' in cause) return String((cause as { code: unknown }).code);
    if (cause instanceof Error) return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
}

async function messageOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && 'message' in body) return String((body as { message: unknown }).message);
  } catch {
    // not JSON: the raw text is the message
  }
  return text.slice(0, 500) || response.statusText;
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** A thin HTTP client of the OneScreen API, as any integrator would write it. */
export class OneScreenClient {
  readonly target: string;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(options: ClientOptions) {
    this.target = options.target.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  async postEvents(events: readonly CaseEvent[]): Promise<PostOutcome> {
    let response: Response;
    try {
      response = await fetch(`${this.target}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(events),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { kind: 'retry', reason: networkReason(error) };
    }
    const { status } = response;
    if (status === 200) {
      const body: unknown = await response.json().catch(() => undefined);
      if (Value.Check(IngestResultSchema, body)) return { kind: 'ok', result: body };
      return { kind: 'refused', status, message: 'the server answered 200 without an ingest result' };
    }
    if (status === 429 || status >= 500) {
      const message = await messageOf(response);
      return { kind: 'retry', reason: `${status} ${message}`, retryAfterMs: retryAfterMs(response) };
    }
    const message = await messageOf(response);
    if (status === 413) return { kind: 'too-large', message };
    if (status === 401 || status === 403) return { kind: 'fatal', status, message };
    return { kind: 'refused', status, message };
  }

  grids(): Promise<LatticeGrids> {
    return this.getJson('/api/v1/geo/grids', (body): body is LatticeGrids => Value.Check(LatticeGridsSchema, body));
  }

  areas(): Promise<CityAreas> {
    return this.getJson('/api/v1/geo/areas', (body): body is CityAreas => Value.Check(CityAreasSchema, body));
  }

  async getJson<T>(path: string, check: (body: unknown) => body is T): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.target}${path}`, {
        headers: { authorization: `Bearer ${this.token}` },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new UnreachableError(`${this.target}${path}: ${networkReason(error)}`);
    }
    if (response.status >= 500 || response.status === 429) {
      throw new UnreachableError(`${this.target}${path}: ${response.status} ${await messageOf(response)}`);
    }
    if (!response.ok) throw new Error(`${this.target}${path}: ${response.status} ${await messageOf(response)}`);
    const body: unknown = await response.json();
    if (!check(body)) throw new Error(`${this.target}${path}: the answer does not have the expected shape`);
    return body;
  }
}

/** The server could not be reached or is not ready: worth trying again. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}
