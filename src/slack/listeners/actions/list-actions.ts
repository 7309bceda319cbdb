import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { answerBacklog } from '../../../backlog/answer-backlog.ts';
import { parseBacklogCommand } from '../../../backlog/parse-command.ts';
import { buildBugModal } from '../../../blocks/bug-modal.ts';
import { buildCloseModal } from '../../../blocks/close-modal.ts';
import { itemKey } from '../../../blocks/item-list.ts';
import { buildStoryModal } from '../../../blocks/story-modal.ts';
import { findBug } from '../../../bugs/find-bug.ts';
import { workspaceSettings } from '../../../items/backlog-health.ts';
import { touchItem } from '../../../items/touch-item.ts';
import { moveStory } from '../../../stories/lifecycle.ts';
import type { ListenerDeps } from '../../deps.ts';
import { encodeModalContext } from '../../modal-context.ts';
import { publishHome } from '../../publish-home.ts';
import { tellIfFailed } from './tell-if-failed.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const itemRefSchema = z.string().regex(/^(bug|story):\d{1,15}$/).transform((value) => {
  const [type, id] = value.split(':') as ['bug' | 'story', string];
  return { type, id: Number(id) };
});

const moreSchema = z.object({ text: z.string().max(1500), offset: z.number().int().min(0).max(1_000_000) });

const teamOf = (body: BlockAction) => body.team?.id ?? body.user.team_id;
// A button on the Home tab comes without a response URL (Bolt then gives no respond): the refreshed tab is the answer.
const tell = (respond: ButtonArgs['respond'] | undefined, text: string) => respond?.({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
const fromHome = (body: BlockAction) => body.view?.type === 'home';

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
    const teamId = teamOf(body);
    await tellIfFailed({ respond, logger }, { teamId, value: action.value }, async () => {
      const touched = ref.success && teamId ? await touchItem(database.db, teamId, ref.data.type, ref.data.id, body.user.id) : undefined;
      if (!touched || !ref.success || !teamId) return void (await tell(respond, 'That item is not in this workspace.'));
      await refreshHome(deps, args, teamId);
      const { staleAfterDays } = await workspaceSettings(database.db, teamId);
      await tell(respond, `Kept ${itemKey({ type: ref.data.type, number: touched.number })}: it will not show as stale for another ${staleAfterDays} days.`);
    });
  };

/** Close on a listed item: a bug opens the Close modal; a story moves to won't do (the button asks first). */
export const closeItemPressed =
  (deps: ListenerDeps) =>
  async (args: ButtonArgs): Promise<void> => {
    const { ack, body, action, client, respond } = args;
    const { database, logger, outbox } = deps;
    await ack();
    const ref = itemRefSchema.safeParse(action.value);
    const teamId = teamOf(body);
    if (!ref.success || !teamId) return void (await tell(respond, 'That item is not in this workspace.'));
    await tellIfFailed({ respond, logger }, { teamId, value: action.value }, async () => {
      if (ref.data.type === 'bug') {
        const bug = await findBug(database.db, teamId, ref.data.id);
        if (!bug) return void (await tell(respond, 'That item is not in this workspace.'));
        await client.views.open({ trigger_id: body.trigger_id, view: buildCloseModal(bug) });
        return;
      }
      const result = await moveStory(database.db, { workspaceId: teamId, storyId: ref.data.id }, body.user.id, 'wont_do');
      if (result.ok) {
        outbox.wake();
        await refreshHome(deps, args, teamId);
        return void (await tell(respond, `Closed ${itemKey({ type: 'story', number: result.story.number })} as won't do.`));
      }
      await tell(respond, result.error === 'refused' ? result.message : 'That item is not in this workspace.');
    });
  };

/** More: the next page of the same `/backlog` answer, replacing the current one. */
export const morePressed =
  ({ database, logger, clock }: ListenerDeps) =>
  async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const teamId = teamOf(body);
    let page;
    try {
      page = moreSchema.safeParse(JSON.parse(action.value ?? ''));
    } catch {
      page = undefined;
    }
    if (!teamId || !page?.success) {
      logger.warn({ teamId, value: action.value }, 'malformed More button');
      return void (await tell(respond, 'That list has expired; run the command again.'));
    }
    const answer = await answerBacklog(parseBacklogCommand(page.data.text), { db: database.db, workspaceId: teamId, userId: body.user.id, now: clock(), commandText: page.data.text, offset: page.data.offset });
    await respond({ response_type: 'ephemeral', replace_original: true, ...answer });
  };

/** The Home tab's buttons open the same forms as the shortcuts; with no channel, confirmations come by DM. */
export const homeReportBugPressed =
  (_deps: ListenerDeps) =>
  async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: buildBugModal({ privateMetadata: encodeModalContext({}) }) });
  };

export const homeWriteStoryPressed =
  (_deps: ListenerDeps) =>
  async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: buildStoryModal({ privateMetadata: encodeModalContext({}) }) });
  };
