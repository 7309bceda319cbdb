import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { bugCommand } from './bug-command.ts';
import { backlogCommand } from './backlog-command.ts';
import { storyCommand } from './story-command.ts';

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command('/bug', bugCommand(deps));
  app.command('/story', storyCommand(deps));
  app.command('/backlog', backlogCommand(deps));
}
