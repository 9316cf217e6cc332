// The server's public configuration (GET /api/v1/config), asked once per app
// start and kept in memory. Until it answers, and when it cannot be asked,
// the app behaves as a server without e-mail: nothing waits for it.
import { api } from '../api/client';
import { call, type Result } from '../api/problem';
import type { PublicConfig } from '../api/types';
import { createStore, type Store } from './store';

/** What the app knows of the server's configuration; `loaded` once it answered or failed. */
export interface AppConfig {
  loaded: boolean;
  emailEnabled: boolean;
}

/** What the app assumes until the server says otherwise. */
export const NO_CONFIG: AppConfig = { loaded: false, emailEnabled: false };

/** A store for the configuration and the one load that fills it. */
export function configLoader(fetchConfig: () => Promise<Result<PublicConfig>>): {
  store: Store<AppConfig>;
  load: () => Promise<AppConfig>;
} {
  const store = createStore<AppConfig>(NO_CONFIG);
  let loading: Promise<AppConfig> | null = null;
  function load(): Promise<AppConfig> {
    loading ??= fetchConfig()
      .catch((): Result<PublicConfig> => ({ ok: false, problem: { status: 0 } }))
      .then((r) => {
        const config = { loaded: true, emailEnabled: r.ok && r.data?.emailEnabled === true };
        store.set(config);
        return config;
      });
    return loading;
  }
  return { store, load };
}

const app = configLoader(() => call(api.GET('/api/v1/config')));

/** The app's configuration, as screens read it (useStore). */
export const appConfig = app.store;

/** Asks the server for its configuration once; later calls share the answer. */
export const loadConfig = app.load;
