import type { Database } from '../db/client.ts';
import type { Logger } from '../logger.ts';

/** What listeners need from the outside world; passed in by createApp, never imported as singletons. */
export interface ListenerDeps {
  database: Database;
  logger: Logger;
}
