/** Where the app is, kept in the address's hash so reloading (or a link) opens the same view. */
import { useEffect, useState } from 'react';

export const tabs = ['build', 'forecast', 'variants', 'history'] as const;
export type Tab = (typeof tabs)[number];

export type Route = { page: 'list' } | { page: 'scenario'; id: string; tab: Tab; variant?: string } | { page: 'ledger'; workspace: string };

export function parseRoute(hash: string): Route {
  const [, page, id, tab, variant] = hash.replace(/^#/, '').split('/').map(decodeURIComponent);
  if (page === 's' && id) {
    const known = tabs.find((candidate) => candidate === tab) ?? 'build';
    return { page: 'scenario', id, tab: known, ...(variant ? { variant } : {}) };
  }
  if (page === 'ledger' && id) return { page: 'ledger', workspace: id };
  return { page: 'list' };
}

export function routeHash(route: Route): string {
  if (route.page === 'list') return '#/';
  if (route.page === 'ledger') return `#/ledger/${encodeURIComponent(route.workspace)}`;
  const parts = ['s', route.id, route.tab, ...(route.variant ? [route.variant] : [])];
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}

export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
