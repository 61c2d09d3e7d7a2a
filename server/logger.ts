import type { FastifyServerOptions } from 'fastify';

/** The URL with any `token` query parameter replaced, so that no log line holds a token. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

interface LoggedRequest {
  method: string;
  url: string;
  ip: string;
}

/** pino options: request URLs without tokens, and the Authorization header redacted wherever it appears. */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    stream,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'req.query.token', 'query.token', 'token', '*.token'],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: LoggedRequest) => ({ method: request.method, url: redactUrl(request.url), remoteAddress: request.ip }),
    },
  };
}
