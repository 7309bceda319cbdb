import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { Authorization } from './authorization.ts';

/** What listeners need from the outside world; passed in by createApp, never imported as singletons. */
export interface ListenerDeps {
  database: Database;
  logger: Logger;
  /** Sends what a commit queued in the outbox now, instead of at the sender's next poll. */
  wakeOutbox: () => void;
  /** The time lists and grooming see; tests move it. */
  clock: () => Date;
  flags: FlagSetupDeps;
}

/** What flag setup needs: where webhook URLs point, and the key connection secrets are encrypted with. */
export interface FlagSetupDeps {
  /** `https://host` without a trailing slash. */
  publicUrl: () => string;
  /** Undefined: secrets cannot be stored (Socket Mode without TOKEN_ENCRYPTION_KEY); setup says so. */
  secretKey: Buffer | undefined;
}

/** Everything createApp is given: the listeners' needs, and how the app speaks for each workspace. */
export interface AppDeps extends ListenerDeps {
  slack: Config['slack'];
  authorization: Authorization;
}
