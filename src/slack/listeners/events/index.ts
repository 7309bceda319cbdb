import type { App } from '@slack/bolt';
import type { AppDeps } from '../../../app.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { appUninstalled, tokensRevoked } from './uninstall.ts';

export function registerEvents(app: App, deps: AppDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('app_uninstalled', appUninstalled(deps));
  app.event('tokens_revoked', tokensRevoked(deps));
}
