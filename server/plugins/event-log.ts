import fp from 'fastify-plugin';
import { EventLog } from '../log/event-log';

declare module 'fastify' {
  interface FastifyInstance {
    eventLog: EventLog;
  }
}

export default fp(
  async (fastify) => {
    const log = new EventLog(fastify.config.dataDir, (message) => fastify.log.info(message));
    fastify.decorate('eventLog', log);
    fastify.addHook('onClose', async () => log.close());
  },
  { name: 'event-log', dependencies: ['config'] },
);
