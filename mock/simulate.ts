import { parseArgs } from 'node:util';
import { numberArg, requiredArg, runCli, UsageError } from './shared/cli-args';
import { DEFAULT_RATE, startSimulator } from './simulator/simulator';

const USAGE = `Usage: npm run simulate -- --target URL --token TOKEN [options]

Feeds a OneScreen server with the simulated city's case events (POST /api/v1/events).

  --target URL        server base URL (default http://127.0.0.1:8080)
  --token TOKEN       token with the ingest role (default: $ONESCREEN_TOKEN)
  --rate N            cases a day (default ${DEFAULT_RATE}, i.e. 2,500,000 a year)
  --speed X           live feed factor: X times the cases of real time, with realistic
                      lifecycles; every event is stamped at its real time, never in the
                      future (default 1)
  --seed N            random seed; the same seed yields the same cases, ids and times (default 1)
  --backfill DAYS     first send the previous DAYS days and today so far, as fast as the
                      server takes them, then go live (default 0)
  --status-every S    seconds between status lines (default 10)
  --max-buffered N    events held in memory before generation pauses (default 500000)
  --duration S        stop after S seconds (default: run until Ctrl-C)`;

runCli(USAGE, async () => {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', default: 'http://127.0.0.1:8080' },
      token: { type: 'string' },
      rate: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      backfill: { type: 'string' },
      'status-every': { type: 'string' },
      'max-buffered': { type: 'string' },
      duration: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const positive = (n: number): boolean => Number.isFinite(n) && n > 0;
  const whole = (n: number): boolean => Number.isInteger(n) && n >= 0;
  if (!/^https?:\/\//.test(values.target ?? '')) throw new UsageError(`--target must be an http(s) URL, got "${values.target}"`);
  const duration = numberArg('duration', values.duration, 0, (n) => n >= 0);
  const simulator = startSimulator({
    target: values.target ?? '',
    token: requiredArg('token', values.token ?? process.env.ONESCREEN_TOKEN, 'a token with the ingest role, or set ONESCREEN_TOKEN'),
    rate: numberArg('rate', values.rate, DEFAULT_RATE, positive),
    speed: numberArg('speed', values.speed, 1, positive),
    seed: numberArg('seed', values.seed, 1, Number.isInteger),
    backfill: numberArg('backfill', values.backfill, 0, whole),
    statusEverySeconds: numberArg('status-every', values['status-every'], 10, (n) => n >= 0),
    maxBuffered: numberArg('max-buffered', values['max-buffered'], 500_000, (n) => Number.isInteger(n) && n >= 1000),
  });
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (duration > 0) setTimeout(resolve, duration * 1000);
  });
  await Promise.race([stopped, simulator.done]);
  await simulator.stop();
  return simulator.stats().phase === 'failed' ? 1 : 0;
});
