/** The app's frame: the top bar (who you are) and the page the address names. */
import { useEffect, useState } from 'react';
import { ScenarioList } from './components/ScenarioList.js';
import { ScenarioView } from './components/ScenarioView.js';
import { useRoute } from './route.js';

const authorKey = 'parley.author';

export function App() {
  const route = useRoute();
  const [author, setAuthor] = useState(() => window.localStorage.getItem(authorKey) ?? 'analyst');
  useEffect(() => window.localStorage.setItem(authorKey, author), [author]);

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/">
          Parley
        </a>
        <span className="tagline">forecast a negotiation from its sources</span>
        <label className="author">
          You are
          <input value={author} onChange={(event) => setAuthor(event.target.value)} maxLength={80} aria-label="Your name (saved with each version)" />
        </label>
      </header>
      {route.page === 'list' ? <ScenarioList author={author.trim() || 'anonymous'} /> : <ScenarioView key={route.id} route={route} author={author.trim() || 'anonymous'} />}
    </div>
  );
}
