import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ROLES } from '../../contract';

/** Shortest token accepted from a tokens file: shorter ones can be guessed. */
export const MIN_TOKEN_LENGTH = 16;

export const TokenEntrySchema = Type.Object(
  {
    token: Type.String({ minLength: MIN_TOKEN_LENGTH }),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    /** District codes a `leader` may read. */
    districts: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{6}$' }))),
    name: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type TokenEntry = Static<typeof TokenEntrySchema>;

const compiled = TypeCompiler.Compile(TokenEntrySchema);

export class TokenConfigError extends Error {}

/** Checks a parsed tokens file; throws with every problem it finds, each with its entry. */
export function validateTokenEntries(
  value: unknown,
  source: string,
  districtExists: (code: string) => boolean,
): TokenEntry[] {
  if (!Array.isArray(value)) {
    throw new TokenConfigError(`${source}: expected a JSON array of {token, role, districts?, name?}`);
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
    if (entry.role === 'leader' && (entry.districts === undefined || entry.districts.length === 0)) {
      problems.push(`${named}: a leader token needs "districts", e.g. ["500103"]`);
    }
    for (const code of entry.districts ?? []) {
      if (!districtExists(code)) problems.push(`${named}: unknown district ${code}`);
    }
  });
  if (problems.length > 0) throw new TokenConfigError(`${source}: ${problems.join('; ')}`);
  return value as TokenEntry[];
}
