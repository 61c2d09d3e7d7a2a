import { describe, expect, it } from 'vitest';
import { LatestWins } from '../../server/live/latest-wins';

describe('LatestWins', () => {
  it('lets one busy tick pass (a message still in flight), skips from the second, refreshes once drained', () => {
    const latest = new LatestWins();
    expect(latest.plan([['a', true], ['b', false]])).toEqual({ skip: [], refresh: [] });
    expect(latest.isDirty('b')).toBe(false);
    expect(latest.plan([['a', true], ['b', false]])).toEqual({ skip: ['b'], refresh: [] });
    expect(latest.plan([['a', true], ['b', false]])).toEqual({ skip: ['b'], refresh: [] });
    expect(latest.dirtyCount).toBe(1);
    expect(latest.plan([['a', true], ['b', true]])).toEqual({ skip: ['b'], refresh: ['b'] });
    expect(latest.plan([['a', true], ['b', true]])).toEqual({ skip: [], refresh: [] });
  });

  it('forgets a busy streak once the socket drains', () => {
    const latest = new LatestWins();
    latest.plan([['a', false]]);
    latest.plan([['a', true]]);
    expect(latest.plan([['a', false]])).toEqual({ skip: [], refresh: [] });
  });

  it('refreshes a socket marked dirty (a resync while busy) on its next writable tick', () => {
    const latest = new LatestWins();
    latest.markDirty('a');
    expect(latest.isDirty('a')).toBe(true);
    expect(latest.plan([['a', false]])).toEqual({ skip: ['a'], refresh: [] });
    expect(latest.plan([['a', true]])).toEqual({ skip: ['a'], refresh: ['a'] });
    latest.markDirty('a');
    latest.forget('a');
    expect(latest.plan([['a', true]])).toEqual({ skip: [], refresh: [] });
  });
});
