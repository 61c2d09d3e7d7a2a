import { storeToRefs } from 'pinia';
import { watch } from 'vue';
import type { ReplayClock } from '../../contract';
import { useLiveStore } from '../stores/live';
import { replaySearch } from './use-page-params';

/** While a replay plays, its address follows the clock this often at most: a reload goes back no further. */
const FOLLOW_EVERY_MS = 5_000;

/**
 * A replaying wall's address (`replay=`, `speed=`) follows its clock (docs/client.md#replaying-a-wall):
 * at once when it is paused, moved (a seek answered by its snapshot) or sped up or slowed, and
 * every few seconds while it plays, in place (`history.replaceState`, no history entries), so a
 * reload of the page resumes where the wall was, at the speed it ran.
 */
export function useReplayAddress(): void {
  const { replay: clock, snapshots } = storeToRefs(useLiveStore());
  let written: ReplayClock | null = null;
  let writtenAt = 0;

  function write(next: ReplayClock): void {
    written = next;
    writtenAt = Date.now();
    const { pathname, search, hash } = window.location;
    const address = `${pathname}${replaySearch(search, { from: next.at, speed: next.speed })}${hash}`;
    if (address !== `${pathname}${search}${hash}`) window.history.replaceState(window.history.state, '', address);
  }

  watch(clock, (next) => {
    if (!next) return;
    const changed = written === null || next.speed !== written.speed || (next.speed === 0 && next.at !== written.at);
    if (changed || Date.now() - writtenAt >= FOLLOW_EVERY_MS) write(next);
  });
  // A seek is answered by a snapshot: the address moves with it even while the replay plays.
  watch(snapshots, () => {
    if (clock.value) write(clock.value);
  });
}
