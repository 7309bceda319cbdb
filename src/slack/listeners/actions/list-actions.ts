import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseJsonAs } from '../../parse-json.ts';
import { z } from 'zod';
import { teamChoiceFor } from '../../team-choice.ts';
import { answerBacklog } from '../../../backlog/answer-backlog.ts';
import { parseBacklogCommand } from '../../../backlog/parse-command.ts';
import { buildBugModal } from '../../../blocks/bug-modal.ts';
import { buildCloseModal } from '../../../blocks/close-modal.ts';
import { itemKey } from '../../../blocks/item-list.ts';
import { buildStoryModal } from '../../../blocks/story-modal.ts';
import { findBug } from '../../../bugs/find-bug.ts';
import { touchItem } from '../../../items/touch-item.ts';
import { moveStory } from '../../../stories/lifecycle.ts';
import type { Logger } from '../../../logger.ts';
import { answerPrivately, openModal, wouldNotOpen } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { encodeModalContext } from '../../modal-context.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { publishHome } from '../../publish-home.ts';
import { tellIfFailed } from './tell-if-failed.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const itemRefSchema = z.string().regex(/^(bug|story):\d{1,15}$/).transform((value) => {
  const [type, id] = value.split(':') as ['bug' | 'story', string];
  return { type, id: Number(id) };
});

const moreSchema = z.object({ text: z.string().max(1500), offset: z.number().int().min(0).max(1_000_000) });

// A button on the Home tab comes without a response URL (Bolt then gives no respond): the refreshed tab is the answer.
const fromHome = (body: BlockAction) => body.view?.type === 'home';
/** A button's trigger: on the Home tab, with no response URL, a form that does not open is reported by DM. */
const triggerOf = ({ body, client, respond }: ButtonArgs, logger: Logger) => ({ client, respond, logger, triggerId: body.trigger_id, userId: body.user.id, teamId: workspaceOf(body) });

/** After Keep or Close on the Home tab, the tab is published again, so the item no longer shows as stale. */
async function refreshHome(deps: ListenerDeps, { body, client }: ButtonArgs, teamId: string): Promise<void> {
  if (!fromHome(body)) return;
  await publishHome(deps, client, teamId, body.user.id).catch((error: unknown) => deps.logger.warn({ err: error, teamId }, 'refreshing the Home tab failed'));
}

/** Keep on a stale item: touch it, so it is not stale again for stale_after_days. */
export const keepPressed =
  (deps: ListenerDeps) =>
  async (args: ButtonArgs): Promise<void> => {
    const { ack, body, action, respond } = args;
    const { database, logger } = deps;
    await ack();
    const ref = itemRefSchema.safeParse(action.value);
    const teamId = workspaceOf(body);
    await tellIfFailed({ respond, logger }, { teamId, value: action.value }, async () => {
      const touched = ref.success && teamId ? await touchItem(database.db, teamId, ref.data.type, ref.data.id, body.user.id) : undefined;
      if (!touched || !ref.success || !teamId) return void (await answerPrivately({ respond, logger }, 'That item is not in this workspace.'));
      await refreshHome(deps, args, teamId);
      await answerPrivately({ respond, logger }, `Kept ${itemKey({ type: ref.data.type, number: touched.number })}: it will not show as stale for another ${touched.staleAfterDays} days.`);
    });
  };

/** Close on a listed item: a bug opens the Close modal; a story moves to won't do (the button asks first). */
export const closeItemPressed =
  (deps: ListenerDeps) =>
  async (args: ButtonArgs): Promise<void> => {
    const { ack, body, action, respond } = args;
    const { database, logger, wakeOutbox } = deps;
    await ack();
    const ref = itemRefSchema.safeParse(action.value);
    const teamId = workspaceOf(body);
    if (!ref.success || !teamId) return void (await answerPrivately({ respond, logger }, 'That item is not in this workspace.'));
    await tellIfFailed({ respond, logger }, { teamId, value: action.value }, async () => {
      if (ref.data.type === 'bug') {
        const bug = await findBug(database.db, teamId, ref.data.id);
        if (!bug) return void (await answerPrivately({ respond, logger }, 'That item is not in this workspace.'));
        await openModal(triggerOf(args, logger), buildCloseModal(bug), wouldNotOpen('Close form', 'Close'));
        return;
      }
      const result = await moveStory(database.db, { workspaceId: teamId, storyId: ref.data.id }, body.user.id, 'wont_do');
      if (result.ok) {
        wakeOutbox();
        await refreshHome(deps, args, teamId);
        return void (await answerPrivately({ respond, logger }, `Closed ${itemKey({ type: 'story', number: result.story.number })} as won't do.`));
      }
      await answerPrivately({ respond, logger }, result.error === 'refused' ? result.message : 'That item is not in this workspace.');
    });
  };

/** More: the next page of the same `/backlog` answer, replacing the current one. */
export const morePressed =
  ({ database, logger, clock }: ListenerDeps) =>
  async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const teamId = workspaceOf(body);
    const page = parseJsonAs(moreSchema, action.value);
    if (!teamId || !page) {
      logger.warn({ teamId, value: action.value }, 'malformed More button');
      return void (await answerPrivately({ respond, logger }, 'That list has expired; run the command again.'));
    }
    const { text, offset } = page;
    await tellIfFailed({ respond, logger }, { teamId, value: action.value }, async () => {
      const answer = await answerBacklog(parseBacklogCommand(text), { db: database.db, workspaceId: teamId, channelId: body.channel?.id, userId: body.user.id, now: clock(), commandText: text, offset });
      await answerPrivately({ respond, logger }, answer, true);
    }, 'Sorry, the next page did not come just now. Please press More again in a moment.');
  };

/** The Home tab's buttons open the same forms as the shortcuts; with no channel, confirmations come by DM. */
export const homeReportBugPressed = (deps: ListenerDeps) => async (args: ButtonArgs): Promise<void> => {
  await args.ack();
  const team = await teamChoiceFor(deps, workspaceOf(args.body), undefined);
  await openModal(triggerOf(args, deps.logger), buildBugModal({ privateMetadata: encodeModalContext({}), team }), wouldNotOpen('bug form', '"Report a bug"'));
};

export const homeWriteStoryPressed = (deps: ListenerDeps) => async (args: ButtonArgs): Promise<void> => {
  await args.ack();
  const team = await teamChoiceFor(deps, workspaceOf(args.body), undefined);
  await openModal(triggerOf(args, deps.logger), buildStoryModal({ privateMetadata: encodeModalContext({}), team }), wouldNotOpen('story form', '"Write a story"'));
};
