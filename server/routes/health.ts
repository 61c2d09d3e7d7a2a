import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';

const ReadinessSchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('replaying'), Type.Literal('failed')]),
  events: Type.Integer({ description: 'Events replayed from the log' }),
  ms: Type.Optional(Type.Integer({ description: 'How long the replay took' })),
  checkpoint: Type.Optional(Type.Integer({ description: 'The log position of the checkpoint the start loaded (the events replayed are those after it)' })),
  warming: Type.Optional(Type.Boolean({ description: 'Still producing the city tiles after a start (the tile worker busy; the API answers meanwhile)' })),
  message: Type.Optional(Type.String()),
});

/** Liveness and readiness, public so that orchestrators and load balancers need no token. */
const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      config: { auth: 'public' },
      schema: { summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { auth: 'public' },
      schema: { summary: 'Ready once the event log is replayed (503 until then)', response: { 200: ReadinessSchema, 503: ReadinessSchema } },
    },
    async (_request, reply) => {
      const { done, events, ms, error, checkpoint } = app.replay;
      if (done) return { status: 'ready' as const, events, ms, checkpoint, warming: app.city.tilesWarming() };
      reply.code(503);
      if (error !== undefined) return { status: 'failed' as const, events, checkpoint, message: error };
      return { status: 'replaying' as const, events, checkpoint, message: 'replaying the event log' };
    },
  );
};

export default health;
