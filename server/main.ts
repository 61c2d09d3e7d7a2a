import { buildApp } from './app';
import { ConfigError, readConfig } from './config';
import { startBanner } from './start-banner';

/** Starts the server from the environment, says where it is and where its tokens are, and stops cleanly on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`onescreen: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const app = await buildApp(config);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  console.log(startBanner(base, app.tokens.file, app.tokens.entries()));
  await app.replayed;
  // Start-up work the first walls would otherwise wait for: a failure costs only that.
  try {
    await app.city.warm();
  } catch (error) {
    app.log.warn({ err: error }, 'could not prepare the city tiles ahead; they are produced on request');
  }
}

main().catch((error: unknown) => {
  console.error(`onescreen: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
