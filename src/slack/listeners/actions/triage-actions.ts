import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { bugKey } from '../../../items/types.ts';
import { buildCloseModal } from '../../../blocks/close-modal.ts';
import type { BugRef, ChangeResult } from '../../../bugs/change-bug.ts';
import { findBug } from '../../../bugs/find-bug.ts';
import { markInfoAdded, markNeedsInfo, rateBug, setOwner, startBug } from '../../../bugs/triage.ts';
import { answerPrivately, openModal } from '../../answer.ts';
import { itemIdFrom } from '../../item-id.ts';
import type { ListenerDeps } from '../../deps.ts';
import { triageIds } from '../../../blocks/ids.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { tellIfFailed } from './tell-if-failed.ts';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
type BlockActionElement = BlockAction['actions'][number];

const notHere = 'That bug is not in this workspace.';

/** Which bug a control belongs to, and in which workspace the click happened. */
function refOf(body: BlockAction, action: BlockActionElement): BugRef | undefined {
  const teamId = workspaceOf(body);
  const bugId = itemIdFrom(action.block_id, triageIds.ratingsBlockPrefix) ?? itemIdFrom(action.block_id, triageIds.statusBlockPrefix) ?? itemIdFrom('value' in action ? action.value : undefined);
  return teamId && bugId ? { workspaceId: teamId, bugId } : undefined;
}

/** One handler shape for every triage control: ack, resolve the bug in this workspace, apply, report refusals and failures. */
function triageAction(deps: ListenerDeps, apply: (ref: BugRef, actorId: string, action: BlockActionElement) => Promise<ChangeResult> | undefined) {
  return async ({ ack, body, action, respond }: ActionArgs): Promise<void> => {
    await ack();
    const ref = refOf(body, action);
    if (!ref) return answerPrivately({ respond, logger: deps.logger }, notHere);
    await tellIfFailed({ respond, logger: deps.logger }, { teamId: ref.workspaceId, bugId: ref.bugId, actionId: action.action_id }, async () => {
      const result = await apply(ref, body.user.id, action);
      if (!result) return;
      if (result.ok) {
        deps.wakeOutbox();
        return;
      }
      deps.logger.info({ teamId: ref.workspaceId, bugId: ref.bugId, actorId: body.user.id, refusal: result.error }, 'triage action refused');
      await answerPrivately({ respond, logger: deps.logger }, result.error === 'refused' ? result.message : notHere);
    });
  };
}

const rating = (action: BlockActionElement) => {
  const value = action.type === 'static_select' ? Number(action.selected_option?.value) : NaN;
  return Number.isInteger(value) && value >= 1 && value <= 5 ? value : undefined;
};

export const probabilitySelected = (deps: ListenerDeps) =>
  triageAction(deps, (ref, actor, action) => {
    const probability = rating(action);
    return probability ? rateBug(deps.database.db, ref, actor, { probability }) : undefined;
  });

export const impactSelected = (deps: ListenerDeps) =>
  triageAction(deps, (ref, actor, action) => {
    const impact = rating(action);
    return impact ? rateBug(deps.database.db, ref, actor, { impact }) : undefined;
  });

export const ownerSelected = (deps: ListenerDeps) =>
  triageAction(deps, (ref, actor, action) =>
    setOwner(deps.database.db, ref, actor, action.type === 'users_select' && action.selected_user ? action.selected_user : null),
  );

export const needsInfoPressed = (deps: ListenerDeps) => triageAction(deps, (ref, actor) => markNeedsInfo(deps.database.db, ref, actor));
export const infoAddedPressed = (deps: ListenerDeps) => triageAction(deps, (ref, actor) => markInfoAdded(deps.database.db, ref, actor));
export const startPressed = (deps: ListenerDeps) => triageAction(deps, (ref, actor) => startBug(deps.database.db, ref, actor));

/** Close opens the resolution modal; the change happens when it is submitted. */
export const closePressed =
  (deps: ListenerDeps) =>
  async ({ ack, body, action, client, respond }: ActionArgs): Promise<void> => {
    await ack();
    const ref = refOf(body, action);
    const tell = { respond, logger: deps.logger };
    const failure = "Couldn't open the Close form just now. Please press Close again in a moment.";
    await tellIfFailed(tell, { teamId: ref?.workspaceId, bugId: ref?.bugId }, async () => {
      const bug = ref ? await findBug(deps.database.db, ref.workspaceId, ref.bugId) : undefined;
      if (!bug) return answerPrivately(tell, notHere);
      if (bug.status === 'resolved') return answerPrivately(tell, `${bugKey(bug.number)} is already resolved.`);
      await openModal({ ...tell, client, triggerId: body.trigger_id, userId: body.user.id, teamId: bug.workspaceId }, buildCloseModal(bug), failure);
    }, failure);
  };
