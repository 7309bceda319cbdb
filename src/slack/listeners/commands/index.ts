import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { type CommandName, commands } from '../../surfaces.ts';
import { type Handler, route } from '../router.ts';
import { backlogCommand } from './backlog-command.ts';
import { bugCommand } from './bug-command.ts';
import { storyCommand } from './story-command.ts';

export function registerCommands(app: App, deps: ListenerDeps): void {
  // Typed by the registry: a declared command without a listener does not compile.
  const handlers: Record<CommandName, Handler> = {
    [commands.bug.name]: bugCommand(deps),
    [commands.story.name]: storyCommand(deps),
    [commands.backlog.name]: backlogCommand(deps),
  };
  type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
  app.command(/^\//, route<Args>('command', handlers, ({ command }) => command.command, deps.logger));
}
