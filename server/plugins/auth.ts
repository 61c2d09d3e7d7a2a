import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ROLES, type Role } from '../../contract';
import type { TokenEntry } from '../auth/token-entry';
import { TokenStore, type Principal } from '../auth/token-store';
import { ensureTokensFile } from '../auth/tokens-file';
import { HttpError, httpError } from '../http-error';

/** Who may call a route: declared by every route in `config.auth`; a route without it is refused. */
export type AuthRequirement = 'public' | 'reference' | 'read' | 'ingest' | 'admin' | readonly Role[];

const ROLES_OF: Record<Exclude<AuthRequirement, readonly Role[]>, readonly Role[]> = {
  public: [],
  /**
   * The city's reference data (geography, categories), which holds no case: any token, so
   * that a field system with only an ingest token can read the grids and codes it writes against.
   */
  reference: ROLES,
  read: ['wall', 'leader', 'commander', 'admin'],
  ingest: ['ingest', 'admin'],
  admin: ['admin'],
};

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRequirement;
  }
  interface FastifyInstance {
    tokens: TokenStore;
  }
  interface FastifyRequest {
    /** The caller; null on public routes. */
    principal: Principal | null;
    /** Throws 403 (or 404 for an unknown scope) unless the caller may read `scope`. */
    assertScope(scope: string): void;
  }
}

export interface AuthOptions {
  /** Tokens given directly instead of a tokens file (tests, embedding). */
  tokens?: TokenEntry[];
}

/** The token of a request: `Authorization: Bearer …`, else `?token=` (pages and sockets). */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const query = request.url.indexOf('?');
  if (query === -1) return undefined;
  return new URLSearchParams(request.url.slice(query + 1)).get('token') ?? undefined;
}

function unauthorized(reply: FastifyReply, message: string, invalid: boolean): HttpError {
  reply.header('www-authenticate', invalid ? 'Bearer realm="OneScreen", error="invalid_token"' : 'Bearer realm="OneScreen"');
  return httpError(401, message);
}

const article = (role: string) => (role === 'admin' || role === 'ingest' ? 'an' : 'a');

function openTokenStore(fastify: FastifyInstance, options: AuthOptions): TokenStore {
  const { config, city } = fastify;
  if (options.tokens !== undefined) return TokenStore.fromEntries(options.tokens, city);
  const file = config.tokensFile ?? join(config.dataDir, 'tokens.json');
  if (config.tokensFile === undefined && ensureTokensFile(file, city).created) {
    fastify.log.info({ file }, 'created tokens for a first start (file mode 0600)');
  }
  return TokenStore.fromFile(file, city, { watch: true });
}

export default fp<AuthOptions>(
  async (fastify, options) => {
    const tokens = openTokenStore(fastify, options);
    tokens.on('error', (error) => fastify.log.error({ err: error }, 'tokens file not reloaded; the previous tokens stay in force'));
    tokens.on('change', () => fastify.log.info('tokens reloaded'));
    fastify.decorate('tokens', tokens);
    fastify.decorateRequest('principal', null);
    fastify.decorateRequest('assertScope', function assertScope(this: FastifyRequest, scope: string) {
      if (this.principal === null) throw httpError(401, 'this route needs a token to read a scope');
      const decision = tokens.canRead(this.principal, scope);
      if (!decision.allowed) throw httpError(decision.status, decision.message);
    });

    fastify.addHook('onRequest', async (request, reply) => {
      if (request.is404) return;
      const requirement = request.routeOptions.config.auth;
      if (requirement === undefined) {
        request.log.error({ route: request.routeOptions.url }, 'route declares no config.auth: refused');
        throw httpError(403, 'this route declares no access rule, so it is refused');
      }
      if (requirement === 'public') return;
      const token = tokenOf(request);
      if (token === undefined) {
        throw unauthorized(reply, 'a token is required: send "Authorization: Bearer <token>" or ?token=<token>', false);
      }
      const principal = tokens.authenticate(token);
      if (principal === undefined) throw unauthorized(reply, 'unknown token', true);
      const roles = typeof requirement === 'string' ? ROLES_OF[requirement] : requirement;
      if (!roles.includes(principal.role)) {
        const wanted = roles.map((role) => `${article(role)} ${role}`).join(' or ');
        throw httpError(403, `this route needs ${wanted} token; this is ${article(principal.role)} ${principal.role} token`);
      }
      request.principal = principal;
    });
    fastify.addHook('onClose', async () => tokens.close());
  },
  { name: 'auth', dependencies: ['config', 'city'] },
);
