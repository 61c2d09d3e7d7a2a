import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyPluginOptions, FastifyTypeProvider, RawServerDefault } from 'fastify';

/**
 * Route types derived from the contract's schemas. The contract is written with
 * @sinclair/typebox 0.34; @fastify/type-provider-typebox 6 derives types with typebox 1.x,
 * whose `Static` turns the contract's unions of literals (event types, sources, limit units)
 * into `never`. This provider uses the contract's own `Static`, so types and schemas agree.
 */
export interface TypeBoxTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
}

export type FastifyPluginAsyncTypebox<Options extends FastifyPluginOptions = Record<never, never>> = FastifyPluginAsync<
  Options,
  RawServerDefault,
  TypeBoxTypeProvider
>;
