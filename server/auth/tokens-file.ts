import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CityIndex } from '../core/city-index';
import { jsonErrorOffset, lineAndColumn } from '../ingest/json-error';
import { TokenConfigError, validateTokenEntries, type TokenEntry } from './token-entry';

/** The district the generated leader token reads: 渝中区, the demo city's centre. */
const DEMO_LEADER_DISTRICT = '500103';

export function areaExists(city: CityIndex): (code: string) => boolean {
  return (code) => city.levelOf(code) !== undefined;
}

export function readTokensFile(file: string, city: CityIndex): TokenEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TokenConfigError(`cannot read the tokens file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Where, never what: V8's own message quotes the text around the fault, which is a token.
    const where = lineAndColumn(text, jsonErrorOffset(text) ?? text.length);
    throw new TokenConfigError(`the tokens file ${file} is not valid JSON: it breaks at ${where}`);
  }
  return validateTokenEntries(parsed, `tokens file ${file}`, areaExists(city));
}

const newToken = () => randomBytes(32).toString('base64url');

/** One token per role, for a first start without configuration. */
export function generateTokens(city: CityIndex): TokenEntry[] {
  const leaderDistrict = city.levelOf(DEMO_LEADER_DISTRICT) === 'district' ? DEMO_LEADER_DISTRICT : city.childrenOf('city')[0];
  const leaderName = city.nameOf(leaderDistrict) ?? leaderDistrict;
  return [
    { token: newToken(), role: 'ingest', name: 'ingest' },
    { token: newToken(), role: 'wall', name: 'wall' },
    { token: newToken(), role: 'admin', name: 'admin' },
    { token: newToken(), role: 'leader', scopes: [leaderDistrict], name: `leader ${leaderName}` },
  ];
}

/** Creates the tokens file once (owner-only), or leaves an existing one as it is. */
export function ensureTokensFile(file: string, city: CityIndex): { created: boolean } {
  if (existsSync(file)) return { created: false };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(generateTokens(city), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { created: true };
}
