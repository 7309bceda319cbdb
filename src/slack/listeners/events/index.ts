import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../app.ts';
import { route } from '../router.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { appUninstalled, tokensRevoked } from './uninstall.ts';

export function registerEvents(app: App, deps: AppDeps): void {
  const handlers = { app_home_opened: appHomeOpened(deps), app_uninstalled: appUninstalled(deps), tokens_revoked: tokensRevoked(deps) };
  type Args = SlackEventMiddlewareArgs & AllMiddlewareArgs;
  app.event(/.*/, route<Args>('event', handlers, ({ event }: { event: { type: string } }) => event.type, deps.logger));
}
