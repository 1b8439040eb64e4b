// Moving between the app's routes without reloading: the History API, and a context that views
// use to navigate.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Navigate = (path: string, options?: { replace?: boolean }) => void;

export const NavigationContext = createContext<Navigate>(() => undefined);

export function useNavigate(): Navigate {
  return useContext(NavigationContext);
}

/** An in-app link's click: navigate instead of loading the page (unless a modifier asks for a tab). */
export function linkHandler(navigate: Navigate, path: string) {
  return (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(path);
  };
}
