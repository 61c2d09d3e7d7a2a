import { resolve } from 'node:path';
import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from './type-provider';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TokenEntry } from './auth/token-entry';
import { DEFAULT_CONFIG, checkZone, type CheckpointOptions, type Config, type LiveOptions, type ScaleOptions } from './config';
import { handleError } from './error-handler';
import { httpError } from './http-error';
import type { City } from './geo';
import { loggerOptions, RequestLogController } from './logger';
import aggregatorPlugin from './plugins/aggregator';
import checkpointsPlugin from './plugins/checkpoints';
import replicasPlugin from './plugins/replicas';
import authPlugin from './plugins/auth';
import bodyParsersPlugin from './plugins/body-parsers';
import cityPlugin from './plugins/city';
import configPlugin from './plugins/config';
import docsPlugin from './plugins/docs';
import eventLogPlugin from './plugins/event-log';
import ingestPlugin from './plugins/ingest';
import ingestRateLimitPlugin from './plugins/ingest-rate-limit';
import livePlugin from './plugins/live';
import metricsPlugin from './plugins/metrics';
import scalePlugin from './plugins/scale';
import securityPlugin from './plugins/security';
import staticPlugin from './plugins/static';
import tickerPlugin from './plugins/ticker';
import wallsPlugin from './plugins/walls';
import categoriesRoutes from './routes/categories';
import casesRoutes from './routes/cases';
import departmentsRoutes from './routes/departments';
import eventsRoutes from './routes/events';
import geoRoutes from './routes/geo';
import gridsRoutes from './routes/grids';
import healthRoutes from './routes/health';
import meRoutes from './routes/me';
import metricsRoutes from './routes/metrics';
import summaryRoutes from './routes/summary';
import topicRoutes from './routes/topic';
import evaluationRoutes from './routes/evaluation';
import urgeRoutes from './routes/urge';
import wallLayoutRoutes from './routes/wall-layout';

/** How long a closing server waits for requests in flight before it closes their connections. */
const CLOSE_GRACE_MS = 5000;

/**
 * What `buildApp` takes: a data directory, and any part of the config to override (tests inject
 * these); the rest is the documented defaults, never the environment (server/main.ts reads that).
 */
export interface AppOptions extends Partial<Omit<Config, 'dataDir' | 'live' | 'scale' | 'checkpoint'>> {
  dataDir: string;
  live?: Partial<LiveOptions>;
  scale?: Partial<ScaleOptions>;
  checkpoint?: Partial<CheckpointOptions>;
  /** Tokens given directly instead of a tokens file. */
  tokens?: TokenEntry[];
  /** The clock (epoch ms) of everything time-dependent: deadlines, "today", the 5-minute future limit. */
  now?: () => number;
  /** An already loaded city (tests share one instead of loading it per app). */
  city?: City;
  /** Where log lines go (default stdout). */
  logStream?: NodeJS.WritableStream;
}

export type App = FastifyInstance;

/** Assembles the server from its plugins; listening is the caller's business (server/main.ts). */
export async function buildApp(options: AppOptions): Promise<App> {
  const { tokens, now, city, logStream, live, scale, checkpoint, ...overrides } = options;
  const config = {
    ...DEFAULT_CONFIG,
    clientDir: resolve('dist/client'),
    ...overrides,
    live: { ...DEFAULT_CONFIG.live, ...live },
    scale: { ...DEFAULT_CONFIG.scale, ...scale },
    checkpoint: { ...DEFAULT_CONFIG.checkpoint, ...checkpoint },
    dataDir: resolve(options.dataDir),
    zone: checkZone(options.zone ?? DEFAULT_CONFIG.zone),
    now: now ?? Date.now,
  };
  const app = Fastify({
    logger: loggerOptions(config.logLevel, logStream),
    logController: new RequestLogController({ disableRequestLogging: !config.logRequests }),
    bodyLimit: config.bodyLimit,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(handleError(config.bodyLimit));
  // Node's close waits for every connection to end, and a browser keeps preconnected sockets that
  // never sent a request: a restart with a wall open waited a minute for them. Requests in flight
  // get a grace period to finish, then whatever is still open is closed.
  app.addHook('preClose', async () => {
    const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
    force.unref();
    app.server.once('close', () => clearTimeout(force));
  });
  app.setNotFoundHandler(async (request) => {
    throw httpError(404, `no route ${request.method} ${request.url.split('?')[0]}`);
  });

  try {
    await app.register(configPlugin, { config });
    await app.register(cityPlugin, { city });
    await app.register(wallsPlugin);
    await app.register(eventLogPlugin);
    await app.register(aggregatorPlugin);
    await app.register(replicasPlugin);
    await app.register(tickerPlugin);
    await app.register(scalePlugin);
    await app.register(ingestPlugin);
    await app.register(checkpointsPlugin);
    await app.register(metricsPlugin);
    // Before auth: CORS preflights are answered in its hook, before any token check.
    await app.register(securityPlugin);
    await app.register(authPlugin, { tokens });
    await app.register(ingestRateLimitPlugin);
    await app.register(compress, { encodings: ['gzip'], threshold: 2048 });
    await app.register(bodyParsersPlugin);
    await app.register(docsPlugin);

    await app.register(healthRoutes);
    await app.register(eventsRoutes);
    await app.register(summaryRoutes);
    await app.register(topicRoutes);
    await app.register(evaluationRoutes);
    await app.register(urgeRoutes);
    await app.register(wallLayoutRoutes);
    await app.register(gridsRoutes);
    await app.register(casesRoutes);
    await app.register(categoriesRoutes);
    await app.register(geoRoutes);
    await app.register(departmentsRoutes);
    await app.register(meRoutes);
    await app.register(metricsRoutes);
    await app.register(livePlugin);
    await app.register(staticPlugin);
  } catch (error) {
    // Whatever was opened before the failing part (the log, a file watch) is closed again.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
