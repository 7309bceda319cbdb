import type { AllMiddlewareArgs, App, SlackShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { shortcutRoute, shortcuts } from '../../surfaces.ts';
import { type Handler, route } from '../router.ts';
import { reportBugShortcut, writeStoryShortcut } from './open-forms.ts';
import { reportMessageAsBug } from './report-message.ts';

export function registerShortcuts(app: App, deps: ListenerDeps): void {
  // Typed by the registry: a declared shortcut without a listener does not compile.
  const byShortcut: Record<keyof typeof shortcuts, Handler> = {
    reportAsBug: reportMessageAsBug(deps),
    reportBug: reportBugShortcut(deps),
    writeStory: writeStoryShortcut(deps),
  };
  const handlers = Object.fromEntries(Object.entries(byShortcut).map(([key, handler]) => [shortcutRoute(shortcuts[key as keyof typeof shortcuts]), handler]));
  type Args = SlackShortcutMiddlewareArgs<SlackShortcut> & AllMiddlewareArgs;
  app.shortcut<SlackShortcut>(/.*/, route<Args>('shortcut', handlers, ({ shortcut }) => `${shortcut.type}:${shortcut.callback_id}`, deps.logger));
}
