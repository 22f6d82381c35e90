/** The read token, asked once per tab and kept in sessionStorage (gone with the tab). */
const KEY = 'touchmap:overlay-token';

export const savedToken = (): string => {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
};
export const saveToken = (t: string): void => {
  try {
    if (t) sessionStorage.setItem(KEY, t);
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage refused: the token lives as long as the page */
  }
};
