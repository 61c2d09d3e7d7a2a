import { onScopeDispose, shallowRef, type Ref } from 'vue';
import { levelOfCode, type Me, type WallSetup } from '../../contract';
import { ApiError, type Api } from './use-api';

/** What the wall page shows: its wall, a chooser of the token's scopes, or why it cannot open. */
export type WallState =
  | { kind: 'loading' }
  | { kind: 'ready'; setup: WallSetup }
  | { kind: 'choose'; scopes: Me['scopes'] }
  | { kind: 'bad-scope'; scope: string }
  | { kind: 'failed'; error: string };

/** While the server replays its log at start it answers 503 with this wait (docs/api.md#conventions). */
const RETRY_MS = 5000;

/**
 * Which centre's wall a page opens: the `scope` of its URL; without one, a city-wide token's
 * city and a scoped token's own scope, or a chooser when it has several. Then the scope's
 * layout and name (`GET /api/v1/wall-layout`), which also checks the token may read it.
 */
export function useWallSetup(api: Api, requested: string | null): Readonly<Ref<WallState>> {
  const state = shallowRef<WallState>({ kind: 'loading' });
  let stopped = false;
  onScopeDispose(() => (stopped = true));

  /** Asks until the server is past its start (503), a refusal or an answer. */
  async function ask<T>(request: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await request();
      } catch (e) {
        if (stopped || !(e instanceof ApiError) || e.status !== 503) throw e;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  async function open(): Promise<void> {
    if (requested !== null && levelOfCode(requested) === undefined) {
      state.value = { kind: 'bad-scope', scope: requested };
      return;
    }
    let scope = requested;
    if (scope === null) {
      const me = await ask(() => api.me());
      if (me.scopes.length !== 1) {
        state.value = { kind: 'choose', scopes: me.scopes };
        return;
      }
      scope = me.scopes[0].code;
    }
    const setup = await ask(() => api.wallLayout(scope));
    if (!stopped) state.value = { kind: 'ready', setup };
  }

  open().catch((e: unknown) => {
    if (!stopped) state.value = { kind: 'failed', error: e instanceof Error ? e.message : String(e) };
  });
  return state;
}
