import { describe, expect, it } from 'vitest';
import { LatestWins } from '../../server/live/latest-wins';

describe('LatestWins', () => {
  it('skips a socket while it is behind and refreshes it once when it drains', () => {
    const latest = new LatestWins();
    expect(latest.plan([['a', false], ['b', true]])).toEqual({ skip: ['b'], refresh: [] });
    expect(latest.plan([['a', false], ['b', true]])).toEqual({ skip: ['b'], refresh: [] });
    expect(latest.isDirty('b')).toBe(true);
    expect(latest.plan([['a', false], ['b', false]])).toEqual({ skip: ['b'], refresh: ['b'] });
    expect(latest.plan([['a', false], ['b', false]])).toEqual({ skip: [], refresh: [] });
  });

  it('refreshes a socket marked dirty (a resync while behind) on its next writable tick', () => {
    const latest = new LatestWins();
    latest.markDirty('a');
    expect(latest.dirtyCount).toBe(1);
    expect(latest.plan([['a', false]])).toEqual({ skip: ['a'], refresh: ['a'] });
    latest.markDirty('a');
    latest.forget('a');
    expect(latest.plan([['a', false]])).toEqual({ skip: [], refresh: [] });
  });
});
