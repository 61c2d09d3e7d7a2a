import { createHash, randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { ErrorSchema, MAX_NOTE, URGING_ROLES, type CaseEvent } from '../../contract';
import { httpError } from '../http-error';
import { EventBody } from '../ingest/event-body';
import type { FastifyPluginAsyncTypebox } from '../type-provider';

const UrgeReplySchema = Type.Object({
  /** The `urged` event as stored. */
  id: Type.String(),
  caseId: Type.String(),
  at: Type.String(),
  /** True when an earlier request with the same Idempotency-Key had already urged it. */
  repeated: Type.Boolean(),
});

/**
 * `POST /api/v1/cases/:caseId/urge`: 一键督办. A commander (or admin) urges a case of its scopes;
 * the server records an `urged` event through the ingest like any other, so it is durable,
 * replayed, on the wall within a tick and counted in the departments' figures
 * (docs/evaluation.md#urging-from-the-pages).
 */
const urge: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/cases/:caseId/urge',
    {
      config: { auth: URGING_ROLES },
      preHandler: app.requireReplayed,
      schema: {
        summary: 'Urge (督办) a case: records an urged event; idempotent with an Idempotency-Key',
        params: Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 64 }) }),
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }),
        body: Type.Optional(Type.Object({ note: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NOTE })) }, { additionalProperties: false })),
        response: { 200: UrgeReplySchema, 201: UrgeReplySchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { caseId } = request.params;
      const principal = request.principal;
      if (principal === null) throw new Error('an urge ran without a principal');
      const item = app.aggregator.caseItem(caseId);
      if (item === undefined) throw httpError(404, `no case ${caseId} has been reported`);
      request.assertScope(item.gridCode);
      // The same key from the same token names the same event: a retried click urges once.
      const key = request.headers['idempotency-key'];
      const id = key === undefined ? `urge-${randomUUID()}` : `urge-${createHash('sha256').update(`${principal.name}\n${caseId}\n${key}`).digest('base64url').slice(0, 32)}`;
      const earlier = async () => {
        const stored = key === undefined ? undefined : await app.ingest.storedContent(id);
        return stored === undefined ? undefined : { id, caseId, at: new Date((JSON.parse(stored) as { at: number }).at).toISOString(), repeated: true };
      };
      const repeated = await earlier();
      if (repeated) return repeated;
      const at = new Date(app.config.now()).toISOString();
      const event: CaseEvent = { id, caseId, type: 'urged', at, by: principal.name, ...(request.body?.note ? { note: request.body.note } : {}) };
      const outcome = await app.ingest.submit(new EventBody(Buffer.from(JSON.stringify([event])), 'json'));
      app.metrics.recordIngest(outcome);
      const [rejected] = outcome.result.rejected;
      if (rejected) {
        // The same key sent twice at once: the first one stored is the urge.
        const concurrent = await earlier();
        if (concurrent) return concurrent;
        throw httpError(409, rejected.error);
      }
      reply.code(outcome.result.duplicates === 1 ? 200 : 201);
      return { id, caseId, at, repeated: outcome.result.duplicates === 1 };
    },
  );
};

export default urge;
