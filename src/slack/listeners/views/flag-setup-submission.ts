import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { askAnAdmin } from '../../../blocks/settings-modal.ts';
import { flagIds } from '../../../blocks/ids.ts';
import { parseFlagSetup, parseGrowthBookKey } from '../../../rollouts/connection-input.ts';
import { createConnection, rotateSecret } from '../../../rollouts/connections.ts';
import { teamById } from '../../../teams/team-store.ts';
import type { ListenerDeps } from '../../deps.ts';
import { answerAt, connectionAnswer, flagPermission, readFlagModalContext } from '../../flag-answers.ts';
import { enterpriseOf, workspaceOf } from '../../payload-origin.ts';
import { slackDirectory } from '../../slack-directory.ts';
import { readTextInputs } from '../../view-state.ts';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
const { fields } = flagIds;
const couldNotSave = "Couldn't save this just now (the database did not answer). Press the button again in a moment.";

/** The setup form's values as text: its selects by their chosen option. */
function setupValues(values: ViewArgs['view']['state']['values']) {
  const selected = (ids: { blockId: string; actionId: string }) => values[ids.blockId]?.[ids.actionId]?.selected_option?.value ?? undefined;
  return { ...readTextInputs(values, { environment: fields.environment, pastedKey: fields.pastedKey }), provider: selected(fields.provider), signing: selected(fields.signing) };
}

/** Checked again here, not only when the form opened: a modal can outlive someone's admin rights. */
async function refusal(deps: ListenerDeps, args: ViewArgs, workspaceId: string | undefined): Promise<string | undefined> {
  if (!workspaceId || !deps.flags.secretKey) return 'This form has expired. Run /backlog flags setup again.';
  const permission = await flagPermission(deps.database.db, slackDirectory(args.client), workspaceId, args.body.user.id);
  return permission.allowed ? undefined : askAnAdmin(permission.ask, 'name').replace('change its settings', 'connect flag systems');
}

/** Connects the flag system, then answers with its URL and secret, once, privately. */
export const flagSetupSubmission = (deps: ListenerDeps) => async (args: ViewArgs): Promise<void> => {
  const { ack, view, body } = args;
  const { database, logger, flags } = deps;
  const parsed = parseFlagSetup(setupValues(view.state.values));
  if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: Object.fromEntries(Object.entries(parsed.errors).map(([field, message]) => [fields[field as keyof typeof fields].blockId, message])) }));
  const workspaceId = workspaceOf(body);
  const context = readFlagModalContext(view.private_metadata);
  const refused = context?.teamId === undefined ? 'This form has expired. Run /backlog flags setup again.' : await refusal(deps, args, workspaceId);
  if (refused) return void (await ack({ response_action: 'errors', errors: { [fields.provider.blockId]: refused } }));
  const team = context!.teamId === 0 ? { id: 0 } : await teamById(database.db, workspaceId!, context!.teamId!);
  if (!team) return void (await ack({ response_action: 'errors', errors: { [fields.provider.blockId]: 'That team was archived while the form was open. Run /backlog teams to see the teams.' } }));
  const made = await createConnection(database.db, flags.secretKey!, { ...parsed.value, workspaceId: workspaceId!, enterpriseId: enterpriseOf(body), teamId: team.id, createdBy: body.user.id }).catch((error: unknown) => {
    logger.error({ err: error, teamId: workspaceId }, 'flag connection could not be saved');
    return undefined;
  });
  if (!made) return void (await ack({ response_action: 'errors', errors: { [fields.provider.blockId]: couldNotSave } }));
  await ack();
  logger.info({ teamId: workspaceId, provider: made.connection.provider, unsigned: made.connection.unsigned }, 'flag connection made');
  await answerAt(context!.responseUrl, connectionAnswer(flags, made, false), logger);
};

/** GrowthBook's Rotate secret: the new key pasted replaces the old. */
export const flagRotateSubmission = (deps: ListenerDeps) => async (args: ViewArgs): Promise<void> => {
  const { ack, view, body } = args;
  const { database, logger, flags } = deps;
  const key = parseGrowthBookKey(readTextInputs(view.state.values, { pastedKey: fields.pastedKey }).pastedKey);
  if (!key.ok) return void (await ack({ response_action: 'errors', errors: { [fields.pastedKey.blockId]: key.error } }));
  const workspaceId = workspaceOf(body);
  const context = readFlagModalContext(view.private_metadata);
  const refused = context?.connectionId === undefined ? 'This form has expired. Run /backlog flags again.' : await refusal(deps, args, workspaceId);
  if (refused) return void (await ack({ response_action: 'errors', errors: { [fields.pastedKey.blockId]: refused } }));
  const rotated = await rotateSecret(database.db, flags.secretKey!, workspaceId!, context!.connectionId!, key.value).catch((error: unknown) => {
    logger.error({ err: error, teamId: workspaceId }, 'flag connection secret could not be saved');
    return null;
  });
  if (rotated === null) return void (await ack({ response_action: 'errors', errors: { [fields.pastedKey.blockId]: couldNotSave } }));
  if (!rotated) return void (await ack({ response_action: 'errors', errors: { [fields.pastedKey.blockId]: 'That connection is gone. Run /backlog flags again.' } }));
  await ack();
  logger.info({ teamId: workspaceId, provider: 'growthbook' }, 'flag connection secret rotated');
  await answerAt(context!.responseUrl, connectionAnswer(flags, rotated, true), logger);
};
