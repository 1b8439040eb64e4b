// The server's message catalog for the reader's language, asked once per language and kept for
// the page's life (it changes only when the server does); a language switch asks for the other
// one. A server's answer that there is no catalog (an older server: not_found) is kept too; any
// other failure (offline, busy, an internal error) is not, so the next room asks again.
// Without a catalog the server's English texts stand (server_messages.ts).

import { useEffect, useState } from 'preact/hooks';
import { api } from '../protocol/api';
import { ProtocolError } from '../protocol/messages';
import type { Language } from './i18n';
import { catalogOf, type ServerCatalog } from './server_messages';

export type FetchCatalog = (lang: Language, token?: string) => Promise<unknown>;

const cache = new Map<Language, Promise<ServerCatalog | null>>();

/** The catalog for `lang`: from the cache, or asked of the server (`fetch`) once. */
export function loadServerCatalog(lang: Language, token?: string, fetch: FetchCatalog = api.messages): Promise<ServerCatalog | null> {
  let pending = cache.get(lang);
  if (!pending) {
    const asked: Promise<ServerCatalog | null> = fetch(lang, token).then(
      (answer) => catalogOf(answer, lang),
      (error: unknown) => {
        if (!noCatalogHere(error) && cache.get(lang) === asked) cache.delete(lang);
        return null;
      },
    );
    cache.set(lang, asked);
    pending = asked;
  }
  return pending;
}

/** Whether the server said it has no catalog (one older than it): so it stays for the page's life. */
function noCatalogHere(error: unknown): boolean {
  return error instanceof ProtocolError && ['not_found', 'http_404', 'method_not_allowed'].includes(error.code);
}

/** Forgets every catalog (tests). */
export function forgetServerCatalogs(): void {
  cache.clear();
}

/** The catalog for the reader's language once it is known; null until then, or when there is none. */
export function useServerCatalog(lang: Language, token?: string): ServerCatalog | null {
  const [catalog, setCatalog] = useState<ServerCatalog | null>(null);
  useEffect(() => {
    let current = true;
    void loadServerCatalog(lang, token).then((c) => {
      if (current) setCatalog(c);
    });
    return () => {
      current = false;
    };
  }, [lang, token]);
  return catalog;
}
