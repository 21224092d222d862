/**
 * The app's frame: the top bar (who you are) and the page the address names. On a shared
 * server (sign-in with tokens) it first asks for the user's token; on one person's machine
 * it asks only for a name to record with each version.
 */
import { useCallback, useEffect, useState } from 'react';
import type { MeResponse } from '@parley/server/protocol.js';
import { api, ApiRequestError, errorText, retryMilliseconds, ServerGoneError, signIn } from './api.js';
import { ScenarioList } from './components/ScenarioList.js';
import { ScenarioView } from './components/ScenarioView.js';
import { TrackRecordPage } from './components/TrackRecordPage.js';
import { useRoute } from './route.js';

const authorKey = 'parley.author';

type Session = { state: 'checking' } | { state: 'signed-out'; message?: string } | { state: 'in'; me: MeResponse } | { state: 'failed'; message: string };

export function App() {
  const route = useRoute();
  const [author, setAuthor] = useState(() => window.localStorage.getItem(authorKey) ?? 'analyst');
  useEffect(() => window.localStorage.setItem(authorKey, author), [author]);
  const [session, setSession] = useState<Session>({ state: 'checking' });

  const check = useCallback(async () => {
    try {
      setSession({ state: 'in', me: await api.me() });
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) {
        setSession({ state: 'signed-out', ...(signIn.token() ? { message: error.body.message } : {}) });
      } else {
        setSession({ state: 'failed', message: errorText(error) });
        if (error instanceof ServerGoneError) window.setTimeout(() => void check(), retryMilliseconds);
      }
    }
  }, []);
  useEffect(() => void check(), [check]);

  const user = session.state === 'in' ? session.me.user : null;
  const signOut = () => {
    signIn.clear();
    setSession({ state: 'signed-out' });
  };
  const name = user?.name ?? (author.trim() || 'anonymous');

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/">
          Parley
        </a>
        <span className="tagline">forecast a negotiation from its sources</span>
        {user ? (
          <span className="author">
            Signed in as <strong>{user.name}</strong>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </span>
        ) : session.state === 'in' ? (
          <label className="author">
            You are
            <input value={author} onChange={(event) => setAuthor(event.target.value)} maxLength={80} aria-label="Your name (saved with each version)" />
          </label>
        ) : null}
      </header>
      {session.state === 'checking' ? (
        <main className="page">
          <p className="muted">Connecting…</p>
        </main>
      ) : session.state === 'failed' ? (
        <main className="page">
          <p className="error">{session.message}</p>
        </main>
      ) : session.state === 'signed-out' ? (
        <SignIn
          message={session.message}
          onToken={(token) => {
            signIn.set(token);
            void check();
          }}
        />
      ) : route.page === 'list' ? (
        <ScenarioList author={name} signedIn={user !== null} />
      ) : route.page === 'ledger' ? (
        <TrackRecordPage key={route.workspace} workspace={route.workspace} author={name} />
      ) : (
        <ScenarioView key={route.id} route={route} author={name} />
      )}
    </div>
  );
}

/** Asks for the token an administrator made with `parley users add NAME`. */
function SignIn({ message, onToken }: { message: string | undefined; onToken: (token: string) => void }) {
  const [token, setToken] = useState('');
  return (
    <main className="page sign-in">
      <h1>Sign in</h1>
      <p>
        This Parley server is shared: sign in with your token. Whoever runs the server makes one with <code>parley users add YOUR-NAME</code>.
      </p>
      {message ? <p className="error">{message}</p> : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim()) onToken(token);
        }}
      >
        <input
          type="password"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          placeholder="parley_…"
          aria-label="Your token"
          autoComplete="current-password"
          size={50}
        />{' '}
        <button type="submit" className="primary" disabled={!token.trim()}>
          Sign in
        </button>
      </form>
      <p className="muted small">The token stays in this browser until you sign out.</p>
    </main>
  );
}
