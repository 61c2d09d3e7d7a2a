import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CoreError } from './core/core-error';
import { HttpError } from './http-error';

const CORE_STATUS: Record<CoreError['code'], number> = {
  'unknown-scope': 404,
  'bad-date': 400,
  'out-of-retention': 404,
  'unknown-category': 400,
  'bad-cut-off': 400,
};

function byteSize(bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / 1024 / 1024, 'MiB'] : bytes >= 1024 ? [bytes / 1024, 'KiB'] : [bytes, 'bytes'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

function field(issue: ValidationIssue, context: string | undefined): string {
  const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing = issue.params.missingProperty;
  const name = path || (typeof missing === 'string' ? missing : '');
  if (context === 'querystring') return name ? `query parameter \`${name}\`` : 'the query';
  return name ? `${context ?? 'request'} field \`${name}\`` : (context ?? 'request');
}

/** Ajv's first complaint in words, with a union of literals listed as its allowed values. */
function describeValidation(error: FastifyError, body: unknown): string {
  const issues = error.validation ?? [];
  const first = issues[0];
  if (first === undefined) return error.message;
  const where = field(first, error.validationContext);
  if (error.validationContext === 'body' && first.instancePath === '' && first.keyword === 'type') {
    return `body must be a JSON array of events, not ${body === null ? 'null' : typeof body}`;
  }
  if (first.keyword === 'required') return `${where} is required`;
  const allowed = issues
    .filter((issue) => issue.instancePath === first.instancePath && issue.keyword === 'const')
    .map((issue) => String(issue.params.allowedValue));
  if (allowed.length > 0) return `${where} must be one of ${allowed.join(', ')}`;
  return `${where} ${first.message ?? 'is invalid'}`;
}

/** Every error a client sees says what is wrong in words; server faults are logged, not leaked. */
export function handleError(bodyLimit: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof CoreError) return reply.code(CORE_STATUS[error.code]).send(error);
    if (error instanceof HttpError) {
      if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
      return reply.code(error.statusCode).send(error);
    }
    if (error.validation) return reply.code(400).send(new Error(describeValidation(error, request.body)));
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply
          .code(413)
          .send(new Error(`body is larger than the limit of ${byteSize(bodyLimit)} (ONESCREEN_BODY_LIMIT): send smaller batches`));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply
          .code(415)
          .send(
            new Error(
              `content type ${request.headers['content-type'] ?? '(none)'} is not accepted: send application/json (an array of events) or application/x-ndjson (one event per line)`,
            ),
          );
      default:
        break;
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send(new Error(`internal error (request ${request.id}); the server log has the details`));
    }
    return reply.code(status).send(error);
  };
}
