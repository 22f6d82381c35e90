/** A random id of `n` base-36 characters (≈ 5.2 bits each) from the platform's CSPRNG. */
export function randomId(n = 16): string {
  let s = '';
  for (const b of crypto.getRandomValues(new Uint8Array(n))) s += (b % 36).toString(36);
  return s;
}
