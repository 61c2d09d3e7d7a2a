import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FORMAT_NAMES, type FormatName } from './importers/source-row';
import { importFile, ImportRefused } from './importers/import-file';
import { formatReport, problemsCsv } from './importers/import-report';
import { numberArg, requiredArg, runCli, UsageError } from './shared/cli-args';

const USAGE = `Usage: npm run import -- --format ${FORMAT_NAMES.join('|')} FILE --target URL --token TOKEN [options]

Imports real 311 service requests into a OneScreen server: each row becomes reported +
registered (+ closed or cancelled) events, placed on the demo city's grids.

  --format F          ${FORMAT_NAMES.join(', ')}
  --target URL        server base URL (default http://127.0.0.1:8080)
  --token TOKEN       token with the ingest role (default: $ONESCREEN_TOKEN)
  --speed X           replay in event-time order at X times real time (default: as fast as
                      the server takes); no event is ever sent before its time
  --rebase-to DATE    shift all times by whole days so the data starts on DATE (YYYY-MM-DD);
                      needed for data older than the server's retention window
  --mapping FILE      type/channel/status mapping (default mock/mappings/<format>.json)
  --zone ZONE         IANA zone of times without an offset (default: the source city's)
  --retention-days N  the server's retention window (default 400)
  --problems FILE     write every rejected row and warning as CSV
  --dry-run           convert and place, print the summary, send nothing
  --status-every S    seconds between status lines (default 10)`;

runCli(USAGE, async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      target: { type: 'string', default: 'http://127.0.0.1:8080' },
      token: { type: 'string' },
      speed: { type: 'string' },
      'rebase-to': { type: 'string' },
      mapping: { type: 'string' },
      zone: { type: 'string' },
      'retention-days': { type: 'string' },
      problems: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'status-every': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const format = requiredArg('format', values.format, FORMAT_NAMES.join('|'));
  if (!(FORMAT_NAMES as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMAT_NAMES.join(', ')}, got "${format}"`);
  }
  if (positionals.length !== 1) throw new UsageError(`expected exactly one FILE to import, got ${positionals.length}`);
  if (!/^https?:\/\//.test(values.target ?? '')) throw new UsageError(`--target must be an http(s) URL, got "${values.target}"`);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  try {
    const report = await importFile({
      format: format as FormatName,
      file: positionals[0],
      target: values.target ?? '',
      token: requiredArg('token', values.token ?? process.env.ONESCREEN_TOKEN, 'a token with the ingest role, or set ONESCREEN_TOKEN'),
      speed: values.speed === undefined ? undefined : numberArg('speed', values.speed, 1, (n) => n > 0 && Number.isFinite(n)),
      rebaseTo: values['rebase-to'],
      mappingFile: values.mapping,
      zone: values.zone,
      retentionDays: numberArg('retention-days', values['retention-days'], 400, (n) => Number.isInteger(n) && n > 0),
      dryRun: values['dry-run'],
      statusEverySeconds: numberArg('status-every', values['status-every'], 10, (n) => n >= 0),
      signal: stop.signal,
    });
    for (const line of formatReport(report)) process.stdout.write(`${line}\n`);
    if (values.problems) {
      writeFileSync(values.problems, problemsCsv(report));
      process.stdout.write(`every problem written to ${values.problems}\n`);
    }
    const s = report.sender;
    return s && (s.fatal || s.buffered > 0) ? 1 : 0;
  } catch (error) {
    if (error instanceof ImportRefused) {
      process.stderr.write(`import refused: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
});
