/**
 * Adds a classic script to the page (a lazy chunk, the researcher's overlay) with the page's CSP
 * nonce: a site whose Content-Security-Policy allows scripts by nonce only would block ours
 * otherwise. Browsers hide a nonce from attributes once parsed, but `script[nonce]` still
 * matches and the `nonce` property still holds it.
 */
export function addScript(src: string, onerror?: OnErrorEventHandler): void {
  const nonce = (document.querySelector('script[nonce]') as HTMLScriptElement | null)?.nonce ?? '';
  document.head.appendChild(Object.assign(document.createElement('script'), { src, onerror, nonce }));
}
