import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { bugCommand } from './bug-command.ts';

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command('/bug', bugCommand(deps));
}
