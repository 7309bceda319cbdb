import { App, ErrorCode, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { InFlight } from './in-flight.ts';
import { toBoltLogger } from './logger.ts';
import { slackClientOptions } from './slack/client-options.ts';
import type { AppDeps } from './slack/deps.ts';
import { firstDelivery } from './slack/event-dedupe.ts';
import { type MessageEvents, type MessageListener, messageEvents } from './slack/message-events.ts';
import { registerActions } from './slack/listeners/actions/index.ts';
import { registerCommands } from './slack/listeners/commands/index.ts';
import { registerEvents } from './slack/listeners/events/index.ts';
import { threadMessage } from './slack/listeners/events/thread-message.ts';
import { registerShortcuts } from './slack/listeners/shortcuts/index.ts';
import { registerViews } from './slack/listeners/views/index.ts';

export interface ShortlistApp {
  app: App;
  /** Set in HTTP mode: Bolt's required receiver. It never reads a request: the HTTP server's gate does, once, and hands Bolt the parsed body (http/bolt-events.ts). */
  httpReceiver: HTTPReceiver | undefined;
  inFlight: InFlight;
  /** Set in HTTP mode: `message` events, taken before Bolt by the HTTP server. */
  messageEvents: MessageEvents | undefined;
}

/** Builds the Bolt app and registers every listener. It never starts listening; runtime.ts does. */
export function createApp(deps: AppDeps): ShortlistApp {
  const { slack, logger, authorization } = deps;
  const boltLogger = toBoltLogger(logger);
  const clientOptions = slackClientOptions(slack.apiUrl);
  const httpReceiver = slack.appToken
    ? undefined
    : new HTTPReceiver({ signingSecret: slack.signingSecret!, logger: boltLogger, logLevel: LogLevel.INFO });
  const receiver =
    httpReceiver ?? new SocketModeReceiver({ appToken: slack.appToken!, logger: boltLogger, installerOptions: { clientOptions } });
  // No conversation store: nothing here reads conversation state, and Bolt's default runs for every request.
  const app = new App({ authorize: authorization.authorize, receiver, logger: boltLogger, clientOptions, convoStore: false });

  const inFlight = new InFlight();
  app.use(({ next }) => inFlight.track(next));
  app.use(async ({ body, next }) => {
    if (await firstDelivery(deps.database.db, body, logger)) await next();
  });
  registerCommands(app, deps);
  registerViews(app, deps);
  registerActions(app, deps);
  registerShortcuts(app, deps);
  const onMessage = threadMessage(deps);
  registerEvents(app, deps, onMessage);
  app.error(async (error) => {
    // A workspace without an installation (uninstalled, revoked) is refused: rethrown, the receiver answers 401.
    if (error.code === ErrorCode.AuthorizationError) {
      logger.warn({ reason: error.message }, 'request from a workspace without a valid installation refused');
      throw error;
    }
    logger.error({ err: error }, 'unhandled error in a listener');
  });
  const fastMessages = httpReceiver ? messageEvents({ authorize: authorization.authorize, listener: onMessage as unknown as MessageListener, inFlight, logger }) : undefined;
  return { app, httpReceiver, inFlight, messageEvents: fastMessages };
}
