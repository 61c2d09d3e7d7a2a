import { describe, expect, it } from 'vitest';
import { LatestWins } from '../../server/live/latest-wins';

describe('LatestWins', () => {
  it('lets a socket stay busy for the grace period, then skips it until it drains, then refreshes it once', () => {
    const latest = new LatestWins(1000);
    expect(latest.plan([['a', true], ['b', false]], 0)).toEqual({ skip: [], refresh: [] });
    expect(latest.plan([['a', true], ['b', false]], 500)).toEqual({ skip: [], refresh: [] });
    expect(latest.isDirty('b')).toBe(false);
    expect(latest.plan([['a', true], ['b', false]], 1000)).toEqual({ skip: ['b'], refresh: [] });
    expect(latest.plan([['a', true], ['b', false]], 2000)).toEqual({ skip: ['b'], refresh: [] });
    expect(latest.dirtyCount).toBe(1);
    expect(latest.plan([['a', true], ['b', true]], 3000)).toEqual({ skip: ['b'], refresh: ['b'] });
    expect(latest.plan([['a', true], ['b', true]], 4000)).toEqual({ skip: [], refresh: [] });
  });

  it('starts the grace period again once the socket drains', () => {
    const latest = new LatestWins(1000);
    latest.plan([['a', false]], 0);
    latest.plan([['a', true]], 900);
    expect(latest.plan([['a', false]], 1000)).toEqual({ skip: [], refresh: [] });
    expect(latest.plan([['a', false]], 1999)).toEqual({ skip: [], refresh: [] });
    expect(latest.plan([['a', false]], 2000)).toEqual({ skip: ['a'], refresh: [] });
  });

  it('refreshes a socket marked dirty (a resync while busy) on its next writable tick', () => {
    const latest = new LatestWins(1000);
    latest.markDirty('a');
    expect(latest.isDirty('a')).toBe(true);
    expect(latest.plan([['a', false]], 0)).toEqual({ skip: ['a'], refresh: [] });
    expect(latest.plan([['a', true]], 100)).toEqual({ skip: ['a'], refresh: ['a'] });
    latest.markDirty('a');
    latest.forget('a');
    expect(latest.plan([['a', true]], 200)).toEqual({ skip: [], refresh: [] });
  });
});
