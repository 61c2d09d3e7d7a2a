import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/**
 * The URL with the value of every query parameter whose name says token replaced, so that no
 * log line holds one. Names are read as the server reads them (`%74oken` is `token`), and
 * `Token` or `access_token` are redacted too: a token sent under the wrong name is still a token.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const parts = url
    .slice(start + 1)
    .split('&')
    .map((part) => {
      const [name] = [...new URLSearchParams(part).keys()];
      const equals = part.indexOf('=');
      if (equals === -1 || name === undefined || !/token/i.test(name)) return part;
      return `${part.slice(0, equals)}=[redacted]`;
    });
  return `${url.slice(0, start)}?${parts.join('&')}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  ip: string;
}

/**
 * pino options: request URLs without tokens, and the Authorization header redacted wherever it
 * appears, as well as the raw bytes of a request Node's HTTP parser refused (logged at trace).
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    stream,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'req.query.token', 'query.token', 'token', '*.token', 'err.rawPacket'],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: LoggedRequest) => ({ method: request.method, url: redactUrl(request.url), remoteAddress: request.ip }),
    },
  };
}

/**
 * Fastify's request log lines, but a refused request (4xx) is logged by its status alone, in
 * its "request completed" line: the reason quotes what the client sent (a body, a header, a
 * query value), which may be a token, and goes to the client only. Server faults keep theirs.
 */
export class RequestLogController extends LogController {
  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (reply.statusCode >= 500) super.defaultErrorLog(error, request, reply, metadata);
  }
}
