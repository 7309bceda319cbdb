import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { type ModalContext, decodeModalContext } from '../../modal-context.ts';
import { enterpriseOf, workspaceOf } from '../../payload-origin.ts';
import { chosenTeam, readTextInputs } from '../../view-state.ts';
import { teamFieldIds } from '../../../blocks/ids.ts';
import { teamById } from '../../../teams/team-store.ts';

type Parsed<V, F extends string> = { ok: true; value: V } | { ok: false; errors: Partial<Record<F, string>> };

/** Where a filing came from, as the domain's file functions want it. */
export interface Filing<V> {
  workspaceId: string;
  enterpriseId: string | null;
  reporterId: string;
  viewId: string;
  /** The team chosen on the form, when it had a Team field; checked to be an active team of the workspace. */
  teamId?: number;
  context: ModalContext;
  fields: V;
}

/** What differs between filing a bug and writing a story from a modal; the steps are the same. */
export interface FilingForm<F extends string, V> {
  /** `bug` or `story`, for the log lines. */
  noun: string;
  fields: Record<F, { blockId: string; actionId: string }>;
  /** The field whose block carries a message about the whole form (its first). */
  firstField: F;
  /** Reads the form: its text inputs (`raw`), and what else it needs of the submitted view and where it was opened. */
  parse(raw: Partial<Record<F, string | undefined>>, view: { values: ViewSubmitAction['view']['state']['values']; context: ModalContext }): Parsed<V, F>;
  errors(errors: Partial<Record<F, string>>): Record<string, string>;
  file(deps: ListenerDeps, filing: Filing<V>): Promise<{ key: string; created: boolean }>;
  expiredText: string;
  failedText: string;
}

/**
 * Validates every field, saves (what Slack is to be sent queued in the same transaction), and only then
 * acknowledges: a failed save keeps the modal open with everything the person typed.
 */
export function filingSubmission<F extends string, V>(form: FilingForm<F, V>) {
  const formError = (message: string) => ({ response_action: 'errors' as const, errors: { [form.fields[form.firstField].blockId]: message } });
  return (deps: ListenerDeps) =>
    async ({ ack, view, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
      const { logger } = deps;
      const teamId = workspaceOf(body);
      const context = decodeModalContext(view.private_metadata);
      if (!teamId || !context) {
        logger.warn({ viewId: view.id }, `${form.noun} submission without a workspace or with unreadable metadata`);
        await ack(formError(form.expiredText));
        return;
      }
      const input = form.parse(readTextInputs(view.state.values, form.fields), { values: view.state.values, context });
      if (!input.ok) {
        logger.info({ teamId, viewId: view.id, fields: Object.keys(input.errors) }, `${form.noun} form refused with field errors`);
        await ack({ response_action: 'errors', errors: form.errors(input.errors) });
        return;
      }
      try {
        const chosen = chosenTeam(view.state.values);
        if (chosen !== undefined && !(await teamById(deps.database.db, teamId, chosen))) {
          await ack({ response_action: 'errors', errors: { [teamFieldIds.blockId]: 'That team was archived or no longer exists. Choose another team.' } });
          return;
        }
        const filing = { workspaceId: teamId, enterpriseId: enterpriseOf(body), reporterId: body.user.id, viewId: view.id, teamId: chosen, context, fields: input.value };
        const { key, created } = await form.file(deps, filing);
        logger.info({ teamId, key, repeated: !created }, created ? `${form.noun} filed` : `repeated submission of a filed ${form.noun}`);
      } catch (error) {
        logger.error({ err: error, teamId, viewId: view.id }, `saving a ${form.noun} failed`);
        await ack(formError(form.failedText));
        return;
      }
      await ack();
      deps.wakeOutbox();
    };
}
