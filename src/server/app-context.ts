import type { AccountsStore } from '../store/accounts-store.js';
import type { Store } from '../store/store.js';
import type { Auth } from './auth.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Quotas } from './quotas.js';
import type { ScanRunner } from './scan-runner.js';
import type { SiteService } from './site-service.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one email; injected so tests capture mail and the operator chooses the transport. */
export type Mailer = (mail: Mail) => Promise<void>;

/** What every route module gets: built once per app by `buildApp`. */
export interface AppContext {
  store: Store;
  accounts: AccountsStore;
  auth: Auth;
  sites: SiteService;
  runner: ScanRunner;
  throttle: LoginThrottle;
  quotas: Quotas;
  now: () => Date;
  mailer: Mailer | undefined;
  /** Base for links in emails; never taken from the request's Host header, which a client controls. */
  publicUrl: string;
}
