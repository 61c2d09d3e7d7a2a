import { createHash, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { unwatchFile, watchFile } from 'node:fs';
import { holds, type Role } from '../../contract';
import type { CityIndex } from '../core/city-index';
import { SCOPED_ROLES, scopesOf, validateTokenEntries, type TokenEntry } from './token-entry';
import { areaExists, readTokensFile } from './tokens-file';

/** Who a request or a socket acts for. */
export interface Principal {
  role: Role;
  /** What a leader or commander reads, each with everything inside it; empty for the other roles. */
  scopes: readonly string[];
  name: string;
}

export type ScopeDecision =
  | { allowed: true }
  | { allowed: false; status: 403 | 404; message: string };

interface TokenStoreEvents {
  /** Tokens were reloaded: re-check every long-lived session (sockets) against them. */
  change: [];
  /** A reload failed; the previous tokens stay in force. */
  error: [Error];
}

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/**
 * The tokens in force, looked up in constant time: the presented token is hashed and
 * compared with every stored hash, without stopping at a match, so neither the position
 * nor the existence of a token shows in the timing.
 */
export class TokenStore extends EventEmitter<TokenStoreEvents> {
  private hashes: Buffer[] = [];
  private principals: Principal[] = [];
  private current: readonly TokenEntry[] = [];
  private watching = false;

  private constructor(
    private readonly city: CityIndex,
    readonly file: string | undefined,
  ) {
    super();
  }

  /** Tokens from a JSON file, re-read by `reload()` and, with `watch`, whenever the file changes. */
  static fromFile(file: string, city: CityIndex, options: { watch?: boolean } = {}): TokenStore {
    const store = new TokenStore(city, file);
    store.install(readTokensFile(file, city));
    if (options.watch) store.watch();
    return store;
  }

  static fromEntries(entries: unknown, city: CityIndex): TokenStore {
    const store = new TokenStore(city, undefined);
    store.install(validateTokenEntries(entries, 'tokens', areaExists(city)));
    return store;
  }

  entries(): readonly TokenEntry[] {
    return this.current;
  }

  /** The principal of a token, or undefined for a missing or unknown one. */
  authenticate(token: string | undefined): Principal | undefined {
    if (token === undefined || token === '') return undefined;
    const presented = digest(token);
    let found = -1;
    for (let i = 0; i < this.hashes.length; i++) {
      const same = timingSafeEqual(presented, this.hashes[i]);
      found = same && found === -1 ? i : found;
    }
    return found === -1 ? undefined : this.principals[found];
  }

  /** Whether a principal may read a scope, and if not, a message saying why (docs/auth.md#what-a-token-reads). */
  canRead(principal: Principal, scope: string): ScopeDecision {
    const level = this.city.levelOf(scope);
    if (level === undefined) return { allowed: false, status: 404, message: `unknown scope "${scope}"` };
    if (principal.role === 'wall' || principal.role === 'admin') return { allowed: true };
    if (principal.role === 'ingest') {
      return { allowed: false, status: 403, message: 'an ingest token can write events but not read them' };
    }
    if (principal.scopes.some((mine) => holds(mine, scope))) return { allowed: true };
    const mine = principal.scopes.map((code) => this.city.nameOf(code) ?? code).join('、');
    const wanted = level === 'city' ? `the whole city (${this.city.name})` : `${this.city.nameOf(scope) ?? scope} (${scope})`;
    return { allowed: false, status: 403, message: `token for ${mine} cannot read ${wanted}` };
  }

  /** Re-reads the tokens file; on error the previous tokens stay in force and the error is thrown. */
  reload(): void {
    if (this.file === undefined) return;
    this.install(readTokensFile(this.file, this.city));
    this.emit('change');
  }

  /** Replaces the tokens of a store not backed by a file (tests, embedding). */
  replace(entries: unknown): void {
    this.install(validateTokenEntries(entries, 'tokens', areaExists(this.city)));
    this.emit('change');
  }

  close(): void {
    if (this.watching && this.file !== undefined) unwatchFile(this.file);
    this.watching = false;
  }

  private watch(): void {
    const file = this.file;
    if (file === undefined || this.watching) return;
    this.watching = true;
    watchFile(file, { interval: 500, persistent: false }, (now, before) => {
      if (now.mtimeMs === before.mtimeMs && now.size === before.size) return;
      try {
        this.reload();
      } catch (error) {
        if (this.listenerCount('error') > 0) this.emit('error', error as Error);
      }
    });
  }

  private install(entries: readonly TokenEntry[]): void {
    this.hashes = entries.map((entry) => digest(entry.token));
    this.principals = entries.map((entry) => ({
      role: entry.role,
      scopes: SCOPED_ROLES.has(entry.role) ? scopesOf(entry) : [],
      name: entry.name ?? entry.role,
    }));
    this.current = entries;
  }
}
