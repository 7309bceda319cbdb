import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import type { EventType } from '../../surfaces.ts';
import { type Handler, route } from '../router.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { reactionAdded } from './reaction-added.ts';
import { appUninstalled, tokensRevoked } from './uninstall.ts';

/** `message` is passed in: the same listener (and its lane) also takes the events answered before Bolt (message-events.ts). */
export function registerEvents(app: App, deps: AppDeps, message: Handler): void {
  // Typed by the registry: a subscribed event without a listener does not compile (message.* all arrive as `message`).
  const handlers: Record<EventType, Handler> = {
    app_home_opened: appHomeOpened(deps),
    app_uninstalled: appUninstalled(deps),
    tokens_revoked: tokensRevoked(deps),
    reaction_added: reactionAdded(deps),
    message,
  };
  type Args = SlackEventMiddlewareArgs & AllMiddlewareArgs;
  app.event(/.*/, route<Args>('event', handlers, ({ event }: { event: { type: string } }) => event.type, deps.logger));
}
