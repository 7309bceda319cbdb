import type { AllMiddlewareArgs, GlobalShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { buildBugModal } from '../../../blocks/bug-modal.ts';
import { buildStoryModal } from '../../../blocks/story-modal.ts';
import { openModal, wouldNotOpen } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { encodeModalContext } from '../../modal-context.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { shortcuts } from '../../surfaces.ts';
import { teamChoiceFor } from '../../team-choice.ts';

type ShortcutArgs = SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs;

/** A global shortcut has no response URL: if the form does not open, the person is told by DM. */
const triggerOf = ({ shortcut, client }: ShortcutArgs, { logger }: ListenerDeps) => ({ client, logger, triggerId: shortcut.trigger_id, userId: shortcut.user.id, teamId: workspaceOf(shortcut) });

/** "Report a bug" from anywhere: no channel, so the reporter is confirmed by DM. */
export const reportBugShortcut = (deps: ListenerDeps) => async (args: ShortcutArgs): Promise<void> => {
  await args.ack();
  const team = await teamChoiceFor(deps, workspaceOf(args.shortcut), undefined);
  await openModal(triggerOf(args, deps), buildBugModal({ privateMetadata: encodeModalContext({}), team }), wouldNotOpen('bug form', `"${shortcuts.reportBug.name}"`));
};

/** "Write a story" from anywhere: no channel, so the story message goes to its author by DM. */
export const writeStoryShortcut = (deps: ListenerDeps) => async (args: ShortcutArgs): Promise<void> => {
  await args.ack();
  const team = await teamChoiceFor(deps, workspaceOf(args.shortcut), undefined);
  await openModal(triggerOf(args, deps), buildStoryModal({ privateMetadata: encodeModalContext({}), team }), wouldNotOpen('story form', `"${shortcuts.writeStory.name}"`));
};
