import type { CaseEvent, IngestResult } from '../../../contract';

export interface PostReply {
  status: number;
  body: IngestResult & { message?: string };
  retryAfter: string | null;
}

/** POST /api/v1/events over real HTTP. */
export async function postEvents(base: string, token: string, events: readonly CaseEvent[]): Promise<PostReply> {
  const response = await fetch(`${base}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  return { status: response.status, body: (await response.json()) as PostReply['body'], retryAfter: response.headers.get('retry-after') };
}

export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
