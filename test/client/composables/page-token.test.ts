// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { takePageToken, TOKEN_KEY } from '../../../client/composables/page-token';

/** The tab at `path` of the page's origin, as a visit or a reload would leave it. */
const open = (path: string): void => window.history.replaceState(null, '', path);
const address = (): string => `${window.location.pathname}${window.location.search}${window.location.hash}`;

beforeEach(() => window.sessionStorage.clear());

describe('the page token', () => {
  it('is taken out of the address, the other parameters kept, and found again after a reload of the tab', () => {
    open('/wall?token=wall-token-0123456789&lang=en&fit=fill');
    expect(takePageToken()).toBe('wall-token-0123456789');
    expect(address()).toBe('/wall?lang=en&fit=fill');
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBe('wall-token-0123456789');

    open(address());
    expect(takePageToken()).toBe('wall-token-0123456789');
    expect(address()).toBe('/wall?lang=en&fit=fill');
  });

  it('keeps a tablet location and its hash, and leaves the history entry in place', () => {
    open('/tablet?scope=500103&token=leader-token-0123456789&date=2026-11-27#x');
    window.history.replaceState({ kept: true }, '', address());
    const entries = window.history.length;
    expect(takePageToken()).toBe('leader-token-0123456789');
    expect(address()).toBe('/tablet?scope=500103&date=2026-11-27#x');
    expect(window.history.length).toBe(entries);
    expect(window.history.state).toEqual({ kept: true });
  });

  it('takes a new token given in the address over the one the tab holds', () => {
    open('/wall?token=first-token-0123456789');
    takePageToken();
    open('/tablet?token=second-token-0123456789');
    expect(takePageToken()).toBe('second-token-0123456789');
    open('/tablet');
    expect(takePageToken()).toBe('second-token-0123456789');
  });

  it('is null in a fresh tab without one, and an empty ?token= is dropped', () => {
    open('/wall');
    expect(takePageToken()).toBeNull();
    open('/wall?token=&lang=en');
    expect(takePageToken()).toBeNull();
    expect(address()).toBe('/wall?lang=en');
  });
});
