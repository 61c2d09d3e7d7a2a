import fp from 'fastify-plugin';
import { EventLog } from '../log/event-log';
import { LogWriter } from '../log/log-writer';

declare module 'fastify' {
  interface FastifyInstance {
    eventLog: EventLog;
    /** The ingest's writes to the same log, on a worker thread. */
    logWriter: LogWriter;
  }
}

export default fp(
  async (fastify) => {
    const log = new EventLog(fastify.config.dataDir);
    const writer = new LogWriter(log.file);
    fastify.decorate('eventLog', log);
    fastify.decorate('logWriter', writer);
    fastify.addHook('onClose', async () => {
      await writer.close();
      log.close();
    });
  },
  { name: 'event-log', dependencies: ['config'] },
);
