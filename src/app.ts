import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Config } from './config.ts';
import { InFlight } from './in-flight.ts';
import { toBoltLogger } from './logger.ts';
import { singleWorkspaceAuthorize } from './slack/authorize.ts';
import type { ListenerDeps } from './slack/deps.ts';
import { registerActions } from './slack/listeners/actions/index.ts';
import { registerCommands } from './slack/listeners/commands/index.ts';
import { registerEvents } from './slack/listeners/events/index.ts';
import { registerShortcuts } from './slack/listeners/shortcuts/index.ts';
import { registerViews } from './slack/listeners/views/index.ts';

export interface AppDeps extends ListenerDeps {
  slack: Config['slack'];
}

export interface ShortlistApp {
  app: App;
  /** Set in HTTP mode: the request listener that verifies signatures and feeds Bolt. */
  httpReceiver: HTTPReceiver | undefined;
  inFlight: InFlight;
}

/**
 * Calls made while a person waits (views.open has a 3 s trigger) must fail fast, and the outbox does
 * its own retrying, so the Web API client never retries or waits out a 429 itself.
 */
export function slackClientOptions(apiUrl: string): WebClientOptions {
  return { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 5000 };
}

/** Builds the Bolt app and registers every listener. It never starts listening; main.ts does. */
export function createApp(deps: AppDeps): ShortlistApp {
  const { slack, logger } = deps;
  if (slack.mode.kind !== 'single') {
    throw new Error('multi-workspace OAuth install is not built yet; set SLACK_BOT_TOKEN');
  }
  const boltLogger = toBoltLogger(logger);
  const clientOptions = slackClientOptions(slack.apiUrl);
  const httpReceiver = slack.appToken
    ? undefined
    : new HTTPReceiver({ signingSecret: slack.signingSecret!, logger: boltLogger, logLevel: LogLevel.INFO });
  const receiver =
    httpReceiver ?? new SocketModeReceiver({ appToken: slack.appToken!, logger: boltLogger, installerOptions: { clientOptions } });
  const authorize = singleWorkspaceAuthorize(new WebClient(undefined, clientOptions), slack.mode.botToken, logger);
  const app = new App({ authorize, receiver, logger: boltLogger, clientOptions });

  const inFlight = new InFlight();
  app.use(({ next }) => inFlight.track(next));
  registerCommands(app, deps);
  registerViews(app, deps);
  registerActions(app, deps);
  registerShortcuts(app, deps);
  registerEvents(app, deps);
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a listener');
  });
  return { app, httpReceiver, inFlight };
}
