import type { Database } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { Dispatcher } from '../outbox/dispatcher.ts';

/** What listeners need from the outside world; passed in by createApp, never imported as singletons. */
export interface ListenerDeps {
  database: Database;
  logger: Logger;
  /** Woken after a commit that queued Slack messages. */
  outbox: Pick<Dispatcher, 'wake'>;
  /** The time lists and grooming see; tests move it. */
  clock: () => Date;
}
