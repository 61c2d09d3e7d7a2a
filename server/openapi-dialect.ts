import type { FastifySchema } from 'fastify';

/** Keywords whose value is one subschema. */
const ONE = ['additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'];
/** Keywords whose value is a list of subschemas. */
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords whose value maps names to subschemas. */
const MAP = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A route schema as JSON Schema 2020-12, the dialect of OpenAPI 3.1. TypeBox writes draft-07,
 * where a tuple is `items: [..]` (and `additionalItems`); 2020-12 rejects an array there and
 * says `prefixItems` (and `items`). Returns copies: Fastify validates and serializes with the
 * draft-07 originals.
 */
export function draft07To2020(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'items' || key === 'additionalItems') continue;
    if (ONE.includes(key)) out[key] = draft07To2020(value);
    else if (LIST.includes(key) && Array.isArray(value)) out[key] = value.map(draft07To2020);
    else if (MAP.includes(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, draft07To2020(sub)]));
    else out[key] = value;
  }
  if (Array.isArray(schema.items)) {
    out.prefixItems = schema.items.map(draft07To2020);
    // Past the listed positions draft-07 applies additionalItems (absent: anything goes).
    if ('additionalItems' in schema) out.items = draft07To2020(schema.additionalItems);
  } else if ('items' in schema) out.items = draft07To2020(schema.items);
  return out;
}

/** Every part of a route's schema that is a JSON Schema, in 2020-12 (the rest, e.g. summary, as it is). */
export function routeSchemaIn2020(schema: FastifySchema): FastifySchema {
  const { body, querystring, params, headers, response } = schema;
  return {
    ...schema,
    ...(body === undefined ? {} : { body: draft07To2020(body) }),
    ...(querystring === undefined ? {} : { querystring: draft07To2020(querystring) }),
    ...(params === undefined ? {} : { params: draft07To2020(params) }),
    ...(headers === undefined ? {} : { headers: draft07To2020(headers) }),
    ...(isObject(response) ? { response: Object.fromEntries(Object.entries(response).map(([status, sub]) => [status, draft07To2020(sub)])) } : {}),
  };
}
