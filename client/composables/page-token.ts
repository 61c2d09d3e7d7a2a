/** Where the page keeps its token: the tab's session storage, which a reload keeps and other tabs do not see. */
export const TOKEN_KEY = 'onescreen.token';

/** Whether the tab now holds `token`; storage may be refused (disabled, full). */
function remember(token: string): boolean {
  try {
    window.sessionStorage.setItem(TOKEN_KEY, token);
    return window.sessionStorage.getItem(TOKEN_KEY) === token;
  } catch {
    return false;
  }
}

function recall(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/**
 * The page's token. A `?token=` in the address is kept for the tab and taken out of the
 * address bar (screenshots, passers-by, links copied from it): a reload of the tab finds it
 * in storage, and a kiosk that opens the address with `?token=` at each start works as before.
 * Where the tab cannot keep it, the token stays in the address, so that a reload still works.
 */
export function takePageToken(): string | null {
  const url = new URL(window.location.href);
  const given = url.searchParams.get('token');
  if (given === null) return recall();
  if (given !== '' && !remember(given)) return given;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return given === '' ? recall() : given;
}
