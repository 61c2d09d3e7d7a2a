import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ROLES, SCOPE_PATTERN, type Role } from '../../contract';

/** Roles that read only their `scopes` (and everything inside them). */
export const SCOPED_ROLES: ReadonlySet<Role> = new Set(['leader', 'commander']);

/** Shortest token accepted from a tokens file: shorter ones can be guessed. */
export const MIN_TOKEN_LENGTH = 16;

export const TokenEntrySchema = Type.Object(
  {
    token: Type.String({ minLength: MIN_TOKEN_LENGTH }),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    /** What a `leader` or `commander` reads, each with everything inside it: area codes of any level, or `city`. */
    scopes: Type.Optional(Type.Array(Type.String({ pattern: SCOPE_PATTERN }))),
    /** District codes a `leader` reads: the same as listing them in `scopes`. */
    districts: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{6}$' }))),
    name: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type TokenEntry = Static<typeof TokenEntrySchema>;

const compiled = TypeCompiler.Compile(TokenEntrySchema);

export class TokenConfigError extends Error {}

/** The areas an entry reads: its `scopes` and its `districts`, each once. */
export function scopesOf(entry: TokenEntry): string[] {
  return [...new Set([...(entry.scopes ?? []), ...(entry.districts ?? [])])];
}

/** Checks a parsed tokens file; throws with every problem it finds, each with its entry. */
export function validateTokenEntries(value: unknown, source: string, areaExists: (code: string) => boolean): TokenEntry[] {
  if (!Array.isArray(value)) {
    throw new TokenConfigError(`${source}: expected a JSON array of {token, role, scopes?, districts?, name?}`);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, i: number) => {
    const label = `entry ${i}`;
    if (!compiled.Check(entry)) {
      const error = compiled.Errors(entry).First();
      const where = error?.path ? `\`${error.path.slice(1)}\`` : 'the entry';
      const hint = error?.path === '/token' ? ` (tokens need at least ${MIN_TOKEN_LENGTH} characters)` : '';
      const roles = error?.path === '/role' ? ` (roles: ${ROLES.join(', ')})` : '';
      problems.push(`${label}: ${where}: ${error?.message ?? 'invalid'}${hint}${roles}`);
      return;
    }
    const named = entry.name ? `${label} (${entry.name})` : label;
    if (seen.has(entry.token)) problems.push(`${named}: the same token appears twice`);
    seen.add(entry.token);
    const scopes = scopesOf(entry);
    const scoped = SCOPED_ROLES.has(entry.role);
    if (scoped && scopes.length === 0) {
      problems.push(`${named}: a ${entry.role} token needs "scopes", area codes of any level, e.g. ["500151"] or ["500151001"]`);
    }
    if (!scoped && scopes.length > 0) {
      problems.push(`${named}: only a leader or commander token is limited to "scopes"; a ${entry.role} token reads the whole city or nothing`);
    }
    for (const code of scopes) {
      if (!areaExists(code)) problems.push(`${named}: unknown area ${code}`);
    }
  });
  if (problems.length > 0) throw new TokenConfigError(`${source}: ${problems.join('; ')}`);
  return value as TokenEntry[];
}
