import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, createClient } from '@touchmap/client';
import { parseState, stateQuery, VIEWS, type ViewState } from './state.ts';
import { Filters } from './filters.tsx';
import { MapView } from './views/map.tsx';
import { PainView } from './views/pain.tsx';
import { FunnelsView } from './views/funnels.tsx';
import { PagesView } from './views/pages.tsx';

const TOKEN = 'touchmap:dashboard-token';
type Who = { site: string; role: 'read' | 'edit'; origins: string[]; token: string };

/** Sign-in with a read token (kept in this browser), then the views of the token's site. */
export function App({ endpoint }: { endpoint: string }) {
  const [who, setWho] = useState<Who | null>(null);
  const [error, setError] = useState('');
  const signIn = async (token: string) => {
    try {
      const me = await createClient(endpoint, token).whoami();
      localStorage.setItem(TOKEN, token);
      setWho({ ...me, token });
      setError('');
    } catch (e) {
      localStorage.removeItem(TOKEN);
      setError(e instanceof ApiError && e.status === 401 ? 'That token is not valid here.' : (e as Error).message);
    }
  };
  useEffect(() => {
    const t = localStorage.getItem(TOKEN);
    if (t) void signIn(t);
  }, []);
  if (who) return <Dashboard endpoint={endpoint} who={who} signOut={() => (localStorage.removeItem(TOKEN), setWho(null))} />;
  return (
    <main class="signin">
      <h1>touchmap</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void signIn(((e.currentTarget as HTMLFormElement).elements.namedItem('token') as HTMLInputElement).value.trim());
        }}
      >
        <label for="token">Read token</label>
        <input id="token" name="token" type="password" autocomplete="off" required placeholder="tmr_…" />
        <button type="submit">Sign in</button>
        <p class="muted">Create one with <code>touchmap-collector token create SITE</code>; it is kept in this browser.</p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}

function Dashboard({ endpoint, who, signOut }: { endpoint: string; who: Who; signOut: () => void }) {
  const [state, setState] = useState<ViewState>(() => parseState(location.search, Date.now()));
  // A link names its site; a token reads one site. Another site's link is said so, not shown.
  const linked = state.site;
  useEffect(() => {
    if (!linked) setState((s) => ({ ...s, site: who.site }));
  }, []);
  const api = useMemo(() => createClient(endpoint, who.token).forSite(who.site), [endpoint, who]);
  // The URL follows the view (replace, not push: filters are not history), and back/forward
  // between shared links works.
  useEffect(() => {
    const q = `?${stateQuery(state)}`;
    if (q !== location.search) history.replaceState(null, '', q);
  }, [state]);
  useEffect(() => {
    const pop = () => setState(parseState(location.search, Date.now()));
    addEventListener('popstate', pop);
    return () => removeEventListener('popstate', pop);
  }, []);
  const set = (patch: Partial<ViewState>) => setState((s) => ({ ...s, ...patch }));
  const props = { api, state, set, site: who.site, origin: who.origins[0] };
  return (
    <div class="layout">
      <header class="top">
        <strong class="brand">touchmap</strong>
        <span class="site" data-testid="site">
          {who.site}
        </span>
        <nav aria-label="Views">
          {VIEWS.map(([v, label]) => (
            <a href={`?${stateQuery({ ...state, view: v })}`} aria-current={state.view === v ? 'page' : undefined} onClick={(e) => (e.preventDefault(), set({ view: v }))}>
              {label}
            </a>
          ))}
        </nav>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <Filters state={state} set={set} />
      {linked && linked !== who.site ? (
        <main>
          <p class="error" role="alert">
            This link is for the site “{linked}”, and your token reads “{who.site}”. Sign out and sign in with a token of “{linked}”, or{' '}
            <button type="button" class="link" onClick={() => set({ site: who.site })}>
              open “{who.site}”
            </button>
            .
          </p>
        </main>
      ) : (
        <main>
          {state.view === 'map' && <MapView {...props} />}
          {state.view === 'pain' && <PainView {...props} />}
          {state.view === 'funnels' && <FunnelsView {...props} />}
          {state.view === 'pages' && <PagesView {...props} />}
        </main>
      )}
    </div>
  );
}
