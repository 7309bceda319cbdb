import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { flagStateLines } from '../../../blocks/flag-state.ts';
import { storyModalIds } from '../../../blocks/ids.ts';
import { withFlagNote } from '../../../blocks/story-modal.ts';
import { flagStatesOf } from '../../../rollouts/apply-flag-events.ts';
import { parseStoryInput } from '../../../stories/story-input.ts';
import { teamById, teamOfChannel } from '../../../teams/team-store.ts';
import type { ListenerDeps } from '../../deps.ts';
import { decodeModalContext } from '../../modal-context.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { chosenTeam, readTextInputs } from '../../view-state.ts';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** What the form says under the flag key: the key's state per environment when known, else that nothing is, or what is wrong with it. */
export function flagKeyNote(key: string | null, error: string | undefined, states: Parameters<typeof flagStateLines>[0]): string {
  if (error) return `:warning: ${error}`;
  if (key === null) return 'No flag key: the story ships when someone presses Done.';
  const lines = flagStateLines(states);
  return lines ? `Already known of \`${key}\`:\n${lines}\nThe story ships by flag when production is on for everyone.` : `Nothing is known of \`${key}\` yet: its state shows on the story as soon as the flag system sends a change.`;
}

/**
 * Enter in the story form's flag key: the form is drawn again with what the team's flag system has said of
 * that key (the key is checked as on submit; nothing is saved). The team is the one chosen on the form,
 * else the channel's. A form that changed meanwhile (its hash) is left as it is.
 */
export const flagKeyEntered =
  ({ database, logger }: ListenerDeps) =>
  async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    const view = body.view;
    const workspaceId = workspaceOf(body);
    if (!view || view.callback_id !== storyModalIds.callbackId || !workspaceId) return;
    const context = decodeModalContext(view.private_metadata);
    const typed = readTextInputs(view.state?.values, storyModalIds.fields);
    const parsed = parseStoryInput({ flagKey: typed.flagKey });
    const error = parsed.ok ? undefined : parsed.errors.flagKey;
    const key = typed.flagKey?.trim() ? typed.flagKey.trim() : null;
    try {
      const chosen = chosenTeam(view.state?.values);
      const team = (chosen === undefined ? undefined : await teamById(database.db, workspaceId, chosen)) ?? (await teamOfChannel(database.db, workspaceId, context?.channelId));
      const states = error || key === null ? [] : await flagStatesOf(database.db, team.id, [key]);
      const byBlock = Object.fromEntries(Object.entries(storyModalIds.fields).map(([field, ids]) => [ids.blockId, typed[field as keyof typeof typed]]));
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: {
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          title: view.title,
          ...(view.submit ? { submit: view.submit } : {}),
          ...(view.close ? { close: view.close } : {}),
          blocks: withFlagNote(view.blocks as never, flagKeyNote(error ? null : key, error, states), byBlock) as never,
        },
      });
    } catch (failure) {
      // Typing on while this was looked up changes the form's hash: the next Enter says it again.
      logger.info({ err: failure, teamId: workspaceId, viewId: view.id }, 'story form flag note not shown');
    }
  };
