import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { route } from '../router.ts';
import { backlogCommand } from './backlog-command.ts';
import { bugCommand } from './bug-command.ts';
import { storyCommand } from './story-command.ts';

export function registerCommands(app: App, deps: ListenerDeps): void {
  const handlers = { '/bug': bugCommand(deps), '/story': storyCommand(deps), '/backlog': backlogCommand(deps) };
  type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
  app.command(/^\//, route<Args>('command', handlers, ({ command }) => command.command, deps.logger));
}
