import { useEffect, useState } from 'preact/hooks';
import { ApiError, createClient } from '@touchmap/client';
import { Overlay } from './overlay.tsx';
import { savedToken, saveToken } from './token.ts';

type Who = { site: string; role: 'read' | 'edit'; token: string };

/** Signs in with a read token (asked once per tab), then shows the overlay for the token's site. */
export function App({ endpoint, close }: { endpoint: string; close: () => void }) {
  const [who, setWho] = useState<Who | null>(null);
  const [error, setError] = useState('');
  const [checking, setChecking] = useState(false);

  const signIn = async (token: string) => {
    setChecking(true);
    try {
      const me = await createClient(endpoint, token).whoami();
      saveToken(token);
      setWho({ ...me, token });
      setError('');
    } catch (e) {
      saveToken('');
      setError(e instanceof ApiError && e.status === 401 ? 'That token is not valid for this collector.' : `Cannot reach the collector at ${endpoint}: ${(e as Error).message}`);
    } finally {
      setChecking(false);
    }
  };

  useEffect(() => {
    const t = savedToken();
    if (t) void signIn(t);
  }, []);

  // One key closes it, wherever focus is.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        close();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  if (who) return <Overlay client={createClient(endpoint, who.token)} site={who.site} role={who.role} close={close} signOut={() => (saveToken(''), setWho(null))} />;
  return (
    <div class="root">
      <section class="panel" role="dialog" aria-label="touchmap overlay sign-in">
        <header>
          <strong>touchmap</strong>
          <span class="where">{endpoint}</span>
          <button class="btn" type="button" onClick={close} aria-label="Close the overlay (Escape)">
            ✕
          </button>
        </header>
        <form
          class="body"
          onSubmit={(e) => {
            e.preventDefault();
            const input = (e.currentTarget as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
            void signIn(input.value.trim());
          }}
        >
          <h2>Sign in</h2>
          <label for="tm-token">Read token of this site</label>
          <input id="tm-token" name="token" type="password" autocomplete="off" required autoFocus placeholder="tmr_…" />
          <p class="muted">Kept in this tab only. Create one with touchmap-collector token create SITE (add --edit to tag touchpoints).</p>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button class="btn primary" type="submit" disabled={checking}>
            {checking ? 'Checking…' : 'Open overlay'}
          </button>
        </form>
      </section>
    </div>
  );
}
