// The colour theme: dark by default, light on request, or following the
// device. The choice is a display preference and is kept in localStorage.
import { createStore } from './store';

/** A theme choice. */
export type ThemeChoice = 'dark' | 'light' | 'system';

const KEY = 'closedset.theme';

function stored(): ThemeChoice {
  try {
    const v = window.localStorage.getItem(KEY);
    if (v === 'dark' || v === 'light' || v === 'system') return v;
  } catch {
    // Storage may be unavailable (private mode); fall back to the default.
  }
  return 'dark';
}

/** The current choice. */
export const themeChoice = createStore<ThemeChoice>('dark');

/** Resolves a choice to the theme actually shown. */
export function resolveTheme(choice: ThemeChoice, prefersLight: boolean): 'dark' | 'light' {
  if (choice === 'system') return prefersLight ? 'light' : 'dark';
  return choice;
}

const THEME_COLOR = { dark: '#111317', light: '#f6f7f9' } as const;

function apply(): void {
  const light = window.matchMedia('(prefers-color-scheme: light)').matches;
  const theme = resolveTheme(themeChoice.get(), light);
  const root = document.documentElement;
  root.classList.toggle('theme-dark', theme === 'dark');
  root.classList.toggle('theme-light', theme === 'light');
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', THEME_COLOR[theme]);
}

/** Changes and remembers the theme choice. */
export function setTheme(choice: ThemeChoice): void {
  try {
    window.localStorage.setItem(KEY, choice);
  } catch {
    // Not remembered, but still applied for this visit.
  }
  themeChoice.set(choice);
}

/** Applies the stored choice and follows device changes while "system" is chosen. */
export function installTheme(): void {
  themeChoice.set(stored());
  apply();
  themeChoice.subscribe(apply);
  window.matchMedia('(prefers-color-scheme: light)').addEventListener('change', apply);
}
